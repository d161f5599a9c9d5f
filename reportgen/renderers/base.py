"""The contract every renderer keeps."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, assert_never

from ..model import Block, Brief, ListBlock, Paragraph, Quote, Table
from ..templates import Template, load_template


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Options every renderer understands; a renderer may subclass it for its own."""

    marking: str | None = None
    reference_docx: str | None = None


class Renderer:
    """Turns a Brief into one output format.

    Subclasses set ``name`` (the ``-f`` name), ``extension`` (with the dot) and
    ``binary`` (whether ``render`` returns bytes), and implement ``render`` plus
    one method per block type: ``paragraph``, ``list``, ``table``, ``quote``.
    ``block`` dispatches to them. A renderer must not change the brief, must
    treat all article text as data, and must give identical output for
    identical input (no clock, no randomness).
    """

    name: ClassVar[str]
    extension: ClassVar[str]
    binary: ClassVar[bool] = False

    def __init__(self, template: Template | None = None, options: RenderOptions | None = None):
        self.template = template or load_template()
        self.options = options or RenderOptions()

    def render(self, brief: Brief) -> bytes | str:
        raise NotImplementedError

    def warm(self) -> None:
        """Do the per-process set-up (fonts, base documents) now, so that worker
        processes forked afterwards start with it done. Optional."""

    def block(self, block: Block) -> Any:
        match block:
            case Paragraph():
                return self.paragraph(block)
            case ListBlock():
                return self.list(block)
            case Table():
                return self.table(block)
            case Quote():
                return self.quote(block)
            case _:
                assert_never(block)

    def paragraph(self, block: Paragraph) -> Any:
        raise NotImplementedError

    def list(self, block: ListBlock) -> Any:
        raise NotImplementedError

    def table(self, block: Table) -> Any:
        raise NotImplementedError

    def quote(self, block: Quote) -> Any:
        raise NotImplementedError

    # Shared helpers --------------------------------------------------------

    def marking(self, brief: Brief) -> str:
        """The protective marking: the option, else the article's, else the template's."""
        return (
            self.options.marking
            or brief.meta.marking
            or str(self.template.get("marking.default", "") or "")
        )


def build_time(brief: Brief) -> datetime:
    """The timestamp written into outputs: ``SOURCE_DATE_EPOCH`` if set, else the
    article's date, else a fixed date, so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    if brief.meta.date:
        try:
            return datetime.fromisoformat(brief.meta.date).replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime(2000, 1, 1, tzinfo=UTC)


def display_date(iso: str | None) -> str | None:
    """``2025-03-03`` -> ``3 March 2025``."""
    if not iso:
        return None
    try:
        day = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"
