"""The WordprocessingML a brief's body is made of, as lxml elements.

Paragraphs with a style, runs with bold, italics, a character style or a font,
tabs and line breaks, hyperlinks, simple fields and tables: each function
makes its element's children in the order the schema requires
(ECMA-376 Part 1, §17: ``w:pPr`` holds ``pStyle``, ``numPr``, ``tabs``; ``w:rPr``
holds ``rStyle``, ``rFonts``, ``b``, ``i``), which ``tests/test_docx.py``
checks with the schemas. Text is set as data, never parsed, so nothing an
article says becomes markup; the control characters XML cannot hold are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree

from ...ooxml import DRAWING_NAMESPACES, NAMESPACES, XML_SPACE, qn, xml_text

_SE = etree.SubElement
P, PPR, PSTYLE, NUMPR, ILVL, NUMID = (qn(f"w:{n}") for n in ("p", "pPr", "pStyle", "numPr", "ilvl", "numId"))
R, RPR, RSTYLE, RFONTS, BOLD, ITALIC, T = (qn(f"w:{n}") for n in ("r", "rPr", "rStyle", "rFonts", "b", "i", "t"))
TAB, BR, HYPERLINK, FLD_SIMPLE, TABS = (qn(f"w:{n}") for n in ("tab", "br", "hyperlink", "fldSimple", "tabs"))
VAL, POS, ASCII, HANSI, JC = qn("w:val"), qn("w:pos"), qn("w:ascii"), qn("w:hAnsi"), qn("w:jc")
TBL, TBLPR, TBLSTYLE, TBLW, TBLLOOK, TBLGRID, GRIDCOL = (
    qn(f"w:{n}") for n in ("tbl", "tblPr", "tblStyle", "tblW", "tblLook", "tblGrid", "gridCol"))
TR, TRPR, TBLHEADER, TC, TCPR, TCW, W_, TYPE = (
    qn(f"w:{n}") for n in ("tr", "trPr", "tblHeader", "tc", "tcPr", "tcW", "w", "type"))
R_ID = qn("r:id")

_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")


def root(tag: str) -> etree._Element:
    """A part's root element (``w:hdr``, ``w:ftr``) declaring the w: and r: prefixes."""
    return etree.Element(qn(tag), nsmap=NAMESPACES)


# A brief repeats a few shapes of paragraph and run many times: each shape is made
# once and copied (in C), which costs half of making its elements one by one.


def paragraph(parent: etree._Element, style_id: str | None, numbering: tuple[int, int] | None = None,
              clear_tab: int | None = None, justify: str | None = None) -> etree._Element:
    """A paragraph at the end of ``parent`` in the style ``style_id``, in list
    ``numbering`` (numId, level), with the style's tab at ``clear_tab`` cleared,
    aligned ``justify`` (``start``, ``center``, ``end``) when given."""
    p = _paragraph_shape(style_id, numbering, clear_tab, justify).__copy__()  # lxml copies the whole element
    parent.append(p)
    return p


@lru_cache(maxsize=512)
def _paragraph_shape(style_id: str | None, numbering: tuple[int, int] | None, clear_tab: int | None,
                     justify: str | None = None) -> etree._Element:
    p = root("w:p")
    if style_id is None and numbering is None and clear_tab is None and justify is None:
        return p
    ppr = _SE(p, PPR)
    if style_id is not None:
        _SE(ppr, PSTYLE, {VAL: style_id})
    if numbering is not None:
        num = _SE(ppr, NUMPR)
        _SE(num, ILVL, {VAL: str(numbering[1])})
        _SE(num, NUMID, {VAL: str(numbering[0])})
    if clear_tab is not None:
        _SE(_SE(ppr, TABS), TAB, {VAL: "clear", POS: str(clear_tab)})
    if justify is not None:
        _SE(ppr, JC, {VAL: justify})
    return p


def run(parent: etree._Element, text: str, *, style_id: str | None = None, font: str | None = None,
        bold: bool = False, italic: bool = False) -> etree._Element:
    """A run of ``text`` at the end of ``parent``; tabs and line breaks become
    ``w:tab`` and ``w:br``, as Word keeps them."""
    text = xml_text(text)
    if "\t" not in text and "\n" not in text and "\r" not in text:
        preserve = text[:1].isspace() or text[-1:].isspace()
        r = _run_shape(style_id, font, bold, italic, preserve, True).__copy__()
        r[-1].text = text
        parent.append(r)
        return r
    r = _run_shape(style_id, font, bold, italic, False, False).__copy__()
    parent.append(r)
    for piece in _BREAKS.split(text):
        if piece == "\t":
            _SE(r, TAB)
        elif piece in ("\n", "\r", "\r\n"):
            _SE(r, BR)
        elif piece:
            _SE(r, T, _PRESERVE).text = piece
    return r


@lru_cache(maxsize=64)
def _run_shape(style_id: str | None, font: str | None, bold: bool, italic: bool, preserve: bool,
               with_text: bool) -> etree._Element:
    """A run with these properties, and an empty ``w:t`` if ``with_text`` (spaces at
    its ends kept only when ``preserve``)."""
    r = root("w:r")
    if style_id or font or bold or italic:
        rpr = _SE(r, RPR)
        if style_id:
            _SE(rpr, RSTYLE, {VAL: style_id})
        if font:
            _SE(rpr, RFONTS, {ASCII: font, HANSI: font})
        if bold:
            _SE(rpr, BOLD)
        if italic:
            _SE(rpr, ITALIC)
    if with_text:
        _SE(r, T, _PRESERVE) if preserve else _SE(r, T)
    return r


_PRESERVE = {XML_SPACE: "preserve"}


_PICTURE_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def picture(parent: etree._Element, rel_id: str, size: tuple[int, int], number: int, descr: str) -> etree._Element:
    """An inline picture (``w:drawing``) in a run at the end of ``parent``: the image
    part ``rel_id`` drawn ``size`` EMU wide and high, ``descr`` its alt text, ``number``
    its drawing id (unique in the document)."""
    r = _SE(parent, R)
    drawing = etree.SubElement(r, qn("w:drawing"), nsmap=DRAWING_NAMESPACES)
    inline = _SE(drawing, qn("wp:inline"), {"distT": "0", "distB": "0", "distL": "0", "distR": "0"})
    cx, cy = (str(n) for n in size)
    _SE(inline, qn("wp:extent"), {"cx": cx, "cy": cy})
    _SE(inline, qn("wp:effectExtent"), {"l": "0", "t": "0", "r": "0", "b": "0"})
    name = f"Picture {number}"
    _SE(inline, qn("wp:docPr"), {"id": str(number), "name": name, "descr": xml_text(descr)})
    locks = _SE(_SE(inline, qn("wp:cNvGraphicFramePr")), qn("a:graphicFrameLocks"))
    locks.set("noChangeAspect", "1")
    data = _SE(_SE(inline, qn("a:graphic")), qn("a:graphicData"), {"uri": _PICTURE_URI})
    pic = _SE(data, qn("pic:pic"))
    properties = _SE(pic, qn("pic:nvPicPr"))
    _SE(properties, qn("pic:cNvPr"), {"id": "0", "name": name, "descr": xml_text(descr)})
    _SE(properties, qn("pic:cNvPicPr"))
    fill = _SE(pic, qn("pic:blipFill"))
    _SE(fill, qn("a:blip"), {qn("r:embed"): rel_id})
    _SE(_SE(fill, qn("a:stretch")), qn("a:fillRect"))
    shape = _SE(pic, qn("pic:spPr"))
    frame = _SE(shape, qn("a:xfrm"))
    _SE(frame, qn("a:off"), {"x": "0", "y": "0"})
    _SE(frame, qn("a:ext"), {"cx": cx, "cy": cy})
    _SE(_SE(shape, qn("a:prstGeom"), {"prst": "rect"}), qn("a:avLst"))
    return r


def hyperlink(parent: etree._Element, rel_id: str) -> etree._Element:
    """A hyperlink to relationship ``rel_id`` at the end of ``parent``; add its runs to it."""
    return _SE(parent, HYPERLINK, {R_ID: rel_id, qn("w:history"): "1"})


def anchor_link(parent: etree._Element, name: str) -> etree._Element:
    """A hyperlink to the bookmark ``name`` in this document; add its runs to it."""
    return _SE(parent, HYPERLINK, {qn("w:anchor"): name, qn("w:history"): "1"})


def bookmark(paragraph: etree._Element, number: int, name: str) -> None:
    """Mark the whole of ``paragraph`` as the bookmark ``name``."""
    ppr = paragraph.find(PPR)
    start = etree.Element(qn("w:bookmarkStart"), {qn("w:id"): str(number), qn("w:name"): name})
    paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start)
    _SE(paragraph, qn("w:bookmarkEnd"), {qn("w:id"): str(number)})


def field(parent: etree._Element, instruction: str, shown: str = "1") -> None:
    """A simple field such as ``PAGE`` or ``NUMPAGES`` that Word fills in."""
    run(_SE(parent, FLD_SIMPLE, {qn("w:instr"): f" {instruction} "}), shown)


def table(parent: etree._Element, style_id: str, columns: Iterable[int], header: bool,
          caption: str | None = None, description: str | None = None) -> etree._Element:
    """An empty table at the end of ``parent`` in ``style_id``, as wide as its
    ``columns`` (twentieths of a point); with ``header``, its style's first-row look is on.
    ``caption`` and ``description`` are its title and alternative text for screen readers."""
    tbl = _SE(parent, TBL)
    tblpr = _SE(tbl, TBLPR)
    _SE(tblpr, TBLSTYLE, {VAL: style_id})
    _SE(tblpr, TBLW, {TYPE: "auto", W_: "0"})
    # w:val says the same switches as a bit mask (0x20 first row, 0x400 no vertical
    # banding); LibreOffice reads only the mask.
    _SE(tblpr, TBLLOOK, {
        qn("w:firstRow"): "1" if header else "0", qn("w:lastRow"): "0", qn("w:firstColumn"): "0",
        qn("w:lastColumn"): "0", qn("w:noHBand"): "0", qn("w:noVBand"): "1", VAL: "0420" if header else "0400",
    })
    if caption:
        _SE(tblpr, qn("w:tblCaption"), {VAL: xml_text(caption)})
    if description:
        _SE(tblpr, qn("w:tblDescription"), {VAL: xml_text(description)})
    grid = _SE(tbl, TBLGRID)
    for width in columns:
        _SE(grid, GRIDCOL, {W_: str(width)})
    return tbl


def row(tbl: etree._Element, heading: bool) -> etree._Element:
    """A row at the end of ``tbl``; a heading row repeats on every page."""
    if not heading:
        return _SE(tbl, TR)
    tr = _SE(tbl, TR)
    _SE(_SE(tr, TRPR), TBLHEADER)
    return tr


def cell(tr: etree._Element, width: int) -> etree._Element:
    """A cell at the end of row ``tr``, ``width`` twentieths of a point wide; add its paragraph."""
    tc = _cell_shape(width).__copy__()
    tr.append(tc)
    return tc


@lru_cache(maxsize=64)
def _cell_shape(width: int) -> etree._Element:
    tc = root("w:tc")
    _SE(_SE(tc, TCPR), TCW, {TYPE: "dxa", W_: str(width)})
    return tc
