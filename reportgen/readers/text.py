"""Reader for article text scraped or copied from a web page (``.txt``).

The tags are gone but the shapes remain; DESIGN.md "Structure in scraped plain
text" lists them. The work happens in three passes: ``_lines`` says what
shape each line has and reads lists and tables; ``_units`` joins prose lines
into paragraphs and decides which short lines are headings, using the lines
around them; ``_conventions`` then finds lead-ins, captions, quotations and
sources, the same way for every text-like format.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import SourceError
from ..model import Block, Brief, Paragraph, collapse, points
from ..prose import CJK, OPENING_QUOTES, link_inlines
from ..structure import Flat, Heading, sectionize
from . import _conventions as conv
from ._decode import decode_text
from ._lines import LIST_KINDS, Line, LineKind, classify, next_nonblank, read_list, read_pipe_table, read_tab_table
from ._meta import (
    Overrides,
    meta_from,
    normalize_date,
    overrides_from,
    parse_byline,
    read_sidecar,
    split_front_matter,
)


def read(data: bytes | str, *, path: Path | None = None) -> Brief:
    """Read scraped article text into a Brief (not yet enriched)."""
    text = decode_text(data) if isinstance(data, bytes) else data.replace("\r\n", "\n")
    front, body = split_front_matter(text)
    overrides = overrides_from(front, "front matter").merged_over(
        overrides_from(read_sidecar(path), "sidecar")
    )
    if not body.strip():
        raise SourceError("no article text (the file is empty)")
    units = _units(body)
    return assemble(units, overrides, path)


def assemble(units: list[Unit], overrides: Overrides, path: Path | None) -> Brief:
    """Headline, byline, headings and conventions: from units to a Brief."""
    meta = dict(overrides.meta)
    units = _take_front_lines(units, meta)
    stream = _stream(units)
    stream = conv.mark_interview(stream)
    stream = conv.attach_lead_ins(stream)
    stream = conv.find_quotes(stream)
    stream, sources = conv.take_sources(stream)
    if not stream and not sources and not meta.get("title"):
        raise SourceError("no article text found")
    lead, sections = sectionize(stream)
    return Brief(
        meta=meta_from(meta, lead, sections, path),
        key_points=points(overrides.key_points or ()),
        lead=lead,
        sections=sections,
        sources=tuple(overrides.sources if overrides.sources is not None else sources),
    )


# --- units: blocks and candidate headings ---------------------------------------


class Shape(Enum):
    """How a heading line shows it is one. The order is their strength: the
    strongest shape an article uses is its top level (depth 1), the next depth 2."""

    MARKDOWN = 0  # "## Heading", or a line underlined with === or ---
    CAPS = 1  # ALL CAPITALS
    NUMBERED = 2  # "2. Heading", "2.1 Heading"
    PAIR = 3  # the first of two heading lines in a row
    KICKER = 4  # the second of two: the title of the first one's first sub-section
    LONE = 5  # a heading line on its own


@dataclass(frozen=True, slots=True)
class Style:
    """A heading's shape and, for Markdown and numbered headings, its level."""

    shape: Shape
    level: int = 0


@dataclass(slots=True)
class Unit:
    """A block, or a line of prose that may turn out to be a heading."""

    block: Block | None = None
    text: str = ""
    style: Style | None = None  # set for a heading its shape alone declares (Markdown, numbered)
    lines: int = 1  # prose lines joined into this unit

    @property
    def is_prose(self) -> bool:
        return self.block is None and self.style is None


def _units(body: str) -> list[Unit]:
    lines = _without_release_furniture([classify(raw) for raw in body.split("\n")])
    for k in _numbered_headings(lines):
        line = lines[k]
        lines[k] = Line(LineKind.NUMBER, line.text, line.indent, line.marker, level=1)
    units: list[Unit] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if line.kind in _SKIPPED:
            i += 1
            continue
        if line.kind == LineKind.MD_HEADING:
            if line.text:
                units.append(Unit(text=collapse(line.text), style=Style(Shape.MARKDOWN, line.level)))
            i += 1
            continue
        if (line.kind == LineKind.TEXT and nxt is not None and nxt.kind == LineKind.UNDERLINE
                and not line.text.endswith(".")):
            units.append(Unit(text=line.text, style=Style(Shape.MARKDOWN, nxt.level)))
            i += 2
            continue
        if line.kind == LineKind.NUMBER and _heading_like(line.text):
            units.append(Unit(text=f"{line.marker} {line.text}", style=Style(Shape.NUMBERED, line.level)))
            i += 1
            continue
        if line.kind in LIST_KINDS and not _numbered_heading(lines, i):
            block, end = read_list(lines, i)
            if block.items:
                units.append(Unit(block=block))
                i = end
                continue
        if line.kind in (LineKind.PIPE, LineKind.TABLE_RULE):
            table, end = read_pipe_table(lines, i)
            if table is not None:
                units.append(Unit(block=table))
                i = end
                continue
        if line.kind == LineKind.TAB:
            table, end = read_tab_table(lines, i)
            if table is not None:
                units.append(Unit(block=table))
                i = end
                continue
        if line.kind == LineKind.ORDERED and line.text:
            units.append(Unit(text=f"{line.marker} {line.text}", style=Style(Shape.NUMBERED, 1)))
            i += 1
            continue
        i = _read_prose(lines, i, units)
    return units


_SKIPPED = frozenset({LineKind.BLANK, LineKind.RULE, LineKind.UNDERLINE, LineKind.TABLE_RULE})

# --- press releases: what is printed around the article --------------------------

_RELEASE_LINE = re.compile(
    r"^(?:for immediate release|for release\b.*|embargoed\b.*|embargo\s*:.*|news release|press release)$", re.I
)
_END_MARK = re.compile(r"^(?:#\s*#\s*#|-\s*30\s*-|ENDS|-\s*ends\s*-)$")
_CONTACT = re.compile(
    r"^(?:(?:media|press|news)\s+(?:contacts?|enquiries|inquiries|relations)|contacts?\s*:|"
    r"for (?:media|press|further|more) (?:information|enquiries|inquiries)|(?:media|press) office)\b",
    re.I,
)
_RELEASE_HEAD_LINES = 3  # the release line sits above the headline


def _without_release_furniture(lines: list[Line]) -> list[Line]:
    """A press release's ``FOR IMMEDIATE RELEASE`` / ``EMBARGOED UNTIL …`` line at the
    top, its end mark (``###``, ``-30-``, ``ENDS``) and a media-contact block at its
    end are not article text: they become blank lines."""
    blank = Line(LineKind.BLANK, "")
    out = list(lines)
    filled = [k for k, line in enumerate(out) if line.kind != LineKind.BLANK]
    for k in filled[:_RELEASE_HEAD_LINES]:
        if _RELEASE_LINE.match(_raw_text(out[k])):
            out[k] = blank
    for k in filled:
        text = _raw_text(out[k]) if out[k].kind != LineKind.MD_HEADING else "#" * out[k].level
        if _END_MARK.match(text):
            out[k] = blank
        elif _CONTACT.match(text) and _is_tail_block(out, k):
            for j in range(k, len(out)):
                if out[j].kind == LineKind.BLANK:
                    break
                out[j] = blank
    return out


_CONTACT_TAIL = 3  # blocks: a contact block closes a release, perhaps before an "About" note


def _is_tail_block(lines: list[Line], k: int) -> bool:
    """Whether the block of lines at ``k`` is among the last few blocks of the text."""
    blocks = 0
    for j in range(k + 1, len(lines)):
        if lines[j].kind == LineKind.BLANK and j + 1 < len(lines) and lines[j + 1].kind != LineKind.BLANK:
            blocks += 1
    return blocks < _CONTACT_TAIL


def _numbered_heading(lines: list[Line], i: int) -> bool:
    """``2. Background`` between paragraphs is a heading, not a one-item list."""
    line = lines[i]
    if line.kind != LineKind.ORDERED or not line.marker[:-1].isdigit() or not line.text:
        return False
    if not _heading_like(line.text):
        return False
    neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    neighbours += [lines[j] for j in (i - 2, i + 2) if 0 <= j < len(lines)]
    return not any(n.kind == LineKind.ORDERED for n in neighbours)


def _section_number(line: Line) -> tuple[int, ...] | None:
    """``2.`` -> (2,), ``2.1`` -> (2, 1); None for a line that is not numbered so."""
    if line.kind == LineKind.NUMBER:
        return tuple(int(part) for part in line.marker.split("."))
    if line.kind == LineKind.ORDERED and re.fullmatch(r"\d{1,2}\.", line.marker):
        return (int(line.marker[:-1]),)
    return None


def _follows(number: tuple[int, ...], before: tuple[int, ...] | None) -> bool:
    """``number`` comes next after ``before`` in an outline: 1 → 2, 1 → 1.1, 1.2 → 2."""
    if before is None:
        return all(part == 1 for part in number)
    if number == (*before, 1):
        return True
    return any(number == (*before[: cut - 1], before[cut - 1] + 1) for cut in range(len(before), 0, -1))


def _numbered_headings(lines: list[Line]) -> list[int]:
    """List-shaped lines that are headings: ``2. Funding the repairs`` standing alone
    (blank lines around it; after a first numbered heading, any line not right
    after a numbered item), leading into something other than the next item of a
    numbered list, and numbered in sequence with the numbered headings before it
    (``1.1`` under ``1.``). The list that follows belongs under it, not in it."""
    found: list[int] = []
    before: tuple[int, ...] | None = None
    for i, line in enumerate(lines):
        number = _section_number(line)
        if number is None or not _heading_like(line.text):
            continue
        if line.kind == LineKind.NUMBER:
            before = number
            continue
        alone = (i == 0 or lines[i - 1].kind == LineKind.BLANK) and (
            i + 1 == len(lines) or lines[i + 1].kind == LineKind.BLANK
        )
        nxt = next_nonblank(lines, i)
        leads_in = nxt is not None and _section_number(lines[nxt]) is None
        prv = next((j for j in range(i - 1, -1, -1) if lines[j].kind != LineKind.BLANK), None)
        listed = prv is not None and _section_number(lines[prv]) is not None  # the next item of a list
        # after a first numbered heading, its sequence is evidence enough without blank lines around
        placed = alone or (before is not None and not listed)
        if _numbered_heading(lines, i) or (placed and leads_in and _follows(number, before)):
            found.append(i)
            before = number
    return found


_NOT_PROSE = _SKIPPED | {LineKind.MD_HEADING}


def _read_prose(lines: list[Line], i: int, units: list[Unit]) -> int:
    """Read one run of prose lines; join hard-wrapped lines into one paragraph."""
    start = i
    run: list[str] = []
    while i < len(lines) and lines[i].kind not in _NOT_PROSE:
        if i > start and lines[i].kind != LineKind.TEXT:
            break
        run.append(lines[i].text if lines[i].kind == LineKind.TEXT else _raw_text(lines[i]))
        i += 1
        if lines[i - 1].kind != LineKind.TEXT:
            break
    if i == start:  # a line no other reader took: keep its words as a paragraph
        run.append(_raw_text(lines[i]))
        i += 1
    for text, count in _join_wrapped(run):
        units.append(Unit(text=text, lines=count))
    return i


def _raw_text(line: Line) -> str:
    return collapse(f"{line.marker} {line.text}" if line.marker else line.text)


_WRAP_WIDTHS = range(40, 101)  # characters: the line lengths of text wrapped by an editor or a mail client
_WRAP_SLACK = 25  # a wrapped line falls short of the longest by less than a long word and its spaces


def _join_wrapped(run: list[str]) -> list[tuple[str, int]]:
    """Hard-wrapped prose (lines of similar length, none a heading) becomes one paragraph;
    otherwise each line is its own paragraph, as in text copied from a web page.
    Returns ``(text, number of lines joined)`` pairs."""
    out: list[tuple[str, int]] = [(run[0], 1)] if run else []
    width = max((len(line) for line in run), default=0)
    wrapped = width in _WRAP_WIDTHS
    for prev, line in itertools.pairwise(run):
        mid_sentence = not _ends_clause(prev) and not line.startswith(("—", "–", "―"))
        continues = mid_sentence and (
            (wrapped and len(prev) >= width - _WRAP_SLACK) or line[:1].islower()
        )
        if continues:
            glue = "" if CJK.search(prev[-1:] + line[:1]) else " "
            out[-1] = (out[-1][0] + glue + line, out[-1][1] + 1)
        else:
            out.append((line, 1))
    return out


def _ends_clause(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?:;,。！？：”\"'’)"


# --- headline, byline and dates at the top ----------------------------------------


_FRONT_LINES = 6  # the headline, standfirst, byline and date all sit within the first lines


def _take_front_lines(units: list[Unit], meta: dict) -> list[Unit]:
    """Fill title, subtitle, authors and date from the first lines when they are a
    headline, a standfirst, a ``By Name | Date`` byline or a date line."""
    head = units[:_FRONT_LINES]
    byline_at = next(
        (k for k, u in enumerate(head) if u.is_prose and parse_byline(u.text)), None
    )
    date_at = next(
        (k for k, u in enumerate(head) if u.is_prose and _date_line(u.text)), None
    )
    drop: set[int] = set()
    if byline_at is not None:
        byline = parse_byline(units[byline_at].text)
        assert byline is not None
        meta.setdefault("authors", byline.authors)
        if byline.date:
            meta.setdefault("date", byline.date)
        drop.add(byline_at)
    if date_at is not None and date_at != byline_at:
        meta.setdefault("date", _date_line(units[date_at].text))
        drop.add(date_at)
    dated = next((d for u in head if u.is_prose and (d := _dateline(u.text))), None)
    if dated and "date" not in meta:
        meta["date"] = dated  # the dateline stays in the text
    marks = sorted(drop)
    first = units[0] if units else None
    if first is not None and 0 not in drop and _could_be_title(first):
        nxt = units[1] if len(units) > 1 else None
        if "title" not in meta:
            meta["title"] = first.text
            drop.add(0)
            if nxt is not None and 1 not in drop and _could_be_title(nxt) and marks and marks[0] == 2:
                meta.setdefault("subtitle", nxt.text)
                drop.add(1)
        elif collapse(first.text).casefold() == meta["title"].casefold():
            drop.add(0)
    return [u for k, u in enumerate(units) if k not in drop]


def _could_be_title(unit: Unit) -> bool:
    if unit.block is not None or not _heading_like(unit.text):
        return False
    return unit.style is None or unit.style == Style(Shape.MARKDOWN, 1)


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'’\-]{1,40}?(?:,\s*[A-Z][A-Za-z.]+)?)\s*[,(]\s*"
    r"(?P<date>[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}|\d{4}-\d{2}-\d{2})\)?\s*[—–―-]{1,2}\s"
)


def _dateline(text: str) -> str | None:
    """The date in a news dateline that opens a paragraph: ``LISBON, March 3, 2026 — …``."""
    match = _DATELINE.match(text)
    return normalize_date(match["date"]) if match else None


_DATE_LINE_MAX = 40  # characters: "Published: Tuesday, 14 September 2026, 09:30 GMT"


def _date_line(text: str) -> str | None:
    text = re.sub(r"^(?:published|updated|posted|date|dated|last updated)\s*:?\s*", "", text, flags=re.I)
    if len(text) > _DATE_LINE_MAX or not re.search(r"[A-Za-z]{3}|\d{4}-\d|年", text):
        return None
    return normalize_date(text)


# --- headings ---------------------------------------------------------------------

_CLOSING_HEADINGS = re.compile(
    r"\b(?:conclusions?|looking ahead|lies ahead|road ahead|outlook|next steps|the way forward|"
    r"what comes next|what happens next|what'?s next|final thoughts|bottom line|summary|takeaways|in closing)\b",
    re.I,
)
_HEADING_MAX_CHARS = 120
_HEADING_MAX_WORDS = 14  # a longer line is a sentence that lost its full stop
_CJK_HEADING_MAX_CHARS = 40
_QUESTION_HEADING_MAX_WORDS = 10  # "What comes next?" heads a section; a long question is prose


def _heading_like(text: str) -> bool:
    """Short, no closing sentence punctuation, not a quotation, not a lower-case start."""
    text = text.strip()
    if not text or len(text) > _HEADING_MAX_CHARS or text[0] in OPENING_QUOTES or text[0] in "([{—–-":
        return False
    if CJK.search(text):
        if len(text) > _CJK_HEADING_MAX_CHARS:
            return False
    elif len(text.split()) > _HEADING_MAX_WORDS:
        return False
    if text[0].islower() or re.match(r"^(?:https?://|www\.)", text):
        return False
    last = text[-1]
    if last in ".!;,:…。！；，、：\"”’»」』" and not text.endswith("..."):
        return False
    return not (last in "?？" and len(text.split()) > _QUESTION_HEADING_MAX_WORDS)


def _is_caps(text: str) -> bool:
    cased = [c for c in text if c.isupper() or c.islower()]
    return len(cased) >= 3 and all(c.isupper() for c in cased)


def _stream(units: list[Unit]) -> list[Flat]:
    """Decide which prose lines are headings and give every heading its depth."""
    n = len(units)
    candidate = [False] * n
    turns = conv.interview_turns([unit.text if unit.is_prose else "" for unit in units])
    for k, unit in enumerate(units):
        if unit.style is not None:
            candidate[k] = True
        elif k in turns:
            continue
        elif unit.is_prose and unit.lines == 1 and k + 1 < n and _heading_like(unit.text):
            candidate[k] = not (conv.table_label(Paragraph.of(unit.text)) or conv.sources_label(unit.text))
    # A heading leads into content: prose lines after the last block are not headings.
    last_content = max((k for k in range(n) if not candidate[k]), default=-1)
    for k in range(last_content + 1, n):
        candidate[k] = units[k].style is not None

    styles: list[Style | None] = [None] * n
    k = 0
    while k < n:
        if not candidate[k]:
            k += 1
            continue
        run_end = k
        while run_end + 1 < n and candidate[run_end + 1] and units[run_end + 1].style is None:
            run_end += 1
        for j in range(k, run_end + 1):
            unit = units[j]
            if unit.style is not None:
                styles[j] = unit.style
            elif _is_caps(unit.text):
                styles[j] = Style(Shape.CAPS)
            elif j == k and run_end > k and units[k].style is None:
                styles[j] = Style(Shape.PAIR)
            elif j == k + 1 and styles[k] == Style(Shape.PAIR):
                styles[j] = Style(Shape.KICKER)
            else:
                styles[j] = Style(Shape.LONE)
        k = run_end + 1

    depth_of = _depths({s for s in styles if s is not None and s.shape != Shape.KICKER})
    pair_depth = depth_of.get(Style(Shape.PAIR))
    promoted = False
    out: list[Flat] = []
    for k, unit in enumerate(units):
        style = styles[k]
        if style is None:
            if unit.block is not None:
                out.append(unit.block)
            else:
                out.append(Paragraph(link_inlines(unit.text)))
            continue
        if style.shape == Shape.KICKER:
            assert isinstance(out[-1], Heading)
            out.append(Heading(unit.text, out[-1].depth + 1))
            continue
        depth = depth_of[style]
        if (
            style.shape == Shape.LONE
            and pair_depth is not None
            and not promoted
            and _CLOSING_HEADINGS.search(unit.text)
        ):
            depth, promoted = pair_depth, True
        out.append(Heading(unit.text, depth))
    return out


def _depths(styles: set[Style]) -> dict[Style, int]:
    """Depth 1 for the strongest heading style in the document, 2 for the next, …"""
    ordered = sorted(styles, key=lambda s: (s.shape.value, s.level))
    return {style: rank + 1 for rank, style in enumerate(ordered)}
