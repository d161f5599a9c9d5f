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


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text Word can hold: XML 1.0 forbids most control characters."""
    return _NOT_XML.sub("", text)


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


_IDS: dict[int, dict[str, str]] = {}


def _style_ids(base: bytes, doc: Any) -> dict[str, str]:
    """Style name -> style id for a base document (kept alive by ``_base_document``'s
    cache), worked out once per base."""
    key = id(base)
    if key not in _IDS:
        _IDS[key] = {s.name: s.style_id for s in doc.styles}
    return _IDS[key]


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

    def _base(self) -> bytes:
        reference = self.options.reference_docx
        return _base_document(self.template, str(Path(reference).resolve()) if reference else None)

    def warm(self) -> None:
        self._base()

    def render(self, brief: Brief) -> bytes:
        base = self._base()
        self.doc = doc = Document(io.BytesIO(base))
        self._bullets, self._numbers = _lists_of(doc)
        self._numbering = doc.part.numbering_part.element
        self._ids = _style_ids(base, doc)
        self._tables = 0
        self._language(brief.meta.language)
        self._front(brief)
        for block in brief.lead:
            self.block(block)
        for section in brief.sections:
            self.section(section, 1)
        self._back(brief)
        self._running(brief)
        self._properties(brief)
        return xml.save_reproducibly(doc, build_time(brief))

    # --- whole-document parts -----------------------------------------------------------

    def _language(self, language: str) -> None:
        rpr = self.doc.styles["Normal"].element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), language)
            lang.set(qn("w:eastAsia"), _EAST_ASIAN_LANG.get(language.split("-")[0], "ja-JP"))

    def _properties(self, brief: Brief) -> None:
        props, meta = self.doc.core_properties, brief.meta
        when = build_time(brief).replace(tzinfo=None)
        props.title = _xml_text(meta.title)
        props.subject = _xml_text(meta.subtitle or meta.publisher or "")
        props.author = _xml_text(", ".join(meta.authors))
        props.keywords = _xml_text(", ".join(g.term for g in brief.glossary))
        props.language = meta.language
        props.comments = _xml_text(f"Built by reportgen {__version__}" + (f" from {meta.url}" if meta.url else ""))
        props.last_modified_by = "reportgen"
        props.revision = 1
        props.created = props.modified = when
        props.category = _xml_text(self.marking(brief))

    def _front(self, brief: Brief) -> None:
        meta = brief.meta
        date = display_date(meta.date)
        marking = self.marking(brief)
        if self.template.get("panels.masthead") == "memo":
            label = self.template.render("masthead", date=None, meta=meta)
            self._para(_xml_text(f"{label}\t{marking}" if marking else label), "Title")
            for line in self.template.render("memo_header", date=date, meta=meta).splitlines():
                field, _, value = line.partition("|")
                para = self._para(None, "Memo Field")
                para.add_run(_xml_text(f"{field.strip()}")).bold = True
                para.add_run(_xml_text(f"\t{value.strip()}"))
        else:
            label = self.template.render("masthead", date=date, meta=meta)
            self._para(_xml_text(f"{label}    {marking}" if marking else label), "Masthead")
            self._para(_xml_text(meta.title), "Title")
        if meta.subtitle:
            self._para(_xml_text(meta.subtitle), "Subtitle")
        line = self.template.render("source_line", date=date, meta=meta)
        if line and self.template.get("panels.masthead") != "memo":
            self._para(_xml_text(line), "Source Line")
        if meta.url:
            xml.add_hyperlink(self._para(None, "Source Line"), meta.url, meta.url, self._link_style)
        if brief.key_points and self.template.get("panels.key_points", True):
            self._para(_xml_text(self.template.label("key_points")), "Key Points Title")
            for point in brief.key_points:
                self._para(_xml_text(f"•\t{point}"), "Key Points")

    @property
    def _link_style(self) -> str:
        return self._ids["Hyperlink"]

    def _para(self, text: str | None, style: str) -> Any:
        """A new body paragraph in ``style`` (by cached id: python-docx's lookup by
        name scans every style on each call)."""
        para = self.doc.add_paragraph()
        para._p.style = self._ids[style]
        if text:
            para.add_run(text)
        return para

    def _back(self, brief: Brief) -> None:
        doc = self.doc
        if brief.glossary and self.template.get("panels.glossary", True):
            self._para(_xml_text(self.template.label("glossary")), "Heading 1")
            table = doc.add_table(rows=0, cols=2)
            table.style = doc.styles[TABLE_STYLE]
            xml.set_table_look(table, False)
            for entry in brief.glossary:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(_xml_text(entry.term)).bold = True
                cells[1].paragraphs[0].add_run(_xml_text(entry.expansion))
        if brief.sources and self.template.get("panels.sources", True):
            self._para(_xml_text(self.template.label("sources")), "Heading 1")
            num_id = xml.add_list_instance(self._numbering, self._numbers)
            for source in brief.sources:
                para = self._para(None, "List Number")
                xml.set_numbering(para, num_id, 0)
                if source.url and source.url != source.name:
                    para.add_run(_xml_text(f"{source.name} "))
                    xml.add_hyperlink(para, source.url, source.url, self._link_style)
                elif source.url:
                    xml.add_hyperlink(para, source.url, source.url, self._link_style)
                else:
                    para.add_run(_xml_text(source.name))
        if self.template.get("panels.colophon", True):
            source_name = (brief.meta.source_path or "").replace("\\", "/").rsplit("/", 1)[-1] or "an article"
            text = self.template.render("colophon", version=__version__, source_name=source_name, meta=brief.meta)
            self._para(_xml_text(text), "Colophon")

    def _running(self, brief: Brief) -> None:
        """Header (short title, marking) and footer (attribution, Page N of M) as real
        header and footer parts; the first page has the masthead instead of a header."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        marking = self.marking(brief)
        meta = brief.meta
        origin = meta.publisher or (meta.url.split("/")[2] if meta.url and meta.url.count("/") >= 2 else "")
        attribution = self.template.render("footer", attribution=origin, meta=meta, brief=brief)
        header = self.template.render("header", short_title=meta.title, meta=meta)
        head = section.header.paragraphs[0]
        head.text = ""
        head._p.style = self._ids.get("Header", "Header")
        head.add_run(_xml_text(header))
        head.add_run(_xml_text(f"\t\t{marking}" if marking else ""))
        for footer in (section.footer, section.first_page_footer):
            para = footer.paragraphs[0]
            para.text = ""
            para._p.style = self._ids.get("Footer", "Footer")
            para.add_run(_xml_text(f"{attribution}\t{marking}\t{self.template.label('page')} "))
            xml.add_field(para, "PAGE")
            para.add_run(_xml_text(" of "))
            xml.add_field(para, "NUMPAGES")
        first_head = section.first_page_header.paragraphs[0]
        first_head.text = ""

    # --- sections and blocks ---------------------------------------------------------------

    def section(self, section: Section, depth: int) -> None:
        self._para(_xml_text(section.title), f"Heading {min(depth, 3)}")
        if section.subtitle:
            self._para(_xml_text(section.subtitle), "Subtitle")
        for block in section.blocks:
            self.block(block)
        for sub in section.sections:
            self.section(sub, depth + 1)

    def _inlines(self, para: Any, spans: Inlines) -> None:
        for span in spans:
            match span:
                case Text(text=text):
                    para.add_run(_xml_text(text))
                case Strong(text=text):
                    para.add_run(_xml_text(text)).bold = True
                case Emph(text=text):
                    para.add_run(_xml_text(text)).italic = True
                case Code(text=text):
                    para.add_run(_xml_text(text)).font.name = self.template.get("fonts.mono", "DejaVu Sans Mono")
                case Link(text=text, url=url):
                    xml.add_hyperlink(para, url, _xml_text(text), self._link_style)

    def paragraph(self, block: Paragraph) -> None:
        self._inlines(self._para(None, "Body Text"), block.inlines)

    def list(self, block: ListBlock) -> None:
        if block.title:
            self._para(_xml_text(block.title), "List Title")
        num_id = xml.add_list_instance(self._numbering, self._numbers if block.ordered else self._bullets)
        self._items(block.items, block.ordered, num_id, 0)

    def _items(self, items: tuple[Item, ...], ordered: bool, num_id: int, level: int) -> None:
        for item in items:
            para = self._para(None, "List Number" if ordered else "List Bullet")
            xml.set_numbering(para, num_id, min(level, 8))
            if item.term:
                para.add_run(_xml_text(item.term)).bold = True
                para.add_run(_xml_text(" – " if item.inlines else ""))
            self._inlines(para, item.inlines)
            self._items(item.items, ordered, num_id, level + 1)

    def table(self, block: TableBlock) -> None:
        self._tables += 1
        doc = self.doc
        if block.caption:
            self._para(_xml_text(f"{self.template.label('table')} {self._tables}. {block.caption}"), "Caption")
        width = max(block.width, 1)
        rows = ([list(block.header)] if block.header else []) + [list(r) for r in block.rows]
        table = doc.add_table(rows=len(rows), cols=width)
        table.style = doc.styles[TABLE_STYLE]
        xml.set_table_look(table, bool(block.header))
        for r, row in enumerate(rows):
            cells = table.rows[r].cells
            style = self._ids["Table Heading" if r == 0 and block.header else "Table Text"]
            for c in range(width):
                para = cells[c].paragraphs[0]
                para._p.style = style
                para.add_run(_xml_text(row[c] if c < len(row) else ""))
        if block.header:
            xml.mark_header_row(table.rows[0])
        self._para(None, "Body Text")  # room after the table; Word joins adjacent tables

    def quote(self, block: Quote) -> None:
        text = block.text
        if not text.startswith(("“", "「", '"', "‘")):
            text = f"“{text}”"
        self._para(_xml_text(text), "Quote")
        who = ", ".join(x for x in (block.speaker, block.role) if x)
        if who:
            self._para(_xml_text(f"— {who}"), "Quote Attribution")
