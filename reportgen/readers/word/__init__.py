"""Reader for Word documents (``.docx``): our own briefs after a person edited
them — in Word or LibreOffice, with Track Changes on or off — and ordinary
documents that use Word's built-in styles.

The package is opened through size limits (``_package``); each part is read
as Word shows it with every tracked change accepted (``_accept``); the body's
styles give the structure (``_walk``). The Sources and Glossary sections at the
end go back to the brief's sources and glossary; a brief's metadata comes
from the document properties our Word renderer writes (``ooxml.properties``),
an ordinary document's from its core properties.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import SourceError
from ...model import Brief, GlossaryEntry, Inlines, ListBlock, Meta, Paragraph, Source, Table, body_texts, collapse
from ...ooxml import properties as custom
from ...ooxml import qn
from ...prose import guess_language
from ...structure import Flat, Heading, sectionize
from .. import _conventions as conv
from ._accept import accept
from ._package import Numbering, Package, Styles, check_length
from ._walk import NotePart, Walk

_DEFAULT_AUTHORS = frozenset({"python-docx", "Unknown Author", "Author"})  # what tools write when nobody is named


def read(data: bytes | str, *, path: Path | None = None) -> Brief:
    if isinstance(data, str):
        raise SourceError("not a Word document (text, not a .docx package)")
    package = Package(data)
    document = package.xml(package.main)
    body = document.find(qn("w:body")) if document is not None else None
    if body is None:
        raise SourceError("not a Word document (the main part has no body)")
    check_length(body)
    changes = accept(document)
    note_parts = {}
    for kind in ("footnotes", "endnotes"):
        part, changed = _note_part(package, kind)
        changes += changed
        if part is not None:
            note_parts[kind] = part
    walk = Walk(Styles.parse(package.related("styles")), Numbering.parse(package.related("numbering")),
                package.rels, note_parts, media=package.read)
    walk.body(body)
    warnings = list(walk.figures.warnings())
    if changes:
        warnings.append(f"{changes} tracked change{'s' if changes != 1 else ''} taken as accepted")
    comments = package.related("comments")
    count = len(comments.findall(qn("w:comment"))) if comments is not None else 0
    if count:
        warnings.append(f"{count} comment{'s' if count != 1 else ''} left out")
    stream, sources, glossary, notes = _take_back_matter(conv.mark_interview(walk.stream))
    notes = [*walk.notes, *notes]  # footnotes first: the text marks them [1], [2]…
    lead, sections = sectionize(stream)
    fields = custom.meta_fields(props := package.properties())
    key_points = tuple(walk.key_points) or fields.get("key_points", ())
    if not (lead or sections or key_points):
        raise SourceError("; ".join(("the document has no text", *walk.figures.warnings())))
    meta = _meta(walk, fields, props, " ".join(body_texts(lead, sections)), path)
    return Brief(meta=meta, key_points=key_points, lead=lead, sections=sections, sources=tuple(sources),
                 glossary=tuple(glossary), warnings=tuple(warnings), notes=tuple(notes))


def _note_part(package: Package, kind: str) -> tuple[NotePart | None, int]:
    """The footnotes or endnotes part, its tracked changes accepted (and how many
    there were); Word's separator notes are not notes."""
    found = package.rels.get(kind)
    root = package.xml(found[0]) if found and not found[1] else None
    if root is None or found is None:
        return None, 0
    changes = accept(root)
    notes = {n.get(qn("w:id"), ""): n for n in root if n.get(qn("w:type")) in (None, "normal")}
    return NotePart(notes, package.relationships(found[0])), changes


def _meta(walk: Walk, fields: dict, props: dict[str, str], text: str, path: Path | None) -> Meta:
    """The brief's metadata: what the document shows (its Title and Subtitle
    paragraphs) first, then our properties, then Word's core properties."""
    ours = any(name.startswith(custom.PREFIX) for name in props)
    creator = props.get("creator", "")
    authors = fields.get("authors") or tuple(
        a.strip() for a in re.split(r"[;,]", creator) if a.strip() and creator not in _DEFAULT_AUTHORS
    )
    created = props.get("created", "")
    return Meta(
        title=walk.title or fields.get("title") or collapse(props.get("title", "")),
        subtitle=walk.subtitle or fields.get("subtitle"),
        date=fields.get("date") or (None if ours or not re.match(r"(19|20)\d\d-", created) else created[:10]),
        authors=authors,
        publisher=fields.get("publisher"),
        url=fields.get("url"),
        language=fields.get("language") or props.get("language", "").strip() or guess_language(text),
        marking=fields.get("marking") or (None if ours else props.get("category", "").strip() or None),
        source_path=str(path) if path else None,
    )


def _take_back_matter(
    stream: list[Flat],
) -> tuple[list[Flat], list[Source], list[GlossaryEntry], list[Inlines]]:
    """Notes, Sources and Glossary headings with what follows them, up to the next heading."""
    out: list[Flat] = []
    sources: list[Source] = []
    glossary: list[GlossaryEntry] = []
    notes: list[Inlines] = []
    mode = None
    for block in stream:
        if isinstance(block, Heading):
            mode = "sources" if conv.is_sources_title(block.title) else \
                "glossary" if conv.is_glossary_title(block.title) else \
                "notes" if conv.is_notes_title(block.title) else None
            if mode:
                continue
        if mode == "notes" and isinstance(block, ListBlock):
            notes += [i.line for i in block.items]
            continue
        if mode == "notes" and isinstance(block, Paragraph):
            notes.append(block.inlines)
            continue
        if mode == "sources" and isinstance(block, ListBlock | Paragraph):
            sources.extend(conv.block_sources(block))
            continue
        if mode == "glossary" and isinstance(block, Table):
            rows = (block.header_text, *block.rows_text)
            glossary += [GlossaryEntry(r[0], r[1]) for r in rows if len(r) >= 2 and r[0]]
            continue
        if mode == "glossary" and isinstance(block, ListBlock):
            glossary += [GlossaryEntry(i.term, i.text) for i in block.items if i.term]
            continue
        out.append(block)
    return out, sources, glossary, notes
