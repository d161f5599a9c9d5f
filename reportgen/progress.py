"""How a batch reports as it goes: a progress bar on a terminal (rich), one
plain line per source otherwise, nothing but errors with ``--quiet``.

Plain lines come out in the order the sources were given, whatever order the
workers finish in, so two runs print the same thing.
"""

from __future__ import annotations

import sys
from typing import Any


class Reporter:
    def __init__(self, total: int, *, quiet: bool = False, stream: Any = None):
        self.stream = stream or sys.stdout
        self.quiet = quiet
        self.total = total
        self._waiting: dict[int, str] = {}
        self._next = 0
        self._bar: Any = None
        if not quiet and total > 1 and sys.stderr.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}"), transient=True,
            )

    def __enter__(self) -> Reporter:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def done(self, index: int, line: str) -> None:
        """Source number ``index`` finished; ``line`` says how (empty: say nothing)."""
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=line.split(" -> ")[0][-50:])
            return
        self._waiting[index] = line
        while self._next in self._waiting:
            text = self._waiting.pop(self._next)
            if text and not self.quiet:
                print(text, file=self.stream, flush=True)
            self._next += 1
