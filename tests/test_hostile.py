"""Files made to be hostile, each built by a child process we measure: it ends in a
brief or in one line naming the file, within a gigabyte and a minute; a lost
worker costs one source; no link a reader may click goes anywhere but the web
or an e-mail address."""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import hostile
import pdfcheck
import pytest
from conftest import ROOT
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from reportgen import api

GIGABYTE = 2**30
MINUTE = 60.0


def run_child(*argv: str, cwd: Path) -> tuple[int, str, int, float]:
    """``reportgen argv`` in a child process: its exit status, its stderr, its peak
    memory in bytes (its own or any of its workers') and its time."""
    err_path = cwd / "stderr.txt"

    def bounded() -> None:  # a safety net for this machine; the limit under test is reportgen's own
        resource.setrlimit(resource.RLIMIT_AS, (4 * GIGABYTE, 4 * GIGABYTE))

    started = time.monotonic()
    with err_path.open("w+") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "reportgen", *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
            preexec_fn=bounded, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, err_path.read_text(), usage.ru_maxrss * 1024, time.monotonic() - started


def assert_one_line_at_most(err: str, name: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) <= 1 and all(name in line for line in errors), err


@pytest.mark.parametrize("name", sorted(hostile.bombs()))
def test_a_bomb_fails_alone_in_one_line_within_bounds(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(hostile.bombs()[name])
    code, err, peak, took = run_child("build", name, "-o", "out", cwd=tmp_path)
    assert code in (0, 1), err
    assert_one_line_at_most(err, name)
    assert peak < GIGABYTE and took < MINUTE, (peak, took)


@pytest.mark.parametrize("name", sorted(hostile.ordinary()))
def test_what_once_crashed_a_renderer_builds_a_brief(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(hostile.ordinary()[name])
    code, err, peak, took = run_child("build", name, "-o", "out", cwd=tmp_path)
    assert code == 0, err
    assert_one_line_at_most(err, name)
    stem = Path(name).stem
    assert len(pdfcheck.reader((tmp_path / "out" / f"{stem}.pdf").read_bytes()).pages) >= 1
    assert Document(str(tmp_path / "out" / f"{stem}.docx")).paragraphs
    assert peak < GIGABYTE and took < MINUTE


def test_a_source_over_the_memory_limit_fails_with_the_limit_named(tmp_path: Path) -> None:
    (tmp_path / "items.json").write_bytes(hostile.bombs()["million-items.json"])
    code, err, peak, _ = run_child("build", "items.json", "-o", "out", "-f", "json",
                                   "--limit", "pages=1000000", "--limit", "memory-mb=300", cwd=tmp_path)
    assert code == 1
    assert err.strip() == "error: items.json: out of memory (limit 300 MB)"
    assert peak < 400 * 2**20


def test_a_limit_names_its_flag_and_raising_it_builds(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_bytes(b"Long Story\n\n" + b"A sentence of the story.\n\n" * 3000)
    code, err, _, _ = run_child("build", "long.txt", "-o", "out", "-f", "md", "--limit", "pages=10", cwd=tmp_path)
    assert code == 1 and "--limit pages=N" in err and err.count("\n") == 1
    code, err, _, _ = run_child("build", "long.txt", "-o", "out", "-f", "md", "--limit", "pages=100", cwd=tmp_path)
    assert code == 0, err


HOSTILE_TARGETS = ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>",
                   "pdf://host/share/doc.pdf", "smb://host/share", "launch:calc.exe", "vbscript:msgbox(1)",
                   "document:secret.pdf", "#nowhere"]


def test_a_brief_links_only_to_the_web_and_to_mail(tmp_path: Path) -> None:
    inlines = [{"type": "link", "text": f"link {n}", "url": url} for n, url in enumerate(HOSTILE_TARGETS)]
    inlines += [{"type": "link", "text": "good", "url": "https://example.org/a"},
                {"type": "link", "text": "mail", "url": "mailto:desk@example.org"},
                {"type": "link", "text": "below", "url": "#why-it-matters"}]
    source = tmp_path / "links.json"
    source.write_bytes(hostile.json_brief(
        meta={"title": "Links", "url": "javascript:alert(document.cookie)"},
        lead=[{"type": "paragraph", "text": " ".join(i["text"] for i in inlines), "inlines": inlines}],
        sections=[{"title": "Why It Matters", "blocks": [{"type": "paragraph", "text": "Because."}]}],
        sources=[{"name": "Share", "url": "smb://host/share"}],
    ))
    brief = api.read(source)
    pdf = pdfcheck.reader(api.render(brief, "pdf"))  # type: ignore[arg-type]
    annots = [annot.get_object() for page in pdf.pages for annot in page.get("/Annots") or []]
    actions = [a["/A"] for a in annots if "/A" in a]
    assert {str(a["/S"]) for a in actions} == {"/URI"}
    assert {str(a["/URI"]) for a in actions} == {"https://example.org/a", "mailto:desk@example.org"}
    internal = {str(a["/Dest"]) for a in annots if "/Dest" in a}  # in the lead, and in the key point it made
    assert len(internal) == 1 and "/XYZ" in internal.pop()  # one place: the heading the anchor names
    docx = api.render(brief, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as package:  # type: ignore[arg-type]
        targets = [
            rel.get("Target") for name in package.namelist() if name.endswith(".rels")
            for rel in etree.fromstring(package.read(name)) if rel.get("TargetMode") == "External"
        ]
        body = etree.fromstring(package.read("word/document.xml"))
    assert sorted(targets) == ["https://example.org/a", "mailto:desk@example.org"]
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    marks = {b.get(qn("w:name")): b.getparent() for b in body.iter(qn("w:bookmarkStart"))}
    assert len(set(anchors)) == 1 and "".join(marks[anchors[0]].itertext()) == "Why It Matters"


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(sys.platform != "linux", reason="finds the workers through /proc")
def test_a_lost_worker_costs_one_source(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for n in range(240):
        (src / f"story-{n:03d}.md").write_text(f"# Story {n}\n\nThe council met on day {n} and agreed.\n")
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "reportgen", "build", str(src), "-o", str(out), "-f", "md,json", "-j", "2", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    batch = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + MINUTE
    while len(list(out.glob("story-*.json"))) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(batch.pid)
    assert workers, "no worker to stop"
    os.kill(workers[0], signal.SIGKILL)
    _, err = batch.communicate(timeout=5 * MINUTE)
    assert batch.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(": worker stopped unexpectedly (signal 9)"), err
    lost = Path(lines[0].removeprefix("error: ").split(": ")[0])
    built = {p.stem for p in out.glob("story-*.json")}
    assert len(built) == 239 and lost.stem not in built
    assert {p.stem for p in out.glob("story-*.md")} == built
    again = subprocess.run([*argv[:-1], "-v"], env=env, capture_output=True, text=True, timeout=5 * MINUTE)
    assert again.returncode == 0, again.stderr
    assert "1 built, 239 up to date, 0 failed" in again.stdout
    assert len(list(out.glob("story-*.json"))) == 240


def test_a_reference_document_gives_styles_never_its_attached_template(tmp_path: Path) -> None:

    house = Document()
    house.styles["Heading 1"].font.name = "DejaVu Serif"
    house.part.relate_to("https://evil.example/track", RT.HYPERLINK, is_external=True)
    settings = house.part._settings_part
    attached_template = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
    rel_id = settings.relate_to("https://evil.example/macros.dotm", attached_template, is_external=True)
    attached = etree.SubElement(settings.element, qn("w:attachedTemplate"))
    attached.set(qn("r:id"), rel_id)
    reference = tmp_path / "house.docx"
    house.save(str(reference))
    with zipfile.ZipFile(reference, "a") as package:
        package.writestr("word/vbaProject.bin", b"\0" * 1024)
    brief = api.read(_sample())
    data = api.render(brief, "docx", reference_docx=reference)
    with zipfile.ZipFile(io.BytesIO(data)) as package:  # type: ignore[arg-type]
        names = package.namelist()
        everything = b"".join(package.read(n) for n in names)
    assert b"evil.example" not in everything and b"attachedTemplate" not in everything
    with zipfile.ZipFile(io.BytesIO(api.render(brief, "docx"))) as package:  # type: ignore[arg-type]
        own = set(package.namelist())  # the brief's own pictures are in word/media
    assert not any("vba" in n or "media" in n for n in set(names) - own)
    assert Document(io.BytesIO(data)).styles["Heading 1"].font.name == "DejaVu Serif"  # type: ignore[arg-type]


def test_an_oversized_reference_document_is_refused_in_one_line(tmp_path: Path) -> None:
    reference = tmp_path / "huge.docx"
    with reference.open("wb") as file:
        file.truncate(64 * 2**20)
    (tmp_path / "a.md").write_text("# A\n\nText.\n")
    code, err, _, _ = run_child("build", "a.md", "-o", "out", "--reference-docx", "huge.docx", cwd=tmp_path)
    assert code == 2 and err.count("\n") == 1 and "larger than 16 MB" in err, err


def _sample() -> Path:
    return ROOT / "sources" / "water-utility-cyber.md"


def test_names_cannot_forge_log_lines_and_long_names_build(tmp_path: Path, capsys) -> None:
    from reportgen.cli import main

    src = tmp_path / "src"
    src.mkdir()
    (src / "a\nerror: forged.md").write_text("# Fake\n\nText here.\n")
    (src / "e\x1b[31m.md").write_text("")
    (src / ("l" * 222 + ".md")).write_text("# Long\n\nA long name.\n")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-f", "md,pdf"]) == 1
    stdout, err = capsys.readouterr()
    lines = (stdout + err).splitlines()
    assert [line for line in lines if line.startswith("error")] == [f"error: {src}/e\\x1b[31m.md: the file is empty"]
    assert "a\\x0aerror: forged.md" in stdout  # its "built" line, the name escaped
    assert sorted(p.suffix for p in out.iterdir() if p.name.startswith("l")) == [".md", ".pdf"]
    assert [p.name for p in out.iterdir() if p.name.startswith(".reportgen-") and p.suffix == ".part"] == []


def test_a_source_whose_last_output_fails_leaves_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import _files

    real_replace = os.replace
    calls: list[str] = []

    def replace(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        _files.write_all([(tmp_path / "brief.md", "text"), (tmp_path / "brief.pdf", b"%PDF")])
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_sidecar_with_aliases_is_refused(tmp_path: Path) -> None:
    from reportgen.errors import SourceError

    (tmp_path / "story.md").write_text("# Story\n\nThe story.\n")
    (tmp_path / "story.yaml").write_text(hostile.yaml_bomb() + "key_points: *i\n")
    with pytest.raises(SourceError, match=r"story\.yaml uses a YAML alias"):
        api.read(tmp_path / "story.md")


def test_front_matter_the_markdown_brief_writes_cannot_be_injected(tmp_path: Path) -> None:
    source = tmp_path / "inject.json"
    source.write_bytes(hostile.json_brief(meta={"title": "Injected", "date": "2024-05-01\nmarking: SECRET",
                                                "language": "en\nurl: https://evil.example"}))
    written = tmp_path / "inject.md"
    written.write_text(str(api.render(api.read(source), "md")), "utf-8")
    again = api.read(written)
    assert again.meta.marking is None and again.meta.url is None


def test_a_table_too_wide_for_a_page_reads_as_pairs_in_both_outputs() -> None:
    from reportgen.model import Brief, Meta, Table

    header = [f"h{c}" for c in range(20)]
    row = ["", "", *(f"v{c}" for c in range(2, 20))]  # its first cells empty
    brief = Brief(meta=Meta(title="Wide"), lead=(Table.of(header, [row]),))
    expected = "  ·  ".join(f"h{c}: v{c}" for c in range(2, 20))
    paragraphs = [p.text for p in Document(io.BytesIO(api.render(brief, "docx"))).paragraphs]  # type: ignore[arg-type]
    assert expected in paragraphs
    printed = " ".join(pdfcheck.text(api.render(brief, "pdf")).split())  # type: ignore[arg-type]
    assert " ".join(f"h{c}: v{c}" for c in range(2, 20)) in printed.replace(" · ", " ")
    assert "· h2" not in printed
