"""The WordprocessingML python-docx has no API for, in one place: numbering
definitions, table styles, paragraph shading and rules, East Asian fonts (used
to build the base document), and reading back numbering, fields and header rows.

Every function takes or returns python-docx/lxml objects and builds elements
with ``OxmlElement``; nothing here knows about briefs.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

BULLETS = ("•", "–", "◦")
ORDERED_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
INDENT = 360  # twentieths of a point per level


def _el(tag: str, **attrs: str) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


# --- numbering ------------------------------------------------------------------


def add_abstract_numbering(numbering, ordered: bool) -> int:
    """Add a nine-level list definition (bullets or 1. a. i.) and return its id."""
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(_el("w:multiLevelType", val="hybridMultilevel"))
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


def numbering_of(paragraph) -> tuple[int, int] | None:
    """``(numId, level)`` of a list paragraph, from its own properties."""
    ppr = paragraph._p.pPr
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numpr is None or numpr.find(qn("w:numId")) is None:
        return None
    level = numpr.find(qn("w:ilvl"))
    return int(numpr.find(qn("w:numId")).get(qn("w:val"))), int(level.get(qn("w:val"))) if level is not None else 0


def is_ordered(numbering, num_id: int, level: int) -> bool:
    """Whether list ``num_id`` counts (1. a. i.) rather than bullets at ``level``."""
    if numbering is None:
        return False
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            for abstract in numbering.findall(qn("w:abstractNum")):
                if abstract.get(qn("w:abstractNumId")) == abstract_id:
                    for lvl in abstract.findall(qn("w:lvl")):
                        if lvl.get(qn("w:ilvl")) == str(level):
                            fmt = lvl.find(qn("w:numFmt"))
                            return fmt is not None and fmt.get(qn("w:val")) not in ("bullet", "none")
    return False


_AFTER_NUMPR = (
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
    "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)


# --- fields --------------------------------------------------------------------------------


def field_instructions(element) -> list[str]:
    """Instructions of every simple or complex field under ``element``."""
    simple = [f.get(qn("w:instr")).strip() for f in element.iter(qn("w:fldSimple"))]
    complex_ = [(t.text or "").strip() for t in element.iter(qn("w:instrText"))]
    return simple + complex_


# --- tables ------------------------------------------------------------------------------


def is_header_row(row) -> bool:
    trpr = row._tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


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


def shade(style_or_paragraph_ppr, fill: str) -> None:
    """Background shading of a paragraph style's (or paragraph's) ``pPr``."""
    for old in style_or_paragraph_ppr.findall(qn("w:shd")):
        style_or_paragraph_ppr.remove(old)
    style_or_paragraph_ppr.insert_element_before(
        _el("w:shd", val="clear", color="auto", fill=fill), *_AFTER_SHD
    )


def left_rule(ppr, color: str, size: int = 18, space: int = 8) -> None:
    """A vertical rule on the left of a paragraph style (quotes, key points), ``size``
    eighths of a point wide and ``space`` points from the text."""
    border = _el("w:pBdr")
    border.append(_el("w:left", val="single", sz=str(size), space=str(space), color=color))
    ppr.insert_element_before(border, *_AFTER_PBDR)


def box(ppr, color: str, vertical: int, horizontal: int) -> None:
    """A border of ``color`` all round a paragraph style, ``vertical`` and
    ``horizontal`` points from its text: with shading of the same colour, a band."""
    border = _el("w:pBdr")
    for edge, space in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        border.append(_el(f"w:{edge}", val="single", sz="4", space=str(space), color=color))
    ppr.insert_element_before(border, *_AFTER_PBDR)


def contextual_spacing(ppr) -> None:
    """No space between neighbouring paragraphs of this style, only round the run of them."""
    if ppr.find(qn("w:contextualSpacing")) is None:
        ppr.insert_element_before(_el("w:contextualSpacing"), *_AFTER_NUMPR[_AFTER_NUMPR.index("w:mirrorIndents"):])


_AFTER_PBDR = _AFTER_NUMPR[2:]
_AFTER_SHD = _AFTER_NUMPR[3:]


def set_fonts(rpr, latin: str, east_asian: str, language: str, east_asian_language: str) -> None:
    """Latin and East Asian fonts and language tags on a run-properties element."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{key}"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for key in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{key}"), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        rpr.append(lang)
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
