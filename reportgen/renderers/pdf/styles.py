"""The PDF brief's paragraph styles, made from the template once per process:
reportlab keeps per-style work on them (the plain-text fragment), which then
serves every brief."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ...templates import Template
from ..layout import Palette
from . import fonts


@lru_cache(maxsize=8)
def paragraph_styles(template: Template) -> dict[str, ParagraphStyle]:
    """The paragraph styles of ``template``, made once per process: reportlab keeps
    per-style work (the plain-text fragment) on them, which then serves every brief."""
    get = template.get
    body_family = get("fonts.body", "DejaVu Sans")
    heading_family = get("fonts.heading", body_family)
    body_font = fonts.register(body_family)
    palette = Palette.of(template)
    size, leading = float(get("fonts.size", 10)), float(get("fonts.leading", 14.5))
    ink, muted, accent = (colors.HexColor(c) for c in (palette.text, palette.muted, palette.accent))
    accent_text = colors.HexColor(palette.accent_text)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base = dict(fontName=body_font, fontSize=size, leading=leading, textColor=ink)
        return ParagraphStyle(name, **{**base, **kw})

    def heading(name: str, key: str, before: float) -> ParagraphStyle:
        hsize = float(get(f"fonts.{key}", size))
        return style(
            name, fontName=fonts.face(heading_family, bold=True), fontSize=hsize,
            leading=hsize * 1.25, textColor=accent, spaceBefore=before, spaceAfter=4, keepWithNext=1,
        )

    title_size = float(get("fonts.title_size", 22))
    return {
        "body": style("body", spaceAfter=6),
        "lead_in": style("lead_in", spaceAfter=6, keepWithNext=1),
        "title": style(
            "title", fontName=fonts.face(heading_family, bold=True), fontSize=title_size,
            leading=title_size * 1.18, spaceAfter=6, textColor=ink,
        ),
        "subtitle": style(
            "subtitle", fontName=fonts.face(body_family, italic=True), fontSize=size * 1.25,
            leading=size * 1.7, textColor=muted, spaceAfter=6,
        ),
        "source": style("source", fontSize=size * 0.82, leading=size * 1.15, textColor=muted, spaceAfter=2),
        "h1": heading("h1", "h1_size", 14),
        "h2": heading("h2", "h2_size", 10),
        "h3": heading("h3", "h3_size", 8),
        "kicker": style(
            "kicker", fontName=fonts.face(body_family, italic=True), textColor=muted,
            spaceAfter=4, keepWithNext=1,
        ),
        "item": style("item", spaceAfter=2),
        "list_title": style("list_title", fontName=fonts.face(body_family, bold=True), spaceAfter=3,
                            keepWithNext=1),
        "caption": style("caption", fontSize=size * 0.9, leading=size * 1.25, textColor=muted,
                         spaceBefore=4, spaceAfter=3, keepWithNext=1),
        "caption_loose": style("caption_loose", fontSize=size * 0.9, leading=size * 1.25,
                               textColor=muted, spaceBefore=4, spaceAfter=3),
        "figure_caption": style("figure_caption", fontSize=size * 0.9, leading=size * 1.25, textColor=muted,
                                spaceBefore=5, spaceAfter=1),
        "credit": style("credit", fontSize=size * 0.75, leading=size * 1.05, textColor=muted, spaceBefore=2),
        "cell": style("cell", fontSize=size * 0.88, leading=size * 1.18),
        "head_cell": style("head_cell", fontName=fonts.face(body_family, bold=True),
                           fontSize=size * 0.88, leading=size * 1.18, textColor=accent_text),
        "quote": style("quote", fontName=fonts.face(body_family, italic=True), fontSize=size * 1.05,
                       leading=leading * 1.05),
        "attribution": style("attribution", fontSize=size * 0.9, textColor=muted, spaceBefore=3),
        "panel_title": style("panel_title", fontName=fonts.face(heading_family, bold=True),
                             textColor=accent, spaceAfter=4),
        "masthead": style("masthead", fontName=fonts.face(heading_family, bold=True),
                          fontSize=size * 0.9, textColor=accent_text),
        "masthead_right": style("masthead_right", fontName=fonts.face(heading_family, bold=True),
                                fontSize=size * 0.9, textColor=accent_text, alignment=TA_RIGHT),
        "memo_label": style("memo_label", fontName=fonts.face(body_family, bold=True)),
        "colophon": style("colophon", fontSize=size * 0.75, leading=size * 1.05, textColor=muted),
    }


@lru_cache(maxsize=64)
def item_style(template: Template, indent: float, hang: float, accent: bool) -> ParagraphStyle:
    """A list item's style: its text ``indent`` points in, its label ``hang`` points before it."""
    item = paragraph_styles(template)["item"]
    color = colors.HexColor(Palette.of(template).accent) if accent else item.textColor
    return ParagraphStyle(f"item-{indent}-{hang}-{accent}", parent=item, leftIndent=indent,
                          bulletIndent=indent - hang, bulletFontName=item.fontName,
                          bulletFontSize=item.fontSize, bulletColor=color)


_ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@lru_cache(maxsize=32)
def aligned_style(template: Template, name: str, align: str) -> ParagraphStyle:
    """The paragraph style ``name`` aligned ``left``, ``center`` or ``right`` (a table column)."""
    base = paragraph_styles(template)[name]
    return ParagraphStyle(f"{name}_{align}", parent=base, alignment=_ALIGNMENTS[align])
