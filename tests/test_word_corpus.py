"""Word files other programs wrote (``../shared/corpus-docx``: the python-docx and
mammoth test suites, most saved by Microsoft Word), and notes through every output."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pdfcheck
import pytest
from conftest import SHARED
from lxml import etree
from wordcheck import brief_text, words

from reportgen import api
from reportgen.cli import main
from reportgen.errors import SourceError
from reportgen.model import Brief, Meta, Paragraph, Strong, Text, plain
from reportgen.readers import json as json_reader
from reportgen.readers import markdown, word

CORPUS = SHARED / "corpus-docx"
MAMMOTH = CORPUS / "mammoth-text.json"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _mammoth() -> dict[str, str]:
    return json.loads(MAMMOTH.read_text(encoding="utf-8")) if MAMMOTH.is_file() else {}


def _note_words(path: Path) -> set[str]:
    """The words of a file's footnotes and endnotes, read straight from its XML."""
    found: set[str] = set()
    with zipfile.ZipFile(path) as package:
        for part in ("word/footnotes.xml", "word/endnotes.xml"):
            if part in package.namelist():
                root = etree.fromstring(package.read(part))
                notes = [n for n in root if n.get(f"{W}type") is None]
                found |= set(words(" ".join(t.text or "" for n in notes for t in n.iter(f"{W}t"))))
    return found


@pytest.mark.parametrize("name", sorted(_mammoth()) or [pytest.param("", marks=pytest.mark.skip("no corpus"))])
def test_every_word_mammoth_finds_reaches_the_brief(name: str) -> None:
    path = CORPUS / name
    expected = set(words(_mammoth()[name]))
    try:
        brief = word.read(path.read_bytes(), path=path)
    except SourceError as exc:
        assert not expected, f"{name}: {exc}"
        assert "\n" not in str(exc)
        return
    have = words(brief_text(brief))
    assert expected - set(have) == set()
    note_words = _note_words(path)
    assert note_words - set(words(" ".join(plain(n) for n in brief.notes))) == set()


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus-docx is not present")
def test_footnotes_and_endnotes_are_numbered_notes_marked_in_the_text() -> None:
    for name in ("mammoth-footnotes.docx", "mammoth-endnotes.docx"):
        brief = api.read(CORPUS / name)
        assert [plain(n) for n in brief.notes] == ["A tachyon walks into a bar.", "Fin."]
        text = " ".join(brief_text(brief).split())
        assert text.index("[1]") < text.index("[2]")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus-docx is not present")
def test_a_link_in_a_footnote_keeps_its_target() -> None:
    brief = api.read(CORPUS / "mammoth-footnote-hyperlink.docx")
    assert [(s.text, getattr(s, "url", None)) for s in brief.notes[0]] == [("Example", "http://www.example.com")]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus-docx is not present")
def test_an_empty_word_file_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    status = main(["build", str(CORPUS / "mammoth-empty.docx"), "-o", str(tmp_path), "-q"])
    err = capsys.readouterr().err.strip()
    assert status == 1
    assert err.count("\n") == 0 and "mammoth-empty.docx" in err and "no text" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus-docx is not present")
def test_comments_are_left_out_with_a_warning(tmp_path: Path, capsys) -> None:
    source = CORPUS / "mammoth-comments.docx"
    brief = api.read(source)
    assert any("comment" in w and "left out" in w for w in brief.warnings)
    comment = etree.fromstring(zipfile.ZipFile(source).read("word/comments.xml"))
    comment_words = set(words(" ".join(t.text or "" for t in comment.iter(f"{W}t"))))
    assert comment_words
    assert not comment_words & set(words(" ".join(plain(b.inlines) for b in brief.lead
                                                    if isinstance(b, Paragraph))))


NOTED = Brief(
    meta=Meta(title="Harbour works", language="en"),
    lead=(Paragraph((Text("The quay opens in May.[1] Dredging follows later.[2]"),)),),
    notes=(
        (Text("Port authority notice, "), Strong("12 March"), Text(".")),
        (Text("Dates depend on the tender."),),
    ),
)


def test_notes_print_at_the_end_of_the_pdf() -> None:
    text = " ".join(pdfcheck.text(api.render(NOTED, "pdf")).split())
    assert text.index("Dredging follows later.[2]") < text.index("Notes")
    assert "1. Port authority notice, 12 March." in text
    assert "2. Dates depend on the tender." in text


@pytest.mark.parametrize("fmt", ["docx", "md", "json"])
def test_notes_survive_every_editable_output(fmt: str) -> None:
    data = api.render(NOTED, fmt)
    readers = {"docx": word.read, "md": markdown.read, "json": json_reader.read}
    again = readers[fmt](data)
    assert again.notes == NOTED.notes
    assert [plain(b.inlines) for b in again.lead if isinstance(b, Paragraph)] == [
        "The quay opens in May.[1] Dredging follows later.[2]"
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus-docx is not present")
def test_a_picture_in_a_footnote_is_left_out_with_a_warning() -> None:
    source = io.BytesIO()
    with zipfile.ZipFile(CORPUS / "mammoth-footnotes.docx") as package, zipfile.ZipFile(source, "w") as out:
        for name in package.namelist():
            data = package.read(name)
            if name == "word/footnotes.xml":
                head, found, rest = data.partition(b'w:id="1"')  # the first note, after Word's separators
                data = head + found + rest.replace(b"</w:p>", b"<w:r><w:drawing/></w:r></w:p>", 1)
            out.writestr(name, data)
    brief = word.read(source.getvalue())
    assert [plain(n) for n in brief.notes] == ["A tachyon walks into a bar.", "Fin."]
    assert any("picture in footnote 1" in w for w in brief.warnings)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus-docx is not present")
def test_footnotes_keep_their_numbers_beside_a_notes_section() -> None:
    source = io.BytesIO()
    notes_section = (b'<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Notes</w:t></w:r></w:p>'
                     b"<w:p><w:r><w:t>An editor's closing note.</w:t></w:r></w:p><w:sectPr")
    with zipfile.ZipFile(CORPUS / "mammoth-footnotes.docx") as package, zipfile.ZipFile(source, "w") as out:
        for name in package.namelist():
            data = package.read(name)
            if name == "word/document.xml":
                data = data.replace(b"<w:sectPr", notes_section, 1)
            out.writestr(name, data)
    brief = word.read(source.getvalue())
    assert [plain(n) for n in brief.notes] == ["A tachyon walks into a bar.", "Fin.", "An editor's closing note."]
