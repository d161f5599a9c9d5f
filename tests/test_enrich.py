"""Enrichment: glossary, speakers, key points and title fallback add no text of their own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reportgen import api
from reportgen.enrich import add_key_points, add_title, enrich, find_acronyms, title_from_name
from reportgen.model import Brief, GlossaryEntry, Meta, Paragraph, Quote, Section, points
from reportgen.readers.text import read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the World Health Organization (WHO) said", [("WHO", "World Health Organization")]),
        ("the WHO (World Health Organization) said", [("WHO", "World Health Organization")]),
        ("an Advanced Medium-Range Air-to-Air Missile (AMRAAM)",
         [("AMRAAM", "Advanced Medium-Range Air-to-Air Missile")]),
        ("the Standard Missile-6 (SM-6) test", [("SM-6", "Standard Missile-6")]),
        ("a figure (see TABLE) nearby", []),
        ("profits rose (USD) sharply", []),
    ],
)
def test_acronym_definitions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(g.term, g.expansion) for g in find_acronyms(text)] == expected


def test_first_definition_wins() -> None:
    brief = enrich(read("The Central Bank (CB) acted.\nLater the Credit Board (CB) met.\n"))
    assert brief.glossary == (GlossaryEntry("CB", "Central Bank"),)


def test_surname_resolves_to_full_name_and_role() -> None:
    brief = enrich(
        read(
            "Foreign Minister Lena Park opened the talks, stating,\n“We are ready.”\n"
            "Park later added, saying,\n“We are still ready.”\n"
        )
    )
    quotes = [b for b in brief.lead if isinstance(b, Quote)]
    assert [(q.speaker, q.role) for q in quotes] == [("Lena Park", "Foreign Minister")] * 2


def test_key_points_are_verbatim_sentences() -> None:
    body = (
        "The first sentence of the lead paragraph is here. A second sentence follows it.\n"
        "Section One\nA first sentence of section one is also here. And a second one of the section follows.\n"
        "Section Two\nThe opening of section two comes next in line. With more.\n"
    )
    brief = add_key_points(read(body))
    assert brief.key_point_texts == (
        "A first sentence of section one is also here.",
        "The opening of section two comes next in line.",
        "And a second one of the section follows.",
    )


def test_key_points_never_repeat_the_lead() -> None:
    body = (
        "The council approved the new harbour wall on Monday evening.\n"
        "Costs\nThe council approved the new harbour wall on Monday evening. The loan runs for twenty years.\n"
        "Timing\nWork on the northern arm of the wall starts in the spring.\n"
    )
    brief = add_key_points(read(body))
    assert brief.key_point_texts == (
        "The loan runs for twenty years.",
        "Work on the northern arm of the wall starts in the spring.",
    )


def test_given_key_points_are_kept() -> None:
    brief = Brief(Meta(title="T"), key_points=points(["Given."]),
                  lead=(Paragraph.of("A long enough sentence for a point here."),))
    assert add_key_points(brief).key_point_texts == ("Given.",)


@pytest.mark.parametrize(
    ("stem", "text", "expected"),
    [
        ("us-japan-defense-partnership", "the US-Japan alliance", "US-Japan Defense Partnership"),
        ("state_of_the_eu_budget", "", "State of the EU Budget"),
        ("nato-summit", "", "NATO Summit"),
        ("river-levels", "", "River Levels"),
    ],
)
def test_title_from_file_name(stem: str, text: str, expected: str) -> None:
    assert title_from_name(stem, text) == expected


def test_title_is_never_empty() -> None:
    bare = Brief(Meta(title=""), lead=(Paragraph.of("Only some words in a paragraph here."),))
    assert add_title(bare).meta.title == "Only some words in a paragraph here"
    named = replace(bare, meta=Meta(title="", source_path="in/2024-07-01.txt"))
    assert add_title(named).meta.title == "Only some words in a paragraph here"
    sectioned = Brief(Meta(title=""), sections=(Section("Heading Wins"),))
    assert add_title(sectioned).meta.title == "Heading Wins"
    assert add_title(Brief(Meta(title=""))).meta.title == "Untitled brief"


def test_title_comes_from_the_article_in_its_language(tmp_path) -> None:
    """A Japanese article saved as japan-rail-upgrade-ja.txt is titled in Japanese,
    from its first sentence; an English one whose file name is its own words keeps that."""
    source = tmp_path / "japan-rail-upgrade-ja.txt"
    source.write_text("国土交通省は、地方の鉄道路線を電化する新しい計画を発表した。\n計画は来年から始まる。\n", "utf-8")
    assert api.read(source).meta.title == "国土交通省は、地方の鉄道路線を電化する新しい計画を発表した"
    english = tmp_path / "harbour-wall-repairs.txt"
    english.write_text("The council approved the harbour wall repairs on Monday, after a long debate.\n", "utf-8")
    assert api.read(english).meta.title == "Harbour Wall Repairs"
    other = tmp_path / "notes.txt"
    other.write_text("The council approved the harbour wall repairs on Monday, after a long and heated debate "
                     "about the cost of stone.\n", "utf-8")
    assert api.read(other).meta.title == "The council approved the harbour wall repairs on Monday"
