"""Every sample in sources/ reads into the structure in its golden tree dump
(tests/golden/<name>.tree; rewrite with ``pytest --update-golden``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLDEN, SEED, SOURCES, check_golden
from wordcheck import duplicated_sentences, missing_words

import reportgen
from reportgen.dump import dump
from reportgen.model import Paragraph
from reportgen.prose import sentences
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


@pytest.mark.parametrize("path", [*SAMPLES, SEED], ids=lambda p: p.name)
def test_key_points_add_to_the_lead(path: Path) -> None:
    """The lead is printed right under the key points: no point repeats one of its sentences."""
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    brief = reportgen.read(path)
    lead = {" ".join(s.split()) for b in brief.lead if isinstance(b, Paragraph) for s in sentences(b.text)}
    assert brief.key_points
    assert not [p for p in brief.key_point_texts if " ".join(p.split()) in lead]
