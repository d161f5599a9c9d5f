"""The tagged PDF: a structure tree built in the brief's order, and marked content
written while reportlab draws, so a screen reader finds headings, paragraphs,
lists, tables, quotations and links (PDF/UA-1).

Two halves meet here:

- **The tree** (``Tree``) is built by the renderer as it makes flowables, in the
  content model's order: ``tree.tag(flowable, role)`` gives a flowable its
  structure element, ``tree.group(role)`` opens an element that holds the next
  ones (a section, a list, a table). Which element a block becomes is decided
  where the renderer makes its flowable; ``ROLES`` names them in one place.
- **The marks** are written by the canvas. Everything on a page is an artifact
  unless a tagged flowable is drawing: each page opens ``/Artifact BMC`` before
  its content and closes it after, and a tagged flowable, while it draws, closes
  that, opens ``/Role <</MCID n>> BDC`` and reopens the artifact when it is done.
  So backgrounds, rules, the masthead band and spacing are artifacts with no
  code of their own, the running header and footer are typed pagination
  artifacts, and a flowable drawn a second time (a table's header row repeated
  on the next page) stays an artifact there.

A flowable split across pages keeps its element (``Paragraph.split`` copies
it), so the element gathers one marked-content reference per page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from reportlab.pdfbase import pdfdoc

from ...prose import language_of
from ._ttf import Raw
from .fonts import CJK_FAMILIES

# What each part of a brief becomes. A new block type adds its role here and
# tags its flowable where the renderer makes it; a flowable that is not a
# Paragraph mixes in Marked. A figure: tree.tag(image, ROLES["figure"],
# Alt=block.alt), then with tree.group(node=image._tag) its caption paragraph
# tagged ROLES["caption"].
ROLES = {
    "document": "Document", "section": "Sect", "paragraph": "P", "caption": "Caption",
    "list": "L", "item": "LI", "label": "Lbl", "body": "LBody",
    "table": "Table", "head": "THead", "rows": "TBody", "row": "TR", "header_cell": "TH", "cell": "TD",
    "quote": "BlockQuote", "figure": "Figure", "link": "Link", "contents": "TOC", "contents_entry": "TOCI",
}
_LINE_END = re.compile(r"(?<!\\)\) Tj {1,2}T\* (?!ET)")  # a line's text, then a line break
_BREAK, _SPACED_BREAK, _LAST_BREAK = ") Tj T* ", ") Tj ( ) Tj T* ", ") Tj T* ET"
_FONT_OR_LINE_END = re.compile(r"(/F\d+\+)\d+ \S+ Tf|(?<!\\)\) Tj {1,2}T\* (?!ET)")
_CJK_FONTS = tuple(CJK_FAMILIES)
DEEPEST_HEADING = 6  # H1 … H6 are the standard heading types


def word_break(canv: Any, font: str, size: float) -> None:
    """An invisible space inside the open marked content: two paragraphs drawn as one
    element (a contents entry's title and detail) read as two words, not one."""
    text = canv.beginText()
    text.setTextRenderMode(3)  # neither filled nor stroked
    text.setFont(font, size)
    text.textOut(" ")
    text.setTextRenderMode(0)  # the mode outlives the text object: what follows must show
    canv.drawText(text)


def spaced_lines(code: str) -> str:
    """A text object's ``code`` with a space shown at the end of each line but the
    last (where ``_LINE_END`` matches). Most text has no line ending in an escaped
    parenthesis or a double space, and needs no pattern: a plain replacement is
    ten times faster."""
    if "\\) Tj" in code or "Tj  T*" in code:
        return _LINE_END.sub(_SPACED_BREAK, code)  # a literal: no template to expand
    head, last, tail = code.rpartition(_LAST_BREAK)
    if not last:
        return code.replace(_BREAK, _SPACED_BREAK)
    return head.replace(_BREAK, _SPACED_BREAK) + last + tail


def heading_role(level: int) -> str:
    """The heading type of a heading ``level`` deep (1: the title)."""
    return f"H{max(1, min(level, DEEPEST_HEADING))}"


class Marked:
    """A flowable drawn as the marked content of its structure element, if the
    renderer gave it one (``Tree.tag``); mixed in before the flowable's class
    (``Paragraph``; a figure: ``class Figure(Marked, Image)``)."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """The flowable's split; every part keeps its structure element."""
        parts = super().split(availWidth, availHeight)  # type: ignore[misc]
        tag = self.__dict__.get("_tag")
        if tag is not None:
            for part in parts:
                part._tag = tag
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tree = getattr(canvas, "tree", None)
        if tree is None or not tree.begin(canvas, self):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        tree.end(canvas)


class Node:
    """A structure element: its type, attributes and kids (elements, marked
    content as ``(page, mcid)``, annotations as ``(page, annotation)``)."""

    __slots__ = ("attrs", "keep", "kids", "number", "role")

    def __init__(self, role: str, attrs: dict[str, Any] | None = None, keep: bool = False):
        self.role, self.attrs, self.keep = role, attrs or {}, keep
        self.kids: list[Any] = []
        self.number = 0  # its object number, once written (0: left out of the tree)


class Tree:
    """The structure tree of one brief, and the marked content that fills it."""

    def __init__(self, language: str):
        self.language = language
        self.root = Node(ROLES["document"])
        self._stack = [self.root]
        self.pages: dict[int, list[Node]] = {}  # page number -> the element of each MCID on it
        self.annotations: list[tuple[Node, Any]] = []  # Link elements with their annotations
        self._open: Node | None = None  # the element whose content is being drawn
        self._page = 0
        self._next: Node | None = None  # where a list item's text goes after its label
        self.metadata: Metadata | None = None
        self._cjk: tuple[int, tuple[str, ...]] | None = None  # fonts known, the CJK fonts' subset names
        self._keys: dict[int, int] = {}  # page number -> its key in the parent tree

    # --- building, in the brief's order ------------------------------------------------

    def lang(self, text: str | None) -> dict[str, str]:
        """``{"Lang": …}`` for ``text`` in another language than the brief's, else nothing."""
        if not text or text.isascii():  # no kana, so the brief's language (``language_of``)
            return {}
        lang = language_of(text, self.language)
        return {"Lang": lang} if lang != self.language else {}

    def node(self, role: str, text: str | None = None, keep: bool = False, **attrs: Any) -> Node:
        """A new element under the open group; ``text`` in another language than the
        brief's gives it its own ``/Lang``."""
        node = Node(role, {**attrs, **self.lang(text)}, keep)
        self._stack[-1].kids.append(node)
        return node

    def tag(self, flowable: Any, role: str, text: str | None = None, keep: bool = False, **attrs: Any) -> Any:
        """``flowable`` drawn as a new element ``role``; returns the flowable."""
        flowable._tag = self.node(role, text, keep, **attrs)
        return flowable

    def item(self, flowable: Any, text: str | None = None) -> Node:
        """A list item drawn as one paragraph: its bullet or number is the label, the
        rest the body. Nested lists go in ``group(node=)`` the item returned."""
        li = self.node(ROLES["item"])
        li.kids += [Node(ROLES["label"]), Node(ROLES["body"], self.lang(text))]
        flowable._tag = li
        return li

    @contextmanager
    def group(self, role: str | None = None, node: Node | None = None, text: str | None = None) -> Iterator[Node]:
        """Elements made inside go into a new element ``role`` (or into ``node``);
        ``text``: the group's plain text, for its language."""
        if node is None:
            node = self.node(role or ROLES["section"], text)
        self._stack.append(node)
        try:
            yield node
        finally:
            self._stack.pop()

    # --- marking, while the canvas draws ---------------------------------------------------

    def begin(self, canv: Any, flowable: Any) -> bool:
        """Open ``flowable``'s marked content, if it has an element and is drawn for the
        first time (a repeat stays an artifact); whether anything was opened."""
        node: Node | None = getattr(flowable, "_tag", None)
        if node is None or self._open is not None or "_marked" in flowable.__dict__:
            return False
        flowable._marked = True
        self._page = canv.getPageNumber()
        if node.role == ROLES["item"]:
            label, body = node.kids[0], node.kids[1]
            if getattr(flowable, "bulletText", None):
                self._next = body
                node = label
            else:
                node = body
        self._mark(canv, node)
        return True

    def _mark(self, canv: Any, node: Node) -> None:
        marks = self.pages.setdefault(self._page, [])
        node.kids.append((self._page, len(marks)))
        lang = node.attrs.get("Lang")
        span = f" /Lang {pdf_string(lang)}" if lang else ""
        canv._code.append(f"EMC /{node.role} <</MCID {len(marks)}{span}>> BDC")
        marks.append(node)
        self._open = node

    def text_code(self, canv: Any, code: str) -> str:
        """A text object's code, with a space shown at the end of each line but the
        last while an element is open: a line break is not a word break to a tool
        reading the marked content, a space is. (Code 32 is a space in every subset
        reportlab makes; the space draws nothing.) Lines of Japanese or Chinese,
        which break between letters, are left alone."""
        if self._open is None or " T* " not in code:
            return code
        mapping = canv._doc.fontMapping
        if self._cjk is None or self._cjk[0] != len(mapping):
            self._cjk = (len(mapping), tuple(f"{internal}+" for name, internal in mapping.items()
                                             if name.startswith(_CJK_FONTS)))
        cjk = self._cjk[1]
        if not any(name in code for name in cjk):
            return spaced_lines(code)
        font = ""

        def spaced(match: re.Match) -> str:
            nonlocal font
            if match.group(1):
                font = match.group(1)
                return match.group(0)
            return match.group(0) if font in cjk else _SPACED_BREAK

        return _FONT_OR_LINE_END.sub(spaced, code)

    def text_drawn(self, canv: Any) -> None:
        """After a text object: a list item's label is done, its body follows."""
        if self._next is not None and self._open is not None:
            body, self._next = self._next, None
            canv._code.append("EMC /Artifact BMC")
            self._mark(canv, body)

    def end(self, canv: Any) -> None:
        canv._code.append("EMC /Artifact BMC")
        self._open = self._next = None

    def annotate(self, canv: Any, annotation: Any, description: str) -> None:
        """A link annotation drawn inside the open element: a Link element holding
        it, and the annotation's own description."""
        annotation["Contents"] = pdfdoc.PDFString(description)
        parent = self._open
        if parent is None:
            return
        if parent.role == ROLES["label"]:
            parent = self._next or parent
        link = Node(ROLES["link"])
        parent.kids.append(link)
        self.annotations.append((link, annotation))
        link.kids.append((canv.getPageNumber(), annotation))

    # --- writing ----------------------------------------------------------------------------

    def parent_keys(self) -> dict[int, dict[str, Any]]:
        """Number the pages that hold marked content and the link annotations in the
        parent tree; the entries each page needs, before its page object is made."""
        self._keys = {number: key for key, number in enumerate(sorted(self.pages))}
        next_key = len(self._keys)
        for _, annotation in self.annotations:
            annotation["StructParent"] = next_key
            next_key += 1
        return {number: {"StructParents": key} for number, key in self._keys.items()}

    def write(self, doc: Any) -> None:
        """Add the structure tree to ``doc``, once its pages are made (``parent_keys``
        first): every element is written straight to PDF in one pass, as a tree has
        hundreds and reportlab's generic objects took a tenth of the time of a brief."""
        root = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root)
        numbers = doc.idToObjectNumberAndVersion
        shown: list[tuple[Node, Node | None]] = []
        _collect(self.root, None, shown)
        elements = []
        for node, _ in shown:
            element = Raw()
            node.number = numbers[doc.Reference(element).name][0]
            elements.append(element)
        pages: dict[int, bytes] = {}

        def page_ref(number: int) -> bytes:
            ref = pages.get(number)
            if ref is None:
                ref = pages[number] = b"%d 0 R" % numbers[f"Page{number}"][0]
            return ref

        root_number = b"%d 0 R" % numbers[root_ref.name][0]
        for (node, parent), element in zip(shown, elements, strict=True):
            element.data = _element(node, b"%d 0 R" % parent.number if parent else root_number, page_ref, doc)
        root["K"] = Raw(b"%d 0 R" % self.root.number)
        nums = [b"%d [ %s ]" % (key, b" ".join(b"%d 0 R" % n.number for n in self.pages[number]))
                for number, key in self._keys.items()]
        nums += [b"%d %d 0 R" % (annotation["StructParent"], link.number) for link, annotation in self.annotations]
        root["ParentTree"] = doc.Reference(Raw(b"<< /Nums [ " + b" ".join(nums) + b" ] >>"))
        root["ParentTreeNextKey"] = len(self._keys) + len(self.annotations)
        catalog = doc.Catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": _TRUE})
        catalog.ViewerPreferences = pdfdoc.PDFDictionary({"DisplayDocTitle": _TRUE})
        if self.metadata is not None:
            stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                                            "Subtype": pdfdoc.PDFName("XML")}),
                                      self.metadata.xmp().encode("utf-8"))
            stream.filters = []
            catalog.Metadata = stream


def _collect(node: Node, parent: Node | None, out: list[tuple[Node, Node | None]]) -> bool:
    """Add ``node`` and the elements under it to ``out`` in the tree's order, with
    their parents, if they hold any content or are kept empty (table cells); the
    others are left out of the tree. Whether ``node`` was added."""
    out.append((node, parent))
    held = node.keep
    for kid in node.kids:
        if not isinstance(kid, Node) or _collect(kid, node, out):
            held = True
    if not held:
        out.pop()  # nothing under it was added either
    return held


def _element(node: Node, parent: bytes, page_ref: Callable[[int], bytes], doc: Any) -> bytes:
    """A structure element as PDF: its first page is its ``/Pg``, and marked content
    there is a bare MCID."""
    first = next((kid[0] for kid in node.kids if type(kid) is tuple), None)
    out = [b"<< /S /", node.role.encode(), b" /P ", parent]
    if first is not None:
        out += [b" /Pg ", page_ref(first)]
    kids = []
    for kid in node.kids:
        if type(kid) is not tuple:
            if kid.number:
                kids.append(b"%d 0 R" % kid.number)
        elif type(kid[1]) is int:
            page, mcid = kid
            kids.append(b"%d" % mcid if page == first else b"<< /Type /MCR /Pg %s /MCID %d >>" % (page_ref(page), mcid))
        else:
            page, annotation = kid
            kids.append(b"<< /Type /OBJR /Pg %s /Obj %s >>" % (page_ref(page), doc.Reference(annotation).format(doc)))
    if kids:
        out += [b" /K ", kids[0] if len(kids) == 1 else b"[ " + b" ".join(kids) + b" ]"]
    for key, value in node.attrs.items():
        out += [f" /{key} ".encode(), _value(key, value).format(doc)]
    out.append(b" >>")
    return b"".join(out)


_TRUE = Raw(b"true")


def _value(key: str, value: Any) -> Any:
    if key == "A":  # attributes of a table cell
        return pdfdoc.PDFDictionary({k: pdfdoc.PDFName(v) for k, v in value.items()})
    return pdfdoc.PDFString(value)


def _xml_text(text: str) -> str:
    return escape(text, quote=False)


def pdf_string(text: str) -> str:
    """``text`` (ASCII) as a PDF literal string for a content stream."""
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


@contextmanager
def artifact(canv: Any, kind: str) -> Iterator[None]:
    """Page furniture of one ``kind`` (Header or Footer): a pagination artifact."""
    canv._code.append(f"EMC /Artifact <</Type /Pagination /Subtype /{kind}>> BDC")
    try:
        yield
    finally:
        canv._code.append("EMC /Artifact BMC")


def page_frame(canv: Any) -> None:
    """Open the page as an artifact before its content and close it after."""
    canv._psCommandsBeforePage = ["/Artifact BMC"]
    canv._psCommandsAfterPage = ["EMC"]


@dataclass(frozen=True)
class Metadata:
    """What the XMP packet says: Dublin Core title, creators and language, the
    date, and the claim of PDF/UA-1."""

    title: str
    authors: tuple[str, ...]
    language: str
    when: datetime

    def xmp(self) -> str:
        creators = "".join(f"<rdf:li>{_xml_text(a)}</rdf:li>" for a in self.authors)
        stamp = self.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_xml_text(self.title)}</rdf:li></rdf:Alt></dc:title>\n'
            f"<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>\n"
            f"<dc:language><rdf:Bag><rdf:li>{_xml_text(self.language)}</rdf:li></rdf:Bag></dc:language>\n"
            f"<xmp:CreateDate>{stamp}</xmp:CreateDate>\n"
            "<pdfuaid:part>1</pdfuaid:part>\n"
            "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
            '<?xpacket end="w"?>'
        )
