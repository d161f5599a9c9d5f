"""Digests: many articles in one PDF and one Word document, read back with tools
we did not write (pypdf, poppler's pdftotext, python-docx, LibreOffice, the
ECMA-376 schemas)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pdfcheck
import pytest
from conftest import SHARED, SOURCES
from pypdf import PdfReader
from wordcheck import LABELS, brief_text, words

from reportgen import api
from reportgen.cli import main
from reportgen.digest import read_articles
from reportgen.errors import UsageError
from reportgen.model import (
    Brief,
    Digest,
    Meta,
    Paragraph,
    body_texts,
    digest_from_json,
    digest_to_json,
    iter_sections,
)
from reportgen.renderers.layout import RUNNING_TITLE_MOST, display_date, shorten

DIGEST_TITLE = "Morning Read-File"


@pytest.fixture(scope="module")
def digest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A digest of the samples (text, Markdown, HTML, Japanese) and a Word brief
    made of one of them, built by the command line in every format."""
    root = tmp_path_factory.mktemp("digest")
    sources = root / "sources"
    sources.mkdir()
    for path in SOURCES.iterdir():
        if path.name.startswith("coastal-flood-insurance"):
            api.render(api.read(path), "docx", sources / "coastal-flood-insurance.docx")
        elif path.is_dir():  # the pictures a sample names
            shutil.copytree(path, sources / path.name)
        else:
            shutil.copy(path, sources / path.name)
    out = root / "out"
    code = main(["digest", str(sources), "-o", str(out), "--title", DIGEST_TITLE, "-f", "pdf,docx,json", "-q"])
    assert code == 0
    briefs = [b for p in sorted(sources.iterdir()) if p.is_file() and p.suffix != ".yaml" for b in read_articles(p)]
    return {"root": root, "out": out, "briefs": briefs, "pdf": (out / "digest.pdf").read_bytes(),
            "docx": out / "digest.docx", "json": out / "digest.json"}


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """``(level, title, page index)`` of every outline entry, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def _starts(data: bytes) -> dict[str, int]:
    """Each top-level outline entry's title -> the page (from 1) it points to."""
    return {title: page + 1 for level, title, page in _outline(pdfcheck.reader(data)) if level == 0}


def test_the_outline_has_each_article_at_the_top_in_order_with_its_sections_below(digest) -> None:
    outline = _outline(pdfcheck.reader(digest["pdf"]))
    top = [title for level, title, _ in outline if level == 0]
    assert top == [b.meta.title for b in digest["briefs"]] + ["Glossary"]
    for brief in digest["briefs"]:
        at = next(k for k, (level, title, _) in enumerate(outline) if level == 0 and title == brief.meta.title)
        below = []
        for level, title, _ in outline[at + 1:]:
            if level == 0:
                break
            below.append((level, title))
        assert [t for _, t in below if t != "Sources"] == [s.title for _, s in iter_sections(brief.sections)]
        assert all(level >= 1 for level, _ in below)


def _opening(brief) -> str:
    """The last words of the article's first paragraph: its own words, which a
    title made from its first clause does not repeat."""
    return " ".join(next(t for t in body_texts(brief.lead, brief.sections) if t).split()[-6:])


def test_each_article_starts_on_a_new_page_with_its_title(digest) -> None:
    pages = pdfcheck.page_texts(digest["pdf"])
    starts = _starts(digest["pdf"])
    for brief in digest["briefs"]:
        page = starts[brief.meta.title]
        assert brief.meta.title in pages[page - 1]
        opening = _opening(brief)
        assert opening and opening not in " ".join(pages[page - 2].split()), "the page before is another article's"
    assert sorted(starts.values()) == list(starts.values())


def test_the_contents_lists_each_title_with_the_page_it_starts_on(digest) -> None:
    """poppler's pdftotext reads the contents page as the reader sees it."""
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", "-", "-"], input=digest["pdf"],
                          capture_output=True, check=True).stdout.decode()
    starts = _starts(digest["pdf"])
    assert "Contents" in text
    for brief in digest["briefs"]:
        line = next(line for line in text.splitlines() if brief.meta.title in line)
        assert line.split()[-1] == str(starts[brief.meta.title]), line


def test_each_contents_entry_links_to_its_article(digest) -> None:
    reader = pdfcheck.reader(digest["pdf"])
    pages = {page.indirect_reference.idnum: n + 1 for n, page in enumerate(reader.pages)}
    targets = []
    for annot in reader.pages[0].get("/Annots") or []:
        annot = annot.get_object()
        if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
            targets.append(pages[annot["/Dest"][0].idnum])
    starts = _starts(digest["pdf"])
    assert targets == [starts[b.meta.title] for b in digest["briefs"]]


def test_every_word_of_every_article_is_in_the_digest(digest) -> None:
    text = pdfcheck.text(digest["pdf"])
    printed = words(text) | words(text.replace("\n", ""))  # Japanese lines break inside a word
    for brief in digest["briefs"]:
        dated = replace(brief, meta=replace(brief.meta, date=None))  # the date is printed one way of several
        missing = {w for w in words(brief_text(dated)) if w not in printed and w not in LABELS}
        assert missing == set(), brief.meta.title
        assert display_date(brief.meta.date) in pdfcheck.text(digest["pdf"]) if brief.meta.date else True


def test_running_header_names_the_digest_and_the_article_and_pages_count_the_whole(digest) -> None:
    pages = pdfcheck.page_texts(digest["pdf"])
    starts = _starts(digest["pdf"])
    for brief in digest["briefs"]:
        lines = pages[starts[brief.meta.title] - 1].splitlines()
        assert any(line.startswith(DIGEST_TITLE) and brief.meta.title[:20] in line for line in lines), lines
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page


def test_one_glossary_at_the_end_with_each_acronym_once(digest) -> None:
    terms = {g.term for b in digest["briefs"] for g in b.glossary}
    assert len(terms) >= 2
    last = _outline(pdfcheck.reader(digest["pdf"]))[-1]
    assert last[:2] == (0, "Glossary")
    glossary = "\n".join(pdfcheck.page_texts(digest["pdf"])[last[2]:])
    glossary = glossary[glossary.index("Glossary"):]
    for term in terms:
        assert len(re.findall(rf"(?m)^{re.escape(term)}\b", glossary)) == 1, term


def test_each_article_keeps_its_own_sources(digest) -> None:
    text = pdfcheck.text(digest["pdf"])
    for brief in digest["briefs"]:
        for source in brief.sources:
            assert source.name[:30] in text.replace("\n", " ")


def test_the_digest_is_reproducible(digest, tmp_path: Path) -> None:
    """Two runs (each its own process, as font subsets are kept per process) give the same bytes."""
    sources = digest["root"] / "sources"
    for run in ("one", "two"):
        subprocess.run([sys.executable, "-m", "reportgen", "digest", str(sources), "-o", str(tmp_path / run),
                        "--title", DIGEST_TITLE, "-q"], check=True, capture_output=True, timeout=300)
    for name in ("digest.pdf", "digest.docx"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_an_unchanged_digest_is_not_built_again(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("grid-storage-outlook.txt", "water-utility-cyber.md"):
        shutil.copy(SOURCES / name, sources)
    out = tmp_path / "out"
    args = ["digest", str(sources), "-o", str(out), "-f", "pdf"]
    assert main(args) == 0
    built = (out / "digest.pdf").stat().st_mtime_ns
    capsys.readouterr()
    assert main(args) == 0
    assert "up to date" in capsys.readouterr().out
    assert (out / "digest.pdf").stat().st_mtime_ns == built
    assert main([*args, "--title", "Another title"]) == 0
    assert "Another title" in pdfcheck.text((out / "digest.pdf").read_bytes())
    (sources / "grid-storage-outlook.txt").write_text("Changed\n\nA new first paragraph.\n", "utf-8")
    assert main([*args, "--title", "Another title"]) == 0
    assert "A new first paragraph." in pdfcheck.text((out / "digest.pdf").read_bytes())


# --- the model and its JSON ---------------------------------------------------------------


def test_a_digest_is_dated_by_its_newest_article() -> None:
    briefs = [Brief(meta=Meta(title=t, date=d)) for t, d in (("a", "2025-01-02"), ("b", None), ("c", "2025-03-04"))]
    assert Digest.of(briefs, "D").date == "2025-03-04"
    assert Digest.of(briefs[1:2], "D", undated="2024-05-06").date == "2024-05-06"


def test_the_json_round_trips_and_reads_back_as_a_digest(digest, tmp_path: Path) -> None:
    obj = json.loads(digest["json"].read_text("utf-8"))
    assert obj["schema"] == "reportgen.digest/1" and obj["title"] == DIGEST_TITLE
    back = digest_from_json(obj)
    assert digest_to_json(back) == obj
    assert [b.meta.title for b in back.briefs] == [b.meta.title for b in digest["briefs"]]
    assert main(["digest", str(digest["json"]), "-o", str(tmp_path), "--title", DIGEST_TITLE, "-f", "json",
                 "-q"]) == 0
    again = json.loads((tmp_path / "digest.json").read_text("utf-8"))
    assert [b["meta"]["title"] for b in again["briefs"]] == [b["meta"]["title"] for b in obj["briefs"]]


# --- failures -----------------------------------------------------------------------------------


def test_a_broken_source_is_named_and_left_out(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES / "grid-storage-outlook.txt", sources)
    (sources / "broken.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    out = tmp_path / "out"
    assert main(["digest", str(sources), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {sources / 'broken.docx'}: "), err
    assert list(_starts((out / "digest.pdf").read_bytes())) == ["Grid Batteries Move From Pilot to Portfolio"]
    assert (out / "digest.docx").is_file()


def test_no_readable_source_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "empty.txt").write_text("", "utf-8")
    out = tmp_path / "out"
    assert main(["digest", str(sources), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_an_empty_digest_as_a_source_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(digest_to_json(Digest("Nothing", ()))), "utf-8")
    assert main(["digest", str(empty), "-o", str(tmp_path / "out")]) == 1
    assert f"error: {empty}: the digest holds no article" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_digest_cannot_be_written_as_markdown(tmp_path: Path) -> None:
    assert main(["digest", str(SOURCES / "grid-storage-outlook.txt"), "-o", str(tmp_path), "-f", "md"]) == 2
    assert not any(tmp_path.iterdir())


def test_a_digest_in_the_memo_template(tmp_path: Path) -> None:
    briefs = [Brief(meta=Meta(title=f"Article {n}", publisher="Desk"), lead=(Paragraph.of(f"Text {n}."),))
              for n in (1, 2)]
    from reportgen.digest import render_digest

    out = render_digest(Digest.of(briefs, "Memo digest"), ("pdf", "docx"), "memo")
    pdf = out["pdf"][0]
    assert isinstance(pdf, bytes)
    assert [t for level, t, _ in _outline(pdfcheck.reader(pdf)) if level == 0] == ["Article 1", "Article 2"]


# --- the Word digest ---------------------------------------------------------------------------------


def test_word_digest_has_a_toc_field_and_each_title_in_heading_1(digest) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(digest["docx"]))
    instructions = [(t.text or "").strip() for t in doc.element.body.iter(qn("w:instrText"))]
    assert 'TOC \\o "1-2" \\h' in instructions
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h for h in headings if h != "Glossary"] == [b.meta.title for b in digest["briefs"]]
    starts = _starts(digest["pdf"])
    toc = [p.text for p in doc.paragraphs if p.style.name.lower() == "toc 1"]
    assert [t.rsplit("\t", 1) for t in toc] == [[b.meta.title, str(starts[b.meta.title])] for b in digest["briefs"]]


def test_word_digest_starts_each_article_on_a_new_page(digest) -> None:
    from docx import Document

    doc = Document(str(digest["docx"]))
    for paragraph in doc.paragraphs:
        if paragraph.style.name == "Heading 1" and paragraph.text != "Glossary":
            assert paragraph.paragraph_format.page_break_before, paragraph.text


@pytest.mark.skipif(not (SHARED / "ooxml" / "validate.py").is_file(), reason="../shared/ooxml is not present")
def test_word_digest_is_schema_valid(digest) -> None:
    result = subprocess.run([sys.executable, str(SHARED / "ooxml" / "validate.py"), str(digest["docx"])],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_contents_and_a_page_per_article(digest, tmp_path: Path) -> None:
    docx = tmp_path / "digest.docx"
    shutil.copy(digest["docx"], docx)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    pages = pdfcheck.page_texts((tmp_path / "digest.pdf").read_bytes())
    assert "Contents" in pages[0]
    assert f"Page 1 of {len(pages)}" in " ".join(pages[0].split())  # the first page's footer fields too
    for brief in digest["briefs"]:
        assert brief.meta.title in pages[0].replace("\n", " ")
        starts = [n for n, page in enumerate(pages) if n and brief.meta.title in page]
        assert starts, brief.meta.title
        # the article's title opens its page, under a header naming the digest and the article
        page = pages[starts[0]]
        header = " ".join(shorten(f"{DIGEST_TITLE}  ·  {brief.meta.title}", RUNNING_TITLE_MOST).split())
        assert header in " ".join(page.split()), page[:300]
        assert _opening(brief) not in " ".join(pages[starts[0] - 1].split())



def test_the_api_reads_and_renders_a_digest(tmp_path: Path) -> None:
    paths = [SOURCES / "grid-storage-outlook.txt", SOURCES / "water-utility-cyber.md"]
    made = api.read_digest(paths, title="From Python")
    assert [b.meta.title for b in made.briefs] == [api.read(p).meta.title for p in paths]
    data = api.render(made, "pdf", tmp_path / "d.pdf")
    assert isinstance(data, bytes) and (tmp_path / "d.pdf").read_bytes() == data
    assert list(_starts(data))[:2] == [b.meta.title for b in made.briefs]
    with pytest.raises(UsageError):
        api.render(made, "md")


def test_an_undated_digest_takes_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "note.txt"
    source.write_text("A Short Note\n\nNothing in this note says when it was written.\n", "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    assert main(["digest", str(source), "-o", str(tmp_path / "out"), "-f", "pdf,json", "-q"]) == 0
    assert json.loads((tmp_path / "out" / "digest.json").read_text("utf-8"))["date"] == "2023-11-14"
    assert "14 November 2023" in pdfcheck.page_texts((tmp_path / "out" / "digest.pdf").read_bytes())[0]


def test_a_link_to_a_heading_of_its_article_goes_to_that_article(tmp_path: Path) -> None:
    sources = []
    for name in ("harbour", "canal"):
        source = tmp_path / f"{name}.md"
        source.write_text(f"# The {name}\n\nThe {name} opens in May ([why](#why-it-matters)).\n\n"
                          f"## Why It Matters\n\nFreight to the {name} has nowhere else to go.\n", encoding="utf-8")
        sources.append(source)
    made = api.read_digest(sources, title="Links")
    pdf = api.render(made, "pdf")
    assert isinstance(pdf, bytes)
    reader = pdfcheck.reader(pdf)
    targets = {}  # page of each link to a heading -> page it goes to
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if dest is not None and number > 0:  # not the contents page
                targets[number] = reader.get_page_number(dest[0].get_object())
    assert targets == {n: n for n in targets} and len(targets) == 2  # each to its own article's heading
    with zipfile.ZipFile(io.BytesIO(api.render(made, "docx"))) as package:  # type: ignore[arg-type]
        body = package.read("word/document.xml").decode()
    links = re.findall(r'w:anchor="(_rg\d+)"', body)
    ids = re.findall(r'<w:bookmarkStart w:id="(\d+)"', body)
    assert len(set(links)) == 2 and len(ids) == len(set(ids))


def test_the_end_matter_has_the_digests_own_running_header(digest) -> None:
    last = pdfcheck.page_texts(digest["pdf"])[-1]
    assert "Glossary" in last
    assert DIGEST_TITLE in last and f"{DIGEST_TITLE} · " not in " ".join(last.split())  # not "digest · article"


def test_a_changed_picture_builds_the_digest_again(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from PIL import Image

    sources = tmp_path / "sources"
    sources.mkdir()
    Image.new("RGB", (300, 200), "#14396a").save(sources / "chart.png")
    (sources / "port.md").write_text("# Port\n\nTraffic at the port rose by a tenth last year.\n\n"
                                     "![Traffic by month](chart.png)\n\nThe rise came from container ships.\n",
                                     encoding="utf-8")
    shutil.copy(SOURCES / "grid-storage-outlook.txt", sources)
    args = ["digest", str(sources), "-o", str(tmp_path / "out"), "-f", "pdf"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    assert "up to date" in capsys.readouterr().out
    Image.new("RGB", (300, 200), "#aa3300").save(sources / "chart.png")
    assert main(args) == 0
    assert "up to date" not in capsys.readouterr().out
