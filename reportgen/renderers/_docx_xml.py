"""The WordprocessingML python-docx has no API for, in one place: numbering
definitions, hyperlinks, fields, the repeat-header flag, table styles, East
Asian fonts, and a reproducible zip package.

Every function takes or returns python-docx/lxml objects and builds elements
with ``OxmlElement``; nothing here knows about briefs.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx.opc.constants import RELATIONSHIP_TYPE as RT
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


def add_list_instance(numbering, abstract_id: int) -> int:
    """A new list (``w:num``) on ``abstract_id`` that starts again at 1; its id."""
    ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(ids, default=0) + 1
    num = _el("w:num", numId=str(num_id))
    num.append(_el("w:abstractNumId", val=str(abstract_id)))
    override = _el("w:lvlOverride", ilvl="0")
    override.append(_el("w:startOverride", val="1"))
    num.append(override)
    numbering.append(num)
    return num_id


def set_numbering(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val=str(level)))
    numpr.append(_el("w:numId", val=str(num_id)))
    ppr.insert_element_before(numpr, *_AFTER_NUMPR)
    return None


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


# --- hyperlinks and fields --------------------------------------------------------------


def add_hyperlink(paragraph, url: str, text: str, style_id: str):
    """A real ``w:hyperlink`` to ``url`` whose run uses the character style ``style_id``."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = _el("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    run = _el("w:r")
    rpr = _el("w:rPr")
    rpr.append(_el("w:rStyle", val=style_id))
    run.append(rpr)
    t = _el("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)
    return link


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A simple field such as ``PAGE`` or ``NUMPAGES`` that Word fills in."""
    field = _el("w:fldSimple", instr=f" {instruction} ")
    run = _el("w:r")
    t = _el("w:t")
    t.text = placeholder
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


def field_instructions(element) -> list[str]:
    """Instructions of every simple or complex field under ``element``."""
    simple = [f.get(qn("w:instr")).strip() for f in element.iter(qn("w:fldSimple"))]
    complex_ = [(t.text or "").strip() for t in element.iter(qn("w:instrText"))]
    return simple + complex_


# --- tables ------------------------------------------------------------------------------


def mark_header_row(row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:
        trpr.append(_el("w:tblHeader"))


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


def set_table_look(table, first_row: bool) -> None:
    """Tell Word which parts of the table style apply (header row, banded rows)."""
    tblpr = table._tbl.tblPr
    look = tblpr.find(qn("w:tblLook"))
    if look is None:
        look = _el("w:tblLook")
        tblpr.append(look)
    for key, value in (("firstRow", first_row), ("lastRow", False), ("firstColumn", False),
                       ("lastColumn", False), ("noHBand", False), ("noVBand", True)):
        look.set(qn(f"w:{key}"), "1" if value else "0")
    look.set(qn("w:val"), "04A0" if first_row else "0420")


# --- paragraph shading, fonts and language -------------------------------------------------


def shade(style_or_paragraph_ppr, fill: str) -> None:
    """Background shading of a paragraph style's (or paragraph's) ``pPr``."""
    for old in style_or_paragraph_ppr.findall(qn("w:shd")):
        style_or_paragraph_ppr.remove(old)
    style_or_paragraph_ppr.insert_element_before(
        _el("w:shd", val="clear", color="auto", fill=fill), *_AFTER_SHD
    )


def left_rule(ppr, color: str, size: int = 18) -> None:
    """A vertical rule on the left of a paragraph style (quotes, key points)."""
    border = _el("w:pBdr")
    border.append(_el("w:left", val="single", sz=str(size), space="8", color=color))
    ppr.insert_element_before(border, *_AFTER_PBDR)


def rule_below(ppr, color: str, size: int = 4) -> None:
    border = _el("w:pBdr")
    border.append(_el("w:bottom", val="single", sz=str(size), space="4", color=color))
    ppr.insert_element_before(border, *_AFTER_PBDR)


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


class _DatedZip:
    """python-docx's zip writer, but every member dated ``stamp`` (its own uses the clock)."""

    def __init__(self, stream: io.BytesIO, stamp: tuple[int, ...]):
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self._stamp = stamp

    def write(self, pack_uri, blob: bytes) -> None:
        member = zipfile.ZipInfo(pack_uri.membername, date_time=self._stamp)
        member.compress_type = zipfile.ZIP_DEFLATED
        member.external_attr = 0o644 << 16
        self._zip.writestr(member, blob, compresslevel=1)  # speed over a few bytes

    def close(self) -> None:
        self._zip.close()


def save_reproducibly(doc, when: datetime) -> bytes:
    """The package's bytes with every member dated ``when`` and the parts in
    python-docx's stable order, so the same brief always gives the same bytes.
    Follows ``OpcPackage.save`` with our dated writer in place of its own."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    writer = _DatedZip(out, stamp)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()
