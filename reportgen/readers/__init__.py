"""Readers turn one source format into a Brief; this table says which reads what.

Each reader module has ``read(data: bytes, *, path) -> Brief`` and knows nothing
about output. Modules are imported only when a source of their kind is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from ..errors import SourceError
from ..limits import read_file
from ..model import Brief

READERS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "web",
    ".htm": "web",
    ".docx": "word",
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(READERS)


def reader_for(path: Path):
    """The ``read`` function for ``path``'s format; SourceError for an unknown one."""
    name = READERS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(READERS))
        raise SourceError(f"unsupported file type {path.suffix or '(none)'!r} (reportgen reads {known})")
    return importlib.import_module(f"{__name__}.{name}").read


def warm(sources: Iterable[Path | str]) -> None:
    """Import now the readers ``sources`` need (a URL: the fetcher and the page
    reader), so that workers forked afterwards start with them."""
    sources = list(sources)
    names = {"fetch", "web"} if any(isinstance(s, str) for s in sources) else set()
    names.update(READERS[s.suffix.lower()] for s in sources if isinstance(s, Path) and s.suffix.lower() in READERS)
    for name in sorted(names):
        importlib.import_module(f"{__name__}.{name}")


def read_source(path: Path, data: bytes | None = None) -> Brief:
    """Read one source file into a Brief, before enrichment."""
    read = reader_for(path)
    if data is None:
        try:
            data = read_file(path)
        except FileNotFoundError:
            raise SourceError("no such file") from None
        except IsADirectoryError:
            raise SourceError("is a folder, not a file") from None
        except OSError as exc:
            raise SourceError(f"cannot read it ({exc.strerror})") from None
    if not data.strip():
        raise SourceError("the file is empty")
    return read(data, path=path)

