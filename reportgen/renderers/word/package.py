"""A brief's Word package, assembled from a base package parsed once.

The base (built once with python-docx: styles, numbering definitions, page
set-up; see ``base_document``) is taken apart once per process: the parts a
brief completes are kept as parsed trees, the rest as bytes. Each brief then
adds only what is its own — the body of ``word/document.xml``, its hyperlink
relationships, its list instances, the header and footer parts, the core and
custom properties — to copies of those trees, serialises each part once and
zips them with the rest. This is what makes a Word brief cost a millisecond or
two instead of python-docx's tens.

Nothing here knows about briefs: it takes WordprocessingML elements.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from lxml import etree

from ...errors import UsageError
from ...ooxml import CONTENT_TYPES, PACKAGE_RELS, REL_TYPE, W, qn, xml_text
from ...ooxml import properties as custom

LIST_NAMES = ("reportgen bullets", "reportgen numbers")  # how the base document names our two lists

_CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)

# Our header and footer parts: (member, relationship id, kind, type in the section).
# A brief writes all but the first page's header, which is empty (the masthead is there).
RUNNING = (
    ("word/reportgen-header1.xml", "rgHeader1", "header", "default"),
    ("word/reportgen-footer1.xml", "rgFooter1", "footer", "default"),
    ("word/reportgen-footer2.xml", "rgFooter2", "footer", "first"),
)
FIRST_HEADER = ("word/reportgen-header2.xml", "rgHeader2", "header", "first")
# List instances (w:num, each counting from 1) the base makes ready for each of our two
# lists, so a brief with no more lists than these shares the base's numbering part.
LIST_POOL = 8
# Members smaller than this are stored, not compressed: deflating each costs more
# time than the few hundred bytes it saves.
_STORE_BELOW = 1200

_BODY, _SECT_PR, _NUM, _ABSTRACT_NUM_ID = qn("w:body"), qn("w:sectPr"), qn("w:num"), qn("w:abstractNumId")
_LVL_OVERRIDE, _START_OVERRIDE = qn("w:lvlOverride"), qn("w:startOverride")
_ILVL, _NUM_ID, _VAL = qn("w:ilvl"), qn("w:numId"), qn("w:val")
_REL = f"{{{PACKAGE_RELS}}}Relationship"
_OVERRIDE = f"{{{CONTENT_TYPES}}}Override"
_DEFAULT = f"{{{CONTENT_TYPES}}}Default"
PICTURE_TYPES = {"png": "image/png", "jpg": "image/jpeg"}  # the pictures a brief holds, by extension
_STORED = (".png", ".jpg")  # compressed already


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass(frozen=True, eq=False)
class Base:
    """A base package taken apart: its members kept as they are, and the parts
    each brief completes, as trees to copy."""

    data: bytes  # the base package itself
    members: tuple[tuple[str, bytes], ...]  # kept as they are
    fixed: tuple[tuple[str, bytes], ...]  # our own parts that are the same for every brief
    main_name: str  # word/document.xml, as the package names it
    document: etree._Element  # the main part, its body empty
    section: etree._Element  # the body's section properties: page set-up, header and footer
    rels_name: str
    rels: etree._Element  # the main part's relationships, without headers and footers
    numbering_name: str
    numbering: etree._Element  # with the ready list instances
    first_num_id: int  # the first of the ready list instances; after them, the numIds free for more
    styles_name: str
    styles: bytes
    core_name: str
    text_width: int  # twentieths of a point between the margins
    style_ids: dict[str, str]  # style name, in lower case -> style id
    lists: tuple[int, int]  # abstract numbering ids of our bullet and number lists

    def style(self, name: str) -> str:
        """The id of the style Word shows as ``name`` (Word's names ignore case)."""
        return self.style_ids[name.lower()]

    def ready_list(self, ordered: bool, count: int) -> int:
        """The ``w:numId`` of the ready instance for the ``count``-th (from 0, less
        than ``LIST_POOL``) bulleted or numbered list of a brief."""
        return self.first_num_id + 2 * count + ordered

    @property
    def first_extra_list(self) -> int:
        """The ``w:numId`` of the first list instance a brief adds (``Parts.extra_lists``)."""
        return self.first_num_id + 2 * LIST_POOL

    def new_document(self) -> tuple[etree._Element, etree._Element]:
        """A copy of the main part for a brief, and its empty body to fill with the
        brief's paragraphs and tables (``assemble`` ends it with the section)."""
        document = self.document.__copy__()  # an lxml element copies its whole subtree
        return document, document.find(_BODY)

    @classmethod
    def parse(cls, data: bytes) -> Base:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = {info.filename: package.read(info) for info in package.infolist()}
        package_rels = _parse(members["_rels/.rels"])
        main = _targets(package_rels, "")["officeDocument"]
        folder = posixpath.dirname(main)
        rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
        rels = _parse(members[rels_name])
        targets = _targets(rels, folder)
        core = _targets(package_rels, "")["core-properties"]
        numbering_name, styles_name = targets["numbering"], targets["styles"]

        document = _parse(members[main])
        numbering = _parse(members[numbering_name])
        for root in (document, numbering):
            if root.nsmap.get("w") != W:  # the parts we write say w: for Word's namespace
                raise UsageError("the reference document's XML does not use Word's usual prefixes")
        body = document.find(_BODY)
        sect = body.find(_SECT_PR)
        for child in list(body):
            body.remove(child)
        _own_running_parts(sect)

        dropped = _drop_running(rels, folder) | _drop_custom(package_rels)
        for name in dropped:
            members.pop(name, None)
        for name, rel_id, kind, _ in (*RUNNING, FIRST_HEADER):
            etree.SubElement(rels, _REL, Id=rel_id, Type=REL_TYPE + kind, Target=posixpath.relpath(name, folder))
        style_ids = _style_ids(members[styles_name])
        etree.SubElement(package_rels, _REL, Id="rgCustom", Type=custom.RELATIONSHIP, Target=custom.PART)
        types = _content_types(_parse(members["[Content_Types].xml"]), members)
        ids = [int(n.get(_NUM_ID)) for n in numbering.iter(_NUM)]
        lists = _lists(numbering)
        first = max(ids, default=0) + 1
        _add_list_instances(numbering, first, [lists[n % 2] for n in range(2 * LIST_POOL)])
        own = {main, rels_name, "[Content_Types].xml", "_rels/.rels", numbering_name, styles_name, core}
        return cls(
            data=data,
            members=tuple((name, blob) for name, blob in members.items() if name not in own),
            fixed=(("[Content_Types].xml", _xml(types)), ("_rels/.rels", _xml(package_rels)),
                   (FIRST_HEADER[0], _empty_header(style_ids["header"]))),
            main_name=main,
            document=document,
            section=sect,
            rels_name=rels_name,
            rels=rels,
            numbering_name=numbering_name,
            numbering=numbering,
            first_num_id=first,
            styles_name=styles_name,
            styles=members[styles_name],
            core_name=core,
            text_width=_text_width(sect),
            style_ids=style_ids,
            lists=lists,
        )


def _own_running_parts(sect: etree._Element) -> None:
    """Point the section at our header and footer parts (the base document has a
    different first page)."""
    for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
        sect.remove(ref)
    for position, (_, rel_id, kind, where) in enumerate(sorted((*RUNNING, FIRST_HEADER), key=_header_first)):
        ref = etree.Element(qn(f"w:{kind}Reference"))
        ref.set(qn("w:type"), where)
        ref.set(qn("r:id"), rel_id)
        sect.insert(position, ref)  # header and footer references come first in w:sectPr


def _header_first(part: tuple[str, str, str, str]) -> bool:
    return part[2] != "header"


def _empty_header(style_id: str) -> bytes:
    """A header of one empty paragraph in the Header style."""
    header = etree.Element(qn("w:hdr"), nsmap={"w": W})
    etree.SubElement(etree.SubElement(etree.SubElement(header, qn("w:p")), qn("w:pPr")), qn("w:pStyle"),
                     {_VAL: style_id})
    return _xml(header)


def _style_ids(styles: bytes) -> dict[str, str]:
    ids: dict[str, str] = {}
    for style in _parse(styles).iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            ids.setdefault(name.get(_VAL, "").lower(), style.get(qn("w:styleId")))
    return ids


def _lists(numbering: etree._Element) -> tuple[int, int]:
    """The ids of our bullet and number list definitions, found by their names."""
    found = {}
    for abstract in numbering.iter(qn("w:abstractNum")):
        name = abstract.find(qn("w:name"))
        if name is not None and name.get(_VAL) in LIST_NAMES:
            found[name.get(_VAL)] = int(abstract.get(qn("w:abstractNumId")))
    if len(found) != len(LIST_NAMES):
        raise RuntimeError("the base document lacks its list definitions")
    bullets, numbers = (found[name] for name in LIST_NAMES)
    return bullets, numbers


def _drop_running(rels: etree._Element, folder: str) -> set[str]:
    """Remove the main part's header and footer relationships (each brief writes its
    own); the members they named."""
    gone = set()
    for rel in list(rels):
        if rel.get("Type", "").rsplit("/", 1)[-1] in ("header", "footer"):
            rels.remove(rel)
            gone.add(posixpath.normpath(posixpath.join(folder, rel.get("Target"))).lstrip("/"))
    return gone


def _drop_custom(package_rels: etree._Element) -> set[str]:
    """Remove the package's custom properties (each brief writes its own)."""
    gone = set()
    for rel in list(package_rels):
        if rel.get("Type") == custom.RELATIONSHIP:
            package_rels.remove(rel)
            gone.add(rel.get("Target", "").lstrip("/"))
    return gone


def _content_types(types: etree._Element, members: dict[str, bytes]) -> etree._Element:
    """``[Content_Types].xml`` without overrides for parts no longer in the package,
    with ours."""
    for override in list(types):
        name = override.get("PartName")
        if name is not None and name.lstrip("/") not in members:
            types.remove(override)
    for name, _, kind, _ in (*RUNNING, FIRST_HEADER):
        etree.SubElement(types, _OVERRIDE, PartName=f"/{name}", ContentType=f"{_CT_WML}{kind}+xml")
    etree.SubElement(types, _OVERRIDE, PartName=f"/{custom.PART}", ContentType=custom.CONTENT_TYPE)
    known = {d.get("Extension", "").lower() for d in types.iter(_DEFAULT)}
    for extension, mime in PICTURE_TYPES.items():
        if extension not in known:
            types.insert(0, etree.Element(_DEFAULT, Extension=extension, ContentType=mime))
    return types


def _targets(rels: etree._Element, folder: str) -> dict[str, str]:
    """Relationship type (its last word) -> member name, for a ``.rels`` part."""
    out: dict[str, str] = {}
    for rel in rels:
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type").rsplit("/", 1)[-1]
        out.setdefault(kind, posixpath.normpath(posixpath.join(folder, rel.get("Target"))).lstrip("/"))
    return out


def _text_width(sect: etree._Element) -> int:
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    try:
        width = int(size.get(qn("w:w")))
        return width - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    except (AttributeError, TypeError, ValueError):
        return 9638  # A4 with 20 mm margins


@lru_cache(maxsize=16)
def styles_in(base: Base, language: str, east_asian: str) -> bytes:
    """The base's styles in ``language``, East Asian text in ``east_asian``: the
    document defaults and every style that names a language (the brief's text is
    in its language whatever the style)."""
    root = _parse(base.styles)
    for lang in root.iter(qn("w:lang")):
        lang.set(_VAL, language)
        lang.set(qn("w:eastAsia"), east_asian)
    return _xml(root)


@dataclass
class Parts:
    """What one brief adds to its base."""

    document: etree._Element  # from ``Base.new_document``, its body filled
    links: dict[str, str]  # url -> relationship id
    extra_lists: list[int]  # abstract numbering id of each list instance beyond the ready ones
    running: tuple[etree._Element, ...]  # header, footer, first-page footer (w:hdr, w:ftr)
    core: bytes
    custom: dict[str, str]
    language: tuple[str, str]
    pictures: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # relationship id -> media file, bytes
    headers: tuple[etree._Element, ...] = ()  # more headers (w:hdr), each named by ``extra_header``


def extra_header(n: int) -> tuple[str, str]:
    """The member name and relationship id of the ``n``-th (from 0) of ``Parts.headers``,
    for a section of the document to point its header at."""
    return f"word/reportgen-header-x{n + 1}.xml", f"rgHeaderX{n + 1}"


def assemble(base: Base, parts: Parts) -> bytes:
    """The brief's package: its own parts added to the base's shared ones."""
    document = parts.document
    document.find(_BODY).append(base.section.__copy__())

    rels = base.rels.__copy__()
    for url, rel_id in parts.links.items():
        etree.SubElement(rels, _REL, Id=rel_id, Type=REL_TYPE + "hyperlink", Target=url, TargetMode="External")
    headers = [(*extra_header(n), root) for n, root in enumerate(parts.headers)]
    folder = posixpath.dirname(base.main_name)
    for name, rel_id, _ in headers:
        etree.SubElement(rels, _REL, Id=rel_id, Type=REL_TYPE + "header", Target=posixpath.relpath(name, folder))
    for rel_id, (name, _) in parts.pictures.items():
        etree.SubElement(rels, _REL, Id=rel_id, Type=REL_TYPE + "image", Target=f"media/{name}")

    if parts.extra_lists:
        numbering = base.numbering.__copy__()
        _add_list_instances(numbering, base.first_extra_list, parts.extra_lists)

    own = [
        (base.core_name, parts.core),
        (custom.PART, custom.custom_part(parts.custom)),
        (base.main_name, _xml(document)),
        (base.rels_name, _xml(rels)),
        *([(base.numbering_name, _xml(numbering))] if parts.extra_lists else []),
        *((name, _xml(root)) for (name, *_), root in zip(RUNNING, parts.running, strict=True)),
        *((name, _xml(root)) for name, _, root in headers),
        *((posixpath.join(folder, "media", name), data) for name, data in parts.pictures.values()),
    ]
    if headers:  # its content types name more parts than the shared skeleton's do
        shared = _shared(base, *parts.language, with_numbering=not parts.extra_lists)
        types = _parse(shared[0][1])
        for name, _, _ in headers:
            etree.SubElement(types, _OVERRIDE, PartName=f"/{name}", ContentType=f"{_CT_WML}header+xml")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as package:
            for name, blob in [("[Content_Types].xml", _xml(types)), *shared[1:], *own]:
                _put(package, name, blob)
        return out.getvalue()
    out = io.BytesIO(_skeleton(base, *parts.language, with_numbering=not parts.extra_lists))
    with zipfile.ZipFile(out, "a") as package:
        for name, blob in own:
            _put(package, name, blob)
    return out.getvalue()


def _shared(base: Base, language: str, east_asian: str, with_numbering: bool) -> list[tuple[str, bytes]]:
    """The members every brief in ``language`` shares, ``[Content_Types].xml`` first
    (with the numbering part, unless the brief has more lists than it has ready)."""
    shared = [*base.fixed, (base.styles_name, styles_in(base, language, east_asian)), *base.members]
    if with_numbering:
        shared.append((base.numbering_name, _xml(base.numbering)))
    return shared


@lru_cache(maxsize=16)
def _skeleton(base: Base, language: str, east_asian: str, with_numbering: bool) -> bytes:
    """A package of the members every brief in ``language`` shares, compressed once;
    each brief is this with its own members appended."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, blob in _shared(base, language, east_asian, with_numbering):
            _put(package, name, blob)
    return out.getvalue()


def _add_list_instances(numbering: etree._Element, first: int, abstracts: list[int]) -> None:
    """List instances numbered from ``first``, one on each of ``abstracts``, each counting from 1."""
    for n, abstract in enumerate(abstracts):
        num = etree.SubElement(numbering, _NUM, {_NUM_ID: str(first + n)})
        etree.SubElement(num, _ABSTRACT_NUM_ID, {_VAL: str(abstract)})
        override = etree.SubElement(num, _LVL_OVERRIDE, {_ILVL: "0"})
        etree.SubElement(override, _START_OVERRIDE, {_VAL: "1"})


def _put(package: zipfile.ZipFile, name: str, blob: bytes) -> None:
    """A member with a fixed date, as Word writes them (the core properties carry
    the brief's date), so the same brief always gives the same bytes."""
    member = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    stored = len(blob) < _STORE_BELOW or name.endswith(_STORED)
    member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    package.writestr(member, blob, compresslevel=1)  # speed over a few bytes


_CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_CORE_FIELDS = (
    ("dc", "title"), ("dc", "subject"), ("dc", "creator"), ("cp", "keywords"), ("dc", "description"),
    ("cp", "lastModifiedBy"), ("cp", "revision"), ("dc", "language"), ("cp", "category"),
)


def core_part(values: dict[str, str], when: datetime) -> bytes:
    """``docProps/core.xml``: the fields of ``values`` by their local names, created
    and modified ``when``."""
    root = etree.Element(f"{{{_CORE['cp']}}}coreProperties", nsmap=_CORE)
    for prefix, name in _CORE_FIELDS:
        etree.SubElement(root, f"{{{_CORE[prefix]}}}{name}").text = xml_text(values.get(name, ""))
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("created", "modified"):
        date = etree.SubElement(root, f"{{{_CORE['dcterms']}}}{name}", {f"{{{_CORE['xsi']}}}type": "dcterms:W3CDTF"})
        date.text = stamp
    return _xml(root)
