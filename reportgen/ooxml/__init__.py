"""WordprocessingML facts both the Word reader and the Word renderer rely on:
namespaces, the style names a Word brief is made of (a published contract),
and the document properties that carry a brief's metadata through Word.

Nothing here reads or writes a whole document; ``readers.word`` and
``renderers.word`` do, each importing what they share from here.
"""

from __future__ import annotations

import re

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

NAMESPACES = {"w": W, "r": R}
# DrawingML, for pictures: a drawing declares these where it starts.
DRAWING_NAMESPACES = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
_PREFIXES = {**NAMESPACES, **DRAWING_NAMESPACES}
EMU_PER_POINT = 12700
TWIPS_PER_POINT = 20  # Word measures page and text widths in twentieths of a point


def qn(name: str) -> str:
    """``w:p`` -> ``{http://…/main}p`` (Clark notation, as lxml names elements)."""
    prefix, _, local = name.partition(":")
    return f"{{{_PREFIXES[prefix]}}}{local}"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (most control characters)."""
    return _NOT_XML.sub("", text)
