"""What one source may cost: the limits a build holds every source to.

Batches run unattended over files that came from anywhere. Each limit is
checked before the work it protects (a file's size before it is read, a Word
part's size while it is inflated, a brief's length before it is laid out), and
a source over one fails alone with a line naming the limit and the flag that
raises it. The defaults let every real article, report and saved page build.

The limits of a run are set once per process (``using``) and read where they
apply (``current``), so readers and renderers need no extra argument.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import SourceError, UsageError
from .model import Brief, Item, ListBlock, Section, block_texts, plain


@dataclass(frozen=True)
class Limits:
    source_mb: float = 16  # a local source file (a URL's page: 10 MB)
    part_mb: float = 64  # one part of a Word package, decompressed
    parts: int = 2000  # parts in one Word package
    ratio: int = 200  # decompressed size over compressed size of a large Word part
    pages: int = 2000  # text in one brief, in pages of about CHARS_PER_PAGE characters
    depth: int = 40  # nesting of sections, lists, JSON and HTML elements
    memory_mb: int = 1024  # memory of the process building one source; 0: no limit
    fetch_seconds: float = 60  # a whole URL fetch, headers included

    def flag(self, name: str) -> str:
        """How to raise the limit ``name`` (a field name) on the command line."""
        return f"--limit {_flag_name(name)}=N"


CHARS_PER_PAGE = 4000  # a full page of body text at the default template
LINE = 80  # every paragraph, list item and table row costs a line at least

DEFAULT = Limits()
_current = DEFAULT


def _flag_name(field_name: str) -> str:
    return field_name.replace("_", "-")


def names() -> list[str]:
    return [_flag_name(f.name) for f in fields(Limits)]


def parse(specs: list[str], base: Limits = DEFAULT) -> Limits:
    """Limits from ``--limit name=value`` arguments over ``base``; UsageError naming
    the limit and the allowed names or values otherwise."""
    changes: dict[str, Any] = {}
    kinds = {f.name: f.type for f in fields(Limits)}
    for spec in specs:
        name, _, value = spec.partition("=")
        key = name.strip().replace("-", "_")
        if key not in kinds:
            raise UsageError(f"--limit {name.strip()!r}: unknown limit (limits: {', '.join(names())})")
        try:
            number = float(value) if kinds[key] == "float" else int(value)
        except ValueError:
            kind = "number" if kinds[key] == "float" else "whole number"
            raise UsageError(f"--limit {spec!r}: the value must be a {kind}") from None
        if not math.isfinite(number) or number < 0 or (number == 0 and key != "memory_mb"):
            raise UsageError(f"--limit {spec!r}: the value must be more than 0")
        changes[key] = number
    return replace(base, **changes)


def current() -> Limits:
    """The limits of this run."""
    return _current


@contextlib.contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Hold this process to ``limits`` until the block ends."""
    global _current
    before, _current = _current, limits
    try:
        yield limits
    finally:
        _current = before


def over(what: str, name: str) -> SourceError:
    """The error for a source over the limit ``name`` (a field of Limits): what
    went over, and how to raise it."""
    return SourceError(f"{what} (raise the limit with {DEFAULT.flag(name)})")


def read_file(path: Path) -> bytes:
    """A local file's bytes, refused before they are read when it is over the
    source size limit (``read`` stops at it, whatever the file's size says)."""
    limit = current().source_mb
    with path.open("rb") as file:
        data = file.read(int(limit * 2**20) + 1)
    if len(data) > limit * 2**20:
        raise over(f"{path.name} is larger than the limit of {limit:g} MB", "source_mb")
    return data


def shape(value: object) -> tuple[int, int]:
    """How deeply JSON-like lists and mappings nest in ``value``, and how many there
    are, counted without recursion."""
    deepest, count, stack = 0, 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest, count = max(deepest, depth), count + 1
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest, count


def check_brief(brief: Brief) -> None:
    """Refuse a brief nested deeper, or longer, than this run's limits allow,
    before anything is laid out; counted without recursion."""
    limits = current()
    units = sum(len(plain(point)) + LINE for point in brief.key_points)
    units += sum(len(g.term) + len(g.expansion) + LINE for g in brief.glossary)
    units += sum(len(s.name) + len(s.url or "") + LINE for s in brief.sources)
    stack: list[tuple[object, int]] = [(b, 1) for b in brief.lead] + [(s, 1) for s in brief.sections]
    while stack:
        node, depth = stack.pop()
        if depth > limits.depth:
            raise over(f"the brief nests sections or lists deeper than the limit of {limits.depth} levels", "depth")
        if isinstance(node, Section):
            units += len(node.title) + LINE
            stack.extend((b, depth) for b in node.blocks)
            stack.extend((s, depth + 1) for s in node.sections)
        elif isinstance(node, ListBlock):
            units += len(node.title or "") + LINE
            stack.extend((i, depth + 1) for i in node.items)
        elif isinstance(node, Item):
            units += len(node.text) + LINE
            stack.extend((i, depth + 1) for i in node.items)
        else:  # a paragraph, a quotation, a table (a line a row), a figure
            units += sum(len(t) + LINE for t in block_texts(node))  # type: ignore[arg-type,misc]
        if units > limits.pages * CHARS_PER_PAGE:
            raise over(f"the brief runs to more than the limit of {limits.pages:,} pages of text", "pages")
