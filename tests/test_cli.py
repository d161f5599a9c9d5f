"""The command line as a user meets it: builds, inspect, templates, and every way
to get it wrong ending in one clear line and the right exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOURCES

from reportgen import __version__
from reportgen.cli import main
from reportgen.readers import supported_suffixes


def visible(folder: Path) -> list[str]:
    """The files a user sees in an output folder (not the hidden manifest)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def good(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "note.txt").write_text("A Short Note\n\nThe grid operator said demand rose.\n", encoding="utf-8")
    return src


def test_build_writes_every_format(capsys, good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "build", str(good), "-o", str(out), "-f", "md,json")
    assert code == 0, err
    assert visible(out) == ["note.json", "note.md"]
    assert json.loads((out / "note.json").read_text("utf-8"))["meta"]["title"] == "A Short Note"
    assert "1 built, 0 up to date, 0 failed" in stdout


def test_build_samples_folder(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "build", str(SOURCES), "-o", str(tmp_path), "-f", "json")
    assert code == 0, err
    built = [Path(name).stem for name in visible(tmp_path) if name != "images"]  # the JSON's pictures
    expected = sorted(p.stem for p in SOURCES.iterdir() if p.suffix in supported_suffixes())
    assert built == expected
    assert visible(tmp_path / "images")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n  \n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("broken.json", b"{not json", "JSON"),
    ],
)
def test_bad_source_is_one_line_and_others_still_build(
    capsys, good: Path, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (good / name).write_bytes(data)
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", str(good), "-o", str(out), "-f", "md")
    assert code == 1
    lines = [line for line in err.strip().splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {good / name}: ") and reason.lower() in lines[0].lower()
    assert "Traceback" not in err
    assert visible(out) == ["note.md"]


def test_debug_shows_the_traceback_for_internal_errors(capsys, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "inspect", str(tmp_path / "empty.txt"), "--debug")
    assert code == 1
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("error: ")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["build", "no/such/place", "-o", "{out}"], "no such file"),
        (["build", "{good}", "-o", "{out}", "-f", "odt"], "known formats: pdf, docx, json, md"),
        (["build", "{good}", "-o", "{out}", "-f", ","], "at least one format"),
        (["build", "{good}", "-o", "{out}", "-j", "-3"], "-j"),
        (["build", "{good}", "-o", "{out}", "-t", "no-such-template"], "no-such-template"),
        (["build", "{good}", "--bogus"], "unrecognized arguments"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, good: Path, tmp_path: Path, argv, needle) -> None:
    out = tmp_path / "out"
    code, _, err = run(capsys, *(a.format(good=good, out=out) for a in argv))
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err and "Traceback" not in err
    assert not out.exists()


def test_unknown_extension_is_reported_not_built(capsys, tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("hello", encoding="utf-8")
    code, _, err = run(capsys, "build", str(path), "-o", str(tmp_path / "o"), "-f", "md")
    assert code == 1
    assert err.startswith(f"error: {path}: ") and ".xyz" in err


def test_outputs_that_would_clash_are_reported(capsys, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Story One\n\nFirst text here.\n", encoding="utf-8")
    (tmp_path / "story.md").write_text("# Story Two\n\nSecond text here.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", str(tmp_path), "-o", str(out), "-f", "md")
    assert code == 1
    assert "story.txt" in err and "overwrite" in err
    assert "Story Two" in (out / "story.md").read_text("utf-8")  # the first one found keeps it


def test_inspect_tree_and_json(capsys) -> None:
    sample = SOURCES / "grid-storage-outlook.txt"
    code, tree, _ = run(capsys, "inspect", str(sample))
    assert code == 0 and tree.startswith("title: ")
    code, raw, _ = run(capsys, "inspect", str(sample), "--json")
    doc = json.loads(raw)
    assert code == 0 and doc["schema"] == "reportgen.brief/1"
    assert doc["meta"]["title"] in tree


def test_inspect_missing_file(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "inspect", str(tmp_path / "gone.txt"))
    assert code == 1 and err.startswith("error: ") and "gone.txt" in err


def test_templates_lists_both(capsys) -> None:
    code, out, _ = run(capsys, "templates")
    names = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and {"brief", "memo"} <= set(names)
    assert all(len(line.split(maxsplit=1)) == 2 for line in out.splitlines())


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_python_dash_m_and_no_arguments(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "reportgen"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 2 and "build" in done.stdout
