"""Editor warnings, atomic writes and the manifest."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reportgen import manifest
from reportgen._files import TEMP_PREFIX, sweep, write_atomic
from reportgen.checks import warnings_for
from reportgen.enrich import enrich
from reportgen.model import Brief, Meta, Paragraph, Quote
from reportgen.renderers.pdf import PDFRenderer


def test_warnings_name_what_is_missing() -> None:
    brief = enrich(Brief(
        meta=Meta(title="", source_path="notes/port-congestion.txt"),
        lead=(Paragraph.of("The IEA and the OECD met the WTO (World Trade Organization)."), Quote.of("Hello.")),
    ))
    found = warnings_for(brief)
    assert f"no title found; using {brief.meta.title!r}" in found
    assert brief.meta.title == "The IEA and the OECD met the WTO (World Trade Organization)"
    assert "no date found" in found
    assert "1 quote without a speaker" in found
    assert "acronyms used but never defined: IEA, OECD" in found


def test_a_renderer_reports_what_no_font_can_show() -> None:
    text = Paragraph.of("Devanagari क and a crab 🦀 in the text.")
    brief = Brief(meta=Meta(title="Faces", date="2025-01-02"), lead=(text,))
    output = PDFRenderer().render(brief)
    assert any("no font can show" in w and "क" in w and "🦀" in w for w in output.warnings)
    assert warnings_for(brief) == []  # the brief itself lacks nothing


def test_a_complete_brief_has_no_warnings() -> None:
    brief = Brief(
        meta=Meta(title="Notes", date="2025-01-02"),
        lead=(Paragraph.of("The US and the AIM-120 programme."), Quote.of("Hi.", "Ann Lee")),
    )
    assert warnings_for(brief) == []


def test_write_atomic_replaces_and_leaves_no_debris(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.pdf"
    write_atomic(target, b"one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["out.pdf"]


def test_sweep_removes_only_stale_temporaries(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}a.pdf.1234.part"
    fresh = tmp_path / f"{TEMP_PREFIX}b.pdf.5678.part"
    for path in (stale, fresh):
        path.write_bytes(b"x")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert sweep(tmp_path) == 1
    assert not stale.exists() and fresh.exists()


def test_manifest_merges_and_detects_changes(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("first", "utf-8")
    out = tmp_path / "out"
    output = out / "a.pdf"
    write_atomic(output, b"%PDF")
    wanted = manifest.digest(str(source), {"formats": ["pdf"]}, "t1")
    manifest.update(out, {str(source): {"digest": wanted, "outputs": [str(output)], "warnings": []}})
    manifest.update(out, {"other.txt": {"digest": "x", "outputs": [], "warnings": []}})
    entries = manifest.load(out)
    assert set(entries) == {str(source), "other.txt"}
    assert manifest.up_to_date(entries, str(source), wanted, [output])
    assert not manifest.up_to_date(entries, str(source), manifest.digest(str(source), {}, "t2"), [output])
    source.write_text("second", "utf-8")
    assert manifest.digest(str(source), {"formats": ["pdf"]}, "t1") != wanted
    output.unlink()
    assert not manifest.up_to_date(entries, str(source), wanted, [output])


def test_a_corrupt_manifest_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / manifest.NAME).write_text("{not json", "utf-8")
    assert manifest.load(tmp_path) == {}
