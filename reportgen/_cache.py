"""The user's cache folder: what reportgen builds once and reuses between runs
(the styled Word base document, parsed fonts). Everything in it is named by a
digest of what it was made from, so a stale entry is never read, only orphaned."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from ._files import write_atomic


def folder() -> Path | None:
    """``$REPORTGEN_CACHE``, else ``$XDG_CACHE_HOME/reportgen`` or ``~/.cache/reportgen``;
    None when the cache is turned off (``REPORTGEN_CACHE=off``)."""
    root = os.environ.get("REPORTGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "reportgen"
    )
    return None if root in ("", "off", "0") else Path(root)


def entry(kind: str, *parts: bytes | str, suffix: str = "") -> Path | None:
    """The cache file for ``kind`` made from ``parts``; None when the cache is off."""
    root = folder()
    if root is None:
        return None
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return root / f"{kind}-{digest.hexdigest()[:24]}{suffix}"


KEEP = 16  # entries of each kind: older ones (left by other versions or templates) go


def store(path: Path | None, data: bytes, keep: int = KEEP) -> None:
    """Keep ``data`` at ``path``, and only the newest ``keep`` entries of its kind; a
    cache that cannot be written is no cache."""
    if path is None:
        return
    with contextlib.suppress(OSError):
        write_atomic(path, data)
        kind = path.name.split("-", 1)[0]
        entries = sorted(path.parent.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink()
