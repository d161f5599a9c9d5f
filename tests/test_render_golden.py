"""What each renderer makes of every sample, as readable golden files
(tests/golden/renderers/; rewrite with ``pytest --update-golden``): the Word
brief's paragraphs with their styles, tables and running header and footer
(read with python-docx), the PDF's outline and text by page (read with pypdf).
Structure and words, not bytes: a change of layout shows as a readable diff."""

from __future__ import annotations

from pathlib import Path

import docxcheck
import pdfcheck
import pytest
from conftest import GOLDEN, SOURCES, check_golden

from reportgen import api
from reportgen.readers import supported_suffixes

SAMPLES = sorted(p for p in SOURCES.iterdir() if p.suffix in supported_suffixes())
RENDERERS = GOLDEN / "renderers"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_word_brief_structure(path: Path, update_golden: bool) -> None:
    data = api.render(api.read(path), "docx")
    check_golden(RENDERERS / f"{path.name}.docx.txt", docxcheck.describe(data), update_golden)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_pdf_brief_text_and_outline(path: Path, update_golden: bool) -> None:
    data = api.render(api.read(path), "pdf")
    check_golden(RENDERERS / f"{path.name}.pdf.txt", pdfcheck.describe(data), update_golden)


@pytest.mark.parametrize("path", [p for p in SAMPLES if p.suffix == ".txt"][:2], ids=lambda p: p.name)
def test_memo_template_structure(path: Path, update_golden: bool) -> None:
    brief = api.read(path)
    check_golden(RENDERERS / f"{path.name}.memo.docx.txt",
                 docxcheck.describe(api.render(brief, "docx", template="memo")), update_golden)
    check_golden(RENDERERS / f"{path.name}.memo.pdf.txt",
                 pdfcheck.describe(api.render(brief, "pdf", template="memo")), update_golden)
