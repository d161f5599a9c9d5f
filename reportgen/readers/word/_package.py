"""A Word package opened for reading: its parts found through their relationships,
each read through a size limit and parsed with lxml (no entities, no network),
Strict Open XML read as transitional, and what the document's styles and
numbering definitions say, by name.
"""

from __future__ import annotations

import contextlib
import posixpath
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from ...errors import SourceError
from ...limits import CHARS_PER_PAGE, LINE, current, over
from ...ooxml import REL_TYPE, W, qn
from ...ooxml import properties as custom

# Strict Open XML names the same things with other namespaces; read as transitional.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", REL_TYPE.rstrip("/").encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/picture", b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
)
_SMALL = 2**20  # bytes: a part this small may compress as well as it likes
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_VAL = qn("w:val")


class Package:
    """The parts of a ``.docx``, read on demand."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise SourceError("not a Word document (not a zip package)") from None
        if len(infos) > current().parts:
            raise over(f"the package holds more than the limit of {current().parts:,} parts", "parts")
        self.names = {info.filename.lstrip("/"): info for info in infos}
        package_rels = self.relationships("")
        main = package_rels.get("officeDocument")
        if main is None or main[0] not in self.names:
            raise SourceError("not a Word document (no main document part)")
        self.main = main[0]
        self.rels = self.relationships(self.main)
        self.core_name = package_rels.get("core-properties", ("", False))[0]
        self.custom_name = package_rels.get("custom-properties", ("", False))[0]

    def read(self, name: str) -> bytes | None:
        """A part's bytes (Strict namespaces made transitional), or None when absent."""
        info = self.names.get(name)
        if info is None:
            return None
        limits = current()
        part_limit = int(limits.part_mb * 2**20)
        ratio_limit = max(_SMALL, info.compress_size * limits.ratio)
        too_large = over(f"{name} is larger than the limit of {limits.part_mb:g} MB when decompressed", "part_mb")
        too_packed = over(f"{name} decompresses to more than {limits.ratio} times its size (a zip bomb?)", "ratio")
        if info.file_size > part_limit:
            raise too_large
        if info.file_size > ratio_limit:
            raise too_packed
        try:
            with self.zip.open(info) as member:  # inflated only up to the limits: the directory may lie
                data = member.read(min(part_limit, ratio_limit) + 1)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise SourceError(f"{name} cannot be read from the package (damaged)") from None
        if len(data) > part_limit:
            raise too_large
        if len(data) > ratio_limit:
            raise too_packed
        for strict, transitional in _STRICT:
            if strict in data:
                data = data.replace(strict, transitional)
        return data

    def xml(self, name: str | None) -> etree._Element | None:
        data = self.read(name) if name else None
        if data is None:
            return None
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise SourceError(f"{name} is not well-formed XML ({exc.msg})") from None

    def relationships(self, part: str) -> dict[str, tuple[str, bool]]:
        """A part's relationships by id, and by type (its last word) for the first
        of each type: ``(target, external)``; the target made a member name when internal."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels")) if part else self.xml("_rels/.rels")
        out: dict[str, tuple[str, bool]] = {}
        for rel in root if root is not None else ():
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if not external:
                target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
            out[rel.get("Id", "")] = (target, external)
            out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], (target, external))
        return out

    def related(self, kind: str) -> etree._Element | None:
        """The main part's related part of ``kind`` (``styles``, ``numbering``, ``footnotes``…)."""
        found = self.rels.get(kind)
        return self.xml(found[0]) if found and not found[1] else None

    def properties(self) -> dict[str, str]:
        """Core properties by local name, and custom text properties by name."""
        out: dict[str, str] = {}
        core = self.xml(self.core_name) if self.core_name else None
        for element in core if core is not None else ():
            if isinstance(element.tag, str) and element.text:
                out[etree.QName(element).localname] = element.text.strip()
        data = self.read(self.custom_name) if self.custom_name else None
        if data:
            with contextlib.suppress(etree.XMLSyntaxError):
                out.update(custom.read_custom_part(data))
        return out


def check_length(body: etree._Element) -> None:
    """Refuse a body with more paragraphs than the page limit holds, before it is walked
    (every paragraph takes a line at least)."""
    pages = current().pages
    paragraphs = sum(1 for _ in body.iter(qn("w:p")))
    if paragraphs * LINE > pages * CHARS_PER_PAGE:
        raise over(f"the document runs to more than the limit of {pages:,} pages ({paragraphs:,} paragraphs)",
                   "pages")


# --- styles -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StyleInfo:
    name: str  # as Word shows it, e.g. "Heading 1"
    based_on: str | None
    numbering: tuple[str, int] | None  # (numId, level) the style itself lists with
    outline: int | None  # 0 for a level-1 heading
    bold: bool | None
    italic: bool | None


@dataclass
class Styles:
    """A document's styles by id; names and inherited properties resolved."""

    by_id: dict[str, StyleInfo] = field(default_factory=dict)
    default_paragraph: str | None = None

    @classmethod
    def parse(cls, root: etree._Element | None) -> Styles:
        styles = cls()
        for style in root.iter(qn("w:style")) if root is not None else ():
            style_id = style.get(qn("w:styleId"), "")
            name = style.find(qn("w:name"))
            based = style.find(qn("w:basedOn"))
            ppr, rpr = style.find(qn("w:pPr")), style.find(qn("w:rPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
            styles.by_id[style_id] = StyleInfo(
                name=name.get(_VAL, style_id) if name is not None else style_id,
                based_on=based.get(_VAL) if based is not None else None,
                numbering=numbering_of(numpr),
                outline=_int(outline.get(_VAL)) if outline is not None else None,
                bold=on_off(rpr, "b") if rpr is not None else None,
                italic=on_off(rpr, "i") if rpr is not None else None,
            )
            if style.get(qn("w:type")) == "paragraph" and on_off(style, "default", attribute=True):
                styles.default_paragraph = style_id
        return styles

    def name(self, style_id: str | None) -> str:
        """The style's name in lower case (Word matches names so), ``normal`` if none."""
        style = self.by_id.get(style_id or self.default_paragraph or "")
        return style.name.lower() if style else (style_id or "normal").lower()

    def inherited(self, style_id: str | None, attribute: str) -> object:
        """A property of the style, or of the style it is based on, and so on."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                return None
            value = getattr(style, attribute)
            if value is not None:
                return value
            style_id = style.based_on
        return None


def on_off(element: etree._Element, name: str, attribute: bool = False) -> bool | None:
    """An on/off property: the child ``w:name`` (or attribute) present and not false."""
    if attribute:
        value = element.get(qn(f"w:{name}"))
        return None if value is None else value.lower() not in ("0", "false", "off")
    child = element.find(qn(f"w:{name}"))
    if child is None:
        return None
    return child.get(_VAL, "1").lower() not in ("0", "false", "off", "none")


def numbering_of(numpr: etree._Element | None) -> tuple[str, int] | None:
    """``(numId, level)`` of a ``w:numPr``; None when it has no list (numId 0 ends one)."""
    if numpr is None:
        return None
    num = numpr.find(qn("w:numId"))
    if num is None:
        return None
    level = numpr.find(qn("w:ilvl"))
    return num.get(_VAL, ""), _int(level.get(_VAL)) or 0 if level is not None else 0


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


# --- numbering --------------------------------------------------------------------------


@dataclass
class Numbering:
    """What each list instance (``w:num``) is: its definition, the format of each
    level, and whether it starts counting again."""

    abstract: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    formats: dict[tuple[str, int], str] = field(default_factory=dict)  # (abstractNumId, level) -> numFmt
    restarts: set[str] = field(default_factory=set)  # numIds with a start override

    @classmethod
    def parse(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iter(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"), "")
            for lvl in abstract.iter(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                numbering.formats[abstract_id, _int(lvl.get(qn("w:ilvl"))) or 0] = (
                    fmt.get(_VAL, "decimal") if fmt is not None else "decimal"
                )
        for num in root.iter(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            abstract = num.find(qn("w:abstractNumId"))
            if abstract is not None:
                numbering.abstract[num_id] = abstract.get(_VAL, "")
            if num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}") is not None:
                numbering.restarts.add(num_id)
        return numbering

    def definition(self, num_id: str) -> str | None:
        """The list definition a list instance counts by; None for no list."""
        return self.abstract.get(num_id)

    def ordered(self, num_id: str, level: int) -> bool:
        """Whether the list counts (1. a. i.) at ``level`` rather than showing bullets."""
        abstract = self.abstract.get(num_id)
        fmt = self.formats.get((abstract, level)) if abstract is not None else None
        return fmt is not None and fmt not in ("bullet", "none")
