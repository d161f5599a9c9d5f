"""Batch builds over a folder of good and bad sources: nothing lost, nothing rebuilt
for nothing, and no debris even when the run is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pdfcheck
import pytest
from conftest import ROOT, SOURCES
from docx import Document

from reportgen._files import TEMP_PREFIX, sweep
from reportgen.cli import main

FORMATS = "pdf,docx"

GOOD = {
    "cp1252.txt": (
        "Caf\u00e9 Prices Rise\n\nThe caf\u00e9 owners said prices \u2013 \u201cagain\u201d \u2013 rose.\n"
    ).encode("cp1252"),
    "utf16.txt": "Utf Sixteen Story\n\nText saved as UTF-16 by an old editor.\n".encode("utf-16"),
    "markup.txt": b"Markup <b>Everywhere</b>\n\n<b>bold</b> & </para> {{ 7*7 }} {% for x in y %} <i>\n",
    "long-line.txt": b"One Long Line\n\n" + b"word " * 40_000,
    "scripts.txt": "Many Scripts\n\n\u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \u0420\u043e\u0441\u0441\u0438\u044f "
    "\u4e2d\u56fd \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \U0001f600 in one line.\n".encode(),
    "bullets.txt": b"Three Thousand Bullets\n\n" + b"".join(b"- item %d\n" % n for n in range(3000)),
    "nested/deeper/inner.md": b"# Inner Story\n\nA source in a nested folder.\n",
}
RAGGED = "Ragged Table\n\n" + "\n".join(
    "| " + " | ".join(f"c{r}-{c}" for c in range(1 + r % 4)) + " |" for r in range(60)
)
BAD = {
    "empty.txt": b"",
    "blank.txt": b"   \n\t \n",
    "binary.txt": bytes(range(256)) * 8,
    "broken.docx": b"this is not a zip file",
    "no-article.html": b"<html><body><nav><a href='/'>Home</a> <a href='/shop'>Shop</a></nav></body></html>",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    for name, data in {**GOOD, **BAD, "ragged.txt": RAGGED.encode()}.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(data)
    (src / "notes.xyz").write_text("not a source", "utf-8")
    for sample in SOURCES.glob("*.txt"):
        (src / sample.name).write_bytes(sample.read_bytes())
    return src


def build(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["build", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def outputs(out: Path) -> dict[str, float]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()
            and not p.name.startswith(".")}


def test_mixed_folder(capsys, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, err = build(capsys, str(folder), "-o", str(out), "-f", FORMATS, "-j", "2")
    assert code == 1
    errors = [line for line in err.strip().splitlines() if not line.startswith("warning: ")]
    for name in BAD:
        assert sum(line.startswith(f"error: {folder / name}: ") for line in errors) == 1, err
    assert len(errors) == len(BAD), err
    assert "notes" not in err and "Traceback" not in err
    built = outputs(out)
    for name in [*GOOD, "ragged.txt"]:
        stem = str(Path(name).with_suffix(""))
        for ext in FORMATS.split(","):
            assert f"{stem}.{ext}" in built, stem
    for name in BAD:
        assert not any(k.startswith(Path(name).stem + ".") for k in built)
    for docx in out.rglob("*.docx"):
        assert Document(docx).paragraphs  # opens
    markup = pdfcheck.text((out / "markup.pdf").read_bytes())
    assert "{{ 7*7 }}" in markup and "</para>" in markup and "49" not in markup
    assert "warning:" in err and "warning:" not in stdout  # e.g. no date found; with the errors, not the report


def test_second_run_rewrites_nothing_and_edits_rebuild_one(capsys, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for sample in sorted(SOURCES.glob("*.txt"))[:3]:
        (src / sample.name).write_bytes(sample.read_bytes())
    out = tmp_path / "out"
    assert build(capsys, str(src), "-o", str(out), "-f", "pdf")[0] == 0
    first = outputs(out)
    code, stdout, _ = build(capsys, str(src), "-o", str(out), "-f", "pdf")
    assert code == 0 and "0 built, 3 up to date" in stdout
    assert outputs(out) == first
    edited = sorted(src.iterdir())[1]
    edited.write_text(edited.read_text("utf-8") + "\nOne more sentence was added.\n", "utf-8")
    code, stdout, _ = build(capsys, str(src), "-o", str(out), "-f", "pdf")
    assert "1 built, 2 up to date" in stdout
    changed = {k for k, v in outputs(out).items() if first[k] != v}
    assert changed == {edited.stem + ".pdf"}
    code, stdout, _ = build(capsys, str(src), "-o", str(out), "-f", "pdf", "--force")
    assert "3 built, 0 up to date" in stdout
    code, stdout, _ = build(capsys, str(src), "-o", str(out), "-f", "pdf", "-t", "memo")
    assert "3 built" in stdout  # another template is another build


def test_unwritable_output_folder_is_a_usage_error(capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = build(capsys, str(SOURCES / "grid-storage-outlook.txt"), "-o", str(blocker / "out"))
    assert code == 2 and err.count("\n") == 1 and "output folder" in err


def test_quiet_prints_only_errors(capsys, folder: Path, tmp_path: Path) -> None:
    code, stdout, err = build(capsys, str(folder), "-o", str(tmp_path / "o"), "-f", "md", "-q")
    assert code == 1 and stdout == "" and err.startswith("error: ")


# Runs reportgen with a fault injected where a write can be cut short: the process
# kills itself (SIGKILL, as the out-of-memory killer does) at the Nth output, either
# half-way through writing its bytes or just before renaming it into place.
_KILLER = """
import os, signal, sys
from reportgen import _files
from reportgen.cli import main

where, count = sys.argv[1], int(sys.argv[2])
pdfs = [0]
real_stage, real_write, real_replace = _files._stage, _files._write_all, os.replace

def stage(path, payload):
    pdfs[0] += str(path).endswith(".pdf")
    return real_stage(path, payload)

def write_all(fd, payload):
    if where == "write" and pdfs[0] == count and payload[:5] == b"%PDF-":
        real_write(fd, payload[: len(payload) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    real_write(fd, payload)

def replace(src, dst, *args, **kwargs):
    if where == "rename" and pdfs[0] == count and str(dst).endswith(".pdf"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst, *args, **kwargs)

_files._stage, _files._write_all, os.replace = stage, write_all, replace
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the write path under test (O_TMPFILE, /proc/self/fd) is Linux's")
@pytest.mark.parametrize("where", ["write", "rename"])
def test_a_run_killed_mid_write_leaves_only_whole_files(tmp_path: Path, where: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    samples = sorted(SOURCES.glob("*.txt"))
    for n in range(8):
        (src / f"{n:03d}-{samples[n % len(samples)].name}").write_bytes(samples[n % len(samples)].read_bytes())
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, where, "5", "build", str(src), "-o", str(out), "-f", "pdf", "-j", "1", "-q",
         "--limit", "memory-mb=0"],  # built in this process, which kills itself
        env=env, capture_output=True, timeout=120,
    )
    assert done.returncode == -signal.SIGKILL
    visible = sorted(p for p in out.rglob("*.pdf"))
    assert len(visible) == 4  # the four before the fifth, whole; the fifth never appears
    for pdf in visible:
        assert len(pdfcheck.reader(pdf.read_bytes()).pages) >= 1
    debris = [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert len(debris) <= 1 and all(p.name.endswith(".part") for p in debris)
    assert sweep(out, older_than=0) == len(debris)  # the next run sweeps a named temporary away
    assert main(["build", str(src), "-o", str(out), "-f", "pdf", "-q"]) == 0
    assert len(list(out.glob("*.pdf"))) == 8


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="no unnamed files on this system")
def test_a_folder_that_will_not_name_an_unnamed_file_gets_named_ones_from_then_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some systems make an unnamed file but will not link it to a name (a sandbox's
    /proc): the first file falls back to a named temporary, and later ones in that
    folder start there instead of writing everything twice."""
    import errno

    from reportgen import _files

    tries: list[object] = []

    def refuse(src: object, dst: object, *args: object, **kwargs: object) -> None:
        tries.append(dst)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(_files, "_UNNAMED_REFUSED", set())
    monkeypatch.setattr(os, "link", refuse)
    for n in range(3):
        _files.write_all([(tmp_path / f"{n}.pdf", b"pdf %d" % n), (tmp_path / f"{n}.docx", b"docx %d" % n)])
    assert len(tries) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.docx", "0.pdf", "1.docx", "1.pdf", "2.docx", "2.pdf"]
    assert (tmp_path / "2.docx").read_bytes() == b"docx 2"
