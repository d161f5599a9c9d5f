"""A Word brief edited in LibreOffice Writer with Track Changes on (``lo_edit.py``
drives Writer through its own API), saved with the changes tracked and with
them accepted, then built into the final PDF: the editor's work comes through."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfcheck
import pytest

from reportgen import api
from reportgen.cli import main
from reportgen.dump import dump
from reportgen.model import Brief, ListBlock, Paragraph, Strong, Table, iter_blocks, iter_sections, plain

HERE = Path(__file__).resolve().parent
ARTICLE = HERE / "fixtures" / "harbour-works.md"
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _writer_scriptable() -> bool:
    if shutil.which("soffice") is None or not SYSTEM_PYTHON.exists():
        return False
    return subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _writer_scriptable(), reason="LibreOffice with python3-uno is not installed")

# What lo_edit.py does, as the words a reader of the final PDF must (not) find.
INSERTED = [
    "Kestrel inspectors signed off the crane rails.",
    "Deepening the Approach Channel",
    "Budget talks resume with the harbour board in June.",
    "Weekend pilotage for ferries",
    "Berths by quay:",
    "Marmot notice of the port authority, 3 February.",
]
GONE = ["Ocelot", "Zebra", "Dredging the Channel"]
ITEMS = ["Extended gate hours for hauliers", "A second tug on standby", "Night pilotage for tankers",
         "Weekend pilotage for ferries"]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("edits")
    assert main(["build", str(ARTICLE), "-o", str(folder), "-f", "docx", "-q"]) == 0
    brief = folder / "harbour-works.docx"
    done = subprocess.run([str(SYSTEM_PYTHON), str(HERE / "lo_edit.py"), str(brief), str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return folder


def _tree(brief: Brief) -> str:
    return dump(brief).replace(brief.meta.source_path or "", "")


def test_a_brief_saved_again_by_libreoffice_reads_back_the_same(edited: Path) -> None:
    original = api.read(edited / "harbour-works.docx")
    again = api.read(edited / "resaved.docx")
    assert _tree(again) == _tree(original)
    assert again.meta.date == "2026-08-21" and again.meta.authors == ("Ines Moreau",)


@pytest.mark.parametrize("saved", ["tracked", "accepted"])
def test_the_final_pdf_has_the_editors_work(edited: Path, saved: str, tmp_path: Path, capsys) -> None:
    source = edited / f"{saved}.docx"
    assert main(["build", str(source), "-o", str(tmp_path), "-f", "pdf"]) == 0
    printed = capsys.readouterr()
    warnings = printed.out + printed.err
    text = " ".join(pdfcheck.text((tmp_path / f"{saved}.pdf").read_bytes()).split())
    for words in INSERTED:
        assert words in text
    for words in GONE:
        assert words not in text
    assert "1 comment left out" in warnings
    assert ("tracked changes taken as accepted" in warnings) == (saved == "tracked")


@pytest.mark.parametrize("saved", ["tracked", "accepted"])
def test_the_structure_around_each_edit_stays(edited: Path, saved: str) -> None:
    original = api.read(edited / "harbour-works.docx")
    brief = api.read(edited / f"{saved}.docx")
    titles = [s.title for _, s in iter_sections(brief.sections)]
    assert titles == ["Repairs to the Quay", "Deepening the Approach Channel", "Costs and Funding"]
    lists = [b for b in iter_blocks(brief) if isinstance(b, ListBlock)]
    assert [[plain(i.inlines) for i in b.items] for b in lists] == [ITEMS]
    assert lists[0].title == "New services once the quay reopens"
    tables = [b for b in iter_blocks(brief) if isinstance(b, Table)]
    assert [(t.header_text, t.rows_text) for t in tables] == [(("Quay", "Berths"), (("North", "4"), ("South", "7")))]
    assert any(Strong("fenders") in b.inlines for b in iter_blocks(brief) if isinstance(b, Paragraph))
    assert [plain(n) for n in brief.notes] == ["Marmot notice of the port authority, 3 February."]
    assert brief.key_points == original.key_points
    paragraphs = {plain(b.inlines) for b in iter_blocks(brief) if isinstance(b, Paragraph)}
    untouched = [plain(b.inlines) for b in iter_blocks(original)
                 if isinstance(b, Paragraph) and "Ocelot" not in plain(b.inlines)]
    assert set(untouched) <= paragraphs
