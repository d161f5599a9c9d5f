"""What article text is made of, for readers and enrichment alike: sentences,
quotation marks, bare URLs, names with their roles, acronyms, terms and
their descriptions, and the language a text is written in.

Nothing here knows a source format or an output format; it sits below the
readers, ``enrich`` and the checks, which all import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Inline, Inlines, Link, Strong, Text, collapse, normalize_inlines

# --- quotation marks ---------------------------------------------------------------

# Opening mark -> closing mark. Straight quotes close themselves.
QUOTE_PAIRS = {
    "“": "”",
    '"': '"',
    "„": "“",
    "「": "」",
    "『": "』",
    "«": "»",
    "‘": "’",
    "'": "'",
    "‹": "›",
}
# Closing marks that are also apostrophes (``don’t``): a quotation they close
# needs a speaker after it, and one between two letters closes nothing.
APOSTROPHE_QUOTES = frozenset("‘'")
OPENING_QUOTES = frozenset(QUOTE_PAIRS)


# --- scripts and languages ------------------------------------------------------------

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LANGUAGE_SAMPLE = 4000  # characters: enough to tell a script, cheap on a long article


def is_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese, Japanese or Korean characters."""
    return CJK.search(text) is not None


def guess_language(text: str) -> str:
    """A BCP 47 tag from the script of the text; Latin-script text is taken as English."""
    sample = text[:_LANGUAGE_SAMPLE]
    for pattern, tag in _SCRIPTS:
        if pattern.search(sample):
            return tag
    return "en"


_SCRIPTS = (
    (_KANA, "ja"),  # kana before Han: Japanese writes both
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
)


def language_of(text: str, default: str) -> str:
    """The language of a piece of text inside an article written in ``default``:
    Japanese when it has kana, else the article's."""
    return "ja" if not default.startswith("ja") and _KANA.search(text) else default


# --- links in plain text ----------------------------------------------------------------

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\"'.,;:!?)\]}”’」]", re.I)


def link_inlines(text: str) -> Inlines:
    """Plain text as inlines, with every bare URL made a Link to itself."""
    spans: list[Inline] = []
    pos = 0
    for match in _URL.finditer(text):
        if match.start() > pos:
            spans.append(Text(text[pos : match.start()]))
        url = match.group(0)
        spans.append(Link(url, url if "://" in url else "https://" + url))
        pos = match.end()
    if pos < len(text):
        spans.append(Text(text[pos:]))
    return normalize_inlines(tuple(spans))


# --- sentences ------------------------------------------------------------------------------

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt vs etc e.g i.e cf fig no nos vol pp inc ltd co corp
    gen col lt sgt capt cmdr adm gov sen rep pres dept univ approx est jan feb mar apr jun
    jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m""".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*\s+|[。！？]+[」』）]*")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")  # "J.", "U.S."


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations such as ``U.S.`` and ``Dr.`` whole."""
    text = collapse(text)
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        chunk = text[start:end].strip()
        before = text[start : match.start() + 1].split()
        word = before[-1].rstrip(".").lower().lstrip("(\"“‘") if before else ""
        rest = text[end:]
        if match.group(0).startswith(".") and (
            word in _ABBREVIATIONS or _INITIALS.fullmatch(word) or rest[:1].islower()
        ):
            continue
        if chunk:
            out.append(chunk)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def ends_sentence(text: str) -> bool:
    """Whether a line ends the way a sentence ends, not the way a heading does."""
    stripped = text.rstrip(" \"'”’»」』)]")
    return (bool(stripped) and stripped[-1] in ".!;,:…。！；，、：") or text.rstrip()[-1:] in "”」』"


# --- people and their roles ---------------------------------------------------------------

_ROLE_WORDS = frozenset(
    """secretary minister president vice director chief ambassador senator general admiral
    spokesperson spokesman spokeswoman chair chairman chairwoman chancellor governor mayor
    professor prof. dr. ceo cfo cto coo head commissioner officer analyst representative
    rep. sen. gov. premier lieutenant colonel captain commander adviser advisor economist
    researcher founder executive manager deputy undersecretary envoy leader editor lawyer
    judge justice attorney inspector superintendent principal dean provost curator""".split()
)
NAME_WORD = re.compile(r"^[A-Z][\w’'.\-]*$|^[A-Z]\.$")
CONNECTIVES = frozenset({"of", "the", "for", "and", "de", "van", "von", "der", "al", "bin"})


def split_role_name(who: str) -> tuple[str, str | None]:
    """``Defense Secretary Pete Hegseth`` -> (``Pete Hegseth``, ``Defense Secretary``);
    ``Jane Doe, director of research`` -> (``Jane Doe``, ``director of research``)."""
    who = collapse(who).strip(" ,.;:")
    for sep in (",", "、", "，"):
        if sep in who:
            name, _, role = who.partition(sep)
            return collapse(name), collapse(role).rstrip(".") or None
    words = who.split()
    if len(words) >= 2 and all(NAME_WORD.match(w) or w in CONNECTIVES for w in words):
        last_role = max(
            (i for i, w in enumerate(words) if w.lower().rstrip(",") in _ROLE_WORDS), default=-1
        )
        if 0 <= last_role < len(words) - 1:
            role = " ".join(words[: last_role + 1])
            role = re.sub(r"^[\w.\-]+[’']s\s+", "", role)  # "Japan's Defense Minister"
            return " ".join(words[last_role + 1 :]), role
    return who, None


# --- acronyms -------------------------------------------------------------------------------

# A short form: a capital, then letters, digits and joiners, ending in a capital or a
# digit (NATO, SM-6, R&D, DoD). Where it is used, a plural "s" may follow.
ACRONYM_FORM = r"[A-Z][A-Za-z0-9&\-/]{0,9}[A-Z0-9]"
_ACRONYM_USED = re.compile(rf"\b(?P<short>{ACRONYM_FORM})s?\b")
_MODEL_NUMBER = re.compile(r"-\d")  # AIM-120, F-35: names of things, not short forms

# Short forms every reader knows: asking for their definition would be noise, and a
# title made from a file name writes them in capitals.
WELL_KNOWN_ACRONYMS = frozenset(
    """US USA UK EU UN NATO CEO CFO AI GDP TV PM AM OK ID PDF HTML URL AP BBC CNN FAQ IT
    PhD MP MW GW KW KWH MWH GWH TWH CO2 II III IV USD EUR GBP JPY CNY CAD AUD CHF""".split()
)


def is_acronym(word: str) -> bool:
    """Mostly capitals, at least two of them: ``NATO``, ``SM-6``, ``DoD``, not ``Mr``."""
    capitals = sum(1 for c in word if c.isupper())
    return capitals >= 2 and capitals >= len([c for c in word if c.isalpha()]) - 1


def acronyms_in(text: str) -> Iterator[str]:
    """The acronyms ``text`` uses, in order (a heading in capitals is not a run of them)."""
    if text.isupper():
        return
    for match in _ACRONYM_USED.finditer(text):
        word = match["short"]
        if is_acronym(word) and not _MODEL_NUMBER.search(word):
            yield word


# --- terms ------------------------------------------------------------------------------------

_TERM_SEPARATORS = (" – ", " — ", " - ", " -- ", ": ", "：", " : ")
_TERM_MAX_WORDS = 10  # "Term – description": a term is a name, not a clause
_TERM_MAX_WORDS_COLON = 6  # a colon also ends ordinary sentences: be stricter
_CJK_TERM_MAX = 16  # characters of a term written without spaces
_BOLD_MARKDOWN_TERM = re.compile(r"^\*\*(?P<term>[^*]+)\*\*[\s:：.–—-]*(?P<rest>\S.*)$")
TERM_SEPARATOR = re.compile(r"^\s*[–—-]\s|^\s*[:：]")


def split_term(text: str) -> tuple[str | None, str]:
    """``Term – description`` (en dash, em dash, hyphen or colon), or ``**Term** rest``."""
    if m := _BOLD_MARKDOWN_TERM.match(text):
        return collapse(m["term"]).rstrip(":："), m["rest"]
    for sep in _TERM_SEPARATORS:
        head, found, rest = text.partition(sep)
        if not found or not rest.strip():
            continue
        words = head.split()
        limit = _TERM_MAX_WORDS_COLON if ":" in sep or "：" in sep else _TERM_MAX_WORDS
        cjk_ok = " " not in head and len(head) <= _CJK_TERM_MAX
        if head and (len(words) <= limit or cjk_ok) and not re.search(r"[.!?;,。]", head[-1:]):
            if ":" in sep and head.lower().startswith(("http", "www")):
                continue
            return collapse(head), collapse(rest)
        return None, text
    return None, text


def split_bold_term(spans: Inlines) -> tuple[str, Inlines] | None:
    """``**Term**: text``, ``**Term:** text`` or ``**Term** – text`` as (term, text);
    None when the item does not open that way. A bold word that simply starts a
    sentence is emphasis, not a term."""
    if len(spans) < 2 or not isinstance(spans[0], Strong) or not isinstance(spans[1], Text):
        return None
    head, tail = spans[0].text, spans[1].text
    mark = TERM_SEPARATOR.match(tail)
    separated = head.rstrip().endswith((":", "：")) or mark
    after = tail[mark.end() :] if mark else tail
    # "**0:**/" is a word, not a term: a term is set off by a space (or a full-width colon)
    spaced = (
        head[-1:].isspace()
        or after[:1].isspace()
        or (mark is not None and mark.group()[-1:].isspace())
        or "：" in head[-2:] + tail[:2]
    )
    rest_text = after.lstrip()
    term = collapse(head).rstrip(":：")
    if not (separated and spaced and term and (rest_text.strip() or len(spans) > 2)):
        return None
    return term, normalize_inlines((Text(rest_text), *spans[2:]))
