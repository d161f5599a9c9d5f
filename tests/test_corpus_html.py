"""The HTML reader on 29 real saved pages (../shared/corpus), scored against
their truth; the per-page table is kept in docs/corpus-html.md."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT, corpus_pages
from corpus_metrics import Score, mean, score, table

from reportgen import api
from reportgen.model import iter_sections

pytestmark = pytest.mark.corpus
PAGES = corpus_pages()
REPORT = ROOT / "docs" / "corpus-html.md"


@pytest.fixture(scope="module")
def briefs():
    if not PAGES:
        pytest.skip("../shared/corpus is not present")
    return {page.name: api.read(page / "source.html") for page in PAGES}


def test_article_extraction_measures(briefs, update_golden: bool) -> None:
    scores: list[Score] = [score(page, briefs[page.name]) for page in PAGES]
    report = table(scores)
    print("\n" + report)
    if update_golden:
        head = REPORT.read_text("utf-8").split("<!-- table -->")[0]
        REPORT.write_text(f"{head}<!-- table -->\n\n{report}\n", "utf-8")
    assert mean([s.title for s in scores]) >= 0.95
    assert mean([s.headings for s in scores]) >= 0.97
    assert mean([s.tables for s in scores]) >= 0.95
    assert mean([s.word_recall for s in scores]) >= 0.96
    assert mean([s.word_precision for s in scores]) >= 0.98


def test_no_heading_ends_in_a_permalink_mark(briefs) -> None:
    titles = [(name, s.title) for name, b in briefs.items() for _, s in iter_sections(b.sections)]
    assert titles
    assert [(name, t) for name, t in titles if t.rstrip()[-1:] in "¶#§"] == []


@pytest.mark.skipif(not importlib.util.find_spec("docx"), reason="python-docx missing")
def test_every_page_builds_a_pdf_and_a_docx(briefs) -> None:
    for name, brief in briefs.items():
        assert api.render(brief, "pdf")[:4] == b"%PDF", name
        assert api.render(brief, "docx")[:2] == b"PK", name
