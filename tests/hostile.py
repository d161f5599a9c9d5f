"""Hostile sources, made on the fly: each a name and the bytes of a file meant to
exhaust memory or time, crash a renderer, or smuggle something into a brief."""

from __future__ import annotations

import io
import json
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body: str | None = None, *, extra: dict[str, bytes] | None = None, bomb: int = 0) -> bytes:
    """A minimal Word package with ``body`` as its document's body XML; with ``bomb``,
    the document part streams that many bytes of blanks after the body."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body or ""}'
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head.encode())
            chunk = b" " * 2**20
            for _ in range(bomb // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def paragraphs(count: int) -> str:
    return "<w:p><w:r><w:t>Word.</w:t></w:r></w:p>" * count


def yaml_bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for i in range(1, levels):
        refs = ",".join(f"*{names[i - 1]}" for _ in range(9))
        lines.append(f"{names[i]}: &{names[i]} [{refs}]")
    return "\n".join(lines) + "\n"


def json_brief(**fields: object) -> bytes:
    brief: dict[str, object] = {
        "schema": "reportgen.brief/1",
        "meta": {"title": "A Hostile Brief"},
        "key_points": [],
        "lead": [{"type": "paragraph", "text": "The lead paragraph of the brief."}],
        "sections": [],
        "sources": [],
        "glossary": [],
    }
    brief.update(fields)
    return json.dumps(brief).encode()


def deep_json(depth: int) -> bytes:
    """A JSON brief whose sections nest ``depth`` deep (written as text: json cannot)."""
    opening = '{"title": "Level", "blocks": [], "sections": [' * depth
    brief = json_brief(sections=["@"]).decode()
    return brief.replace('"@"', opening + "]}" * depth).encode()


def wide_table(columns: int) -> bytes:
    header = "| " + " | ".join(f"h{c}" for c in range(columns)) + " |"
    rule = "|" + "---|" * columns
    row = "| " + " | ".join(f"v{c}" for c in range(columns)) + " |"
    return f"# Wide Table\n\nA table follows.\n\n{header}\n{rule}\n{row}\n".encode()


BOMBS: dict[str, bytes] = {}


def bombs() -> dict[str, bytes]:
    """Sources meant to exhaust memory or time: each must fail alone, in one line."""
    if not BOMBS:
        BOMBS.update({
            "inflate.docx": docx(paragraphs(1), bomb=300 * 2**20),
            "many-paragraphs.docx": docx(paragraphs(400_000)),
            "million-items.json": json_brief(lead=[{
                "type": "list", "ordered": False, "items": [{"text": "x"} for _ in range(1_000_000)],
            }]),
            "aliases.md": f"---\n{yaml_bomb()}key_points: *i\n---\n\n# Aliases\n\nBody text.\n".encode(),
            "deep.json": deep_json(10_000),
            "deep-list.md": b"# Deep\n\n" + b"".join(b"  " * i + b"- item\n" for i in range(1000)),
            "deep.html": b"<html><body><article><h1>Deep</h1><p>Some text here.</p>"
            + b"<div>" * 20_000 + b"<p>Inside.</p>" + b"</div>" * 20_000 + b"</article></body></html>",
            "huge.txt": b"Huge\n\n" + b"word " * (12 * 2**20 // 5),
        })
    return BOMBS


def ordinary() -> dict[str, bytes]:
    """Sources that once crashed a renderer and must now build a brief."""
    return {
        "wide-table.md": wide_table(3000),
        "empty-table.json": json_brief(lead=[{"type": "table", "caption": None, "header": [], "rows": []}]),
        "key-points.json": json_brief(key_points=[f"Key point number {n} of many." for n in range(300)]),
        "long-term.json": json_brief(glossary=[{"term": "T" * 5000, "expansion": "A very long term"}]),
        "anchor.md": b"# Anchors\n\nThe answer is [see below](#nowhere), and more.\n",
        "bare-host.md": b"---\nurl: example.org\n---\n\n# Bare Host\n\nA brief with a bare host.\n",
    }
