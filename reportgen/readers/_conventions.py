"""Conventions of article text that every text-like reader shares.

Each pass takes the flat stream (headings and blocks, in order) and returns a
new one: lead-in lines become list titles and table captions, ``Table N:``
lines become captions, quotations become Quote blocks with their speaker, and
a closing ``Sources:`` line or section becomes the brief's sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..model import Link, ListBlock, Paragraph, Quote, Source, Table, collapse
from ..structure import Flat, Heading
from ._inline_text import QUOTE_PAIRS
from ._meta import split_source

# --- lead-in lines and captions ------------------------------------------------

_LEAD_IN_MAX_WORDS = 10
_TABLE_LABEL = re.compile(
    r"^(?:table|tab\.|tabelle|tableau|tabla|表)\s*\d+(?:\.\d+)?\s*[:：.\-–—]?\s*(?P<caption>.*)$",
    re.I,
)


def lead_in_text(block: Flat) -> str | None:
    """The title a short paragraph ending in a colon gives the list or table after it."""
    if not isinstance(block, Paragraph):
        return None
    text = block.text
    if not text.endswith((":", "：")) or "\n" in text:
        return None
    body = text[:-1].strip()
    too_long = len(body.split()) > _LEAD_IN_MAX_WORDS if " " in body else len(body) > 30
    return None if not body or too_long else body


def table_label(block: Flat) -> str | None:
    """The caption in a ``Table 3: Caption`` paragraph."""
    if not isinstance(block, Paragraph) or len(block.text) > 200:
        return None
    match = _TABLE_LABEL.match(block.text)
    return collapse(match["caption"]).rstrip(".") or None if match else None


def attach_lead_ins(stream: Sequence[Flat]) -> list[Flat]:
    """Turn ``Table N:`` lines beside a table into its caption, then ``Lead-in:``
    lines before a list or table into its title or caption."""
    return _lead_ins(_table_labels(stream))


def _table_labels(stream: Sequence[Flat]) -> list[Flat]:
    """A label sits above its table, or below it when no uncaptioned table follows."""
    out: list[Flat] = []
    for k, item in enumerate(stream):
        prev = out[-1] if out else None
        nxt = stream[k + 1] if k + 1 < len(stream) else None
        if isinstance(item, Table) and not item.caption and (cap := table_label(prev)):
            out[-1] = replace(item, caption=cap)
        elif (
            isinstance(prev, Table)
            and not prev.caption
            and not (isinstance(nxt, Table) and not nxt.caption)
            and (cap := table_label(item))
        ):
            out[-1] = replace(prev, caption=cap)
        else:
            out.append(item)
    return out


def _lead_ins(stream: Sequence[Flat]) -> list[Flat]:
    out: list[Flat] = []
    for item in stream:
        prev = out[-1] if out else None
        lead_in = lead_in_text(prev) if prev is not None else None
        if lead_in and isinstance(item, Table) and not item.caption:
            out[-1] = replace(item, caption=lead_in)
        elif lead_in and isinstance(item, ListBlock) and not item.title:
            out[-1] = replace(item, title=lead_in)
        else:
            out.append(item)
    return out


# --- quotations ---------------------------------------------------------------

_SPEECH_VERBS = (
    r"said|says|saying|stating|stated|states|added|adds|adding|noted|notes|noting|"
    r"explained|explains|explaining|told|tells|telling|wrote|writes|writing|declared|"
    r"remarked|warned|warns|warning|argued|argues|arguing|insisted|insists|observed|"
    r"commented|asserted|continued|concluded|acknowledged|announced|replied|responded|"
    r"recalled|put it|according to"
)
_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.I)
_VERB_THEN_WHO = re.compile(
    rf"^[\s,.]*(?:{_SPEECH_VERBS})(?:\s+(?:reporters|journalists|the \w+))?\s+(?P<who>[^.!?]+?)[.!?]?$",
    re.I,
)
_WHO_THEN_VERB = re.compile(rf"^[\s,]*(?P<who>[^.!?]+?)\s+(?:{_SPEECH_VERBS})[.!?]?$", re.I)
_ATTRIBUTION = re.compile(r"^\s*(?:—|―|–|-{1,2}|~)\s*(?P<who>[^\W\d_].*)$")  # a name starts with a letter
_ROLE_WORDS = frozenset(
    """secretary minister president vice director chief ambassador senator general admiral
    spokesperson spokesman spokeswoman chair chairman chairwoman chancellor governor mayor
    professor prof. dr. ceo cfo cto coo head commissioner officer analyst representative
    rep. sen. gov. premier lieutenant colonel captain commander adviser advisor economist
    researcher founder executive manager deputy undersecretary envoy leader editor lawyer
    judge justice attorney inspector superintendent principal dean provost curator""".split()
)
_NAME_WORD = re.compile(r"^[A-Z][\w’'.\-]*$|^[A-Z]\.$")
_CONNECTIVE = frozenset({"of", "the", "for", "and", "de", "van", "von", "der", "al", "bin"})


def split_role_name(who: str) -> tuple[str, str | None]:
    """``Defense Secretary Pete Hegseth`` -> (``Pete Hegseth``, ``Defense Secretary``);
    ``Jane Doe, director of research`` -> (``Jane Doe``, ``director of research``)."""
    who = collapse(who).strip(" ,.;:")
    for sep in (",", "、", "，"):
        if sep in who:
            name, _, role = who.partition(sep)
            return collapse(name), collapse(role).rstrip(".") or None
    words = who.split()
    if len(words) >= 2 and all(_NAME_WORD.match(w) or w in _CONNECTIVE for w in words):
        last_role = max(
            (i for i, w in enumerate(words) if w.lower().rstrip(",") in _ROLE_WORDS), default=-1
        )
        if 0 <= last_role < len(words) - 1:
            role = " ".join(words[: last_role + 1])
            role = re.sub(r"^[\w.\-]+[’']s\s+", "", role)  # "Japan's Defense Minister"
            return " ".join(words[last_role + 1 :]), role
    return who, None


def subject_of(intro: str) -> str | None:
    """The speaker an introducing line names: ``Defense Secretary Pete Hegseth`` in
    ``Defense Secretary Pete Hegseth emphasized the importance of this shift, stating,``."""
    sentence = re.split(r"(?<=[.!?])\s+", collapse(intro))[-1]
    if sentence.lower().startswith(("as ", "in the words of ")):
        sentence = re.sub(r"^(?:as|in the words of)\s+", "", sentence, flags=re.I)
    words = sentence.split()
    run: list[str] = []
    for word in words:
        bare = word.rstrip(",:;")
        if _NAME_WORD.match(bare) or (run and bare in _CONNECTIVE):
            run.append(bare)
            if bare != word:
                break
        else:
            break
    while run and run[-1] in _CONNECTIVE:
        run.pop()
    if run and not (len(run) == 1 and run[0] in {"The", "A", "An", "This", "That", "It"}):
        return " ".join(run)
    verb = _VERB.search(sentence)
    if verb and 0 < len(sentence[: verb.start()].split()) <= 8:
        return sentence[: verb.start()].strip(" ,")
    return None


def _introduces_quote(text: str) -> bool:
    return text.endswith((",", ":", "：")) and bool(_VERB.search(text) or text.endswith(":"))


def _closing_mark(text: str) -> tuple[str, int] | None:
    """The quoted body and the index just past its closing mark, if ``text`` opens with a quote."""
    opening = text[:1]
    if opening not in QUOTE_PAIRS:
        return None
    closing = QUOTE_PAIRS[opening]
    end = text.rfind(closing)
    if end <= 0:
        return None
    return text[1:end], end + 1


def _clean_quote(body: str) -> str:
    body = collapse(body)
    if body.endswith(","):
        body = body[:-1] + "."
    return body


def parse_quotation(text: str) -> tuple[str, str | None] | None:
    """A paragraph that is a quotation: ``(quoted text, speaker phrase or None)``."""
    text = collapse(text)
    found = _closing_mark(text)
    if not found:
        return None
    body, after = found
    rest = text[after:].strip()
    if not body.strip() or QUOTE_PAIRS[text[0]] in body:
        # Two quotations with prose between them: an ordinary paragraph.
        return None
    if rest in ("", ".", "。"):
        return _clean_quote(body), None
    for pattern in (_VERB_THEN_WHO, _WHO_THEN_VERB):
        match = pattern.match(rest)
        if match and len(match["who"].split()) <= 14:
            return _clean_quote(body), match["who"]
    match = _ATTRIBUTION.match(rest)
    if match:
        return _clean_quote(body), match["who"]
    return None


def attribution_line(block: Flat) -> str | None:
    """The ``Name, Role`` in a ``— Name, Role`` line."""
    if not isinstance(block, Paragraph) or len(block.text) > 140:
        return None
    text = block.text
    if not text.startswith(("—", "―", "–", "--", "~")):
        return None
    match = _ATTRIBUTION.match(text)
    return match["who"].strip() if match else None


def trailing_attribution(text: str) -> tuple[str, str] | None:
    """A quote whose last line is ``— Name, Role`` inside the same paragraph."""
    match = re.match(r"^(?P<body>.+?)\s+(?:—|―|--)\s*(?P<who>[^—]{2,120})$", text, re.S)
    return (match["body"], match["who"]) if match else None


def find_quotes(stream: Sequence[Flat]) -> list[Flat]:
    """Turn quotation paragraphs into Quote blocks with their speaker and role."""
    out: list[Flat] = []
    i = 0
    while i < len(stream):
        item = stream[i]
        nxt = stream[i + 1] if i + 1 < len(stream) else None
        if isinstance(item, Paragraph | Quote) and (who := attribution_line(nxt)):
            name, role = split_role_name(who)
            text = item.text
            quoted = _closing_mark(text)
            if quoted and text[quoted[1] :].strip() in ("", ".", "。"):
                text = _clean_quote(quoted[0])
            out.append(Quote(text=text, speaker=name, role=role))
            i += 2
            continue
        if isinstance(item, Paragraph) and (found := parse_quotation(item.text)):
            text, who = found
            if who is None and out and isinstance(out[-1], Paragraph):
                intro = out[-1].text
                who = subject_of(intro) if _introduces_quote(intro) else None
            name, role = split_role_name(who) if who else (None, None)
            out.append(Quote(text=text, speaker=name, role=role))
        else:
            out.append(item)
        i += 1
    return out


# --- sources ------------------------------------------------------------------

_SOURCES_LABEL = re.compile(
    r"^(?P<label>sources?|references?|further reading|bibliography|works cited|"
    r"quellen?|literatur|fuentes?|referencias|références|bronnen?|fonti|источники|источник|"
    r"出典|参考文献|参考|来源|資料|출처)\s*(?::|：|\s-)?\s*(?P<rest>.*)$",
    re.I,
)


def sources_label(text: str) -> tuple[bool, str] | None:
    """``(had a colon, what follows)`` for a ``Sources: …`` line, else None."""
    text = collapse(text)
    match = _SOURCES_LABEL.match(text)
    if not match:
        return None
    rest = match["rest"]
    has_colon = text[len(match["label"]) :].lstrip()[:1] in (":", "：", "-")
    if rest and not has_colon:
        return None
    return has_colon, rest


def _with_link(source: Source, spans: tuple) -> Source:
    """A source whose URL is a link target (Markdown, HTML) rather than written out."""
    if source.url:
        return source
    for span in spans:
        if isinstance(span, Link) and (span.text in source.name or source.name in span.text):
            return Source(source.name, span.url)
    return source


def _block_sources(block: Paragraph | ListBlock) -> list[Source]:
    if isinstance(block, ListBlock):
        return [
            _with_link(split_source(f"{i.term}: {i.text}" if i.term else i.text), i.inlines)
            for i in block.items
        ]
    label = sources_label(block.text)
    text = label[1] if label else block.text
    parts = re.split(r"\s*[;；]\s*", text.strip().rstrip("."))
    return [_with_link(split_source(p), block.inlines) for p in parts if p.strip(" .")]


def take_sources(stream: Sequence[Flat]) -> tuple[list[Flat], list[Source]]:
    """Split a closing ``Sources:`` line, or a closing Sources section, from the stream."""
    items = list(stream)
    for start in range(len(items) - 1, max(-1, len(items) - 40), -1):
        item = items[start]
        if isinstance(item, ListBlock) and item.title and start == len(items) - 1:
            if sources_label(item.title + ":"):
                return items[:start], _block_sources(item)
            break
        text = item.title if isinstance(item, Heading) else getattr(item, "text", None)
        if not isinstance(item, Heading | Paragraph) or text is None:
            continue
        label = sources_label(text)
        if label is None:
            continue
        _, rest = label
        tail = items[start + 1 :]
        if rest and isinstance(item, Paragraph) and not tail:
            return items[:start], _block_sources(item)
        if not rest and tail and all(isinstance(b, Paragraph | ListBlock) for b in tail):
            found = [s for block in tail for s in _block_sources(block)]  # type: ignore[arg-type]
            return items[:start], found
        break
    return items, []
