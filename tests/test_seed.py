"""The reference article reads exactly as DESIGN.md "The seed, read correctly" says."""

from __future__ import annotations

import io
from pathlib import Path

import pdfcheck
import pytest
from wordcheck import duplicated_sentences, missing_words

import reportgen
from reportgen.model import ListBlock, Paragraph, Quote, Table, iter_blocks, iter_sections


@pytest.fixture(scope="module")
def seed(request: pytest.FixtureRequest):
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seed is not present")
    return SEED, reportgen.read(SEED)


def test_lead_has_three_paragraphs(seed):
    _, brief = seed
    assert [type(b) for b in brief.lead] == [Paragraph, Paragraph, Paragraph]
    assert brief.lead[0].text.startswith("The United States and Japan are deepening")


def test_headings_and_depths(seed):
    _, brief = seed
    headings = []
    for depth, section in iter_sections(brief.sections):
        headings.append((depth, section.title))
        if section.subtitle:
            headings.append(("kicker", section.subtitle))
    assert headings == [
        (1, "Strategic Upgrades to US Forces Japan"),
        (2, "Enhancing Coordination and Readiness"),
        (1, "Co-Producing Advanced Missile Systems"),
        (2, "Strengthening Defense Capabilities"),
        (2, "A History of Defense Cooperation"),
        (1, "Addressing China’s Military Presence"),
        (2, "Deterrence Through Strength"),
        (2, "Implications for US-China Relations"),
        (1, "Multilateral Engagement and Local Considerations"),
        (2, "Expanding Regional Partnerships"),
        (2, "Community Effects and Local Support"),
        (1, "What Lies Ahead for the US-Japan Alliance"),
        (2, "Moving Forward"),
    ]


def test_lists_have_titles_items_and_terms(seed):
    _, brief = seed
    lists = [b for b in iter_blocks(brief) if isinstance(b, ListBlock)]
    assert [(lst.title, lst.ordered) for lst in lists] == [
        ("Why This Upgrade Matters", False),
        ("Main Elements of the Deterrence Strategy", False),
    ]
    assert [[i.term for i in lst.items] for lst in lists] == [
        ["Stronger crisis response", "Expanded personnel and resources", "Greater military flexibility"],
        [
            "Increased military presence in the first island chain",
            "Strengthened joint training",
            "Strategic messaging to China",
        ],
    ]
    assert lists[0].items[0].text == (
        "The headquarters will improve coordination between U.S. and Japanese forces in real time."
    )
    assert lists[1].items[2].text == "Both nations highlight their commitment to stability."


def test_table(seed):
    _, brief = seed
    (table,) = [b for b in iter_blocks(brief) if isinstance(b, Table)]
    assert table.caption == "Missile Co-Production Developments"
    assert table.header_text == ("Development", "Security Benefits")
    assert [row[0] for row in table.rows_text] == [
        "AMRAAM missile production",
        "SM-6 collaboration",
        "Increased local manufacturing",
    ]
    assert table.rows_text[2][1] == "Reduces reliance on foreign suppliers and strengthens supply chains"


def test_quotes_and_speakers(seed):
    _, brief = seed
    quotes = [b for b in iter_blocks(brief) if isinstance(b, Quote)]
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Pete Hegseth", "Defense Secretary"),
        ("a Tokyo-based security expert", None),
        ("Pete Hegseth", "Defense Secretary"),
    ]
    assert quotes[0].text.startswith("This upgrade reflects our shared commitment")
    assert quotes[2].text.endswith("the best safeguard against conflict.")
    assert not any(q.text[0] in "“\"" for q in quotes)


def test_sources_and_glossary(seed):
    _, brief = seed
    assert [(s.name, s.url) for s in brief.sources] == [("US Department of Defense", None)]
    assert [(g.term, g.expansion) for g in brief.glossary] == [
        ("AMRAAM", "Advanced Medium-Range Air-to-Air Missile"),
        ("SM-6", "Standard Missile-6"),
        ("DICAS", "Defense Industrial Cooperation Acquisition and Sustainment"),
    ]


def test_title_falls_back_to_a_readable_name(seed):
    _, brief = seed
    assert brief.meta.title == "US-Japan Defense Partnership"


def test_key_points_are_sentences_of_the_article(seed):
    path, brief = seed
    text = " ".join(Path(path).read_text(encoding="utf-8").split())
    assert 3 <= len(brief.key_points) <= 5
    for point in brief.key_point_texts:
        assert point in text


def test_every_word_reaches_the_model_once(seed):
    path, brief = seed
    assert missing_words(Path(path).read_text(encoding="utf-8"), brief) == set()
    assert duplicated_sentences(brief) == []


def test_every_heading_is_navigable_in_both_outputs(seed):
    """Two heading lines in a row are a section and its first sub-section: all 13
    headings are PDF bookmarks and Heading-styled paragraphs in the Word brief."""
    docx = pytest.importorskip("docx")
    _, brief = seed
    titles = [s.title for _, s in iter_sections(brief.sections)]
    assert len(titles) == 13
    outline = pdfcheck.outline_titles(reportgen.render(brief, "pdf"))
    assert [t for t in outline if t in titles] == titles
    doc = docx.Document(io.BytesIO(reportgen.render(brief, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h in headings if h in titles] == titles
