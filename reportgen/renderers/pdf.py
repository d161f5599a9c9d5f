"""The printable PDF brief, on reportlab platypus.

One method per block type returns flowables. Article text becomes paragraph
markup in exactly one place, ``self.text`` (escaping, CJK runs), so nothing an
article says is ever read as markup. Running headers and footers, with
``Page N of M``, are drawn when the document is saved and the page count is known.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from .. import __version__, fonts
from ..model import Brief, Code, Emph, Inlines, Item, Link, ListBlock, Quote, Section, Strong, Text
from ..model import Paragraph as Para
from ..model import Table as TableBlock
from .base import Renderer, build_time, display_date

_PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
_UNSPLITTABLE = 2500  # characters: more than this may not fit one page in a box that cannot split


class Paragraph(_Paragraph):
    """A reportlab paragraph, faster in two ways.

    Markup without tags (most paragraphs: escaped text) is not parsed: it becomes
    one fragment in the style's font, as reportlab's parser would make it, less
    the parsing, which was a tenth of the time of a brief.

    It keeps its line breaks for the last width it was wrapped to. reportlab
    wraps a paragraph again each time something measures it — a keep-with-next
    group, a table cell, a list item, then the frame — and the line breaks
    depend on nothing but the width. (A failed split drops them, to have them
    made again.)"""

    _wrapped: tuple[float, float, float] | None = None

    def __init__(self, text: Any, style: ParagraphStyle | None = None, bulletText: Any = None,
                 frags: Any = None, **kwargs: Any):
        if (frags is None and isinstance(text, str) and "<" not in text and style is not None
                and not getattr(style, "textTransform", None)):
            # reportlab's whitespace clean-up, which keeps no-break spaces
            plain = unescape(cleanBlockQuotedText(text) if "\xa0" in text else " ".join(text.split()))
            if plain:
                frags = [_plain_fragment(style).clone(text=plain)]
        super().__init__(text, style, bulletText, frags, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == availWidth and "blPara" in self.__dict__:
            _, self.width, self.height = self._wrapped
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, width, height) if width else None  # width 0: it did not fit
        return width, height


class _Frame(Frame):
    """A frame that copies itself quickly: reportlab deep-copies the frame each
    time it measures a list or a keep-together group, and Python's generic deep
    copy of its two dozen numbers took more time than the measuring."""

    def __deepcopy__(self, memo: dict) -> _Frame:
        twin = copy.copy(self)
        for key, value in self.__dict__.items():
            if isinstance(value, list | dict):
                twin.__dict__[key] = copy.deepcopy(value, memo)
        return twin


def _plain_fragment(style: ParagraphStyle) -> Any:
    """The fragment reportlab's parser makes of plain text in ``style`` (kept on the style)."""
    fragment = style.__dict__.get("_plain_fragment")
    if fragment is None:
        fragment = style._plain_fragment = ParaParser().parse("x", style)[1][0]
    return fragment


class _Box(Flowable):
    """Flowables stacked in a box with padding, a background and a rule down its
    left edge: the key points panel and quotations. It does what a one-cell table
    did, for less: each flowable is wrapped once per width and drawn once. Like
    that table it never splits across pages, so what goes in it must fit one."""

    def __init__(self, content: list[Any], *, padding: tuple[float, float, float, float],
                 background: Any = None, rule: Any = None, rule_width: float = 0, width: float | None = None):
        super().__init__()
        self.content, self.padding = content, padding
        self.background, self.rule, self.rule_width = background, rule, rule_width
        self.box_width = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        top, right, bottom, left = self.padding
        self.width = self.box_width or availWidth
        inner = self.width - left - right
        self._sizes = [f.wrapOn(self.canv, inner, availHeight) for f in self.content]
        gaps = sum(f.getSpaceBefore() + f.getSpaceAfter() for f in self.content)
        if self.content:
            gaps -= self.content[0].getSpaceBefore() + self.content[-1].getSpaceAfter()
        self.height = top + sum(h for _, h in self._sizes) + gaps + bottom
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        top, _, _, left = self.padding
        if self.background is not None:
            canv.setFillColor(self.background)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.rule is not None:
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(self.rule_width)
            canv.line(0, 0, 0, self.height)
        y = self.height - top + (self.content[0].getSpaceBefore() if self.content else 0)
        for flowable, (_, height) in zip(self.content, self._sizes, strict=True):
            y -= flowable.getSpaceBefore() + height
            flowable.drawOn(canv, left, y)
            y -= flowable.getSpaceAfter()


@dataclass(frozen=True)
class _Running:
    """What the header and footer of every page say, as paragraph markup."""

    short_title: str
    marking: str
    attribution: str
    page_label: str
    style: ParagraphStyle
    marking_font: str  # the bold face the marking is printed in
    rule: Any
    left: float
    right: float


class _Heading(Paragraph):
    """A heading that is also the PDF outline entry ``outline`` (key, title, level),
    marked on the page where the heading lands (the first part, if it splits)."""

    outline: tuple[str, str, int] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            parts[0].outline, self.outline = self.outline, None
        return parts

    def draw(self) -> None:
        if self.outline is not None:
            key, title, level = self.outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
        super().draw()


def _canvas_class(running: _Running, stamp: Any):
    """A canvas that keeps each page until the end, then draws headers and footers
    knowing the page count (``Page N of M``) in a single layout pass."""

    class BriefCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = stamp  # the article's date, not the clock
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total, made = len(self._pages), {}
            for state in self._pages:
                self.__dict__.update(state)
                _draw_running(self, running, self._pageNumber, total, made)
                super().showPage()
            super().save()

    return BriefCanvas


def _draw_running(canv: Canvas, r: _Running, page: int, total: int, made: dict) -> None:
    """Draw one page's header and footer; ``made`` keeps the paragraphs that are the
    same on every page, laid out once."""
    width, height = canv._pagesize
    left, right = r.left, width - r.right
    right_style = made.setdefault("right", ParagraphStyle("running_right", parent=r.style, alignment=TA_RIGHT))
    marking_right = made.setdefault("marking_right", ParagraphStyle(
        "marking_right", parent=right_style, fontName=r.marking_font))
    marking_centre = made.setdefault("marking_centre", ParagraphStyle(
        "marking_centre", parent=r.style, fontName=r.marking_font, alignment=TA_CENTER))

    def put(markup: str, style: ParagraphStyle, y: float) -> None:
        text = unescape(markup) if "<" not in markup else None
        if text is not None and stringWidth(text, style.fontName, style.fontSize) <= right - left:
            # one line of plain text: drawn as a string where the paragraph would put it
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            baseline = y + style.leading - style.fontSize
            if style.alignment == TA_RIGHT:
                canv.drawRightString(right, baseline, text)
            elif style.alignment == TA_CENTER:
                canv.drawCentredString((left + right) / 2, baseline, text)
            else:
                canv.drawString(left, baseline, text)
            return
        para = made.get((markup, style.name))
        if para is None:
            para = made[markup, style.name] = Paragraph(markup, style)
        para.wrapOn(canv, right - left, 20)
        para.drawOn(canv, left, y)

    canv.saveState()
    canv.setStrokeColor(r.rule)
    canv.setLineWidth(0.5)
    if page > 1:
        put(r.short_title, r.style, height - 12.5 * mm)
        if r.marking:
            put(r.marking, marking_right, height - 12.5 * mm)
        canv.line(left, height - 13.5 * mm, right, height - 13.5 * mm)
    canv.line(left, 13.5 * mm, right, 13.5 * mm)
    put(r.attribution, r.style, 9 * mm)
    put(f"{r.page_label} {page} of {total}", right_style, 9 * mm)
    if r.marking:
        put(r.marking, marking_centre, 9 * mm)
    canv.restoreState()


def _stamp(brief: Brief) -> Any:
    from reportlab.pdfbase.pdfdoc import TimeStamp

    when = build_time(brief)
    stamp = TimeStamp(invariant=1)
    stamp.t = when.timestamp()
    stamp.lt = when.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


@lru_cache(maxsize=8)
def _paragraph_styles(template: Any) -> dict[str, ParagraphStyle]:
    """The paragraph styles of ``template``, made once per process: reportlab keeps
    per-style work (the plain-text fragment) on them, which then serves every brief."""
    get = template.get
    body_family = get("fonts.body", "DejaVu Sans")
    heading_family = get("fonts.heading", body_family)
    body_font = fonts.register(body_family)
    color = {k: colors.HexColor(v) for k, v in (get("colors", {}) or {}).items()}
    size, leading = float(get("fonts.size", 10)), float(get("fonts.leading", 14.5))
    ink, muted, accent = color["text"], color["muted"], color["accent"]

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
        "cell": style("cell", fontSize=size * 0.88, leading=size * 1.18),
        "head_cell": style("head_cell", fontName=fonts.face(body_family, bold=True),
                           fontSize=size * 0.88, leading=size * 1.18, textColor=color["accent_text"]),
        "quote": style("quote", fontName=fonts.face(body_family, italic=True), fontSize=size * 1.05,
                       leading=leading * 1.05),
        "attribution": style("attribution", fontSize=size * 0.9, textColor=muted, spaceBefore=3),
        "panel_title": style("panel_title", fontName=fonts.face(heading_family, bold=True),
                             textColor=accent, spaceAfter=4),
        "masthead": style("masthead", fontName=fonts.face(heading_family, bold=True),
                          fontSize=size * 0.9, textColor=color["accent_text"]),
        "masthead_right": style("masthead_right", fontName=fonts.face(heading_family, bold=True),
                                fontSize=size * 0.9, textColor=color["accent_text"], alignment=TA_RIGHT),
        "memo_label": style("memo_label", fontName=fonts.face(body_family, bold=True)),
        "colophon": style("colophon", fontSize=size * 0.75, leading=size * 1.05, textColor=muted),
    }


@lru_cache(maxsize=64)
def _item_style(template: Any, indent: float, hang: float, accent: bool) -> ParagraphStyle:
    item = _paragraph_styles(template)["item"]
    color = colors.HexColor(template.get("colors.accent")) if accent else item.textColor
    return ParagraphStyle(f"item-{indent}-{hang}-{accent}", parent=item, leftIndent=indent,
                          bulletIndent=indent - hang, bulletFontName=item.fontName,
                          bulletFontSize=item.fontSize, bulletColor=color)


class PDFRenderer(Renderer):
    name = "pdf"
    extension = ".pdf"
    binary = True

    # --- set-up -----------------------------------------------------------------

    def _setup(self) -> None:
        get = self.template.get
        self.body_family = get("fonts.body", "DejaVu Sans")
        self.heading_family = get("fonts.heading", self.body_family)
        self.mono_family = get("fonts.mono", "DejaVu Sans Mono")
        self.body_font = fonts.register(self.body_family)
        self.heading_font = fonts.register(self.heading_family)
        self.text = fonts.Markup(self.body_family, get("fonts.cjk", "IPAexGothic"))
        self.color = {k: colors.HexColor(v) for k, v in (get("colors", {}) or {}).items()}
        self.page_size = _PAGE_SIZES.get(str(get("page.size", "A4")).upper(), A4)
        self.margins = tuple(
            float(get(f"page.margin_{side}_mm", 20)) * mm for side in ("top", "right", "bottom", "left")
        )
        self.frame_width = self.page_size[0] - self.margins[1] - self.margins[3]
        self.styles = _paragraph_styles(self.template)

    def warm(self) -> None:
        self._setup()

    # --- the document -------------------------------------------------------------

    def render(self, brief: Brief) -> bytes:
        self._setup()
        self._tables = self._outlines = 0
        meta = brief.meta
        story = self._front(brief)
        story += self._blocks(brief.lead)
        for section in brief.sections:
            story += self.section(section, 1)
        story += self._back(brief)

        buffer = io.BytesIO()
        top, right, bottom, left = self.margins
        width, height = self.page_size
        frame = _Frame(left, bottom, width - left - right, height - top - bottom, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc = BaseDocTemplate(
            buffer, pagesize=self.page_size, title=meta.title, author=", ".join(meta.authors),
            subject=meta.subtitle or meta.publisher or "", keywords=[g.term for g in brief.glossary],
            creator=f"reportgen {__version__}", producer=f"reportgen {__version__}",
            lang=meta.language, invariant=1, initialFontName=self.body_font,
            pageTemplates=[PageTemplate(id="page", frames=[frame])],
            leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        )
        running = _Running(
            short_title=self.text(self.template.render("header", short_title=_shorten(meta.title, 80), meta=meta)),
            marking=self.text(self.marking(brief)),
            attribution=self.text(self._attribution(brief)),
            page_label=self.text(self.template.label("page")),
            style=ParagraphStyle("running", fontName=self.body_font, fontSize=7.5, leading=9,
                                 textColor=self.color["muted"]),
            marking_font=fonts.face(self.body_family, bold=True),
            rule=self.color["rule"], left=left, right=right,
        )
        doc.build(list(_flatten(story)), canvasmaker=_canvas_class(running, _stamp(brief)))
        self.missing_glyphs = frozenset(self.text.missing)
        return buffer.getvalue()

    def _attribution(self, brief: Brief) -> str:
        meta = brief.meta
        origin = meta.publisher or (meta.url and meta.url.split("/")[2]) or ""
        text = self.template.render("footer", attribution=origin, meta=meta, brief=brief)
        return _shorten(text, 70)

    def _front(self, brief: Brief) -> list[Any]:
        meta, s = brief.meta, self.styles
        date = display_date(meta.date)
        out: list[Any] = []
        if self.template.get("panels.masthead") == "memo":
            out += self._memo_header(brief, date)
        else:
            label = self.template.render("masthead", date=date, meta=meta)
            band = Table(
                [[Paragraph(self.text(label), s["masthead"]),
                  Paragraph(self.text(self.marking(brief)), s["masthead_right"])]],
                colWidths=[self.frame_width * 0.7, self.frame_width * 0.3],
            )
            band.setStyle(self._table_style([
                ("BACKGROUND", (0, 0), (-1, -1), self.color["accent"]),
                ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))
            out += [band, Spacer(0, 10), Paragraph(self.text(meta.title), s["title"])]
        if meta.subtitle:
            out.append(Paragraph(self.text(meta.subtitle), s["subtitle"]))
        line = self.template.render("source_line", date=date, meta=meta)
        if line and self.template.get("panels.masthead") != "memo":
            out.append(Paragraph(self.text(line), s["source"]))
        if meta.url:
            out.append(Paragraph(self._link(meta.url, meta.url), s["source"]))
        out.append(Spacer(0, 8))
        if brief.key_points and self.template.get("panels.key_points", True):
            out.append(self._key_points(brief.key_points))
        return out

    def _memo_header(self, brief: Brief, date: str | None) -> list[Any]:
        s = self.styles
        rows = []
        for line in self.template.render("memo_header", date=date, meta=brief.meta).splitlines():
            label, _, value = line.partition("|")
            rows.append([Paragraph(self.text(label.strip()), s["memo_label"]),
                         Paragraph(self.text(value.strip()), s["body"])])
        table = Table(rows, colWidths=[28 * mm, self.frame_width - 28 * mm])
        table.setStyle(self._table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, self.color["text"]),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]))
        label = self.template.render("masthead", date=None, meta=brief.meta)
        heading = ParagraphStyle("memo_title", parent=s["title"], fontSize=s["title"].fontSize,
                                 spaceAfter=10)
        marking = self.marking(brief)
        out: list[Any] = []
        if marking:
            out.append(Paragraph(self.text(marking), ParagraphStyle(
                "memo_marking", parent=s["masthead_right"], textColor=self.color["accent"])))
        return [*out, Paragraph(self.text(label), heading), table, Spacer(0, 10)]

    def _key_points(self, points: tuple[str, ...]) -> Flowable:
        s = self.styles
        inner: list[Any] = [Paragraph(self.text(self.template.label("key_points")), s["panel_title"])]
        inner += [self._item(self.text(p), "•", 12, 12) for p in points]
        panel = _Box(inner, padding=(7, 10, 6, 10), background=self.color["panel"], rule=self.color["accent"],
                     rule_width=3, width=self.frame_width)
        panel.spaceAfter = 10
        return panel

    def _back(self, brief: Brief) -> list[Any]:
        s, out = self.styles, []
        if brief.glossary and self.template.get("panels.glossary", True):
            out += self._end_heading(self.template.label("glossary"))
            rows = [[Paragraph(self.text(g.term), s["memo_label"]), Paragraph(self.text(g.expansion), s["cell"])]
                    for g in brief.glossary]
            size = s["memo_label"].fontSize
            width = min(self.frame_width * 0.3, max(self._natural(g.term, True, size) for g in brief.glossary) + 12)
            table = Table(rows, colWidths=[width, self.frame_width - width])
            table.setStyle(self._table_style([
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, self.color["rule"]),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]))
            out.append(table)
        if brief.sources and self.template.get("panels.sources", True):
            out += self._end_heading(self.template.label("sources"))
            labels = [f"{n}." for n in range(1, len(brief.sources) + 1)]
            hang = self._hang(labels, 16)
            for label, source in zip(labels, brief.sources, strict=True):
                text = self.text(source.name)
                if source.url:
                    link = self._link(source.url, source.url)
                    text = link if source.name == source.url else f"{text}<br/>{link}"
                out.append(self._item(text, label, hang, hang, accent=False))
        if self.template.get("panels.colophon", True):
            source_name = (brief.meta.source_path or "").replace("\\", "/").rsplit("/", 1)[-1] or "an article"
            text = self.template.render("colophon", version=__version__, source_name=source_name,
                                        meta=brief.meta)
            rule = HRFlowable(width="100%", thickness=0.5, color=self.color["rule"], spaceAfter=4)
            out += [Spacer(0, 14), KeepTogether([rule, Paragraph(self.text(text), s["colophon"])])]
        return out

    def _table_style(self, commands: list[tuple]) -> TableStyle:
        """A table style that names our font, so no cell falls back to unembedded Helvetica."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.body_font), *commands])

    def _end_heading(self, title: str) -> list[Any]:
        return [CondPageBreak(40 * mm), self._heading(title, "h1", 0)]

    def _heading(self, title: str, style: str, level: int) -> _Heading:
        heading = _Heading(self.text(title), self.styles[style])
        self._outlines += 1
        heading.outline = (f"h{self._outlines}", title, level)
        return heading

    # --- sections and blocks -----------------------------------------------------------

    def section(self, section: Section, depth: int) -> list[Any]:
        out: list[Any] = [CondPageBreak(30 * mm), self._heading(section.title, f"h{min(depth, 3)}", depth - 1)]
        if section.subtitle:
            out.append(Paragraph(self.text(section.subtitle), self.styles["kicker"]))
        out += self._blocks(section.blocks)
        for sub in section.sections:
            out += self.section(sub, depth + 1)
        return out

    def _blocks(self, blocks: tuple) -> list[Any]:
        """Blocks in order; a paragraph that introduces a quote, list or table
        (ending in ``:`` or ``,``) stays on the same page as it."""
        out: list[Any] = []
        for k, block in enumerate(blocks):
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            if isinstance(block, Para) and nxt is not None and not isinstance(nxt, Para) \
                    and block.text.rstrip().endswith((":", ",", "：", "、")):
                out.append(Paragraph(self.inlines(block.inlines), self.styles["lead_in"]))
            else:
                out.append(self.block(block))
        return out

    def inlines(self, spans: Inlines) -> str:
        out: list[str] = []
        for span in spans:
            match span:
                case Text(text=text):
                    out.append(self.text(text))
                case Strong(text=text):
                    out.append(f"<b>{self.text(text)}</b>")
                case Emph(text=text):
                    out.append(f"<i>{self.text(text)}</i>")
                case Code(text=text):
                    out.append(f'<font name="{fonts.register(self.mono_family)}">{self.text(text)}</font>')
                case Link(text=text, url=url):
                    out.append(self._link(url, text))
        return "".join(out)

    def _link(self, url: str, text: str) -> str:
        color = self.template.get("colors.link", "#1a55a8")
        href = fonts.escape(url).replace('"', "&quot;")
        return f'<a href="{href}" color="{color}">{self.text(text)}</a>'

    def paragraph(self, block: Para) -> Flowable:
        return Paragraph(self.inlines(block.inlines), self.styles["body"])

    def list(self, block: ListBlock) -> list[Any]:
        items = self._list(block.items, block.ordered, 0)
        title = [Paragraph(self.text(block.title), self.styles["list_title"])] if block.title else []
        return _spaced(*title, *items, Spacer(0, 4))

    def _list(self, items: tuple[Item, ...], ordered: bool, level: int, indent: float = 0) -> list[Any]:
        """The items as paragraphs with hanging bullets (• – · by level) or numbers
        (1. then a. then 1.), each level further in than its parent's text."""
        if ordered:
            labels = [f"{chr(ord('a') + n - 1) if level == 1 and n <= 26 else n}." for n in range(1, len(items) + 1)]
        else:
            labels = [("•", "–", "·")[level % 3]] * len(items)
        hang = self._hang(labels, 14)
        out: list[Any] = []
        for label, item in zip(labels, items, strict=True):
            text = self.inlines(item.inlines)
            if item.term:
                text = f"<b>{self.text(item.term)}</b>" + (f" – {text}" if text else "")
            out.append(self._item(text, label, indent + hang, hang))
            out += self._list(item.items, ordered, level + 1, indent + hang)
        return out

    def _hang(self, labels: list[str], least: float) -> float:
        """How far list text sits from its bullets or numbers: room for the widest
        label and the gap reportlab keeps after it (0.6 em), and at least ``least``."""
        size = self.styles["item"].fontSize
        widest = max((stringWidth(label, self.body_font, size) for label in labels), default=0)
        return max(least, round(widest + 0.6 * size + 0.5))

    def _item(self, markup: str, label: str, indent: float, hang: float, accent: bool = True) -> Paragraph:
        """A list item: a paragraph ``indent`` points in, its bullet or number ``hang``
        points before the text (lighter than reportlab's list flowables)."""
        return Paragraph(markup, _item_style(self.template, indent, hang, accent), bulletText=label)

    def table(self, block: TableBlock) -> Flowable:
        self._tables += 1
        s = self.styles
        width = block.width
        header = list(block.header) + [""] * (width - len(block.header)) if block.header else []
        rows = [list(r) + [""] * (width - len(r)) for r in block.rows]
        if any(len(c) > _UNSPLITTABLE for row in rows for c in row):
            return self._table_as_paragraphs(header, rows, block.caption)
        data = ([[Paragraph(self.text(c), s["head_cell"]) for c in header]] if header else [])
        data += [[Paragraph(self.text(c), s["cell"]) for c in row] for row in rows]
        table = Table(data, colWidths=self._column_widths([header, *rows] if header else rows),
                      repeatRows=1 if header else 0, hAlign="LEFT")
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, self.color["rule"]),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, self.color["zebra"]]),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), self.color["accent"]))
        table.setStyle(self._table_style(commands))
        # A short table moves whole to the next page with its caption; a long one
        # starts where there is room for a few rows and repeats its header.
        out: list[Any] = [] if len(rows) <= 12 else [CondPageBreak(45 * mm)]
        if block.caption:
            label = f"{self.template.label('table')} {self._tables}."
            style = s["caption"] if len(rows) <= 12 else s["caption_loose"]
            out.append(Paragraph(f"<b>{self.text(label)}</b> {self.text(block.caption)}", style))
        out.append(table)
        return _spaced(*out)

    def _table_as_paragraphs(self, header: list[str], rows: list[list[str]], caption: str | None) -> list[Any]:
        """A table with a cell longer than a page cannot be drawn as a grid (a row
        never splits); its rows become paragraphs of ``Header: cell`` pairs."""
        out: list[Any] = []
        if caption:
            label = f"{self.template.label('table')} {self._tables}."
            out.append(Paragraph(f"<b>{self.text(label)}</b> {self.text(caption)}", self.styles["caption"]))
        for row in rows:
            pairs = [f"<b>{self.text(h)}:</b> {self.text(c)}" if h else self.text(c)
                     for h, c in zip(header or [""] * len(row), row, strict=False) if c]
            out.append(Paragraph("  ·  ".join(pairs), self.styles["body"]))
        return out

    def _natural(self, text: str, bold: bool = False, size: float | None = None) -> float:
        size = size or self.styles["cell"].fontSize
        return stringWidth(text, fonts.face(self.body_family, bold=bold), size)

    def _column_widths(self, rows: list[list[str]]) -> list[float]:
        """Columns as wide as their content wants, shrunk in proportion when the
        page is too narrow; no column narrower than its longest word allows."""
        count = max(len(r) for r in rows)
        pad = 10
        want = [max((self._natural(r[c]) for r in rows), default=0) + pad for c in range(count)]
        floor = [
            min(max((self._natural(w) for r in rows for w in r[c].split()), default=0) + pad, 45 * mm)
            for c in range(count)
        ]
        floor = [max(f, 14 * mm) for f in floor]
        want = [max(w, f) for w, f in zip(want, floor, strict=True)]
        total = self.frame_width
        if sum(want) <= total:
            return want
        if sum(floor) >= total:
            return [total / count] * count
        spare = total - sum(floor)
        extra = [w - f for w, f in zip(want, floor, strict=True)]
        return [f + spare * e / sum(extra) for f, e in zip(floor, extra, strict=True)]

    def quote(self, block: Quote) -> Flowable:
        s = self.styles
        text = block.text
        if not text.startswith(("“", "「", '"', "‘")):
            text = f"“{text}”" if not _is_cjk(text) else f"「{text}」"
        inner: list[Any] = [Paragraph(self.text(text), s["quote"])]
        who = ", ".join(x for x in (block.speaker, block.role) if x)
        if who:
            inner.append(Paragraph(self.text(f"— {who}"), s["attribution"]))
        if len(text) > _UNSPLITTABLE:  # longer than a page: indented paragraphs that can split
            indented = ParagraphStyle("long_quote", parent=s["quote"], leftIndent=14)
            return [Paragraph(self.text(text), indented), *inner[1:], Spacer(0, 8)]
        box = _Box(inner, padding=(2, 6, 2, 12), rule=self.color["accent"], rule_width=2.5,
                   width=self.frame_width - 12)
        box.hAlign = "RIGHT"
        box.spaceBefore, box.spaceAfter = 4, 8
        return box


def _spaced(*flowables: Any) -> list[Any]:
    return [*flowables, Spacer(0, 6)]


def _flatten(items: list[Any]):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def _shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rsplit(" ", 1)[0] + "…"


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text[:20])
