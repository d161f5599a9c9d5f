"""What a reference document (``--reference-docx``) may give a brief: its styles,
list numbering, theme, font table and page settings, nothing else.

A reference file comes from anywhere, and what it holds would otherwise travel
into every brief: a relationship to a remote template (``attachedTemplate``, a
known way to make Word fetch and run a ``.dotm``), external hyperlinks, macros,
embedded fonts, pictures of any size. The file is refused over a sane size; its
kept parts are copied into a new package with the relationships between them
only, before python-docx ever opens it.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from ...errors import UsageError
from ...ooxml import CONTENT_TYPES, PACKAGE_RELS, REL_TYPE, qn

REFERENCE_MOST = 16 * 2**20  # bytes of the reference file: styles take kilobytes
PART_MOST = 8 * 2**20  # bytes of one kept part, decompressed
MEMBERS_MOST = 2000
KEPT = ("styles", "stylesWithEffects", "numbering", "theme", "fontTable", "settings")
# elements that reach outside the document or carry what a brief must not
_DROPPED = ("w:attachedTemplate", "w:mailMerge", "w:embedRegular", "w:embedBold", "w:embedItalic",
            "w:embedBoldItalic", "w:numPicBullet", "w:lvlPicBulletId", "w:headerReference", "w:footerReference",
            "w:printerSettings")
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def load(path: str | Path) -> bytes:
    """The reference file's bytes; UsageError when it is missing or too large."""
    try:
        with open(path, "rb") as file:
            data = file.read(REFERENCE_MOST + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the reference document ({exc.strerror})") from None
    if len(data) > REFERENCE_MOST:
        raise UsageError(f"{path}: the reference document is larger than {REFERENCE_MOST // 2**20} MB "
                         "(it needs only its styles: save a copy without pictures)")
    return data


def clean(data: bytes, name: str) -> bytes:
    """A new package holding only what a brief may take from the reference ``data``."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename.lstrip("/"): info for info in package.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UsageError(f"{name}: not a Word document (not a zip package)") from None
    if len(members) > MEMBERS_MOST:
        raise UsageError(f"{name}: the reference document holds more than {MEMBERS_MOST} parts")

    def xml(member: str) -> etree._Element | None:
        info = members.get(member)
        if info is None:
            return None
        try:
            with package.open(info) as stream:
                raw = stream.read(PART_MOST + 1)
            if len(raw) > PART_MOST:
                raise UsageError(f"{name}: {member} is larger than {PART_MOST // 2**20} MB")
            return etree.fromstring(raw, _PARSER)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, etree.XMLSyntaxError):
            raise UsageError(f"{name}: {member} cannot be read (damaged)") from None

    package_rels = xml("_rels/.rels")
    main = next((r.get("Target", "").lstrip("/") for r in (package_rels if package_rels is not None else ())
                 if r.get("Type", "").endswith("/officeDocument")), None)
    document = xml(main) if main else None
    if document is None:
        raise UsageError(f"{name}: not a Word document (no main document part)")
    folder, base = posixpath.split(main)  # type: ignore[arg-type]
    rels = xml(posixpath.join(folder, "_rels", base + ".rels"))
    types = xml("[Content_Types].xml")
    declared = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
                for o in (types if types is not None else ()) if o.get("PartName")}

    out: dict[str, bytes] = {}
    kept_rels = etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
    for rel in rels if rels is not None else ():
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind not in KEPT or rel.get("TargetMode") == "External":
            continue
        member = posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))).lstrip("/")
        part = xml(member)
        if part is None or member in out or member not in declared:
            continue
        out[member] = _bytes(_strip(part))
        etree.SubElement(kept_rels, f"{{{PACKAGE_RELS}}}Relationship", Id=rel.get("Id", ""),
                         Type=REL_TYPE + kind, Target=posixpath.relpath(member, folder or "."))
    body = document.find(qn("w:body"))
    sect = body.find(qn("w:sectPr")) if body is not None else None
    for child in list(document):
        document.remove(child)
    new_body = etree.SubElement(document, qn("w:body"))
    if sect is not None:
        new_body.append(_strip(sect))
    out[main] = _bytes(document)  # type: ignore[index]
    out[posixpath.join(folder, "_rels", base + ".rels")] = _bytes(kept_rels)
    root_rels = etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
    etree.SubElement(root_rels, f"{{{PACKAGE_RELS}}}Relationship", Id="rId1", Type=REL_TYPE + "officeDocument",
                     Target=main)
    out["_rels/.rels"] = _bytes(root_rels)
    content = etree.Element(f"{{{CONTENT_TYPES}}}Types", nsmap={None: CONTENT_TYPES})
    etree.SubElement(content, f"{{{CONTENT_TYPES}}}Default", Extension="rels",
                     ContentType="application/vnd.openxmlformats-package.relationships+xml")
    etree.SubElement(content, f"{{{CONTENT_TYPES}}}Default", Extension="xml", ContentType="application/xml")
    for member in out:
        if not member.endswith(".rels"):
            kind = _MAIN if member == main else declared[member]
            etree.SubElement(content, f"{{{CONTENT_TYPES}}}Override", PartName=f"/{member}", ContentType=kind)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as clean_package:
        clean_package.writestr("[Content_Types].xml", _bytes(content))
        for member, part_bytes in out.items():
            clean_package.writestr(member, part_bytes)
    return buffer.getvalue()


def _strip(root: etree._Element) -> etree._Element:
    """``root`` without the elements that reach outside the document."""
    dropped = {qn(tag) for tag in _DROPPED}
    for element in [e for e in root.iter() if e.tag in dropped]:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return root


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
