"""The flowables and the canvas the PDF brief is drawn with.

Two of them are reportlab's own made faster for how a brief uses them (see
each docstring; ``tests/test_pdf_stock.py`` checks they draw what stock
reportlab draws): a paragraph that keeps its line breaks per width and skips
the markup parser for plain text, and a frame that copies itself quickly.
The rest are small: a box with a background and a rule (key points,
quotations), a heading that marks its outline entry where it lands, and a
canvas that draws every page's header and footer once the page count is known.
"""

from __future__ import annotations

import copy
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from . import tagging


class Paragraph(tagging.Marked, _Paragraph):
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


class BriefFrame(Frame):
    """A frame that copies itself quickly: reportlab deep-copies the frame each
    time it measures a list or a keep-together group, and Python's generic deep
    copy of its two dozen numbers took more time than the measuring."""

    def __deepcopy__(self, memo: dict) -> BriefFrame:
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


class Box(Flowable):
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
class PageFurniture:
    """What the header and footer of every page say, as paragraph markup, and how."""

    short_title: str
    marking: str
    attribution: str
    page_label: str
    style: ParagraphStyle
    marking_font: str  # the bold face the marking is printed in
    rule: Any
    left: float
    right: float


class Heading(Paragraph):
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


def canvas_class(running: PageFurniture, stamp: Any, tree: tagging.Tree | None = None) -> type[Canvas]:
    """A canvas that keeps each page until the end, then draws headers and footers
    knowing the page count (``Page N of M``) in a single layout pass. With a
    structure ``tree`` it writes a tagged PDF: page content is an artifact unless a
    tagged flowable draws it, and link annotations join the tree."""

    entries: dict[int, dict[str, Any]] = {}  # each page's entries for the structure tree

    class BriefCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = stamp  # the article's date, not the clock
            self._pages: list[dict] = []
            self.tree = tree

        def showPage(self) -> None:
            if tree is not None:
                tagging.page_frame(self)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def drawText(self, aTextObject: Any) -> None:
            if tree is None:
                super().drawText(aTextObject)
                return
            self._code.append(tree.text_code(self, str(aTextObject.getCode())))
            tree.text_drawn(self)

        def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
            if tree is not None and "A" in annotation.dict:
                target = annotation["A"].dict.get("URI")
                tree.annotate(self, annotation, target.s if target is not None else "link")
            super()._addAnnotation(annotation, name, addtopage)

        def _setAnnotations(self, page: Any) -> None:
            super()._setAnnotations(page)
            extra = entries.get(self._pageNumber, {})
            if page.Annots and tree is not None:
                extra = {**extra, "Tabs": PDFName("S")}
            if extra:
                page.__NoDefault__ = [*page.__NoDefault__, *extra]
                page.__dict__.update(extra)

        def save(self) -> None:
            total, made = len(self._pages), dict[Any, Any]()
            if tree is not None:
                entries.update(tree.write(self._doc))
            for state in self._pages:
                self.__dict__.update(state)
                _draw_running(self, running, self._pageNumber, total, made)
                super().showPage()
            super().save()

    return BriefCanvas


def _draw_running(canv: Canvas, r: PageFurniture, page: int, total: int, made: dict) -> None:
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

    tagged = getattr(canv, "tree", None) is not None
    canv.saveState()
    canv.setStrokeColor(r.rule)
    canv.setLineWidth(0.5)
    if page > 1:
        with tagging.artifact(canv, "Header") if tagged else nullcontext():
            put(r.short_title, r.style, height - 12.5 * mm)
            if r.marking:
                put(r.marking, marking_right, height - 12.5 * mm)
            canv.line(left, height - 13.5 * mm, right, height - 13.5 * mm)
    with tagging.artifact(canv, "Footer") if tagged else nullcontext():
        canv.line(left, 13.5 * mm, right, 13.5 * mm)
        put(r.attribution, r.style, 9 * mm)
        put(f"{r.page_label} {page} of {total}", right_style, 9 * mm)
        if r.marking:
            put(r.marking, marking_centre, 9 * mm)
    canv.restoreState()


def time_stamp(when: datetime) -> Any:
    """reportlab's document time stamp set to ``when`` (the article's date, not the clock)."""
    from reportlab.pdfbase.pdfdoc import TimeStamp

    stamp = TimeStamp(invariant=1)
    stamp.t = when.timestamp()
    stamp.lt = when.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp
