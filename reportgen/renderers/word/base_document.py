"""The styled base document of the Word brief, built with python-docx.

Every style a brief uses (``ooxml.styles``) is defined here, in the template's
fonts and colours (or, with a reference document, only the ones it lacks),
with the page set-up and the two list definitions; the result is an empty
document whose bytes the renderer caches and assembles briefs from. Only a
cache miss imports python-docx.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from ...errors import UsageError
from ...ooxml.styles import CUSTOM, Style
from ...templates import Template
from ..layout import Palette
from . import oxml as xml
from .reference import clean, load


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(_hex(color))


def build(template: Template, reference: str | None) -> bytes:
    try:
        doc = Document(io.BytesIO(clean(load(reference), reference))) if reference else Document()
    except UsageError:
        raise
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise UsageError(f"{reference}: not a Word document ({type(exc).__name__})") from None
    if not reference:
        _page_setup(doc, template)
    else:
        _ = doc.core_properties  # python-docx adds the part a clean reference lacks
    _define_styles(doc, template, keep_look=bool(reference))
    if not reference:
        xml.slim(doc, xml.KEPT_TABLE_STYLES | {doc.styles[Style.TABLE].style_id})
    doc.sections[0].different_first_page_header_footer = True  # the masthead instead of a header
    _settings(doc)
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
    palette = Palette.of(t)
    body_font, heading_font = get("fonts.body", "DejaVu Sans"), get("fonts.heading", "DejaVu Sans")
    cjk = get("fonts.cjk", "IPAexGothic")
    size = float(get("fonts.size", 10))
    existing = {s.name for s in doc.styles}
    wanted = ["Normal", Style.BODY, Style.TITLE, Style.SUBTITLE, Style.HEADING_1, Style.HEADING_2,
              Style.HEADING_3, Style.LIST_BULLET, Style.LIST_NUMBER, Style.CAPTION, Style.QUOTE, *CUSTOM,
              Style.TOC_HEADING, Style.TOC_1, Style.TOC_2]

    def own(name: str) -> bool:
        return not keep_look or name not in existing

    styles = {name: _style(doc, name) for name in wanted}
    if own("Normal"):
        normal = styles["Normal"]
        normal.font.name, normal.font.size = body_font, Pt(size)
        normal.font.color.rgb = _rgb(palette.text)
        xml.set_fonts(normal.element.get_or_add_rPr(), body_font, cjk, "en-GB", "ja-JP")
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = float(get("fonts.leading", 14.5)) / size
    spec: dict[str, dict[str, Any]] = {
        Style.BODY: dict(after=6),
        Style.TITLE: dict(font=heading_font, size=float(get("fonts.title_size", 22)), bold=True,
                          color=palette.text, after=4),
        Style.SUBTITLE: dict(size=size * 1.25, italic=True, color=palette.muted, after=6),
        Style.HEADING_1: dict(font=heading_font, size=float(get("fonts.h1_size", 14)), bold=True,
                              color=palette.accent, before=14, after=4, keep=True),
        Style.HEADING_2: dict(font=heading_font, size=float(get("fonts.h2_size", 12)), bold=True,
                              color=palette.accent, before=10, after=3, keep=True),
        Style.HEADING_3: dict(font=heading_font, size=float(get("fonts.h3_size", 10.5)), bold=True,
                              color=palette.accent, before=8, after=2, keep=True),
        Style.LIST_BULLET: dict(after=2),
        Style.LIST_NUMBER: dict(after=2),
        Style.CAPTION: dict(size=size * 0.9, color=palette.muted, after=3, keep=True, italic=False),
        Style.QUOTE: dict(size=size * 1.05, italic=True, before=6, after=0, keep=True, indent=8),
        Style.QUOTE_ATTRIBUTION: dict(size=size * 0.9, color=palette.muted, after=8, indent=8),
        Style.MASTHEAD: dict(font=heading_font, size=size * 0.9, bold=True, color=palette.accent_text, after=8),
        Style.SOURCE_LINE: dict(size=size * 0.82, color=palette.muted, after=2),
        Style.KEY_POINTS_TITLE: dict(font=heading_font, bold=True, color=palette.accent, before=8, after=2,
                                     keep=True),
        Style.KEY_POINTS: dict(after=10),
        Style.COLOPHON: dict(size=size * 0.75, color=palette.muted, before=14),
        Style.MEMO_FIELD: dict(after=1),
        Style.TABLE_HEADING: dict(size=size * 0.88, bold=True, color=palette.accent_text),
        Style.TABLE_TEXT: dict(size=size * 0.88),
        Style.LIST_TITLE: dict(bold=True, after=2, keep=True),
        Style.TOC_HEADING: dict(font=heading_font, size=float(get("fonts.h1_size", 14)), bold=True,
                                color=palette.accent, before=14, after=6, keep=True),
        Style.TOC_1: dict(bold=True, before=4, after=2),
        Style.TOC_2: dict(size=size * 0.9, after=1, indent=12),
        Style.FIGURE: dict(before=6, after=2, keep=True),
        Style.CREDIT: dict(size=size * 0.75, color=palette.muted, after=8),
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

    accent, panel = _hex(palette.accent), _hex(palette.panel)
    if own(Style.MASTHEAD):  # a band, as in the PDF: shaded, with room round the text
        xml.box(ppr(Style.MASTHEAD), accent, vertical=3, horizontal=5)
        xml.shade(ppr(Style.MASTHEAD), accent)
        band = styles[Style.MASTHEAD].paragraph_format
        band.left_indent = band.right_indent = Pt(5)
    if own(Style.KEY_POINTS):  # one panel with the title: same left edge, shading and rule
        xml.left_rule(ppr(Style.KEY_POINTS), accent, size=24, space=4)
        xml.shade(ppr(Style.KEY_POINTS), panel)
        points = styles[Style.KEY_POINTS].paragraph_format
        points.left_indent, points.first_line_indent = Pt(18), Pt(-12)
        points.tab_stops.add_tab_stop(Pt(18))
        xml.contextual_spacing(ppr(Style.KEY_POINTS))  # its space after falls after the last point only
    if own(Style.KEY_POINTS_TITLE):
        xml.left_rule(ppr(Style.KEY_POINTS_TITLE), accent, size=24, space=4)
        xml.shade(ppr(Style.KEY_POINTS_TITLE), panel)
        styles[Style.KEY_POINTS_TITLE].paragraph_format.left_indent = Pt(6)
    if own(Style.QUOTE):
        xml.left_rule(ppr(Style.QUOTE), accent)
    if own(Style.QUOTE_ATTRIBUTION):
        xml.left_rule(ppr(Style.QUOTE_ATTRIBUTION), accent)
    if own(Style.MEMO_FIELD):
        styles[Style.MEMO_FIELD].paragraph_format.tab_stops.add_tab_stop(Mm(28), WD_TAB_ALIGNMENT.LEFT)
    for name in (Style.TOC_1, Style.TOC_2):
        if own(name):  # the page numbers at the right margin, after a row of dots
            styles[name].paragraph_format.tab_stops.add_tab_stop(
                Twips(_text_width(doc)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if name not in existing:  # Word's own style, as Word names it, for its TOC field to fill
            styles[name].element.attrib.pop(qn("w:customStyle"), None)
            styles[name].style_id = name.replace("toc ", "TOC")
    if Style.HYPERLINK not in existing:
        link = _style(doc, Style.HYPERLINK, WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = _rgb(palette.link)
        link.font.underline = True
    for name in (Style.HEADER, Style.FOOTER):
        if own(name):  # python-docx's own template has these, sized for its Letter page
            style = _style(doc, name)
            style.font.size = Pt(7.5)
            style.font.color.rgb = _rgb(palette.muted)
            tabs = style.paragraph_format.tab_stops
            tabs.clear_all()
            width = _text_width(doc)  # centre and right of the text, whatever the page
            tabs.add_tab_stop(Twips(width // 2), WD_TAB_ALIGNMENT.CENTER)
            tabs.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
    if Style.TABLE not in existing:
        xml.table_style_xml(doc.styles.element, "BriefTable", Style.TABLE, accent, _hex(palette.accent_text),
                            _hex(palette.zebra), _hex(palette.rule))
    xml.add_lists(doc.part.numbering_part.element)


def _settings(doc: Any) -> None:
    """Settings Word's schema requires and python-docx's template lacks: a zoom
    level with its percentage."""
    zoom = doc.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def reference_document(base: bytes) -> bytes:
    """The default reference document: every style of ``base``, with a sample of each."""
    doc = Document(io.BytesIO(base))
    samples = [(Style.MASTHEAD, "BRIEF  ·  12 June 2025"), (Style.TITLE, "Title of the brief"),
               (Style.SUBTITLE, "Subtitle"), (Style.SOURCE_LINE, "Publisher  ·  By Author"),
               (Style.KEY_POINTS_TITLE, "Key points"), (Style.KEY_POINTS, "A key point."),
               (Style.HEADING_1, "Heading 1"), (Style.HEADING_2, "Heading 2"), (Style.HEADING_3, "Heading 3"),
               (Style.BODY, "Body text of the brief."), (Style.LIST_BULLET, "A bulleted item"),
               (Style.LIST_NUMBER, "A numbered item"), (Style.CAPTION, "Table 1. Caption"),
               (Style.QUOTE, "“A quotation.”"), (Style.QUOTE_ATTRIBUTION, "— Speaker, Role"),
               (Style.COLOPHON, "Colophon")]
    for style, text in samples:
        doc.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
