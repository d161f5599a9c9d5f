"""A readable dump of a brief's tree: what ``reportgen inspect`` prints, and
the expected value in the readers' golden tests."""

from __future__ import annotations

from typing import assert_never

from .model import (
    Block,
    Brief,
    Figure,
    Inlines,
    Item,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Table,
    Text,
    inline_to_json,
    plain,
)


def dump(brief: Brief) -> str:
    m = brief.meta
    lines = [f"title: {m.title}"]
    for label, value in (
        ("subtitle", m.subtitle),
        ("date", m.date),
        ("authors", "; ".join(m.authors)),
        ("publisher", m.publisher),
        ("url", m.url),
        ("language", m.language),
        ("marking", m.marking),
    ):
        if value:
            lines.append(f"{label}: {value}")
    if brief.key_points:
        lines.append("key points:")
        lines.extend(f"  * {plain(point)}{_formatting(point)}" for point in brief.key_points)
    if brief.lead:
        lines.append("lead:")
        for block in brief.lead:
            lines.extend(_block(block, "  "))
    for section in brief.sections:
        lines.extend(_section(section, 1))
    if brief.notes:
        lines.append("notes:")
        lines.extend(f"  [{n}] {plain(note)}{_formatting(note)}" for n, note in enumerate(brief.notes, 1))
    if brief.sources:
        lines.append("sources:")
        lines.extend(
            f"  {n}. {s.name}" + (f" <{s.url}>" if s.url else "")
            for n, s in enumerate(brief.sources, 1)
        )
    if brief.glossary:
        lines.append("glossary:")
        lines.extend(f"  {g.term} = {g.expansion}" for g in brief.glossary)
    if brief.warnings:
        lines.append("warnings:")
        lines.extend(f"  ! {w}" for w in brief.warnings)
    return "\n".join(lines) + "\n"


def _section(section: Section, depth: int) -> list[str]:
    pad = "  " * (depth - 1)
    lines = [f"{pad}{'#' * depth} {section.title}"]
    if section.subtitle:
        lines.append(f"{pad}{' ' * depth} ~ {section.subtitle}")
    for block in section.blocks:
        lines.extend(_block(block, pad + "  "))
    for child in section.sections:
        lines.extend(_section(child, depth + 1))
    return lines


def _formatting(spans: Inlines) -> str:
    """The formatted spans of a text, after it: ``[strong:'word', link:'here'->url]``."""
    marked = [inline_to_json(s) for s in spans if not isinstance(s, Text)]
    if not marked:
        return ""
    shown = ", ".join(
        f"{s['type']}:{s['text']!r}" + (f"->{s['url']}" if "url" in s else "") for s in marked
    )
    return f"  [{shown}]"


def _block(block: Block, pad: str) -> list[str]:
    match block:
        case Paragraph():
            return [f"{pad}¶ {block.text}{_formatting(block.inlines)}"]
        case ListBlock():
            kind = "ordered list" if block.ordered else "list"
            head = f"{pad}{kind}" + (f" «{block.title}»" if block.title else "") + ":"
            return [head, *_items(block.items, pad + "  ", block.ordered)]
        case Table():
            head = f"{pad}table" + (f" «{block.caption}»" if block.caption else "")
            head += f" ({len(block.rows)} rows × {block.width} columns):"
            lines = [head]
            if block.header:
                lines.append(f"{pad}  header: " + _cells(block.header))
            if any(block.align):
                lines.append(f"{pad}  align: " + " | ".join(a or "-" for a in block.align))
            lines.extend(f"{pad}  row: " + _cells(row) for row in block.rows)
            return lines
        case Quote():
            who = ", ".join(x for x in (block.speaker, block.role) if x) or "(no speaker)"
            return [f"{pad}quote — {who}:", f"{pad}  “{block.text}”{_formatting(block.inlines)}"]
        case Figure():
            src = block.src if len(block.src) <= 40 else block.src[:40] + "…"
            parts = (("caption", block.caption), ("credit", block.credit))
            return [f"{pad}figure «{block.alt}» ({src})", *(f"{pad}  {k}: {v}" for k, v in parts if v)]
        case _:
            assert_never(block)


def _cells(cells: tuple[Inlines, ...]) -> str:
    return " | ".join(plain(c) + _formatting(c) for c in cells)


def _items(items: tuple[Item, ...], pad: str, ordered: bool) -> list[str]:
    lines: list[str] = []
    for n, item in enumerate(items, 1):
        mark = f"{n}." if ordered else "-"
        term = f"[{item.term}] " if item.term else ""
        lines.append(f"{pad}{mark} {term}{item.text}{_formatting(item.inlines)}")
        lines.extend(_items(item.items, pad + "   ", ordered))
    return lines
