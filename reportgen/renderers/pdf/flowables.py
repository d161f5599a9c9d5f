"""The flowables and the canvas the PDF brief is drawn with.

Three of them are reportlab's own made faster for how a brief uses them (see
each docstring; ``tests/test_pdf_stock.py`` checks they draw what stock
reportlab draws): a paragraph that keeps its line breaks per width and skips
the markup parser for plain text, a frame that copies itself quickly, and a
canvas that saves its graphics state in one step.
The rest are small: a box with a background and a rule (key points,
quotations), a heading that marks its outline entry where it lands, and a
canvas that draws every page's header and footer once the page count is known.
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
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
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        for key, value in self.__dict__.items():
            if isinstance(value, list | dict):
                twin.__dict__[key] = copy.deepcopy(value, memo)
        return twin


def _plain_fragment(style: ParagraphStyle) -> Any:
    """The fragment reportlab's parser makes of plain text in ``style`` (kept on the
    style, with whose it is: a style made from a parent copies the parent's attributes)."""
    kept = style.__dict__.get("_plain_fragment")
    if kept is None or kept[0] != id(style):
        kept = style._plain_fragment = (id(style), ParaParser().parse("x", style)[1][0])
    return kept[1]


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


class Figure(tagging.Marked, Flowable):
    """A picture drawn ``width`` × ``height`` points; ``alt`` is what it says to a
    screen reader. Every picture of a brief (figures and the logo) is one of these,
    so a tagged PDF marks them as figures with their alt text in one place."""

    def __init__(self, data: bytes, width: float, height: float, alt: str):
        super().__init__()
        self.data, self.alt = data, alt
        self.width, self.height = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        """What ``canvas.drawImage`` does, with the picture's image object made once
        per process: reportlab decodes, digests and compresses a picture again for
        every document, which cost more than laying out the rest of a brief."""
        from reportlab.pdfbase.pdfdoc import PDFObjectReference

        canv, (name, prepared) = self.canv, _image_object(self.data)
        doc = canv._doc
        registered = doc.getXObjectName(name)
        if not doc.idToObject.get(registered):
            image = copy.copy(prepared)
            canv._setXObjects(image)
            doc.Reference(image, registered)
            doc.addForm(name, image)
            smask = image.__dict__.pop("_smask", None)
            if smask is not None:  # its transparency, a second image object
                mask_name = doc.getXObjectName(smask.name)
                if not doc.idToObject.get(mask_name):
                    smask = copy.copy(smask)
                    canv._setXObjects(smask)
                    image.smask = doc.Reference(smask, mask_name)
                else:
                    image.smask = PDFObjectReference(mask_name)
        canv._currentPageHasImages = 1
        canv.saveState()
        canv.translate(0, 0)
        canv.scale(self.width, self.height)
        canv._code.append(f"/{registered} Do")
        canv.restoreState()
        canv._formsinuse.append(name)


@lru_cache(maxsize=32)
def _image_object(data: bytes) -> tuple[str, Any]:
    """The PDF image object of a picture and its name, as ``drawImage`` makes them."""
    from io import BytesIO

    from reportlab.lib.utils import ImageReader, _digester
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    image = ImageReader(BytesIO(data))
    pixels = image.getRGBData()  # which also finds its transparency
    alpha = image._dataA
    name = _digester(pixels + (alpha.getRGBData() if alpha else b"auto"))
    prepared = PDFImageXObject(name, image, mask="auto")
    prepared.name = name
    return name, prepared


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
    """A heading that is also the PDF outline entry ``outline`` (key, title, level)
    and the destination ``anchor`` of links to it, both marked on the page where
    the heading lands (the first part, if it splits)."""

    outline: tuple[str, str, int] | None = None
    anchor: str | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            parts[0].outline, self.outline = self.outline, None
            parts[0].anchor, self.anchor = self.anchor, None
        return parts

    def draw(self) -> None:
        if self.anchor is not None:
            self.canv.bookmarkHorizontal(self.anchor, 0, self.height)  # the view opens at the heading's top
        if self.outline is not None:
            key, title, level = self.outline
            if key != self.anchor:  # an outline entry of its own, else it opens where links to the heading do
                self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
        super().draw()


class StateCanvas(Canvas):
    """reportlab's canvas, saving its graphics state in one step: every paragraph
    saves the state to draw, and copying it name by name was a twentieth of a brief."""

    _state = operator.itemgetter(*Canvas.STATE_ATTRIBUTES)

    def push_state_stack(self) -> None:
        self.state_stack.append(dict(zip(self.STATE_ATTRIBUTES, self._state(self.__dict__), strict=True)))
        self._extgstate = self._extgstate.pushCopy()  # type: ignore[has-type]


class BriefCanvas(StateCanvas):
    """A canvas that keeps each page until the end, then draws headers and footers
    (``furniture``) knowing the page count (``Page N of M``) in a single layout
    pass. With a structure ``tree`` it writes a tagged PDF: page content is an
    artifact unless a tagged flowable draws it, and link annotations join the tree.
    ``stamp``: the document's time stamp, the article's date, not the clock.

    A flowable may change the running title and attribution from its page on
    (``running``), and leave drawing for when every page is laid out
    (``later``): a contents page's page numbers.

    Once saved, it lets go of its pages and its tree, and of the method
    reportlab's paragraphs leave on their text objects, which points back at the
    text object: none of them keeps the document alive for the garbage collector
    to find, and it is freed as soon as the brief is made."""

    def __init__(self, *args: Any, furniture: PageFurniture, stamp: Any, tree: tagging.Tree | None = None,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = stamp
        self.furniture = furniture
        self._pages: list[dict] = []
        self.running: tuple[str, str] | None = None  # (title, attribution) from here on, if not the document's
        self.later: dict[int, list[Callable[[Canvas], None]]] = {}  # page -> drawn once all pages are laid out
        self.tree = tree
        self.entries: dict[int, dict[str, Any]] = {}  # each page's entries for the structure tree

    def showPage(self) -> None:
        if self.tree is not None:
            tagging.page_frame(self)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> None:
        """A destination on this page: marked when the page is really written, as
        until then the document counts every page as its first."""
        self.later.setdefault(self.getPageNumber(), []).append(
            lambda page: Canvas.bookmarkPage(page, key, *args, **kwargs))

    def drawText(self, aTextObject: Any) -> None:
        tree = self.tree
        if tree is None:
            super().drawText(aTextObject)
        else:
            self._code.append(tree.text_code(self, str(aTextObject.getCode())))
            tree.text_drawn(self)
        aTextObject.__dict__.pop("_do_line", None)  # drawn: the method pointing back at the text object can go

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        if self.tree is not None:
            if not hasattr(annotation, "dict"):  # reportlab's object for a link within the document
                annotation = annotation.Dict()
            action = annotation.dict.get("A")
            target = action.dict.get("URI") if action is not None else None
            self.tree.annotate(self, annotation, target.s if target is not None else "link to a place in this document")
        super()._addAnnotation(annotation, name, addtopage)

    def _setAnnotations(self, page: Any) -> None:
        super()._setAnnotations(page)
        extra = self.entries.get(self._pageNumber, {})
        if page.Annots and self.tree is not None:
            extra = {**extra, "Tabs": PDFName("S")}
        if extra:
            page.__NoDefault__ = [*page.__NoDefault__, *extra]
            page.__dict__.update(extra)

    def save(self) -> None:
        tree, pages, made = self.tree, self._pages, dict[Any, Any]()
        if tree is not None:
            self.entries.update(tree.parent_keys())  # in place: every page's state holds this dict
        for state in pages:
            self.__dict__.update(state)
            _draw_running(self, self.furniture, self._pageNumber, len(pages), made)
            for draw in self.later.get(self._pageNumber, ()):
                draw(self)
            super().showPage()
        if tree is not None:
            tree.write(self._doc)
        super().save()
        pages.clear()  # each page's state held the list of pages
        self.__dict__.pop("_doctemplate", None)  # let go by reportlab, put back with the pages' states
        self.tree = None


def _draw_running(canv: Canvas, r: PageFurniture, page: int, total: int, made: dict) -> None:
    """Draw one page's header and footer; ``made`` keeps the paragraphs that are the
    same on every page, laid out once."""
    width, height = canv._pagesize
    left, right = r.left, width - r.right
    if "right" not in made:
        made["right"] = ParagraphStyle("running_right", parent=r.style, alignment=TA_RIGHT)
        made["marking_right"] = ParagraphStyle("marking_right", parent=made["right"], fontName=r.marking_font)
        made["marking_centre"] = ParagraphStyle("marking_centre", parent=r.style, fontName=r.marking_font,
                                                alignment=TA_CENTER)
    right_style, marking_right, marking_centre = made["right"], made["marking_right"], made["marking_centre"]

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

    title, attribution = getattr(canv, "running", None) or (r.short_title, r.attribution)
    tagged = getattr(canv, "tree", None) is not None
    canv.saveState()
    canv.setStrokeColor(r.rule)
    canv.setLineWidth(0.5)
    if page > 1:
        with tagging.artifact(canv, "Header") if tagged else nullcontext():
            put(title, r.style, height - 12.5 * mm)
            if r.marking:
                put(r.marking, marking_right, height - 12.5 * mm)
            canv.line(left, height - 13.5 * mm, right, height - 13.5 * mm)
    with tagging.artifact(canv, "Footer") if tagged else nullcontext():
        canv.line(left, 13.5 * mm, right, 13.5 * mm)
        put(attribution, r.style, 9 * mm)
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
