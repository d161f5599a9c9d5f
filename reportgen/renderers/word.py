"""The editable Word brief, on python-docx, built from named styles only.

Every paragraph gets a style (Title, Subtitle, Heading 1–3, Body Text, List
Bullet/Number with real numbering, Caption, Quote, Quote Attribution, Key
Points, Masthead, Source Line, Colophon) and the only run formatting is bold,
italic and links, so an editor restyles the whole brief by changing one style.

The styled base document is built once per process for each template and
reference document, then each brief starts from a copy of its bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import __version__
from .._files import write_atomic
from ..errors import UsageError
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
from . import _docx_xml as xml
from .base import Renderer, build_time, display_date

TABLE_STYLE = "Brief Table"
# Our paragraph styles beyond Word's built-in ones: name -> (based on, description)
CUSTOM = {
    "Masthead": "Normal",
    "Source Line": "Normal",
    "Key Points Title": "Normal",
    "Key Points": "Normal",
    "Quote Attribution": "Normal",
    "Colophon": "Normal",
    "Memo Field": "Normal",
    "Table Heading": "Normal",
    "Table Text": "Normal",
    "List Title": "Normal",
}
_EAST_ASIAN_LANG = {"ja": "ja-JP", "zh": "zh-CN", "ko": "ko-KR"}


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(_hex(color))


@lru_cache(maxsize=8)
def _base_document(template: Template, reference: str | None) -> bytes:
    """The styled, empty document for ``template`` (and the user's reference document),
    built once per process and kept in the user's cache folder between runs."""
    cached = _cache_path(template, reference)
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    data = _build_base_document(template, reference)
    if cached is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is no cache
            write_atomic(cached, data)
    return data


def _cache_path(template: Template, reference: str | None) -> Path | None:
    """Where the base document is cached: named by everything it is built from
    (this code, python-docx, the template, the reference document's bytes)."""
    root = os.environ.get("REPORTGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "reportgen"
    )
    if root in ("", "off", "0"):
        return None
    digest = hashlib.sha256()
    for source in (Path(__file__), Path(xml.__file__)):
        digest.update(source.read_bytes())
    digest.update(importlib.metadata.version("python-docx").encode())
    digest.update(template.fingerprint().encode())
    if reference:
        with contextlib.suppress(OSError):
            digest.update(Path(reference).read_bytes())
    return Path(root) / f"base-{digest.hexdigest()[:24]}.docx"


def _build_base_document(template: Template, reference: str | None) -> bytes:
    try:
        doc = Document(reference) if reference else Document()
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise UsageError(f"{reference}: not a Word document ({type(exc).__name__})") from None
    _define_styles(doc, template, keep_look=bool(reference))
    if not reference:
        _page_setup(doc, template)
        xml.slim(doc, xml.KEPT_TABLE_STYLES | {doc.styles[TABLE_STYLE].style_id})
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page_setup(doc: Any, template: Template) -> None:
    section = doc.sections[0]
    width, height = (Mm(215.9), Mm(279.4)) if str(template.get("page.size")).upper() == "LETTER" else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Mm(float(template.get(f"page.margin_{side}_mm", 20))))
    section.header_distance = section.footer_distance = Mm(9)


def _style(doc: Any, name: str, kind=WD_STYLE_TYPE.PARAGRAPH) -> Any:
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = styles["Normal"]
        return style


def _define_styles(doc: Any, t: Template, keep_look: bool) -> None:
    """Create every style the brief uses; with a reference document, only the missing
    ones get our look, so the user's styles win."""
    get = t.get
    color = {k: v for k, v in (get("colors", {}) or {}).items()}
    body_font, heading_font = get("fonts.body", "DejaVu Sans"), get("fonts.heading", "DejaVu Sans")
    cjk = get("fonts.cjk", "IPAexGothic")
    size = float(get("fonts.size", 10))
    existing = {s.name for s in doc.styles}
    wanted = ["Normal", "Body Text", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
              "List Bullet", "List Number", "Caption", "Quote", *CUSTOM]

    def own(name: str) -> bool:
        return not keep_look or name not in existing

    styles = {name: _style(doc, name) for name in wanted}
    if own("Normal"):
        normal = styles["Normal"]
        normal.font.name, normal.font.size = body_font, Pt(size)
        normal.font.color.rgb = _rgb(color.get("text", "#000000"))
        xml.set_fonts(normal.element.get_or_add_rPr(), body_font, cjk, "en-GB", "ja-JP")
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = float(get("fonts.leading", 14.5)) / size
    spec = {
        "Body Text": dict(after=6),
        "Title": dict(font=heading_font, size=float(get("fonts.title_size", 22)), bold=True,
                      color=color.get("text"), after=4),
        "Subtitle": dict(size=size * 1.25, italic=True, color=color.get("muted"), after=6),
        "Heading 1": dict(font=heading_font, size=float(get("fonts.h1_size", 14)), bold=True,
                          color=color.get("accent"), before=14, after=4, keep=True),
        "Heading 2": dict(font=heading_font, size=float(get("fonts.h2_size", 12)), bold=True,
                          color=color.get("accent"), before=10, after=3, keep=True),
        "Heading 3": dict(font=heading_font, size=float(get("fonts.h3_size", 10.5)), bold=True,
                          color=color.get("accent"), before=8, after=2, keep=True),
        "List Bullet": dict(after=2),
        "List Number": dict(after=2),
        "Caption": dict(size=size * 0.9, color=color.get("muted"), after=3, keep=True, italic=False),
        "Quote": dict(size=size * 1.05, italic=True, before=6, after=0, keep=True, indent=8),
        "Quote Attribution": dict(size=size * 0.9, color=color.get("muted"), after=8, indent=8),
        "Masthead": dict(font=heading_font, size=size * 0.9, bold=True, color=color.get("accent_text"), after=8),
        "Source Line": dict(size=size * 0.82, color=color.get("muted"), after=2),
        "Key Points Title": dict(font=heading_font, bold=True, color=color.get("accent"), before=8, after=2,
                                 keep=True, indent=4),
        "Key Points": dict(after=2),
        "Colophon": dict(size=size * 0.75, color=color.get("muted"), before=14),
        "Memo Field": dict(after=1),
        "Table Heading": dict(size=size * 0.88, bold=True, color=color.get("accent_text")),
        "Table Text": dict(size=size * 0.88),
        "List Title": dict(bold=True, after=2, keep=True),
    }
    for name, s in spec.items():
        if not own(name):
            continue
        style = styles[name]
        style.hidden = False
        style.quick_style = True
        font, fmt = style.font, style.paragraph_format
        if "font" in s:
            font.name = s["font"]
            xml.set_fonts(style.element.get_or_add_rPr(), s["font"], cjk, "en-GB", "ja-JP")
        if "size" in s:
            font.size = Pt(s["size"])
        font.bold = s.get("bold")
        font.italic = s.get("italic")
        if s.get("color"):
            font.color.rgb = _rgb(s["color"])
        fmt.space_before = Pt(s.get("before", 0))
        fmt.space_after = Pt(s.get("after", 0))
        fmt.keep_with_next = s.get("keep")
        if "indent" in s:
            fmt.left_indent = Pt(s["indent"])
    ppr = lambda name: styles[name].element.get_or_add_pPr()
    if own("Masthead"):
        xml.shade(ppr("Masthead"), _hex(color.get("accent", "#14396a")))
    if own("Key Points"):
        xml.shade(ppr("Key Points"), _hex(color.get("panel", "#eaf0f7")))
        points = styles["Key Points"].paragraph_format
        points.left_indent, points.first_line_indent = Pt(18), Pt(-12)
        points.tab_stops.add_tab_stop(Pt(18))
    if own("Key Points Title"):
        xml.shade(ppr("Key Points Title"), _hex(color.get("panel", "#eaf0f7")))
    if own("Quote"):
        xml.left_rule(ppr("Quote"), _hex(color.get("accent", "#14396a")))
    if own("Quote Attribution"):
        xml.left_rule(ppr("Quote Attribution"), _hex(color.get("accent", "#14396a")))
    if own("Memo Field"):
        styles["Memo Field"].paragraph_format.tab_stops.add_tab_stop(Mm(28), WD_TAB_ALIGNMENT.LEFT)
    if "Hyperlink" not in existing:
        link = _style(doc, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = _rgb(color.get("link", "#1a55a8"))
        link.font.underline = True
    for name in ("Header", "Footer"):
        if name not in existing:
            style = _style(doc, name)
            style.font.size = Pt(7.5)
            style.font.color.rgb = _rgb(color.get("muted", "#5a6472"))
            style.paragraph_format.tab_stops.add_tab_stop(Mm(85), WD_TAB_ALIGNMENT.CENTER)
            style.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    if TABLE_STYLE not in existing:
        xml.table_style_xml(
            doc.styles.element, "BriefTable", TABLE_STYLE, _hex(color.get("accent", "#14396a")),
            _hex(color.get("accent_text", "#ffffff")), _hex(color.get("zebra", "#f4f6f9")),
            _hex(color.get("rule", "#b9c4d2")),
        )
    numbering = doc.part.numbering_part.element
    doc._reportgen_lists = (xml.add_abstract_numbering(numbering, False), xml.add_abstract_numbering(numbering, True))
    _remember_lists(doc, *doc._reportgen_lists)


def _remember_lists(doc: Any, bullets: int, numbers: int) -> None:
    """Keep the ids of our two list definitions in the document settings, so a
    document loaded from the cached bytes finds them again."""
    settings = doc.settings.element
    for old in settings.findall(qn("w:docVars")):
        settings.remove(old)
    variables = xml._el("w:docVars")
    variables.append(xml._el("w:docVar", name="reportgenLists", val=f"{bullets},{numbers}"))
    settings.append(variables)


def _lists_of(doc: Any) -> tuple[int, int]:
    for var in doc.settings.element.iter(qn("w:docVar")):
        if var.get(qn("w:name")) == "reportgenLists":
            bullets, numbers = var.get(qn("w:val")).split(",")
            return int(bullets), int(numbers)
    raise RuntimeError("base document lacks its list definitions")


@lru_cache(maxsize=8)
def _package(template: Template, reference: str | None) -> tuple[pkg.Base, dict[str, str], tuple[int, int]]:
    """The base document taken apart for assembling briefs, with its style ids
    (name -> id) and the ids of our bullet and number list definitions."""
    data = _base_document(template, reference)
    doc = Document(io.BytesIO(data))
    return pkg.Base.parse(data), {s.name: s.style_id for s in doc.styles}, _lists_of(doc)


class DocxRenderer(Renderer):
    name = "docx"
    extension = ".docx"
    binary = True

    @classmethod
    def write_reference(cls, path: Path) -> None:
        """Write the default reference document: every style, with a sample of each."""
        doc = Document(io.BytesIO(_base_document(load_template(), None)))
        samples = [("Masthead", "BRIEF  ·  12 June 2025"), ("Title", "Title of the brief"),
                   ("Subtitle", "Subtitle"), ("Source Line", "Publisher  ·  By Author"),
                   ("Key Points Title", "Key points"), ("Key Points", "A key point."),
                   ("Heading 1", "Heading 1"), ("Heading 2", "Heading 2"), ("Heading 3", "Heading 3"),
                   ("Body Text", "Body text of the brief."), ("List Bullet", "A bulleted item"),
                   ("List Number", "A numbered item"), ("Caption", "Table 1. Caption"),
                   ("Quote", "“A quotation.”"), ("Quote Attribution", "— Speaker, Role"),
                   ("Colophon", "Colophon")]
        for style, text in samples:
            doc.add_paragraph(text, style=style)
        buffer = io.BytesIO()
        doc.save(buffer)
        write_atomic(path, buffer.getvalue())

    def _package(self) -> tuple[pkg.Base, dict[str, str], tuple[int, int]]:
        reference = self.options.reference_docx
        return _package(self.template, str(Path(reference).resolve()) if reference else None)

    def warm(self) -> None:
        self._package()

    def render(self, brief: Brief) -> bytes:
        self._base, self._ids, (self._bullets, self._numbers) = self._package()
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

    def _p(self, style: str | None, runs: str = "", numbering: tuple[int, int] | None = None) -> str:
        """A paragraph in ``style`` (by id; python-docx's lookup by name scans every style)."""
        props = f'<w:pStyle w:val="{self._ids[style]}"/>' if style else ""
        if numbering:
            props += f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>'
        return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>" if props else f"<w:p>{runs}</w:p>"

    def _para(self, text: str | None, style: str) -> None:
        self._out.append(self._p(style, _run(text) if text else ""))

    def _link(self, url: str, text: str) -> str:
        rel_id = self._links.setdefault(url, f"rgLink{len(self._links) + 1}")
        style = f'<w:rStyle w:val="{self._ids["Hyperlink"]}"/>'
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
        head_style, foot_style = self._ids.get("Header", "Header"), self._ids.get("Footer", "Footer")
        head = _run(header) + (_run(f"\t\t{marking}") if marking else "")
        foot = (_run(f"{attribution}\t{marking}\t{self.template.label('page')} ") + _field("PAGE")
                + _run(" of ") + _field("NUMPAGES"))
        footer = f'<w:p><w:pPr><w:pStyle w:val="{foot_style}"/></w:pPr>{foot}</w:p>'
        return (f'<w:p><w:pPr><w:pStyle w:val="{head_style}"/></w:pPr>{head}</w:p>',
                f'<w:p><w:pPr><w:pStyle w:val="{head_style}"/></w:pPr></w:p>', footer, footer)

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
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self._ids[TABLE_STYLE]}"/><w:tblW w:type="auto" w:w="0"/>'
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
