"""Reader for Word documents (``.docx``): our own briefs after a person edited
them, and ordinary documents that use Word's built-in styles.

Paragraph styles carry the structure: Title, Subtitle, Heading N, list
paragraphs (by their numbering), Caption before a table, Quote with a Quote
Attribution after it, Key Points; the Sources and Glossary sections at the end
go back to the brief's sources and glossary; core properties fill the metadata.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import SourceError
from ..model import (
    Brief,
    Emph,
    GlossaryEntry,
    Inline,
    Item,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Source,
    Strong,
    Table,
    Text,
    collapse,
    normalize_inlines,
)
from ..structure import Flat, Heading, sectionize
from . import _conventions as conv

_SKIP = {"Masthead", "Source Line", "Colophon", "Key Points Title", "Memo Field", "Header", "Footer"}
_KEY_POINT_BULLET = re.compile(r"^[•·\-–]\s*")
_CAPTION = re.compile(r"^(?:table|tabelle|tableau|tabla|表)\s*\d+[.:：]?\s*", re.I)
_SOURCES = re.compile(r"^(?:sources?|references?|出典|参考文献)$", re.I)
_GLOSSARY = re.compile(r"^(?:glossary|acronyms|abbreviations|用語集|略語)$", re.I)


def read(data: bytes | str, *, path: Path | None = None) -> Brief:
    if isinstance(data, str):
        raise SourceError("not a Word document (text, not a .docx package)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SourceError("not a Word document (not a zip package)")
    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, PackageNotFoundError…
        raise SourceError(f"not a Word document ({type(exc).__name__})") from None
    return _Walker(doc, path).brief()


class _Walker:
    def __init__(self, doc, path: Path | None):
        self.doc = doc
        self.path = path
        self.numbering = doc.part.numbering_part.element if _has_numbering(doc) else None
        self.meta: dict = {}
        self.key_points: list[str] = []
        self.stream: list[Flat] = []
        self._caption: str | None = None
        self._list_title: str | None = None
        self._list: tuple[int, list] | None = None  # (numId, items stack)

    # --- the walk ---------------------------------------------------------------------

    def brief(self) -> Brief:
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph as DocxParagraph

        for block in self.doc.iter_inner_content():
            if isinstance(block, DocxTable):
                self._end_list()
                self._table(block)
            elif isinstance(block, DocxParagraph):
                self._paragraph(block)
        self._end_list()
        return self._assemble()

    def _paragraph(self, para) -> None:
        from ..renderers import _docx_xml as numbering

        style = para.style.name if para.style is not None else "Normal"
        text = collapse(para.text)
        listed = numbering.numbering_of(para) or _style_numbering(style)
        if listed is not None and text:
            self._list_item(para, listed)
            return
        self._end_list()
        if style == "Memo Field" and text.upper().startswith("SUBJECT"):
            self.meta["subject"] = collapse(text.split(None, 1)[1]) if len(text.split(None, 1)) > 1 else ""
        if style == "Source Line" and not text.startswith(("http://", "https://")):
            for part in re.split(r"\s+·\s+", text):
                if not part.startswith("By "):
                    self.meta.setdefault("publisher", part)
        if not text or style in _SKIP:
            return
        if style == "Title":
            if "title" in self.meta:
                self.stream.append(Paragraph.of(text))
            else:
                self.meta["title"] = text
        elif style == "Subtitle":
            prev = self.stream[-1] if self.stream else None
            if isinstance(prev, Heading) and prev.subtitle is None:
                self.stream[-1] = Heading(prev.title, prev.depth, text)
            elif not self.stream and "subtitle" not in self.meta:
                self.meta["subtitle"] = text
            else:
                self.stream.append(Paragraph.of(text))
        elif style.startswith("Heading"):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            self.stream.append(Heading(text, level))
        elif style == "Key Points":
            self.key_points.append(_KEY_POINT_BULLET.sub("", text))
        elif style == "List Title":
            self._list_title = text.rstrip(":：")
        elif style == "Caption":
            self._caption = _CAPTION.sub("", text) or text
        elif style in ("Quote", "Intense Quote"):
            found = conv.parse_quotation(text)
            self.stream.append(Quote(found[0] if found else text))
        elif style == "Quote Attribution" and self.stream and isinstance(self.stream[-1], Quote):
            who = conv.attribution_line(Paragraph.of(text)) or text.lstrip("—–- ")
            speaker, role = conv.split_role_name(who)
            self.stream[-1] = Quote(self.stream[-1].text, speaker, role)  # type: ignore[union-attr]
        else:
            self.stream.append(Paragraph(_inlines(para)))

    def _list_item(self, para, listed: tuple[int, int]) -> None:
        from ..renderers import _docx_xml as numbering

        num_id, level = listed
        if self._list is None or self._list[0] != num_id:
            self._end_list()
            ordered = num_id == -2 or numbering.is_ordered(self.numbering, num_id, level) \
                or "Number" in (para.style.name or "")
            self._list = (num_id, [], ordered)  # type: ignore[assignment]
        spans = _inlines(para)
        term = None
        if len(spans) > 1 and isinstance(spans[0], Strong) and isinstance(spans[1], Text) \
                and re.match(r"^\s*[–—:-]\s", spans[1].text):
            term = spans[0].text.strip()
            rest = normalize_inlines((Text(re.sub(r"^\s*[–—:-]\s*", "", spans[1].text)), *spans[2:]))
            spans = rest
        items = self._list[1]  # type: ignore[index]
        target = items
        for _ in range(level):
            if not target:
                break
            target = target[-1][2]
        target.append([spans, term, []])

    def _end_list(self) -> None:
        if self._list is None:
            return
        _, items, ordered = self._list  # type: ignore[misc]
        self._list = None

        def build(raw) -> tuple[Item, ...]:
            return tuple(Item(inlines=s, term=t, items=build(children)) for s, t, children in raw)

        title, self._list_title = self._list_title, None
        prev = self.stream[-1] if self.stream else None
        if title is None and isinstance(prev, Paragraph) and len(prev.inlines) == 1 \
                and isinstance(prev.inlines[0], Strong):
            title = prev.text.rstrip(":：")
            self.stream.pop()
        self.stream.append(ListBlock(build(items), ordered, title))

    def _table(self, table) -> None:
        from ..renderers import _docx_xml as numbering

        rows = [[collapse(cell.text) for cell in _unique_cells(row)] for row in table.rows]
        rows = [r for r in rows if any(r)]
        if not rows:
            return
        first = table.rows[0]
        header_flagged = numbering.is_header_row(first)
        header = rows[0] if header_flagged or _all_bold(first) else []
        body = rows[1:] if header else rows
        caption, self._caption = self._caption, None
        self.stream.append(Table(tuple(header), tuple(tuple(r) for r in body), caption))

    # --- the brief ------------------------------------------------------------------------

    def _assemble(self) -> Brief:
        stream, sources, glossary = self._take_back_matter(self.stream)
        lead, sections = sectionize(stream)
        props = self.doc.core_properties
        title = self.meta.get("subject") or self.meta.get("title") or collapse(props.title or "")
        authors = tuple(a.strip() for a in re.split(r"[;,]", props.author or "") if a.strip())
        language = (props.language or "").strip() or "en"
        meta = Meta(
            title=title,
            subtitle=self.meta.get("subtitle"),
            date=props.created.date().isoformat() if props.created and props.created.year > 2000 else None,
            authors=authors if props.author != "python-docx" else (),
            publisher=self.meta.get("publisher"),
            url=_url_in(props.comments or ""),
            language=language,
            marking=(props.category or "").strip() or None,
            source_path=str(self.path) if self.path else None,
        )
        if not (lead or sections or self.key_points):
            raise SourceError("the document has no text")
        return Brief(meta=meta, key_points=tuple(self.key_points), lead=lead, sections=sections,
                     sources=tuple(sources), glossary=tuple(glossary))

    @staticmethod
    def _take_back_matter(stream: list[Flat]) -> tuple[list[Flat], list[Source], list[GlossaryEntry]]:
        """Sources and Glossary headings with what follows them, up to the next heading."""
        out: list[Flat] = []
        sources: list[Source] = []
        glossary: list[GlossaryEntry] = []
        mode = None
        for block in stream:
            if isinstance(block, Heading):
                mode = "sources" if _SOURCES.match(block.title) else "glossary" if _GLOSSARY.match(block.title) else None
                if mode:
                    continue
            if mode == "sources" and isinstance(block, ListBlock):
                for item in block.items:
                    links = [s.url for s in item.inlines if isinstance(s, Link)]
                    name = collapse("".join(s.text for s in item.inlines if not isinstance(s, Link))) or item.text
                    sources.append(Source(name, links[0] if links else None))
                continue
            if mode == "glossary" and isinstance(block, Table):
                glossary += [GlossaryEntry(r[0], r[1]) for r in (block.header, *block.rows) if len(r) >= 2 and r[0]]
                continue
            if mode == "glossary" and isinstance(block, ListBlock):
                glossary += [GlossaryEntry(i.term, i.text) for i in block.items if i.term]
                continue
            out.append(block)
        return out, sources, glossary


def _style_numbering(style: str) -> tuple[int, int] | None:
    """Word's List Bullet / List Number styles number through the style itself;
    ``List Bullet 2`` is the second level."""
    match = re.match(r"^List (Bullet|Number)(?: (\d))?$", style)
    if not match:
        return None
    return (-1 if match[1] == "Bullet" else -2), int(match[2] or 1) - 1


def _has_numbering(doc) -> bool:
    try:
        doc.part.numbering_part
    except (KeyError, NotImplementedError):
        return False
    return True


def _inlines(para) -> tuple[Inline, ...]:
    from docx.text.hyperlink import Hyperlink

    spans: list[Inline] = []
    for part in para.iter_inner_content():
        if isinstance(part, Hyperlink):
            if part.text:
                spans.append(Link(part.text, part.address or part.url or "") if (part.address or part.url)
                             else Text(part.text))
            continue
        text = part.text
        if not text:
            continue
        if part.bold:
            spans.append(Strong(text))
        elif part.italic:
            spans.append(Emph(text))
        else:
            spans.append(Text(text))
    return normalize_inlines(tuple(spans))


def _unique_cells(row):
    seen = set()
    for cell in row.cells:  # merged cells repeat
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            yield cell


def _all_bold(row) -> bool:
    runs = [r for cell in row.cells for p in cell.paragraphs for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def _url_in(text: str) -> str | None:
    match = re.search(r"https?://\S+", text)
    return match.group().rstrip(".") if match else None
