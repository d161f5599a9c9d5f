"""The styled base document of the Word brief, built with python-docx.

Every style a brief uses is defined here (or, with a reference document, only
the ones it lacks), with the page set-up and the two list definitions; the
result is an empty document whose bytes ``word`` caches and assembles briefs
from. Only a cache miss imports python-docx.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from ..errors import UsageError
from ..templates import Template
from . import _docx_xml as xml
from ._docx_package import LISTS_VARIABLE, TABLE_STYLE

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

def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(_hex(color))


def build(template: Template, reference: str | None) -> bytes:
    try:
        doc = Document(reference) if reference else Document()
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise UsageError(f"{reference}: not a Word document ({type(exc).__name__})") from None
    if not reference:
        _page_setup(doc, template)
    _define_styles(doc, template, keep_look=bool(reference))
    if not reference:
        xml.slim(doc, xml.KEPT_TABLE_STYLES | {doc.styles[TABLE_STYLE].style_id})
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _text_width(doc: Any) -> int:
    """Twentieths of a point between the margins of the document's first section."""
    section = doc.sections[0]
    return round((section.page_width - section.left_margin - section.right_margin) / 635)


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
                                 keep=True),
        "Key Points": dict(after=10),
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

    def ppr(name: str) -> Any:
        return styles[name].element.get_or_add_pPr()

    accent, panel = _hex(color.get("accent", "#14396a")), _hex(color.get("panel", "#eaf0f7"))
    if own("Masthead"):  # a band, as in the PDF: shaded, with room round the text
        xml.box(ppr("Masthead"), accent, vertical=3, horizontal=5)
        xml.shade(ppr("Masthead"), accent)
        styles["Masthead"].paragraph_format.left_indent = styles["Masthead"].paragraph_format.right_indent = Pt(5)
    if own("Key Points"):  # one panel with the title: same left edge, shading and rule
        xml.left_rule(ppr("Key Points"), accent, size=24, space=4)
        xml.shade(ppr("Key Points"), panel)
        points = styles["Key Points"].paragraph_format
        points.left_indent, points.first_line_indent = Pt(18), Pt(-12)
        points.tab_stops.add_tab_stop(Pt(18))
        xml.contextual_spacing(ppr("Key Points"))  # its space after falls after the last point only
    if own("Key Points Title"):
        xml.left_rule(ppr("Key Points Title"), accent, size=24, space=4)
        xml.shade(ppr("Key Points Title"), panel)
        styles["Key Points Title"].paragraph_format.left_indent = Pt(6)
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
        if own(name):  # python-docx's own template has these, sized for its Letter page
            style = _style(doc, name)
            style.font.size = Pt(7.5)
            style.font.color.rgb = _rgb(color.get("muted", "#5a6472"))
            tabs = style.paragraph_format.tab_stops
            tabs.clear_all()
            width = _text_width(doc)  # centre and right of the text, whatever the page
            tabs.add_tab_stop(Twips(width // 2), WD_TAB_ALIGNMENT.CENTER)
            tabs.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
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
    variables.append(xml._el("w:docVar", name=LISTS_VARIABLE, val=f"{bullets},{numbers}"))
    settings.append(variables)




def reference_document(base: bytes) -> bytes:
    """The default reference document: every style of ``base``, with a sample of each."""
    doc = Document(io.BytesIO(base))
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
    return buffer.getvalue()
