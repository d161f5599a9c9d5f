"""The content model: JSON out and back, invariants, and sectionize."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from strategies import briefs

from reportgen.model import (
    SCHEMA,
    Brief,
    Emph,
    Link,
    Meta,
    Paragraph,
    Quote,
    SchemaError,
    Strong,
    Table,
    Text,
    from_json,
    normalize_inlines,
    to_json,
)
from reportgen.structure import flatten, sectionize


@given(briefs)
@settings(max_examples=150, deadline=None)
def test_json_round_trip_is_identity(brief) -> None:
    text = json.dumps(to_json(brief))
    assert from_json(json.loads(text)) == brief


@given(briefs)
@settings(max_examples=100, deadline=None)
def test_sectionize_is_idempotent(brief) -> None:
    lead, sections = sectionize([*brief.lead, *flatten(brief.sections)])
    assert (lead, sections) == (brief.lead, brief.sections)


def test_json_has_the_documented_shape() -> None:
    brief = from_json({"meta": {"title": "T"}, "lead": [{"type": "paragraph", "text": "Hi  there"}]})
    out = to_json(brief)
    assert out["schema"] == SCHEMA
    assert set(out) == {"schema", "meta", "key_points", "key_points_inlines", "lead", "sections", "sources",
                        "glossary", "notes", "notes_inlines", "warnings"}
    assert out["lead"] == [
        {"type": "paragraph", "text": "Hi there", "inlines": [{"type": "text", "text": "Hi there"}]}
    ]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "must be an object"),
        ({"schema": "other/2"}, "schema"),
        ({"lead": [{"type": "video"}]}, "not a block type"),
        ({"lead": [{"type": "paragraph", "inlines": [{"type": "blink", "text": "x"}]}]}, "not an inline type"),
        ({"meta": {"title": 5}}, "wrong type"),
        ({"lead": [{"type": "table", "rows": [[1, 2]]}]}, "rows"),
    ],
)
def test_invalid_json_is_a_schema_error(doc, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        from_json(doc)


def test_a_brief_of_the_older_form_reads_with_plain_inlines() -> None:
    """Table cells, quotes and key points written as plain text (before they held
    inlines) read as plain inlines."""
    brief = from_json({
        "meta": {"title": "T"}, "key_points": ["One point."],
        "lead": [{"type": "table", "header": ["A"], "rows": [["1"]]}, {"type": "quote", "text": "Said."}],
    })
    table, quote = brief.lead
    assert brief.key_points == ((Text("One point."),),)
    assert (table.header, table.rows) == (((Text("A"),),), (((Text("1"),),),))
    assert quote.inlines == (Text("Said."),)


def test_formatting_in_cells_quotes_and_key_points_round_trips() -> None:
    cell = (Text("see "), Link("the report", "https://example.org/r"))
    brief = Brief(Meta(title="T"), key_points=((Strong("Bold"), Text(" point")),),
                  lead=(Table((cell,), (((Emph("x"),),),)), Quote((Text("a "), Strong("b")), "Ann Lee")))
    again = from_json(json.loads(json.dumps(to_json(brief))))
    assert again == brief
    assert to_json(brief)["lead"][0]["header"] == ["see the report"]


def test_normalize_inlines_collapses_and_merges() -> None:
    spans = (Text("a  "), Text(" b"), Strong(" c "), Emph(""), Text("d"), Link("e", "u"), Link("f", "u"))
    assert normalize_inlines(spans) == (Text("a b "), Strong("c"), Text(" d"), Link("ef", "u"))
    assert Paragraph(normalize_inlines(spans)).text == "a b c def"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"meta": {"title": "T"}, "lead": [', "not valid JSON"),
        ('{"meta": {"title": "Half \\ud800 a pair"}}', "unpaired surrogate"),
    ],
)
def test_bad_json_sources_are_clean_errors(text: str, reason: str) -> None:
    from reportgen.errors import SourceError
    from reportgen.readers import json as json_reader

    with pytest.raises(SourceError, match=reason):
        json_reader.read(text.encode())


def test_table_alignment_round_trips_and_the_older_form_has_none() -> None:
    table = Table(((Text("Item"),), (Text("Cost"),)), (((Text("Bread"),), (Text("2.10"),)),),
                  align=("left", "right"))
    brief = Brief(Meta(title="T"), lead=(table,))
    out = to_json(brief)
    assert out["lead"][0]["align"] == ["left", "right"]
    assert from_json(json.loads(json.dumps(out))) == brief
    older = from_json({"meta": {"title": "T"}, "lead": [{"type": "table", "header": ["A"], "rows": [["1"]]}]})
    assert older.lead[0].align == ()
    assert older.lead[0].alignment(0) is None
    with pytest.raises(SchemaError, match="align"):
        from_json({"lead": [{"type": "table", "header": ["A"], "rows": [], "align": ["middle"]}]})
