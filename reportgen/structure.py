"""Flat headings in, nested sections out.

Readers see headings one line at a time; ``sectionize`` turns the flat stream
into the nested sections of the model, so renderers only ever see sections.
``flatten`` is its inverse, which makes ``sectionize`` idempotent:
``sectionize(flatten(s)) == s`` for sections it produced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from .model import Block, Section


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading found by a reader: its title, depth (1 = top) and kicker line."""

    title: str
    depth: int = 1
    subtitle: str | None = None


Flat = Heading | Block


@dataclass(slots=True)
class _Open:
    heading: Heading
    blocks: list[Block]
    children: list[Section]

    def close(self) -> Section:
        return Section(
            title=self.heading.title,
            subtitle=self.heading.subtitle,
            blocks=tuple(self.blocks),
            sections=tuple(self.children),
        )


def sectionize(stream: Iterable[Flat]) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """Nest a flat stream of headings and blocks into ``(lead, sections)``.

    A heading opens a section inside the nearest open section of smaller depth;
    skipped depths (a depth-3 heading right under a depth-1 one) nest one level.
    """
    lead: list[Block] = []
    top: list[Section] = []
    stack: list[_Open] = []

    def close_to(depth: int) -> None:
        while stack and stack[-1].heading.depth >= depth:
            done = stack.pop().close()
            (stack[-1].children if stack else top).append(done)

    for item in stream:
        if isinstance(item, Heading):
            close_to(item.depth)
            stack.append(_Open(item, [], []))
        elif stack:
            stack[-1].blocks.append(item)
        else:
            lead.append(item)
    close_to(0)
    return tuple(lead), tuple(top)


def flatten(sections: Iterable[Section], depth: int = 1) -> list[Flat]:
    """The flat stream that ``sectionize`` nests back into ``sections``."""
    out: list[Flat] = []
    for section in sections:
        out.append(Heading(section.title, depth, section.subtitle))
        out.extend(section.blocks)
        out.extend(flatten(section.sections, depth + 1))
    return out


def rank_headings(stream: list[Flat]) -> list[Flat]:
    """Heading levels in use become depths 1, 2, 3… (an article of ``##`` and ``###``
    has no ``#``)."""
    levels = sorted({b.depth for b in stream if isinstance(b, Heading)})
    rank = {level: n + 1 for n, level in enumerate(levels)}
    return [replace(b, depth=rank[b.depth]) if isinstance(b, Heading) else b for b in stream]
