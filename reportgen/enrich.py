"""What a brief adds to an article: a title when none is given, key points,
an acronym glossary, and quotations attributed by full name and role.

Every function here is pure (Brief -> Brief) and adds no text of its own:
key points are sentences of the article, expansions are its own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import PurePath

from .model import (
    Brief,
    Figure,
    GlossaryEntry,
    Inlines,
    Paragraph,
    Quote,
    iter_blocks,
    iter_sections,
    iter_texts,
    map_blocks,
    slice_inlines,
)
from .prose import ACRONYM_FORM, WELL_KNOWN_ACRONYMS, is_acronym, sentences, split_role_name


def enrich(brief: Brief) -> Brief:
    """All enrichments, in the order they depend on each other."""
    brief = resolve_speakers(brief)
    brief = fill_alt_texts(brief)
    brief = add_glossary(brief)
    brief = add_key_points(brief)
    return add_title(brief)


# --- speakers ------------------------------------------------------------------------

_PERSON = re.compile(r"(?:[A-Z][\w’'.\-]+\s+){1,6}[A-Z][\w’'\-]+")


def _people(brief: Brief) -> dict[str, tuple[str, str | None]]:
    """Surname -> (full name, role) for people named in full, with a role where one is given."""
    known: dict[str, tuple[str, str | None]] = {}

    def learn(name: str, role: str | None) -> None:
        parts = name.split()
        if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
            return
        surname = parts[-1]
        if surname not in known or (role and not known[surname][1]):
            known[surname] = (name, role or (known.get(surname) or (None, None))[1])

    for block in iter_blocks(brief):
        if isinstance(block, Quote) and block.speaker:
            learn(block.speaker, block.role)
        elif isinstance(block, Paragraph):
            for match in _PERSON.finditer(block.text):
                name, role = split_role_name(match.group(0))
                if role:
                    learn(name, role)
    return known


def resolve_speakers(brief: Brief) -> Brief:
    """A quote by ``Hegseth`` becomes a quote by ``Pete Hegseth``, ``Defense Secretary``."""
    known = _people(brief)
    if not known:
        return brief

    def fix(block):
        if isinstance(block, Quote) and block.speaker:
            words = block.speaker.split()
            if words and words[-1] in known and len(words) <= 2:
                full, role = known[words[-1]]
                if len(words) == 1 or words[0] in full.split() or words[0].lower() in _TITLES:
                    return replace(block, speaker=full, role=block.role or role)
        return block

    return map_blocks(brief, fix)


def fill_alt_texts(brief: Brief) -> Brief:
    """A figure whose source gave no alt text is spoken as its caption (or credit),
    and the editor is told, as only a person can say what a picture shows."""
    missing = sum(1 for b in iter_blocks(brief) if isinstance(b, Figure) and not b.alt)
    if not missing:
        return brief

    def fill(block):
        if isinstance(block, Figure) and not block.alt:
            return replace(block, alt=block.caption or block.credit or FIGURE_ALT)
        return block

    warning = (f"{missing} figure{'s' if missing > 1 else ''} without alt text (a description for screen"
               f" readers); the caption, or {FIGURE_ALT!r}, stands in")
    return replace(map_blocks(brief, fill), warnings=(*brief.warnings, warning))


FIGURE_ALT = "Figure"  # what a figure with neither alt text nor caption is spoken as

_TITLES = frozenset("mr mrs ms dr prof minister secretary president senator general".split())


# --- glossary ------------------------------------------------------------------------

_LONG_THEN_SHORT = re.compile(rf"\((?P<short>{ACRONYM_FORM})s?\)")
_SHORT_THEN_LONG = re.compile(rf"\b(?P<short>{ACRONYM_FORM})s?\s+\((?P<long>[^()]{{3,80}})\)")


def _expansion(short: str, words: list[str]) -> str | None:
    """Schwartz & Hearst (2003): the shortest tail of ``words`` whose letters spell
    ``short`` in order, the first letter of ``short`` starting a word."""
    text = " ".join(words)
    letters = [c.lower() for c in short if c.isalnum()]
    t = len(text) - 1
    for s in range(len(letters) - 1, -1, -1):
        while t >= 0 and (
            text[t].lower() != letters[s] or (s == 0 and t > 0 and text[t - 1].isalnum())
        ):
            t -= 1
        if t < 0:
            return None
        t -= 1
    long_form = text[t + 1 :].strip(" ,;:-")
    return long_form if long_form.lower() != short.lower() else None


def find_acronyms(text: str) -> Iterator[GlossaryEntry]:
    """``Long Form (LF)`` and ``LF (Long Form)`` definitions in ``text``, in order."""
    found: list[tuple[int, GlossaryEntry]] = []
    for match in _LONG_THEN_SHORT.finditer(text):
        short = match["short"]
        if not is_acronym(short):
            continue
        before = re.split(r"[.;:!?()\[\]]", text[: match.start()])[-1].split()
        window = before[-min(len(short) + 5, len(short) * 2) :]
        long_form = _expansion(short, window)
        if long_form and (len(long_form.split()) >= 2 or "-" in long_form):
            found.append((match.start(), GlossaryEntry(short, long_form)))
    for match in _SHORT_THEN_LONG.finditer(text):
        short, long_form = match["short"], match["long"].strip()
        if not is_acronym(short) or len(long_form.split()) < 2:
            continue
        if _expansion(short, long_form.split()):
            found.append((match.start(), GlossaryEntry(short, long_form)))
    for _, entry in sorted(found, key=lambda pair: pair[0]):
        yield entry


def add_glossary(brief: Brief) -> Brief:
    """Acronyms the article defines; the first definition of each wins."""
    entries: dict[str, GlossaryEntry] = {g.term: g for g in brief.glossary}
    for text in iter_texts(brief):
        for entry in find_acronyms(text):
            entries.setdefault(entry.term, entry)
    return replace(brief, glossary=tuple(entries.values()))


# --- key points ---------------------------------------------------------------------


# A press release's closing note on who issued it: the same in every release, not its news.
_BOILERPLATE = re.compile(r"^(?:about (?:us\b|the\b|[A-Z])|notes? (?:to|for) editors|editor'?s notes?)", re.I)


def _section_paragraphs(brief: Brief) -> Iterator[tuple[int, Paragraph]]:
    """The paragraphs of the sections, in order, each with its place in its
    top-level section (0 for the first)."""
    for section in brief.sections:
        if _BOILERPLATE.match(section.title):
            continue
        nested = [b for _, s in iter_sections((section,)) for b in s.blocks]
        yield from enumerate(b for b in nested if isinstance(b, Paragraph))


def sentence_spans(paragraph: Paragraph) -> list[Inlines]:
    """The sentences of a paragraph, each with its formatting and links."""
    spans, text = paragraph.inlines, paragraph.text  # normalized: the spans join to the text
    out, pos = [], 0
    for sentence in sentences(text):
        start = text.find(sentence, pos)
        if start < 0:
            continue
        pos = start + len(sentence)
        out.append(slice_inlines(spans, start, pos))
    return out


_POINT_MIN_WORDS, _POINT_MIN_CJK = 6, 15  # shorter is a fragment ("He agreed.")
_POINT_MAX_WORDS, _POINT_MAX_CHARS = 60, 400  # a point is read at a glance
_TITLE_WORDS = 10  # a title made of an article's first words stops after this many


def _worth_a_point(sentence: str) -> bool:
    words = len(sentence.split())
    cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", sentence))
    long_enough = words >= _POINT_MIN_WORDS or cjk >= _POINT_MIN_CJK
    short_enough = words <= _POINT_MAX_WORDS and len(sentence) <= _POINT_MAX_CHARS
    return long_enough and short_enough and not sentence.endswith(("?", "？", ":", "：", ","))


def add_key_points(brief: Brief, most: int = 5, least: int = 3) -> Brief:
    """Keep the article's own key points, or take 3–5 of its sentences verbatim
    from its sections (the lead is printed right under them, so a point adds what
    it does not say): the first of each top-level section's first paragraph, then
    the next ones; a press release's "About …" note is not news. An article whose
    sections give none has its lead's sentences after the first paragraph."""
    if brief.key_points:
        return brief
    lead_sentences = {
        " ".join(s.split()) for b in brief.lead if isinstance(b, Paragraph) for s in sentences(b.text)
    }

    def worth(span: Inlines) -> bool:
        text = "".join(piece.text for piece in span)
        return _worth_a_point(text) and " ".join(text.split()) not in lead_sentences

    firsts: list[Inlines] = []
    rest: list[Inlines] = []
    for place, paragraph in _section_paragraphs(brief):
        chosen = [s for s in sentence_spans(paragraph) if worth(s)]
        if place == 0 and chosen:
            firsts.append(chosen[0])
            rest.extend(chosen[1:])
        else:
            rest.extend(chosen)
    if not firsts and not rest:  # all lead (an interview, a release): its sentences after the opening
        paragraphs = [b for b in brief.lead if isinstance(b, Paragraph)][1:]
        rest = [s for p in paragraphs for s in sentence_spans(p)
                if _worth_a_point("".join(piece.text for piece in s))]
    points = firsts[:most]
    for sentence in rest:
        if len(points) >= least:
            break
        points.append(sentence)
    return replace(brief, key_points=tuple(dict.fromkeys(points)))


# --- title ------------------------------------------------------------------------------

_SMALL_WORDS = frozenset("a an and as at but by for in of on or the to vs via with".split())


def title_from_name(stem: str, text: str = "") -> str:
    """``us-japan-defense-partnership`` -> ``US-Japan Defense Partnership``.

    Words are capitalised; a word the article writes in capitals stays so
    (``US``), and two words the article joins with a hyphen stay joined.
    """
    words = [w for w in re.split(r"[-_\s.]+", stem) if w]
    if not words:
        return ""
    capitals = {w.lower(): w for w in re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", text)}
    for known in WELL_KNOWN_ACRONYMS:
        capitals.setdefault(known.lower(), known)
    out: list[str] = []
    for n, word in enumerate(words):
        low = word.lower()
        if low in capitals:
            shown = capitals[low]
        elif n and low in _SMALL_WORDS:
            shown = low
        else:
            shown = word[:1].upper() + word[1:]
        if out and re.search(rf"\b{re.escape(words[n - 1])}-{re.escape(word)}\b", text, re.I):
            out[-1] += "-" + shown
        else:
            out.append(shown)
    return " ".join(out)


def add_title(brief: Brief) -> Brief:
    """A readable title when the article names none, in the article's own words and
    language: its file name when every word of it is the article's (``us-japan-defense-partnership``),
    else its first headline when nothing comes before it, else the first clause of its
    first sentence; the file name comes last. The brief warns that the title was made up."""
    if brief.meta.title.strip():
        return brief
    name = brief.meta.source_path or brief.meta.url or ""
    stem = PurePath(name.rstrip("/").split("?")[0]).stem if name else ""
    text = " ".join(iter_texts(brief))
    named = title_from_name(stem, text) if re.search(r"[^\W\d_]", stem) else ""  # not "2024-07-01"
    first = next((b.text for b in brief.lead if isinstance(b, Paragraph) and b.text.strip()), "")
    if not first and not brief.sections:
        first = next((t for t in iter_texts(brief) if t.strip()), "")
    candidates = [
        named if named and _words_of(stem) <= _words_of(text) else "",
        brief.sections[0].title if brief.sections and not first else "",
        first_clause(first),
        named,
        brief.sections[0].title if brief.sections else "",
    ]
    title = next((c for c in candidates if c), "Untitled brief")
    return replace(brief, meta=replace(brief.meta, title=title),
                   warnings=(*brief.warnings, f"no title found; using {title!r}"))


def _words_of(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W_]+", text)}


_BREAKS = re.compile(r"[,;:、，；：]\s*|\s+[—–]\s+|\s+(?=(?:as|while|after|because|which|when|where|but|although)\s)")
_TITLE_CJK_CHARS = 40  # a CJK title made of a sentence stops after this many characters
_TITLE_LEAST_WORDS = 3  # a shorter first clause ("In 2024,") says nothing
_TITLE_CLAUSE_WORDS = 12  # a title cut at a natural break may run a little longer than one cut anywhere


def first_clause(text: str) -> str:
    """The first sentence of ``text`` as a title: whole when it is short, else cut at
    its last natural break (a comma, a dash, a clause) that keeps it short."""
    sentence = (sentences(text) or [text])[0].strip() if text.strip() else ""
    sentence = sentence.rstrip(".。!！?？")
    if not sentence:
        return ""
    cjk = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", sentence))
    fits = (lambda t: len(t) <= _TITLE_CJK_CHARS) if cjk else (lambda t: len(t.split()) <= _TITLE_CLAUSE_WORDS)
    if fits(sentence):
        return sentence
    cuts = [m.start() for m in _BREAKS.finditer(sentence)]
    for cut in reversed(cuts):
        head = sentence[:cut].rstrip()
        if fits(head) and (cjk or len(head.split()) >= _TITLE_LEAST_WORDS):
            return head
    return sentence[:_TITLE_CJK_CHARS] if cjk else " ".join(sentence.split()[:_TITLE_WORDS])
