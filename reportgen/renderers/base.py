"""The contract every renderer keeps."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, assert_never

from ..model import Block, Brief, Figure, ListBlock, Paragraph, Quote, Table
from ..templates import Template, load_template


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Options every renderer understands; a renderer may subclass it for its own."""

    marking: str | None = None
    reference_docx: str | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    """A renderer's output, and what the output could not show (characters no
    font has, links it may not carry), as warnings for the build to print.
    ``files`` are what the output names beside it (the pictures of a Markdown or
    JSON brief): paths relative to the output's folder, and their bytes."""

    data: bytes | str
    warnings: tuple[str, ...] = ()
    files: tuple[tuple[str, bytes], ...] = ()


class Remarks:
    """What an output could not show as the brief has it, each thing told once: link
    targets it may not carry, pictures it could not draw, and anything else."""

    _SHOWN = 3  # examples named in a warning

    def __init__(self) -> None:
        self.links: dict[str, None] = {}
        self.pictures: dict[str, None] = {}
        self.other: dict[str, None] = {}

    def link(self, url: str) -> None:
        self.links.setdefault(url[:60], None)

    def picture(self, alt: str, why: object) -> None:
        self.pictures.setdefault(f"{alt[:40]}: {why}", None)

    def note(self, text: str) -> None:
        self.other.setdefault(text, None)

    def warnings(self) -> tuple[str, ...]:
        out = []
        if self.links:
            shown = ", ".join(list(self.links)[: self._SHOWN])
            out.append(f"{len(self.links)} link target(s) a brief may not carry written as text: {shown}")
        if self.pictures:
            out.append(f"{len(self.pictures)} picture(s) not shown: {'; '.join(list(self.pictures)[: self._SHOWN])}")
        return (*out, *self.other)


class Renderer:
    """Turns a Brief into one output format.

    Subclasses set ``name`` (the ``-f`` name), ``extension`` (with the dot) and
    ``binary`` (whether the output is bytes), and implement ``render`` plus one
    method per block type: ``paragraph``, ``list_block``, ``table``, ``quote``, ``figure``;
    ``block`` dispatches to them. What a brief shows (masthead, source line,
    labels, quotation marks, list labels, which links may be links) is decided
    by ``layout.Layout``: a renderer draws it. A renderer must not change the
    brief, must treat all article text as data, and must give identical output
    for identical input (no clock, no randomness).

    ``render`` returns a ``Rendered``; a plug-in may return the bytes or text
    alone, which the registry accepts as output without warnings.
    """

    name: ClassVar[str]
    extension: ClassVar[str]
    binary: ClassVar[bool] = False

    def __init__(self, template: Template | None = None, options: RenderOptions | None = None):
        self.template = template or load_template()
        self.options = options or RenderOptions()

    def render(self, brief: Brief) -> Rendered | bytes | str:
        raise NotImplementedError

    def warm(self) -> None:
        """Do the per-process set-up (fonts, base documents) now, so that worker
        processes forked afterwards start with it done. Optional."""

    def block(self, block: Block) -> Any:
        match block:
            case Paragraph():
                return self.paragraph(block)
            case ListBlock():
                return self.list_block(block)
            case Table():
                return self.table(block)
            case Quote():
                return self.quote(block)
            case Figure():
                return self.figure(block)
            case _:
                assert_never(block)

    def paragraph(self, block: Paragraph) -> Any:
        raise NotImplementedError

    def list_block(self, block: ListBlock) -> Any:
        raise NotImplementedError

    def table(self, block: Table) -> Any:
        raise NotImplementedError

    def quote(self, block: Quote) -> Any:
        raise NotImplementedError

    def figure(self, block: Figure) -> Any:
        raise NotImplementedError


def rendered(output: Rendered | bytes | str) -> Rendered:
    """A renderer's output as a Rendered, whether it said more than its bytes or not."""
    return output if isinstance(output, Rendered) else Rendered(output)


def reproducible_time() -> datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` sets for reproducible builds, if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else None


def build_time(brief: Brief) -> datetime:
    """The timestamp written into outputs: ``SOURCE_DATE_EPOCH`` if set, else the
    article's date, else a fixed date, so that builds are reproducible."""
    if (when := reproducible_time()) is not None:
        return when
    if brief.meta.date:
        try:
            return datetime.fromisoformat(brief.meta.date).replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime(2000, 1, 1, tzinfo=UTC)
