"""A brief's Word package, assembled from a base package without re-parsing it.

The base (built once with python-docx: styles, numbering definitions, page
set-up) is taken apart once per process into its members. Each brief then
writes only what is its own — the body of ``word/document.xml``, its hyperlink
relationships, its list instances, the header and footer parts and the core
properties — and the rest of the base is copied as it is. This is what makes a
Word brief cost a few milliseconds instead of python-docx's tens.

Nothing here knows about briefs: it takes WordprocessingML fragments as strings.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from lxml import etree

from ..errors import UsageError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_NS = f'xmlns:w="{W}" xmlns:r="{R}"'

TABLE_STYLE = "Brief Table"
LISTS_VARIABLE = "reportgenLists"  # a document variable: the ids of our bullet and number lists

# Our header and footer parts: (member, relationship id, kind, type in the section)
RUNNING = (
    ("word/reportgen-header1.xml", "rgHeader1", "header", "default"),
    ("word/reportgen-header2.xml", "rgHeader2", "header", "first"),
    ("word/reportgen-footer1.xml", "rgFooter1", "footer", "default"),
    ("word/reportgen-footer2.xml", "rgFooter2", "footer", "first"),
)

_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    """Text as XML character data or an attribute value; the control characters
    XML 1.0 forbids are dropped."""
    return _NOT_XML.sub("", text).translate(_ESCAPE)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True, eq=False)
class Base:
    """A base package taken apart: its members, and the pieces of the document,
    relationships, content types and numbering that each brief completes."""

    data: bytes                     # the base package itself
    members: tuple[tuple[str, bytes], ...]
    main_name: str                  # word/document.xml, as the package names it
    rels_name: str
    document: tuple[str, str]       # (everything up to <w:body>, the sectPr and closing tags)
    rels: str                       # the document's relationships, without </Relationships>
    content_types: str              # [Content_Types].xml, without </Types>
    numbering_name: str
    numbering: str                  # numbering.xml without its closing tag
    first_num_id: int               # the first w:numId free for a brief's lists
    styles_name: str
    styles: bytes
    core_name: str
    text_width: int                 # twentieths of a point between the margins
    style_ids: dict[str, str]       # style name, in lower case -> style id
    lists: tuple[int, int]          # abstract numbering ids of our bullet and number lists

    def style(self, name: str) -> str:
        """The id of the style Word shows as ``name`` (Word's names ignore case)."""
        return self.style_ids[name.lower()]

    @classmethod
    def parse(cls, data: bytes) -> Base:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = {info.filename: package.read(info) for info in package.infolist()}
        main = _main_part(members["_rels/.rels"])
        folder = posixpath.dirname(main)
        rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
        targets = _targets(members[rels_name], folder)
        core = _targets(members["_rels/.rels"], "")["core-properties"]
        numbering_name, styles_name = targets["numbering"], targets["styles"]

        document = etree.fromstring(members[main])
        body = document.find(_w("body"))
        sect = body.find(_w("sectPr"))
        for ref in sect.findall(_w("headerReference")) + sect.findall(_w("footerReference")):
            sect.remove(ref)
        for position, (_, rel_id, kind, where) in enumerate(RUNNING):
            ref = etree.Element(_w(f"{kind}Reference"))
            ref.set(_w("type"), where)
            ref.set(f"{{{R}}}id", rel_id)
            sect.insert(position, ref)
        if sect.find(_w("titlePg")) is None:
            _insert_title_page(sect)
        for child in list(body):
            if child is not sect:
                body.remove(child)
        text = etree.tostring(document, encoding="unicode")
        head, _, _ = text.partition("<w:body>")
        if "xmlns:r=" not in head:
            head = head.replace("<w:document ", f'<w:document xmlns:r="{R}" ', 1)
        tail = etree.tostring(sect, encoding="unicode")
        tail = re.sub(r' xmlns:\w+="[^"]*"', "", tail) + "</w:body></w:document>"

        rels = _without_running(members, rels_name, folder)
        rels += "".join(
            f'<Relationship Id="{rel_id}" Type="{REL_BASE}{kind}" Target="{posixpath.relpath(name, folder)}"/>'
            for name, rel_id, kind, _ in RUNNING
        )
        types = _content_types(members)
        types += "".join(
            f'<Override PartName="/{name}" ContentType="{_CT_WML}{kind}+xml"/>' for name, _, kind, _ in RUNNING
        )
        numbering_root = etree.fromstring(members[numbering_name])
        for root in (document, numbering_root):
            if root.prefix != "w" or root.nsmap.get("w") != W:  # our XML text says w: for that namespace
                raise UsageError("the reference document's XML does not use Word's usual prefixes")
        ids = [int(n.get(_w("numId"))) for n in numbering_root.iter(_w("num"))]
        numbering = etree.tostring(numbering_root, encoding="unicode")
        own = {main, rels_name, "[Content_Types].xml", numbering_name, styles_name, core}
        kept = tuple((name, blob) for name, blob in members.items() if name not in own)
        return cls(
            data=data,
            members=kept,
            main_name=main,
            rels_name=rels_name,
            document=(f"{_DECLARATION}{head}<w:body>", tail),
            rels=rels,
            content_types=types,
            numbering_name=numbering_name,
            numbering=_DECLARATION + numbering.rsplit("</w:numbering>", 1)[0],
            first_num_id=max(ids, default=0) + 1,
            styles_name=styles_name,
            styles=members[styles_name],
            core_name=core,
            text_width=_text_width(sect),
            style_ids=_style_ids(members[styles_name]),
            lists=_lists(members[targets["settings"]]),
        )


def _style_ids(styles: bytes) -> dict[str, str]:
    ids = {}
    for style in etree.fromstring(styles).iter(_w("style")):
        name = style.find(_w("name"))
        if name is not None:
            ids.setdefault(name.get(_w("val"), "").lower(), style.get(_w("styleId")))
    return ids


def _lists(settings: bytes) -> tuple[int, int]:
    for var in etree.fromstring(settings).iter(_w("docVar")):
        if var.get(_w("name")) == LISTS_VARIABLE:
            bullets, numbers = var.get(_w("val")).split(",")
            return int(bullets), int(numbers)
    raise RuntimeError("the base document lacks its list definitions")


def _without_running(members: dict[str, bytes], rels_name: str, folder: str) -> str:
    """The document's relationships without its header and footer parts (which
    leave the package too: each brief writes its own), as text without the
    closing tag."""
    root = etree.fromstring(members[rels_name])
    for rel in list(root):
        if rel.get("Type", "").rsplit("/", 1)[-1] in ("header", "footer"):
            root.remove(rel)
            members.pop(posixpath.normpath(posixpath.join(folder, rel.get("Target"))).lstrip("/"), None)
    text = etree.tostring(root, encoding="unicode")
    return _DECLARATION + text.rsplit("</Relationships>", 1)[0]


def _content_types(members: dict[str, bytes]) -> str:
    """``[Content_Types].xml`` without overrides for parts no longer in the package,
    as text without the closing tag."""
    root = etree.fromstring(members["[Content_Types].xml"])
    for override in list(root):
        name = override.get("PartName")
        if name is not None and name.lstrip("/") not in members:
            root.remove(override)
    text = etree.tostring(root, encoding="unicode")
    return _DECLARATION + text.rsplit("</Types>", 1)[0]


def _main_part(package_rels: bytes) -> str:
    return _targets(package_rels, "")["officeDocument"]


def _targets(rels: bytes, folder: str) -> dict[str, str]:
    """Relationship type (its last word) -> member name, for a ``.rels`` part."""
    out = {}
    for rel in etree.fromstring(rels):
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type").rsplit("/", 1)[-1]
        out.setdefault(kind, posixpath.normpath(posixpath.join(folder, rel.get("Target"))).lstrip("/"))
    return out


_AFTER_TITLE_PAGE = ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _insert_title_page(sect: etree._Element) -> None:
    """``w:titlePg`` (a different first page) in its place in the schema's order."""
    title = etree.Element(_w("titlePg"))
    for child in sect:
        if etree.QName(child).localname in _AFTER_TITLE_PAGE:
            child.addprevious(title)
            return
    sect.append(title)


def _text_width(sect: etree._Element) -> int:
    size, margins = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
    try:
        width = int(size.get(_w("w")))
        return width - int(margins.get(_w("left"))) - int(margins.get(_w("right")))
    except (AttributeError, TypeError, ValueError):
        return 9638  # A4 with 20 mm margins


@lru_cache(maxsize=16)
def styles_in(base: Base, language: str, east_asian: str) -> bytes:
    """The base's styles with the default (Normal) language set to ``language``."""
    root = etree.fromstring(base.styles)
    for style in root.iter(_w("style")):
        if style.get(_w("type")) == "paragraph" and style.get(_w("default")) == "1":
            lang = style.find(f"{_w('rPr')}/{_w('lang')}")
            if lang is not None:
                lang.set(_w("val"), language)
                lang.set(_w("eastAsia"), east_asian)
            break
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class Parts:
    """What one brief adds to its base."""

    body: str
    links: dict[str, str]           # url -> relationship id
    lists: list[int]                # abstract numbering id of each list instance, in order
    running: tuple[str, str, str, str]  # header, first-page header, footer, first-page footer (w:p XML)
    core: dict[str, str]
    language: tuple[str, str]


def assemble(base: Base, parts: Parts, when: datetime) -> bytes:
    """The brief's package: every member dated ``when``, in a fixed order, so the
    same brief always gives the same bytes."""
    head, tail = base.document
    rels = base.rels + "".join(
        f'<Relationship Id="{rel_id}" Type="{REL_BASE}hyperlink" Target="{esc(url)}" TargetMode="External"/>'
        for url, rel_id in parts.links.items()
    )
    numbering = base.numbering + "".join(
        f'<w:num w:numId="{base.first_num_id + n}"><w:abstractNumId w:val="{abstract}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        for n, abstract in enumerate(parts.lists)
    )
    own = [
        ("[Content_Types].xml", base.content_types + "</Types>"),
        (base.core_name, _core(parts.core)),
        (base.main_name, head + parts.body + tail),
        (base.rels_name, rels + "</Relationships>"),
        (base.numbering_name, numbering + "</w:numbering>"),
    ]
    own += [(name, _running_part(kind, xml)) for (name, _, kind, _), xml in zip(RUNNING, parts.running, strict=True)]
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        def put(name: str, blob: bytes) -> None:
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            package.writestr(member, blob, compresslevel=1)  # speed over a few bytes

        for name, text in own:
            put(name, text.encode("utf-8"))
        put(base.styles_name, styles_in(base, *parts.language))
        for name, blob in base.members:
            put(name, blob)
    return out.getvalue()


def _running_part(kind: str, paragraph: str) -> str:
    tag = "w:hdr" if kind == "header" else "w:ftr"
    return f"{_DECLARATION}<{tag} {_NS}>{paragraph}</{tag}>"


_CORE = (
    _DECLARATION
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)
_CORE_FIELDS = (
    ("dc:title", "title"), ("dc:subject", "subject"), ("dc:creator", "author"), ("cp:keywords", "keywords"),
    ("dc:description", "comments"), ("cp:lastModifiedBy", "last_modified_by"), ("cp:revision", "revision"),
    ("dc:language", "language"), ("cp:category", "category"),
)


def _core(values: dict[str, str]) -> str:
    fields = "".join(f"<{tag}>{esc(values.get(key, ''))}</{tag}>" for tag, key in _CORE_FIELDS)
    when = values["when"]
    dates = "".join(f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{when}</dcterms:{tag}>'
                    for tag in ("created", "modified"))
    return f"{_CORE}{fields}{dates}</cp:coreProperties>"
