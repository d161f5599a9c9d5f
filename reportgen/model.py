"""The content model every reader produces and every renderer consumes.

Plain frozen dataclasses with tuples inside, so a Brief is hashable, comparable
and safe to share between threads and processes. ``to_json`` / ``from_json``
give exactly the ``reportgen.brief/1`` shape of DESIGN.md, and
``from_json(to_json(b)) == b`` for every brief.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, assert_never

from .errors import ReportgenError

SCHEMA = "reportgen.brief/1"
DIGEST_SCHEMA = "reportgen.digest/1"


def collapse(text: str) -> str:
    """Collapse every run of whitespace (NBSP and U+3000 included) to one space."""
    return " ".join(text.split())


# --- inline spans ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    text: str


@dataclass(frozen=True, slots=True)
class Emph:
    text: str


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str


Inline = Text | Strong | Emph | Code | Link
Inlines = tuple[Inline, ...]


@lru_cache(maxsize=1 << 12)
def plain(inlines: Inlines) -> str:
    """The plain text of a run of inlines, whitespace collapsed (asked for again
    and again as a brief is read, enriched and drawn: kept for the last few
    thousand runs)."""
    return collapse("".join(span.text for span in inlines))


def normalize_inlines(inlines: Inlines) -> Inlines:
    """Collapse whitespace across spans, drop empty spans and merge neighbours of one kind.

    The result's ``plain()`` equals the input's, so ``text`` and ``inlines``
    always agree.
    """
    out: list[Inline] = []
    pending_space = False
    for span in inlines:
        raw = span.text
        if not raw:
            continue
        lead = raw[:1].isspace()
        trail = raw[-1:].isspace()
        body = collapse(raw)
        if not body:
            pending_space = pending_space or bool(out)
            continue
        if (pending_space or lead) and out:
            if isinstance(out[-1], Text) and not isinstance(span, Text):
                out[-1] = Text(out[-1].text + " ")  # keep spaces outside formatting
            else:
                body = " " + body
        pending_space = trail
        if body != raw:
            span = replace(span, text=body)
        if out and type(out[-1]) is type(span) and _same_target(out[-1], span):
            out[-1] = replace(out[-1], text=out[-1].text + span.text)
        else:
            out.append(span)
    return tuple(out)


def slice_inlines(spans: Inlines, start: int, end: int) -> Inlines:
    """The inlines of characters ``start:end`` of the spans' text joined, each
    character keeping its formatting."""
    out: list[Inline] = []
    pos = 0
    for span in spans:
        size = len(span.text)
        first, last = max(start - pos, 0), min(end - pos, size)
        if first < last:
            out.append(replace(span, text=span.text[first:last]))
        pos += size
    return normalize_inlines(tuple(out))


def _same_target(a: Inline, b: Inline) -> bool:
    return not isinstance(a, Link) or (isinstance(b, Link) and a.url == b.url)


# --- blocks ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: Inlines

    @property
    def text(self) -> str:
        return plain(self.inlines)

    @classmethod
    def of(cls, text: str) -> Paragraph:
        return cls(normalize_inlines((Text(text),)))


@dataclass(frozen=True, slots=True)
class Item:
    """A list item: an optional bold ``term``, its text, and nested items."""

    inlines: Inlines
    term: str | None = None
    items: tuple[Item, ...] = ()

    @property
    def text(self) -> str:
        return plain(self.inlines)

    @property
    def line(self) -> Inlines:
        """The item as one line: its term (bold) leading its text."""
        if not self.term:
            return self.inlines
        return normalize_inlines((Strong(self.term), Text(": "), *self.inlines))


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[Item, ...]
    ordered: bool = False
    title: str | None = None


Cell = Inlines  # a table cell: its text with formatting


def cell(text: str) -> Cell:
    """A cell of plain text."""
    return normalize_inlines((Text(text),))


@dataclass(frozen=True, slots=True)
class Table:
    """A table: a header row (empty when the table has none), body rows that may be
    ragged, and a caption. Every cell holds inlines, as a paragraph does. ``align``
    gives each column's alignment (``left``, ``center``, ``right``, or None for the
    default) when the source says it; it may be shorter than the table is wide."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    align: tuple[str | None, ...] = ()

    def alignment(self, column: int) -> str | None:
        """The alignment of ``column``: ``left``, ``center``, ``right`` or None."""
        return self.align[column] if column < len(self.align) else None

    @classmethod
    def of(cls, header: Sequence[str], rows: Sequence[Sequence[str]], caption: str | None = None) -> Table:
        """A table of plain-text cells."""
        return cls(tuple(map(cell, header)), tuple(tuple(map(cell, row)) for row in rows), caption)

    @property
    def width(self) -> int:
        """The number of columns, counting the longest (ragged) row."""
        return max([len(self.header), *(len(r) for r in self.rows)], default=0)

    @property
    def header_text(self) -> tuple[str, ...]:
        return tuple(map(plain, self.header))

    @property
    def rows_text(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(map(plain, row)) for row in self.rows)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation (without its quotation marks) and who said it."""

    inlines: Inlines
    speaker: str | None = None
    role: str | None = None

    @property
    def text(self) -> str:
        return plain(self.inlines)

    @classmethod
    def of(cls, text: str, speaker: str | None = None, role: str | None = None) -> Quote:
        return cls(normalize_inlines((Text(text),)), speaker, role)


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture with what a screen reader speaks for it (``alt``), its caption and its credit.

    ``src`` names the image: inside a brief, a ``data:`` URI of the picture made
    safe (``images.sanitize``); in a JSON file, that or a path relative to the file."""

    src: str
    alt: str = ""
    caption: str | None = None
    credit: str | None = None


Block = Paragraph | ListBlock | Table | Quote | Figure


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    subtitle: str | None = None
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()


# --- the brief ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    subtitle: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    marking: str | None = None
    source_path: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    expansion: str


@dataclass(frozen=True, slots=True)
class Brief:
    """An article as a brief. ``warnings`` are what reading and enriching it
    noticed that its editor should know (a title made up, tracked changes taken
    as accepted): the build prints them. ``picture_files`` are the files on disk
    its figures were looked for in, so a build knows when a picture changed
    (not part of the brief's content, its JSON or its equality)."""

    meta: Meta
    key_points: tuple[Inlines, ...] = ()
    lead: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    sources: tuple[Source, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = field(default=())
    warnings: tuple[str, ...] = ()
    notes: tuple[Inlines, ...] = ()  # footnotes and endnotes, numbered in order; "[n]" marks them in the text
    picture_files: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key_point_texts(self) -> tuple[str, ...]:
        return tuple(map(plain, self.key_points))


@dataclass(frozen=True, slots=True)
class Digest:
    """Many articles in one brief: each brief is a chapter, under the digest's own
    title, date and marking."""

    title: str
    briefs: tuple[Brief, ...]
    date: str | None = None
    marking: str | None = None

    @classmethod
    def of(cls, briefs: Sequence[Brief], title: str, marking: str | None = None,
           undated: str | None = None) -> Digest:
        """A digest of ``briefs`` dated by its newest article, or ``undated`` when none has a date."""
        dates = [b.meta.date for b in briefs if b.meta.date]
        return cls(title, tuple(briefs), max(dates, default=undated), marking)

    @property
    def glossary(self) -> tuple[GlossaryEntry, ...]:
        """Every article's acronyms, each once (the first expansion met), in the order of the terms."""
        seen: dict[str, GlossaryEntry] = {}
        for brief in self.briefs:
            for entry in brief.glossary:
                seen.setdefault(entry.term, entry)
        return tuple(sorted(seen.values(), key=lambda e: (e.term.casefold(), e.term)))


def points(texts: Sequence[str]) -> tuple[Inlines, ...]:
    """Key points of plain text."""
    return tuple(normalize_inlines((Text(t),)) for t in texts)


def iter_sections(sections: tuple[Section, ...], depth: int = 1) -> Iterator[tuple[int, Section]]:
    """Yield ``(depth, section)`` for every section, in document order."""
    stack = [(depth, s) for s in reversed(sections)]
    while stack:  # a loop, not recursion: a brief may be nested deeper than Python recurses
        level, section = stack.pop()
        yield level, section
        stack.extend((level + 1, s) for s in reversed(section.sections))


def iter_blocks(brief: Brief) -> Iterator[Block]:
    """Yield every block of the brief, lead first, in document order."""
    yield from brief.lead
    for _, section in iter_sections(brief.sections):
        yield from section.blocks


def map_blocks(brief: Brief, fn: Callable[[Block], Block | None]) -> Brief:
    """The brief with every block (lead and sections) replaced by ``fn(block)``;
    a block ``fn`` returns None for is left out."""

    def blocks(found: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(b for b in map(fn, found) if b is not None)

    def section(s: Section) -> Section:
        return replace(s, blocks=blocks(s.blocks), sections=tuple(map(section, s.sections)))

    return replace(brief, lead=blocks(brief.lead), sections=tuple(map(section, brief.sections)))


def _item_texts(items: tuple[Item, ...]) -> Iterator[str]:
    for item in items:
        yield f"{item.term} – {item.text}" if item.term else item.text
        yield from _item_texts(item.items)


def block_texts(block: Block) -> Iterator[str]:
    """The plain texts of one block, in reading order."""
    match block:
        case Paragraph() | Quote():
            yield block.text
        case ListBlock():
            if block.title:
                yield block.title
            yield from _item_texts(block.items)
        case Table():
            if block.caption:
                yield block.caption
            yield " | ".join(block.header_text)
            yield from (" | ".join(row) for row in block.rows_text)
        case Figure():
            yield from (t for t in (block.caption, block.credit) if t)
        case _:
            assert_never(block)


def body_texts(lead: tuple[Block, ...], sections: tuple[Section, ...]) -> Iterator[str]:
    """Every text of an article's body (lead, section titles and blocks), in reading order."""
    for block in lead:
        yield from block_texts(block)
    for _, section in iter_sections(sections):
        yield section.title
        if section.subtitle:
            yield section.subtitle
        for block in section.blocks:
            yield from block_texts(block)


def iter_texts(brief: Brief) -> Iterator[str]:
    """Every piece of article text in the brief (title and body), in reading order."""
    yield from (brief.meta.title, brief.meta.subtitle or "")
    yield from body_texts(brief.lead, brief.sections)
    yield from map(plain, brief.notes)


# --- JSON -----------------------------------------------------------------


def inline_to_json(span: Inline) -> dict[str, Any]:
    match span:
        case Link(text=text, url=url):
            return {"type": "link", "text": text, "url": url}
        case Text() | Strong() | Emph() | Code():
            return {"type": _INLINE_NAMES[type(span)], "text": span.text}
        case _:
            assert_never(span)


_INLINE_NAMES: dict[type, str] = {Text: "text", Strong: "strong", Emph: "emph", Code: "code"}
_INLINE_TYPES = {name: cls for cls, name in _INLINE_NAMES.items()}


def inlines_to_json(spans: Inlines) -> list[dict[str, Any]]:
    return [inline_to_json(s) for s in spans]


def item_to_json(item: Item) -> dict[str, Any]:
    return {
        "term": item.term,
        "text": item.text,
        "inlines": inlines_to_json(item.inlines),
        "items": [item_to_json(i) for i in item.items],
    }


def block_to_json(block: Block) -> dict[str, Any]:
    match block:
        case Paragraph():
            return {
                "type": "paragraph",
                "text": block.text,
                "inlines": inlines_to_json(block.inlines),
            }
        case ListBlock(items=items, ordered=ordered, title=title):
            return {
                "type": "list",
                "ordered": ordered,
                "title": title,
                "items": [item_to_json(i) for i in items],
            }
        case Table(header=header, rows=rows, caption=caption):
            return {
                "type": "table",
                "caption": caption,
                "header": list(block.header_text),
                "rows": [list(r) for r in block.rows_text],
                "header_inlines": [inlines_to_json(c) for c in header],
                "rows_inlines": [[inlines_to_json(c) for c in row] for row in rows],
                "align": list(block.align),
            }
        case Quote(speaker=speaker, role=role):
            return {
                "type": "quote",
                "text": block.text,
                "inlines": inlines_to_json(block.inlines),
                "speaker": speaker,
                "role": role,
            }
        case Figure(src=src, alt=alt, caption=caption, credit=credit):
            return {"type": "figure", "src": src, "alt": alt, "caption": caption, "credit": credit}
        case _:
            assert_never(block)


def section_to_json(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "subtitle": section.subtitle,
        "blocks": [block_to_json(b) for b in section.blocks],
        "sections": [section_to_json(s) for s in section.sections],
    }


def to_json(brief: Brief) -> dict[str, Any]:
    """The brief as a JSON-ready dict in the ``reportgen.brief/1`` shape."""
    m = brief.meta
    return {
        "schema": SCHEMA,
        "meta": {
            "title": m.title,
            "subtitle": m.subtitle,
            "date": m.date,
            "authors": list(m.authors),
            "publisher": m.publisher,
            "url": m.url,
            "language": m.language,
            "marking": m.marking,
            "source_path": m.source_path,
        },
        "key_points": list(brief.key_point_texts),
        "key_points_inlines": [inlines_to_json(p) for p in brief.key_points],
        "lead": [block_to_json(b) for b in brief.lead],
        "sections": [section_to_json(s) for s in brief.sections],
        "sources": [{"name": s.name, "url": s.url} for s in brief.sources],
        "glossary": [{"term": g.term, "expansion": g.expansion} for g in brief.glossary],
        "notes": [plain(n) for n in brief.notes],
        "notes_inlines": [inlines_to_json(n) for n in brief.notes],
        "warnings": list(brief.warnings),
    }


class SchemaError(ReportgenError):
    """A JSON document that is not a valid ``reportgen.brief/1`` brief."""


def _get(obj: Any, key: str, kind: type | tuple[type, ...], default: Any = ..., where: str = "") -> Any:
    if not isinstance(obj, dict):
        raise SchemaError(f"{where or 'brief'} must be an object")
    if key not in obj or obj[key] is None:
        if default is ...:
            raise SchemaError(f"{where}.{key} is missing".lstrip("."))
        return default
    value = obj[key]
    if not isinstance(value, kind):
        raise SchemaError(f"{where}.{key} has the wrong type".lstrip("."))
    return value


ALIGNMENTS = ("left", "center", "right")


def _alignments(obj: Any, where: str) -> tuple[str | None, ...]:
    """A table's ``align`` list (absent in the older form: no alignment)."""
    values = _get(obj, "align", list, [], where)
    if not all(v is None or v in ALIGNMENTS for v in values):
        raise SchemaError(f"{where}.align must list 'left', 'center', 'right' or null")
    return tuple(values)


def _opt_str(obj: Any, key: str, where: str) -> str | None:
    return _get(obj, key, str, None, where)


def _strs(obj: Any, key: str, where: str) -> tuple[str, ...]:
    values = _get(obj, key, list, [], where)
    if not all(isinstance(v, str) for v in values):
        raise SchemaError(f"{where}.{key} must be a list of strings".lstrip("."))
    return tuple(values)


def inline_from_json(obj: Any, where: str) -> Inline:
    kind = _get(obj, "type", str, where=where)
    text = _get(obj, "text", str, where=where)
    if kind == "link":
        return Link(text, _get(obj, "url", str, where=where))
    if kind not in _INLINE_TYPES:
        raise SchemaError(f"{where}.type {kind!r} is not an inline type")
    return _INLINE_TYPES[kind](text)


def _spans(spans: Any, where: str) -> Inlines:
    if not isinstance(spans, list):
        raise SchemaError(f"{where} must be a list of inlines")
    return tuple(inline_from_json(s, f"{where}[{i}]") for i, s in enumerate(spans))


def _inlines_from_json(obj: Any, where: str) -> Inlines:
    """An object's ``inlines``, or its ``text`` as plain inlines (the older form)."""
    spans = _get(obj, "inlines", list, None, where)
    if spans is None:
        return normalize_inlines((Text(_get(obj, "text", str, "", where)),))
    return _spans(spans, f"{where}.inlines")


def _rich(spans: list[Any] | None, texts: Sequence[str], where: str) -> tuple[Inlines, ...]:
    """The inlines of each of ``texts``, from ``spans`` (a list of inline lists) when
    given; without them, the texts as plain inlines (the older form)."""
    if spans is None:
        return tuple(cell(t) for t in texts)
    if len(spans) != len(texts):
        raise SchemaError(f"{where} does not match its texts")
    return tuple(_spans(s, f"{where}[{n}]") for n, s in enumerate(spans))


def item_from_json(obj: Any, where: str) -> Item:
    return Item(
        inlines=_inlines_from_json(obj, where),
        term=_opt_str(obj, "term", where),
        items=tuple(
            item_from_json(i, f"{where}.items[{n}]")
            for n, i in enumerate(_get(obj, "items", list, [], where))
        ),
    )


def block_from_json(obj: Any, where: str) -> Block:
    kind = _get(obj, "type", str, where=where)
    if kind == "paragraph":
        return Paragraph(_inlines_from_json(obj, where))
    if kind == "list":
        return ListBlock(
            items=tuple(
                item_from_json(i, f"{where}.items[{n}]")
                for n, i in enumerate(_get(obj, "items", list, [], where))
            ),
            ordered=bool(_get(obj, "ordered", bool, False, where)),
            title=_opt_str(obj, "title", where),
        )
    if kind == "table":
        rows = _get(obj, "rows", list, [], where)
        if not all(isinstance(r, list) and all(isinstance(c, str) for c in r) for r in rows):
            raise SchemaError(f"{where}.rows must be a list of lists of strings")
        header = _rich(_get(obj, "header_inlines", list, None, where), _strs(obj, "header", where),
                       f"{where}.header_inlines")
        rich_rows = _get(obj, "rows_inlines", list, None, where)
        if rich_rows is not None and (len(rich_rows) != len(rows) or not all(isinstance(r, list) for r in rich_rows)):
            raise SchemaError(f"{where}.rows_inlines does not match its rows")
        return Table(
            header=header,
            rows=tuple(
                _rich(rich_rows[n] if rich_rows is not None else None, row, f"{where}.rows_inlines[{n}]")
                for n, row in enumerate(rows)
            ),
            caption=_opt_str(obj, "caption", where),
            align=_alignments(obj, where),
        )
    if kind == "quote":
        _get(obj, "text", str, where=where)
        return Quote(
            inlines=_inlines_from_json(obj, where),
            speaker=_opt_str(obj, "speaker", where),
            role=_opt_str(obj, "role", where),
        )
    if kind == "figure":
        return Figure(
            src=_get(obj, "src", str, where=where),
            alt=collapse(_get(obj, "alt", str, "", where)),
            caption=_opt_str(obj, "caption", where),
            credit=_opt_str(obj, "credit", where),
        )
    raise SchemaError(f"{where}.type {kind!r} is not a block type")


def _blocks_from_json(obj: Any, key: str, where: str) -> tuple[Block, ...]:
    return tuple(
        block_from_json(b, f"{where}.{key}[{n}]".lstrip("."))
        for n, b in enumerate(_get(obj, key, list, [], where))
    )


def section_from_json(obj: Any, where: str) -> Section:
    return Section(
        title=_get(obj, "title", str, where=where),
        subtitle=_opt_str(obj, "subtitle", where),
        blocks=_blocks_from_json(obj, "blocks", where),
        sections=tuple(
            section_from_json(s, f"{where}.sections[{n}]")
            for n, s in enumerate(_get(obj, "sections", list, [], where))
        ),
    )


def from_json(obj: Any) -> Brief:
    """Build a Brief from a ``reportgen.brief/1`` dict; raise SchemaError when it is not one."""
    schema = _get(obj, "schema", str, SCHEMA)
    if schema != SCHEMA:
        raise SchemaError(f"schema {schema!r} is not {SCHEMA!r}")
    m = _get(obj, "meta", dict, {})
    meta = Meta(
        title=_get(m, "title", str, "", "meta"),
        subtitle=_opt_str(m, "subtitle", "meta"),
        date=_opt_str(m, "date", "meta"),
        authors=_strs(m, "authors", "meta"),
        publisher=_opt_str(m, "publisher", "meta"),
        url=_opt_str(m, "url", "meta"),
        language=_get(m, "language", str, "en", "meta"),
        marking=_opt_str(m, "marking", "meta"),
        source_path=_opt_str(m, "source_path", "meta"),
    )
    return Brief(
        meta=meta,
        key_points=_rich(_get(obj, "key_points_inlines", list, None), _strs(obj, "key_points", ""),
                         "key_points_inlines"),
        lead=_blocks_from_json(obj, "lead", ""),
        sections=tuple(
            section_from_json(s, f"sections[{n}]")
            for n, s in enumerate(_get(obj, "sections", list, []))
        ),
        sources=tuple(
            Source(_get(s, "name", str, where="sources"), _opt_str(s, "url", "sources"))
            for s in _get(obj, "sources", list, [])
        ),
        glossary=tuple(
            GlossaryEntry(
                _get(g, "term", str, where="glossary"), _get(g, "expansion", str, where="glossary")
            )
            for g in _get(obj, "glossary", list, [])
        ),
        warnings=_strs(obj, "warnings", ""),
        notes=_rich(_get(obj, "notes_inlines", list, None), _strs(obj, "notes", ""), "notes_inlines"),
    )


def digest_to_json(digest: Digest) -> dict[str, Any]:
    """The digest as a JSON-ready dict: its own fields and each article as a ``reportgen.brief/1`` brief."""
    return {
        "schema": DIGEST_SCHEMA,
        "title": digest.title,
        "date": digest.date,
        "marking": digest.marking,
        "briefs": [to_json(b) for b in digest.briefs],
    }


def is_digest_json(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("schema") == DIGEST_SCHEMA


def digest_from_json(obj: Any) -> Digest:
    """Build a Digest from a ``reportgen.digest/1`` dict; raise SchemaError when it is not one."""
    if not is_digest_json(obj):
        raise SchemaError(f"not a {DIGEST_SCHEMA!r} digest")
    briefs = _get(obj, "briefs", list, [])
    return Digest(
        title=_get(obj, "title", str, ""),
        briefs=tuple(_brief_at(b, n) for n, b in enumerate(briefs)),
        date=_opt_str(obj, "date", ""),
        marking=_opt_str(obj, "marking", ""),
    )


def _brief_at(obj: Any, n: int) -> Brief:
    try:
        return from_json(obj)
    except SchemaError as exc:
        raise SchemaError(f"briefs[{n}]: {exc}") from None
