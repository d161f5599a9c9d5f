"""The text and Markdown readers on real pages: the converter outputs stored with
each corpus page (``scraped.txt``, ``scraped.md``, ``html2text.md``) all read,
and the clean Markdown keeps the article's headings and words."""

from __future__ import annotations

import pytest
from conftest import corpus_pages
from corpus_metrics import Score, mean, score, table

from reportgen.api import read

pytestmark = pytest.mark.corpus
PAGES = corpus_pages()
needs_corpus = pytest.mark.skipif(not PAGES, reason="../shared/corpus is not present")


@needs_corpus
@pytest.mark.parametrize("name", ["scraped.txt", "scraped.md", "html2text.md"])
def test_every_converter_output_reads(name: str) -> None:
    for page in PAGES:
        brief = read(page / name)
        assert brief.meta.title.strip(), page.name
        assert brief.lead or brief.sections, page.name


def _scores(name: str) -> list[Score]:
    scores = [score(page, read(page / name)) for page in PAGES]
    print(f"\n{name}\n{table(scores)}")
    return scores


@needs_corpus
def test_clean_markdown_keeps_headings_and_words() -> None:
    scores = _scores("html2text.md")
    assert mean([s.headings for s in scores]) >= 0.95
    assert mean([s.word_recall for s in scores]) >= 0.97
    assert mean([s.word_precision for s in scores]) >= 0.98
    assert min(s.word_recall for s in scores) >= 0.9


@needs_corpus
def test_scraped_text_keeps_words_and_most_headings() -> None:
    scores = _scores("scraped.txt")
    assert mean([s.headings for s in scores]) >= 0.75
    assert mean([s.word_recall for s in scores]) >= 0.95
    assert mean([s.word_precision for s in scores]) >= 0.97
