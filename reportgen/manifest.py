"""The output folder's manifest: what each source was last built from, so an
unchanged source is not built again.

``OUT/.reportgen-manifest.json`` maps each source to the digest of everything its
outputs depend on (its bytes and sidecar, the picture files it names, the
template, the options, reportgen's version), the outputs it made and the
warnings it raised. Runs that share an
output folder update it under a lock, re-reading it first, so neither loses the
other's entries.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from ._files import write_atomic

NAME = ".reportgen-manifest.json"
LOCK = ".reportgen-manifest.lock"


def digest(source: str, settings: dict[str, Any], template_fingerprint: str, pictures: Sequence[str] = ()) -> str:
    """What a source's outputs depend on, as one hex digest: with the picture
    files its last build looked for (each one's bytes, or its absence)."""
    h = hashlib.sha256()
    h.update(f"reportgen {__version__}\n".encode())
    h.update(json.dumps(settings, sort_keys=True).encode())
    h.update(template_fingerprint.encode())
    path = Path(source)
    if "://" in source:  # a page may change at any time: the batch always fetches URLs
        h.update(source.encode())
        return h.hexdigest()
    for part in (path, *_sidecars(path)):
        with contextlib.suppress(OSError):
            h.update(part.name.encode())
            h.update(hashlib.sha256(part.read_bytes()).digest())
    for picture in pictures:
        h.update(file_digest(picture).encode())
    return h.hexdigest()


def file_digest(path: str) -> str:
    """A file named by its path and the digest of its bytes (or its absence)."""
    try:
        return f"{path}\n{hashlib.sha256(Path(path).read_bytes()).hexdigest()}"
    except OSError:
        return f"{path}\nabsent"


def pictures(entry: Any) -> tuple[str, ...]:
    """The picture files a manifest entry says its source named."""
    found = entry.get("pictures") if isinstance(entry, dict) else None
    return tuple(p for p in found if isinstance(p, str)) if isinstance(found, list) else ()


def _sidecars(path: Path) -> list[Path]:
    return [path.with_suffix(ext) for ext in (".yaml", ".yml") if path.with_suffix(ext) != path]


def load(out: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries; empty when it is missing or unreadable."""
    try:
        data = json.loads((out / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def up_to_date(entries: dict[str, dict[str, Any]], key: str, wanted: str, outputs: list[Path]) -> bool:
    entry = entries.get(key)
    return bool(
        entry
        and entry.get("digest") == wanted
        and sorted(entry.get("outputs", [])) == sorted(str(p) for p in outputs)
        and all(p.is_file() for p in outputs)
    )


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def update(out: Path, changes: dict[str, dict[str, Any] | None]) -> None:
    """Merge ``changes`` (``None`` removes an entry) into the manifest on disk."""
    if not changes:
        return
    with _locked(out):
        entries = load(out)
        for key, entry in changes.items():
            if entry is None:
                entries.pop(key, None)
            else:
                entries[key] = entry
        text = json.dumps({"version": 1, "entries": dict(sorted(entries.items()))}, indent=1, ensure_ascii=False)
        write_atomic(out / NAME, text + "\n")
