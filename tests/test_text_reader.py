"""The plain-text reader, case by case (tests/fixtures/text_cases.txt), and its input handling."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.dump import dump
from reportgen.errors import SourceError
from reportgen.model import Quote
from reportgen.readers import read_source
from reportgen.readers.text import read

CASES = Path(__file__).parent / "fixtures" / "text_cases.txt"


def _cases() -> list[tuple[str, str, str]]:
    text = CASES.read_text(encoding="utf-8")
    out = []
    for chunk in re.split(r"^### ", text, flags=re.M)[1:]:
        name, _, body = chunk.partition("\n")
        source, _, expected = body.partition("\n=>\n")
        out.append((name.strip(), source, expected.strip("\n") + "\n"))
    return out


def _body_dump(source: str) -> str:
    lines = dump(read(source)).splitlines()
    kept = [ln for ln in lines if not re.match(r"^(title: $|language: )", ln)]
    return "\n".join(kept) + "\n"


@pytest.mark.parametrize(("name", "source", "expected"), _cases(), ids=[c[0] for c in _cases()])
def test_case(name: str, source: str, expected: str) -> None:
    assert _body_dump(source) == expected


def test_there_are_many_cases() -> None:
    assert len(_cases()) >= 15


@pytest.mark.parametrize(
    "data",
    [
        "Café déjà vu — “naïve” façade.\n".encode(),
        "Café déjà vu — “naïve” façade.\n".encode("utf-8-sig"),
        "Café déjà vu — “naïve” façade.\n".encode("utf-16"),
        "Café déjà vu — “naïve” façade.\n".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1252"],
)
def test_encodings_lose_no_character(data: bytes) -> None:
    brief = read(data)
    assert brief.lead[0].text == "Café déjà vu — “naïve” façade."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n  ", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary"),
    ],
    ids=["empty", "whitespace", "bytes", "png"],
)
def test_bad_input_is_a_source_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=reason):
        read_source(path)


def test_front_matter_and_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        "---\ntitle: From Front Matter\ndate: 5 March 2024\nauthor: Kim Lee\n"
        "key_points:\n  - One point.\n---\nBody text of the note.\n",
        encoding="utf-8",
    )
    (tmp_path / "note.yaml").write_text("title: From Sidecar\nmarking: OFFICIAL\n", encoding="utf-8")
    brief = read(path.read_bytes(), path=path)
    assert brief.meta.title == "From Front Matter"  # front matter wins over the sidecar
    assert brief.meta.marking == "OFFICIAL"  # the sidecar fills what front matter leaves out
    assert brief.meta.date == "2024-03-05"
    assert brief.meta.authors == ("Kim Lee",)
    assert brief.key_point_texts == ("One point.",)
    assert brief.lead[0].text == "Body text of the note."


def test_bad_front_matter_names_the_problem() -> None:
    with pytest.raises(SourceError, match="front matter is not valid YAML"):
        read("---\ntitle: [unclosed\n---\nBody.\n")
    with pytest.raises(SourceError, match="date"):
        read("---\ndate: someday\n---\nBody.\n")


def test_a_single_quote_closes_before_the_punctuation_too() -> None:
    text = ("Quieter Wagons\n\nResidents met the rail agency on Tuesday to hear its plan.\n\n"
            "‘We will hold the agency to its date’, said Hana Varga, chair of the residents’ association.\n")
    quotes = [b for b in read(text).lead if isinstance(b, Quote)]
    assert [(q.text, q.speaker, q.role) for q in quotes] == [
        ("We will hold the agency to its date", "Hana Varga", "chair of the residents’ association")]
