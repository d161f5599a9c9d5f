"""The Markdown reader: structure from markdown-it-py, conventions shared with plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import api
from reportgen.errors import SourceError
from reportgen.model import Code, Emph, Link, ListBlock, Paragraph, Quote, Strong, Table, Text
from reportgen.readers.markdown import read

ARTICLE = """---
title: Front Matter Title
date: 2025-01-31
authors: [Ana Silva]
---

Lead paragraph with **bold**, *emphasis*, `code` and a [link](https://example.org/a).

## First Section

*Its kicker*

Lead-in line:

- **Term one**: first description
- plain item
  1. nested ordered item

Table 2: Things counted

| Thing | Count |
|---|---|
| Apples | 3 |

> A quotation that runs over
> two lines.
>
> — Jo Bloggs, Chief Economist

### Sub Section

"A straight quote," said Sam Park, analyst.

## Sources

- [Statistics Office](https://stats.example.org)
- Annual review 2024
"""


def test_front_matter_fills_meta() -> None:
    brief = read(ARTICLE)
    assert brief.meta.title == "Front Matter Title"
    assert brief.meta.date == "2025-01-31"
    assert brief.meta.authors == ("Ana Silva",)


def test_inline_formatting_becomes_spans() -> None:
    (lead,) = read(ARTICLE).lead
    assert isinstance(lead, Paragraph)
    assert lead.inlines == (
        Text("Lead paragraph with "),
        Strong("bold"),
        Text(", "),
        Emph("emphasis"),
        Text(", "),
        Code("code"),
        Text(" and a "),
        Link("link", "https://example.org/a"),
        Text("."),
    )


def test_sections_kickers_lists_tables_quotes() -> None:
    brief = read(ARTICLE)
    (first,) = brief.sections
    assert (first.title, first.subtitle) == ("First Section", "Its kicker")
    lst, table, quote = first.blocks
    assert isinstance(lst, ListBlock) and lst.title == "Lead-in line"
    assert (lst.items[0].term, lst.items[0].text) == ("Term one", "first description")
    assert lst.items[1].items[0].text == "nested ordered item"
    assert isinstance(table, Table)
    assert (table.caption, table.header_text) == ("Things counted", ("Thing", "Count"))
    assert table.rows_text == (("Apples", "3"),)
    assert quote == Quote.of("A quotation that runs over two lines.", "Jo Bloggs", "Chief Economist")
    (sub,) = first.sections
    assert sub.title == "Sub Section"
    assert sub.blocks == (Quote.of("A straight quote.", "Sam Park", "analyst"),)


def test_closing_sources_section_keeps_link_targets() -> None:
    brief = read(ARTICLE)
    assert [(s.name, s.url) for s in brief.sources] == [
        ("Statistics Office", "https://stats.example.org"),
        ("Annual review 2024", None),
    ]


def test_single_h1_is_the_title_and_levels_are_ranked() -> None:
    brief = read("# The Title\n\n*The standfirst*\n\nIntro.\n\n### Deep\n\nText.\n\n#### Deeper\n\nMore.\n")
    assert (brief.meta.title, brief.meta.subtitle) == ("The Title", "The standfirst")
    (deep,) = brief.sections
    assert deep.title == "Deep" and deep.sections[0].title == "Deeper"


def test_code_block_and_html_keep_their_text() -> None:
    brief = read("Intro.\n\n```\nx = 1 < 2\n```\n\n<div>Raw <b>html</b> text</div>\n")
    assert brief.lead[1] == Paragraph((Code("x = 1 < 2"),))
    assert brief.lead[2].text == "Raw html text"


def test_bold_lead_in_is_a_term_only_when_set_off() -> None:
    """``**Term:** text`` gives a term; ``**0:**/`` is one word and keeps its text."""
    listing = "Intro.\n\n## S\n\n- **Term:** text\n- **Term** – text\n- **0:**/ rest\n"
    items = next(b for b in read(listing).sections[0].blocks if isinstance(b, ListBlock)).items
    assert [(i.term, "".join(s.text for s in i.inlines)) for i in items] == [
        ("Term", "text"),
        ("Term", "text"),
        (None, "0:/ rest"),
    ]


def test_front_matter_libyaml_refuses_is_read_by_pyyamls_own_loader(tmp_path: Path) -> None:
    """An emoji written as two JSON surrogate escapes (as our Markdown writer and
    many JSON-minded tools write it) is not YAML to libyaml; PyYAML's loader reads it."""
    source = tmp_path / "emoji.md"
    source.write_text('---\ntitle: "Ships \\ud83d\\udea2 and ports"\n---\n\nThe ports reopened on Monday.\n')
    assert api.read(source).meta.title.startswith("Ships ")
    broken = tmp_path / "broken.md"
    broken.write_text('---\ntitle: "unclosed\n---\n\nBody.\n')
    with pytest.raises(SourceError, match=r"front matter is not valid YAML"):
        api.read(broken)
