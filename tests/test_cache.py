"""The cache folder (parsed fonts, the Word base document, compiled snippets): builds from a cold
cache, a warm one, a damaged one, one that cannot be written and none at all give
the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SOURCES

from reportgen import _cache

SOURCE = SOURCES / "grid-storage-outlook.txt"


def build(out: Path, cache: str) -> dict[str, bytes]:
    env = {**os.environ, "REPORTGEN_CACHE": cache, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(SOURCE), "-o", str(out), "-q", "--force"],
        env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def test_cold_warm_damaged_and_no_cache_build_the_same_bytes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = build(tmp_path / "cold", str(cache))
    kinds = sorted(p.name.split("-")[0] for p in cache.iterdir())
    assert kinds.count("font") >= 3 and kinds.count("base") == 1 and kinds.count("jinja") == 1, kinds
    assert set(cold) == {"grid-storage-outlook.pdf", "grid-storage-outlook.docx"}
    assert build(tmp_path / "warm", str(cache)) == cold
    for entry in (p for p in cache.rglob("*") if p.is_file()):
        entry.write_bytes(entry.read_bytes()[:100])  # a cut-off entry is rebuilt, not trusted
    assert build(tmp_path / "damaged", str(cache)) == cold
    assert build(tmp_path / "none", "off") == cold
    (tmp_path / "a-file").write_text("not a folder")
    assert build(tmp_path / "unusable", str(tmp_path / "a-file" / "cache")) == cold


def test_only_the_newest_entries_of_a_kind_are_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path))
    for n in range(_cache.KEEP + 5):
        entry = _cache.entry("font", str(n))
        _cache.store(entry, b"x")
        os.utime(entry, (n, n))
    _cache.store(_cache.entry("base", "b"), b"y")
    fonts = sorted(tmp_path.glob("font-*"), key=lambda p: p.stat().st_mtime)
    assert len(fonts) == _cache.KEEP
    assert fonts[0].stat().st_mtime == 5  # the five oldest went
    assert len(list(tmp_path.glob("base-*"))) == 1


def test_off_means_no_cache(monkeypatch) -> None:
    monkeypatch.setenv("REPORTGEN_CACHE", "off")
    assert _cache.entry("font", "x") is None
    _cache.store(None, b"ignored")
