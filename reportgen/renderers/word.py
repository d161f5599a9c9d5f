"""The editable Word brief, built from named styles only.

Every paragraph gets a style (Title, Subtitle, Heading 1–3, Body Text, List
Bullet/Number with real numbering, Caption, Quote, Quote Attribution, Key
Points, Masthead, Source Line, Colophon) and the only run formatting is bold,
italic and links, so an editor restyles the whole brief by changing one style.

The styled base document is built with python-docx (``_docx_base``) once for
each template and reference document, and cached between runs. Each brief is
then written as WordprocessingML and assembled with the base's other parts
(``_docx_package``): python-docx is not even imported when the cache is warm.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
from functools import lru_cache
from pathlib import Path

from .. import __version__, _cache
from .._files import write_atomic
from ..model import (
    Brief,
    Code,
    Emph,
    Inlines,
    Item,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Strong,
    Text,
)
from ..model import Table as TableBlock
from ..templates import Template, load_template
from . import _docx_package as pkg
from ._docx_package import TABLE_STYLE
from .base import Renderer, build_time, display_date

_EAST_ASIAN_LANG = {"ja": "ja-JP", "zh": "zh-CN", "ko": "ko-KR"}


def _build(template: Template, reference: str | None) -> bytes:
    from . import _docx_base  # python-docx is imported only to build a base document

    return _docx_base.build(template, reference)


def _cache_entry(template: Template, reference: str | None) -> Path | None:
    """The base document's cache file, named by everything it is built from: the
    code that builds it, python-docx, the template, the reference document's bytes."""
    parts: list[bytes | str] = [Path(__file__).with_name(m).read_bytes() for m in ("_docx_base.py", "_docx_xml.py")]
    parts += [importlib.metadata.version("python-docx"), template.fingerprint()]
    if reference:
        with contextlib.suppress(OSError):
            parts.append(Path(reference).read_bytes())
    return _cache.entry("base", *parts, suffix=".docx")


@lru_cache(maxsize=8)
def _package(template: Template, reference: str | None) -> pkg.Base:
    """The base document taken apart for assembling briefs: built once per process,
    and kept in the user's cache folder between runs (an entry that does not parse
    is built again)."""
    entry = _cache_entry(template, reference)
    if entry is not None and entry.is_file():
        with contextlib.suppress(Exception):  # zip, XML or structure: whatever broke it
            return pkg.Base.parse(entry.read_bytes())
    data = _build(template, reference)
    _cache.store(entry, data)
    return pkg.Base.parse(data)


class DocxRenderer(Renderer):
    name = "docx"
    extension = ".docx"
    binary = True

    @classmethod
    def write_reference(cls, path: Path) -> None:
        """Write the default reference document: every style, with a sample of each."""
        from . import _docx_base

        write_atomic(path, _docx_base.reference_document(_package(load_template(), None).data))

    def _package(self) -> pkg.Base:
        reference = self.options.reference_docx
        return _package(self.template, str(Path(reference).resolve()) if reference else None)

    def warm(self) -> None:
        self._package()

    def render(self, brief: Brief) -> bytes:
        self._base = base = self._package()
        self._bullets, self._numbers = base.lists
        self._out: list[str] = []
        self._links: dict[str, str] = {}
        self._lists: list[int] = []
        self._tables = 0
        self._front(brief)
        for block in brief.lead:
            self.block(block)
        for section in brief.sections:
            self.section(section, 1)
        self._back(brief)
        language = brief.meta.language
        parts = pkg.Parts(
            body="".join(self._out), links=self._links, lists=self._lists, running=self._running(brief),
            core=self._properties(brief),
            language=(language, _EAST_ASIAN_LANG.get(language.split("-")[0], "ja-JP")),
        )
        return pkg.assemble(self._base, parts, build_time(brief))

    # --- WordprocessingML, as text ------------------------------------------------------

    def _p(self, style: str | None, runs: str = "", numbering: tuple[int, int] | None = None,
           tabs: str = "") -> str:
        """A paragraph in ``style`` (its Word name), in list ``numbering`` (numId,
        level) if given, with paragraph ``tabs`` (XML) if given."""
        props = f'<w:pStyle w:val="{self._base.style(style)}"/>' if style else ""
        if numbering:
            props += f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>'
        props += tabs
        return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>" if props else f"<w:p>{runs}</w:p>"

    def _para(self, text: str | None, style: str) -> None:
        self._out.append(self._p(style, _run(text) if text else ""))

    def _link(self, url: str, text: str) -> str:
        rel_id = self._links.setdefault(url, f"rgLink{len(self._links) + 1}")
        style = f'<w:rStyle w:val="{self._base.style("Hyperlink")}"/>'
        return f'<w:hyperlink r:id="{rel_id}" w:history="1">{_run(text, style)}</w:hyperlink>'

    def _list_instance(self, abstract: int) -> int:
        """A new list on ``abstract`` that starts again at 1; its ``w:numId``."""
        self._lists.append(abstract)
        return self._base.first_num_id + len(self._lists) - 1

    # --- whole-document parts -----------------------------------------------------------

    def _properties(self, brief: Brief) -> dict[str, str]:
        meta = brief.meta
        return {
            "title": meta.title, "subject": meta.subtitle or meta.publisher or "",
            "author": ", ".join(meta.authors), "keywords": ", ".join(g.term for g in brief.glossary),
            "language": meta.language, "last_modified_by": "reportgen", "revision": "1",
            "comments": f"Built by reportgen {__version__}" + (f" from {meta.url}" if meta.url else ""),
            "category": self.marking(brief), "when": build_time(brief).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    def _front(self, brief: Brief) -> None:
        meta = brief.meta
        date = display_date(meta.date)
        marking = self.marking(brief)
        if self.template.get("panels.masthead") == "memo":
            label = self.template.render("masthead", date=None, meta=meta)
            self._para(f"{label}\t{marking}" if marking else label, "Title")
            for line in self.template.render("memo_header", date=date, meta=meta).splitlines():
                field, _, value = line.partition("|")
                self._out.append(self._p("Memo Field", _run(field.strip(), "<w:b/>") + _run(f"\t{value.strip()}")))
        else:
            label = self.template.render("masthead", date=date, meta=meta)
            self._para(f"{label}    {marking}" if marking else label, "Masthead")
            self._para(meta.title, "Title")
        if meta.subtitle:
            self._para(meta.subtitle, "Subtitle")
        line = self.template.render("source_line", date=date, meta=meta)
        if line and self.template.get("panels.masthead") != "memo":
            self._para(line, "Source Line")
        if meta.url:
            self._out.append(self._p("Source Line", self._link(meta.url, meta.url)))
        if brief.key_points and self.template.get("panels.key_points", True):
            self._para(self.template.label("key_points"), "Key Points Title")
            for point in brief.key_points:
                self._para(f"•\t{point}", "Key Points")

    def _back(self, brief: Brief) -> None:
        if brief.glossary and self.template.get("panels.glossary", True):
            self._para(self.template.label("glossary"), "Heading 1")
            rows = [[_run(g.term, "<w:b/>"), _run(g.expansion)] for g in brief.glossary]
            self._out.append(self._table(rows, None, header=False, shares=(0.28, 0.72)))
        if brief.sources and self.template.get("panels.sources", True):
            self._para(self.template.label("sources"), "Heading 1")
            num_id = self._list_instance(self._numbers)
            for source in brief.sources:
                if source.url and source.url != source.name:
                    runs = _run(f"{source.name} ") + self._link(source.url, source.url)
                elif source.url:
                    runs = self._link(source.url, source.url)
                else:
                    runs = _run(source.name)
                self._out.append(self._p("List Number", runs, (num_id, 0)))
        if self.template.get("panels.colophon", True):
            source_name = (brief.meta.source_path or "").replace("\\", "/").rsplit("/", 1)[-1] or "an article"
            text = self.template.render("colophon", version=__version__, source_name=source_name, meta=brief.meta)
            self._para(text, "Colophon")

    def _running(self, brief: Brief) -> tuple[str, str, str, str]:
        """Header (short title, marking) and footer (attribution, Page N of M); the
        first page has the masthead instead of a header."""
        marking = self.marking(brief)
        meta = brief.meta
        origin = meta.publisher or (meta.url.split("/")[2] if meta.url and meta.url.count("/") >= 2 else "")
        attribution = self.template.render("footer", attribution=origin, meta=meta, brief=brief)
        header = self.template.render("header", short_title=meta.title, meta=meta)
        # The styles have a centre and a right tab; the header skips the centre one, so
        # that a long title still leaves the marking on the right of its line.
        no_centre = f'<w:tabs><w:tab w:val="clear" w:pos="{self._base.text_width // 2}"/></w:tabs>'
        head = _run(header) + (_run(f"\t{marking}") if marking else "")
        foot = (_run(f"{attribution}\t{marking}\t{self.template.label('page')} ") + _field("PAGE")
                + _run(" of ") + _field("NUMPAGES"))
        footer = self._p("Footer", foot)
        return self._p("Header", head, tabs=no_centre), self._p("Header"), footer, footer

    # --- sections and blocks ---------------------------------------------------------------

    def section(self, section: Section, depth: int) -> None:
        self._para(section.title, f"Heading {min(depth, 3)}")
        if section.subtitle:
            self._para(section.subtitle, "Subtitle")
        for block in section.blocks:
            self.block(block)
        for sub in section.sections:
            self.section(sub, depth + 1)

    def _inlines(self, spans: Inlines) -> str:
        out = []
        for span in spans:
            match span:
                case Text(text=text):
                    out.append(_run(text))
                case Strong(text=text):
                    out.append(_run(text, "<w:b/>"))
                case Emph(text=text):
                    out.append(_run(text, "<w:i/>"))
                case Code(text=text):
                    font = pkg.esc(self.template.get("fonts.mono", "DejaVu Sans Mono"))
                    out.append(_run(text, f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'))
                case Link(text=text, url=url):
                    out.append(self._link(url, text))
        return "".join(out)

    def paragraph(self, block: Paragraph) -> None:
        self._out.append(self._p("Body Text", self._inlines(block.inlines)))

    def list(self, block: ListBlock) -> None:
        if block.title:
            self._para(block.title, "List Title")
        num_id = self._list_instance(self._numbers if block.ordered else self._bullets)
        self._items(block.items, block.ordered, num_id, 0)

    def _items(self, items: tuple[Item, ...], ordered: bool, num_id: int, level: int) -> None:
        for item in items:
            runs = ""
            if item.term:
                runs = _run(item.term, "<w:b/>") + (_run(" – ") if item.inlines else "")
            runs += self._inlines(item.inlines)
            self._out.append(self._p("List Number" if ordered else "List Bullet", runs, (num_id, min(level, 8))))
            self._items(item.items, ordered, num_id, level + 1)

    def table(self, block: TableBlock) -> None:
        self._tables += 1
        if block.caption:
            self._para(f"{self.template.label('table')} {self._tables}. {block.caption}", "Caption")
        width = max(block.width, 1)
        rows = ([list(block.header)] if block.header else []) + [list(r) for r in block.rows]
        cells = [[_run(row[c]) if c < len(row) and row[c] else "" for c in range(width)] for row in rows]
        self._out.append(self._table(cells, "Table Text", header=bool(block.header)))
        self._para(None, "Body Text")  # room after the table; Word joins adjacent tables

    def _table(self, rows: list[list[str]], style: str | None, header: bool,
               shares: tuple[float, ...] | None = None) -> str:
        """A table in our table style, as wide as the text, its columns in ``shares``
        of it (equal by default); each cell one paragraph of runs. With ``header``,
        the first row is a heading repeated on every page."""
        count = max(len(r) for r in rows)
        columns = [int(self._base.text_width * share) for share in shares or [1 / count] * count]
        # w:val is the same switches as a bit mask (0x20 first row, 0x400 no vertical
        # banding); LibreOffice reads only the mask.
        look = ('w:firstRow="{}" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" '
                'w:noVBand="1" w:val="{}"').format(*(("1", "0420") if header else ("0", "0400")))
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self._base.style(TABLE_STYLE)}"/><w:tblW w:type="auto" w:w="0"/>'
               f"<w:tblLook {look}/></w:tblPr><w:tblGrid>",
               *(f'<w:gridCol w:w="{w}"/>' for w in columns), "</w:tblGrid>"]
        for r, row in enumerate(rows):
            heading = header and r == 0
            out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if heading else "<w:tr>")
            cell_style = "Table Heading" if heading else style
            for runs, w in zip(row, columns, strict=True):
                out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr>'
                           f"{self._p(cell_style, runs)}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    def quote(self, block: Quote) -> None:
        text = block.text
        if not text.startswith(("“", "「", '"', "‘")):
            text = f"“{text}”"
        self._para(text, "Quote")
        who = ", ".join(x for x in (block.speaker, block.role) if x)
        if who:
            self._para(f"— {who}", "Quote Attribution")


_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")


def _run(text: str, props: str = "") -> str:
    """A run of ``text`` with run properties ``props`` (XML); tabs and line breaks
    become ``w:tab`` and ``w:br``, as Word keeps them."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{pkg.esc(text)}</w:t></w:r>'
    pieces = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            pieces.append("<w:br/>")
        elif piece:
            pieces.append(f'<w:t xml:space="preserve">{pkg.esc(piece)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def _field(instruction: str) -> str:
    """A simple field such as ``PAGE`` or ``NUMPAGES`` that Word fills in."""
    return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
