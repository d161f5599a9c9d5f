"""Writing outputs so that a crash, even a SIGKILL, never leaves a half-written
file or temporary debris.

On Linux the bytes go to an unnamed file (``O_TMPFILE``) in the target folder;
only when they are all written does the file get a name, and that name is at
once renamed over the target. Where ``O_TMPFILE`` is missing, or the system
will not give such a file a name (a sandbox's ``/proc``; remembered for the
folder, so nothing is written twice), a named temporary file is used, and
``sweep`` removes any a killed run left behind.

Files are not synced to disk one by one (that doubled the cost of writing a
brief): a killed process leaves no partial file, and file systems that delay
allocation flush a file renamed over another before the rename itself.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".reportgen-"
TEMP_SUFFIX = ".part"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically: readers see the old file or the new one."""
    write_all([(path, data)])


def write_all(files: list[tuple[Path, bytes | str]]) -> None:
    """Write several files, each atomically, so that all of them take their place
    or none does: every file is written whole under a temporary name first."""
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data.encode("utf-8") if isinstance(data, str) else data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
            placed.append(path)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for path in placed:  # a source that fails leaves none of its outputs behind
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise


def _temp_name(path: Path) -> Path:
    """A short name beside ``path``, whatever the length of its own name."""
    return path.parent / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"


def _stage(path: Path, payload: bytes) -> Path:
    """``payload`` written whole to a temporary name beside ``path``; that name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return _write_unnamed(path, payload) or _write_named(path, payload)


_UNNAMED_REFUSED: set[Path] = set()  # folders where an unnamed file could not be made or named


def _write_unnamed(path: Path, payload: bytes) -> Path | None:
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or path.parent in _UNNAMED_REFUSED:
        return None
    try:
        fd = os.open(path.parent, flag | os.O_WRONLY, 0o644)
    except OSError:  # the file system does not support it
        _UNNAMED_REFUSED.add(path.parent)
        return None
    try:
        _write_all(fd, payload)
        tmp = _temp_name(path)
        os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
    except OSError:  # some systems will not name it (a sandbox's /proc): every later file is named from the start
        _UNNAMED_REFUSED.add(path.parent)
        return None
    finally:
        os.close(fd)
    return tmp


def _write_named(path: Path, payload: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        _write_all(fd, payload)
        os.close(fd)
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def sweep(folder: Path, older_than: float = 60.0) -> int:
    """Remove temporary files a killed run left in ``folder`` (recursively); how many.
    Only files older than ``older_than`` seconds go, so a running build keeps its own."""
    removed = 0
    cutoff = time.time() - older_than
    if not folder.is_dir():
        return 0
    for tmp in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed += 1
    return removed
