"""Every sample in sources/ reads into the structure in its golden tree dump
(tests/golden/<name>.tree; rewrite with ``pytest --update-golden``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLDEN, SOURCES, check_golden
from wordcheck import duplicated_sentences, missing_words

import reportgen
from reportgen.dump import dump
from reportgen.readers import supported_suffixes

SAMPLES = sorted(p for p in SOURCES.iterdir() if p.suffix in supported_suffixes())


def test_there_are_enough_samples() -> None:
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_matches_golden_tree(path: Path, update_golden: bool) -> None:
    check_golden(GOLDEN / f"{path.name}.tree", dump(reportgen.read(path)), update_golden)


@pytest.mark.parametrize("path", [p for p in SAMPLES if p.suffix == ".txt"], ids=lambda p: p.name)
def test_sample_keeps_every_word_once(path: Path) -> None:
    brief = reportgen.read(path)
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---\n", 1)[1]
    assert missing_words(text, brief) == set()
    assert duplicated_sentences(brief) == []
