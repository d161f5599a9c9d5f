"""A part's XML as Word shows it with every tracked change accepted, and without
the wrappers that hold no text of their own.

Editors hand on files with Track Changes still on. Reading them as accepted
keeps every word they inserted and none they deleted: insertions and moves
(``w:ins``, ``w:moveTo``) are kept, deletions (``w:del``, ``w:moveFrom``, deleted
rows, cells and paragraph marks) are dropped, and property changes
(``w:rPrChange``, ``w:pPrChange``, …) keep their new form. Content controls,
smart tags and custom XML are unwrapped; Markup Compatibility blocks become
the branch we can read; range markers, bookmarks and proofing marks go.
"""

from __future__ import annotations

from lxml import etree

from ...ooxml import qn

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Prefixes a Markup Compatibility choice may require that we read: Word 2010+
# shapes, groups, canvases and drawing extensions (text boxes, pictures).
_UNDERSTOOD = frozenset({"wps", "wpg", "wpc", "wp14", "w14", "w15", "w16se", "a14", "v", "o"})

_INSERTED = tuple(qn(f"w:{n}") for n in ("ins", "moveTo"))
_DELETED = tuple(qn(f"w:{n}") for n in ("del", "moveFrom"))
_CHANGES = tuple(qn(f"w:{n}") for n in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblGridChange", "trPrChange", "tcPrChange",
    "tblPrExChange", "numberingChange"))
_WRAPPERS = tuple(qn(f"w:{n}") for n in ("smartTag", "customXml", "dir", "bdo"))
_MARKERS = tuple(qn(f"w:{n}") for n in (
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "commentRangeStart",
    "commentRangeEnd", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd", "smartTagPr", "customXmlPr", "delText", "delInstrText", "cellIns"))
_P, _PPR, _RPR, _TRPR, _TCPR = qn("w:p"), qn("w:pPr"), qn("w:rPr"), qn("w:trPr"), qn("w:tcPr")
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")


def accept(root: etree._Element) -> int:
    """Resolve ``root`` in place as described above; the number of tracked changes taken."""
    _resolve_alternate_content(root)
    changes = 0
    for mark in list(root.iter(*_DELETED)):
        parent = mark.getparent()
        if parent is None:
            continue
        changes += 1
        if parent.tag == _RPR and parent.getparent() is not None and parent.getparent().tag == _PPR:
            parent.remove(mark)  # a deleted paragraph mark: the paragraph joins the next
            _join_next(parent.getparent().getparent())
        elif parent.tag == _TRPR:
            row = parent.getparent()
            if row is not None and row.getparent() is not None:
                row.getparent().remove(row)
        else:
            parent.remove(mark)
    for cell in list(root.iter(qn("w:cellDel"))):
        changes += 1
        tc = cell.getparent().getparent() if cell.getparent() is not None else None
        if tc is not None and tc.getparent() is not None:
            tc.getparent().remove(tc)
    for mark in list(root.iter(*_INSERTED)):
        changes += 1
        if mark.getparent() is not None and mark.getparent().tag in (_RPR, _TRPR):
            mark.getparent().remove(mark)  # an inserted paragraph mark or row: nothing more to keep
        else:
            _unwrap(mark)
    for change in list(root.iter(*_CHANGES)):
        changes += 1
        change.getparent().remove(change)
    for sdt in list(root.iter(_SDT)):
        content = sdt.find(_SDT_CONTENT)
        if content is not None:
            for child in list(content):
                sdt.addprevious(child)
        sdt.getparent().remove(sdt)
    for wrapper in list(root.iter(*_WRAPPERS)):
        _unwrap(wrapper)
    for marker in list(root.iter(*_MARKERS)):
        marker.getparent().remove(marker)
    return changes


def _unwrap(element: etree._Element) -> None:
    """Put ``element``'s children in its place."""
    for child in list(element):
        element.addprevious(child)
    element.getparent().remove(element)


def _join_next(p: etree._Element | None) -> None:
    """A paragraph whose mark was deleted: its content moves to the start of the
    next paragraph, which keeps its own properties."""
    if p is None or p.tag != _P:
        return
    following = p.getnext()
    if following is None or following.tag != _P:
        return
    anchor = following.find(_PPR)
    content = [c for c in p if c.tag != _PPR]
    for child in reversed(content):
        if anchor is not None:
            anchor.addnext(child)
        else:
            following.insert(0, child)
    p.getparent().remove(p)


def _resolve_alternate_content(root: etree._Element) -> None:
    """Each ``mc:AlternateContent`` becomes its first choice whose required
    namespaces we read, else its fallback."""
    for block in list(root.iter(f"{{{MC}}}AlternateContent")):
        chosen = None
        for choice in block.iterchildren(f"{{{MC}}}Choice"):
            if set(choice.get("Requires", "").split()) <= _UNDERSTOOD:
                chosen = choice
                break
        if chosen is None:
            chosen = block.find(f"{{{MC}}}Fallback")
        if chosen is not None:
            for child in list(chosen):
                block.addprevious(child)
        block.getparent().remove(block)
