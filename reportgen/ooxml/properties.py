"""A brief's metadata in a Word document's custom properties (``docProps/custom.xml``).

The Word brief prints its metadata through the template (masthead, source
line, memo fields), in words an editor may change and a template may
reword; reading those words back would tie the reader to the template. So
the renderer also writes the metadata as custom properties, named
``reportgen.<field>`` (Word shows them under File › Properties › Custom), and
the reader takes them from there. Key points are kept there too when the
template prints no key-points panel for the reader to read them from.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from lxml import etree

from ..model import Inlines, Meta, SchemaError, inline_from_json, inlines_to_json
from . import xml_text

NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PART = "docProps/custom.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id every user-defined property has
PREFIX = "reportgen."
_TEXT_FIELDS = ("title", "subtitle", "date", "publisher", "url", "language", "marking")


def brief_properties(meta: Meta, key_points: tuple[Inlines, ...] = ()) -> dict[str, str]:
    """The custom properties that carry ``meta`` (and key points the document does
    not print) through Word."""
    out = {f"{PREFIX}{name}": getattr(meta, name) for name in _TEXT_FIELDS if getattr(meta, name)}
    if meta.authors:
        out[f"{PREFIX}authors"] = json.dumps(list(meta.authors), ensure_ascii=False)
    if key_points:
        out[f"{PREFIX}key_points"] = json.dumps([inlines_to_json(p) for p in key_points], ensure_ascii=False)
    return out


def custom_part(values: dict[str, str]) -> bytes:
    """``docProps/custom.xml`` holding ``values`` as text properties."""
    root = etree.Element(f"{{{NS}}}Properties", nsmap={None: NS, "vt": VT})
    for pid, (name, value) in enumerate(values.items(), start=2):  # ids 0 and 1 are reserved
        prop = etree.SubElement(root, f"{{{NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = xml_text(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_custom_part(data: bytes) -> dict[str, str]:
    """The text properties in a ``docProps/custom.xml``, by name."""
    out: dict[str, str] = {}
    for prop in etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)):
        name = prop.get("name")
        if name and len(prop):
            out[name] = prop[0].text or ""
    return out


def meta_fields(properties: dict[str, str]) -> dict[str, Any]:
    """What our properties say: metadata fields by name (``authors`` a tuple) and
    ``key_points`` (a tuple of inlines); what is missing or unreadable is left out."""
    out: dict[str, Any] = {
        name: properties[PREFIX + name] for name in _TEXT_FIELDS if properties.get(PREFIX + name)
    }
    authors = _json(properties.get(f"{PREFIX}authors"))
    if isinstance(authors, list) and all(isinstance(a, str) for a in authors):
        out["authors"] = tuple(authors)
    points = _json(properties.get(f"{PREFIX}key_points"))
    if isinstance(points, list):
        with contextlib.suppress(SchemaError, TypeError):
            out["key_points"] = tuple(
                tuple(inline_from_json(span, "key_points") for span in point) for point in points
            )
    return out


def _json(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None
