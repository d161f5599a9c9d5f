"""The WordprocessingML python-docx has no API for, in one place, used to build
the base document: numbering definitions, table styles, paragraph shading and
rules, East Asian fonts.

Every function takes python-docx/lxml objects and builds elements with
``OxmlElement``, each put where the schema's sequence wants it; nothing here
knows about briefs.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..layout import BULLETS, ORDERED_FORMATS
from .package import LIST_NAMES

INDENT = 360  # twentieths of a point per level


def _el(tag: str, **attrs: str) -> Any:  # python-docx builds its own element classes
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


# --- numbering ------------------------------------------------------------------


def add_lists(numbering) -> None:
    """Our bullet and number list definitions, unless the document has them (a
    reference document written by ``reportgen templates --reference-docx`` does)."""
    names = {n.get(qn("w:val")) for n in numbering.iter(qn("w:name"))}
    for ordered, name in enumerate(LIST_NAMES):
        if name not in names:
            add_abstract_numbering(numbering, bool(ordered))


def add_abstract_numbering(numbering, ordered: bool) -> int:
    """Add a nine-level list definition (bullets, or 1. a. i.: the labels of
    ``layout.list_label``), named so the base document finds it again; its id."""
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(_el("w:multiLevelType", val="hybridMultilevel"))
    abstract.append(_el("w:name", val=LIST_NAMES[ordered]))
    for level in range(9):
        lvl = _el("w:lvl", ilvl=str(level))
        lvl.append(_el("w:start", val="1"))
        if ordered:
            lvl.append(_el("w:numFmt", val=ORDERED_FORMATS[level % 3]))
            lvl.append(_el("w:lvlText", val=f"%{level + 1}."))
        else:
            lvl.append(_el("w:numFmt", val="bullet"))
            lvl.append(_el("w:lvlText", val=BULLETS[level % 3]))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = _el("w:pPr")
        ppr.append(_el("w:ind", left=str(INDENT * (level + 1)), hanging=str(INDENT)))
        lvl.append(ppr)
        abstract.append(lvl)
    # abstractNum elements must come before any num element
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


# Where children go: the sequences of ECMA-376 Part 1 for the elements we add to
# (CT_PPr, §17.3.1.26; CT_RPr, §17.3.2.28). python-docx declares only the children
# it has an API for, so these are spelled out once, and ``insert`` places any child.
SEQUENCES = {
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
        "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
        "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ),
    "rPr": (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
        "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
        "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
        "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
    ),
}


def insert(parent, child) -> None:
    """Put ``child`` in ``parent`` (a ``w:pPr`` or ``w:rPr``) where the schema wants it,
    replacing one of the same name."""
    sequence = SEQUENCES[parent.tag.rsplit("}", 1)[-1]]
    name = child.tag.rsplit("}", 1)[-1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = sequence[sequence.index(name) + 1 :]
    parent.insert_element_before(child, *(f"w:{tag}" for tag in later))


# --- tables ------------------------------------------------------------------------------


def table_style_xml(styles, style_id: str, name: str, accent: str, accent_text: str, zebra: str, rule: str):
    """Define a table style: rules between rows, a shaded first row, banded rows."""
    style = _el("w:style", type="table", customStyle="1", styleId=style_id)
    style.append(_el("w:name", val=name))
    style.append(_el("w:basedOn", val="TableNormal"))
    style.append(_el("w:uiPriority", val="59"))
    style.append(_el("w:qFormat"))
    ppr = _el("w:pPr")
    ppr.append(_el("w:spacing", before="0", after="0"))
    style.append(ppr)
    tblpr = _el("w:tblPr")
    tblpr.append(_el("w:tblStyleRowBandSize", val="1"))
    borders = _el("w:tblBorders")
    for edge in ("top", "bottom", "insideH"):
        borders.append(_el(f"w:{edge}", val="single", sz="4", space="0", color=rule))
    tblpr.append(borders)
    margins = _el("w:tblCellMar")
    for edge, width in (("top", "40"), ("left", "80"), ("bottom", "40"), ("right", "80")):
        margins.append(_el(f"w:{edge}", w=width, type="dxa"))
    tblpr.append(margins)
    style.append(tblpr)
    first = _el("w:tblStylePr", type="firstRow")
    rpr = _el("w:rPr")
    rpr.append(_el("w:b"))
    rpr.append(_el("w:color", val=accent_text))
    first.append(rpr)
    tcpr = _el("w:tcPr")
    tcpr.append(_el("w:shd", val="clear", color="auto", fill=accent))
    first.append(tcpr)
    style.append(first)
    band = _el("w:tblStylePr", type="band2Horz")
    tcpr = _el("w:tcPr")
    tcpr.append(_el("w:shd", val="clear", color="auto", fill=zebra))
    band.append(tcpr)
    style.append(band)
    styles.append(style)


# --- paragraph shading, fonts and language -------------------------------------------------


def shade(ppr, fill: str) -> None:
    """Background shading of a paragraph style's (or paragraph's) ``pPr``."""
    insert(ppr, _el("w:shd", val="clear", color="auto", fill=fill))


def left_rule(ppr, color: str, size: int = 18, space: int = 8) -> None:
    """A vertical rule on the left of a paragraph style (quotes, key points), ``size``
    eighths of a point wide and ``space`` points from the text."""
    border = _el("w:pBdr")
    border.append(_el("w:left", val="single", sz=str(size), space=str(space), color=color))
    insert(ppr, border)


def box(ppr, color: str, vertical: int, horizontal: int) -> None:
    """A border of ``color`` all round a paragraph style, ``vertical`` and
    ``horizontal`` points from its text: with shading of the same colour, a band."""
    border = _el("w:pBdr")
    for edge, space in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        border.append(_el(f"w:{edge}", val="single", sz="4", space=str(space), color=color))
    insert(ppr, border)


def contextual_spacing(ppr) -> None:
    """No space between neighbouring paragraphs of this style, only round the run of them."""
    insert(ppr, _el("w:contextualSpacing"))


def set_fonts(rpr, latin: str, east_asian: str, language: str, east_asian_language: str) -> None:
    """Latin and East Asian fonts and language tags on a run-properties element."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        insert(rpr, fonts)
    for key in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{key}"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for key in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{key}"), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        insert(rpr, lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), east_asian_language)


# --- the package --------------------------------------------------------------------------

_DROPPED_PARTS = ("thumbnail", "stylesWithEffects")
KEPT_TABLE_STYLES = frozenset({"TableNormal", "TableGrid"})


def slim(doc, keep_table_styles: frozenset[str]) -> None:
    """Drop what python-docx's default template carries but a brief does not use:
    the thumbnail of someone else's document, the Word 2010 ``stylesWithEffects``
    copy of the styles (440 KB), and the hundred built-in table styles (Word
    still offers them: they are latent styles)."""
    for rels in (doc.part.package.rels, doc.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _DROPPED_PARTS:
                rels.pop(rel_id)
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in keep_table_styles:
            styles.remove(style)
