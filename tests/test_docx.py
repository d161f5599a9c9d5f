"""The Word brief read back with python-docx, re-read by reportgen after edits,
and opened by a real client (LibreOffice)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docxcheck as xml
import pdfcheck
import pytest
from conftest import SOURCES
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen import api
from reportgen.cli import main
from reportgen.dump import dump
from reportgen.errors import SourceError
from reportgen.model import Brief, Meta, Paragraph, Section, Table, iter_sections
from reportgen.readers import word

SAMPLES = sorted(p for p in SOURCES.iterdir() if p.suffix in (".txt", ".md"))
BODY_STYLES = {"Body Text", "List Bullet", "List Number", "Quote", "Quote Attribution", "Key Points"}


@pytest.fixture(scope="module")
def seed(request):
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seed is not present")
    brief = api.read(SEED)
    data = api.render(brief, "docx")
    return brief, data, Document(io.BytesIO(data))


def test_structure_is_in_named_styles(seed) -> None:
    brief, _, doc = seed
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Title", brief.meta.title) in styles
    headings = [t for s, t in styles if s.startswith("Heading")]
    for depth, section in iter_sections(brief.sections):
        assert (f"Heading {min(depth, 3)}", section.title) in styles
    assert headings[-2:] == ["Glossary", "Sources"]
    quotes = [t for s, t in styles if s == "Quote"]
    attributions = [t for s, t in styles if s == "Quote Attribution"]
    assert len(quotes) == 3
    assert attributions.count("— Pete Hegseth, Defense Secretary") == 2
    assert "— a Tokyo-based security expert" in attributions


def test_lists_carry_real_numbering_and_restart(seed) -> None:
    _, _, doc = seed
    listed = [p for p in doc.paragraphs if p.style.name in ("List Bullet", "List Number")]
    assert listed and all(xml.numbering_of(p) is not None for p in listed)
    numbered_lists = {xml.numbering_of(p)[0] for p in listed if p.style.name == "List Number"}
    nums = doc.part.numbering_part.element.findall(qn("w:num"))
    restart = {n.get(qn("w:numId")) for n in nums if n.find(qn("w:lvlOverride")) is not None}
    assert {str(n) for n in numbered_lists} <= restart


def test_table_has_a_named_style_and_a_repeating_header(seed) -> None:
    _, _, doc = seed
    data_tables = [t for t in doc.tables if t.rows and xml.is_header_row(t.rows[0])]
    assert data_tables
    table = data_tables[0]
    assert table.style.name == "Brief Table"
    assert [c.text for c in table.rows[0].cells] == ["Development", "Security Benefits"]
    assert len(table.rows) == 4


def test_table_look_matches_the_header_row(seed) -> None:
    """The first-row switch and its bit in the mask (which LibreOffice reads) agree
    with whether the table has a heading row: the glossary has none."""
    _, _, doc = seed
    looks = []
    for table in doc.tables:
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        mask = int(look.get(qn("w:val")), 16)
        looks.append((xml.is_header_row(table.rows[0]), look.get(qn("w:firstRow")) == "1", bool(mask & 0x20)))
    assert (True, True, True) in looks and (False, False, False) in looks
    assert all(len(set(entry)) == 1 for entry in looks)


def test_tables_have_a_title_and_a_description_for_screen_readers(seed) -> None:
    _, _, doc = seed
    found = [(t._tbl.tblPr.find(qn("w:tblCaption")), t._tbl.tblPr.find(qn("w:tblDescription"))) for t in doc.tables]
    titles = [c.get(qn("w:val")) for c, _ in found if c is not None]
    assert titles == ["Table 1. Missile Co-Production Developments", "Glossary"]
    assert [d.get(qn("w:val")) for _, d in found if d is not None] == ["Development, Security Benefits"]


@pytest.mark.parametrize(("name", "language"), [("grid-storage-outlook.txt", "en"), ("japan-chip-subsidies.txt", "ja")])
def test_every_style_and_the_defaults_speak_the_brief_s_language(name: str, language: str) -> None:
    doc = Document(io.BytesIO(api.render(api.read(SOURCES / name), "docx")))
    langs = list(doc.styles.element.iter(qn("w:lang")))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None and defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}") in langs
    assert {(lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) for lang in langs} == {(language, "ja-JP")}


def test_a_reference_document_with_its_own_header(tmp_path: Path) -> None:
    reference = tmp_path / "house.docx"
    house = Document()
    house.sections[0].header.paragraphs[0].text = "House header"
    house.save(reference)
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    data = api.render(brief, "docx", reference_docx=reference)
    doc = Document(io.BytesIO(data))
    assert brief.meta.title in doc.sections[0].header.paragraphs[0].text
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert not any("House header" in package.read(n).decode("utf-8", "replace") for n in names)
        types = package.read("[Content_Types].xml").decode()
    for override in re.findall(r'PartName="/([^"]+)"', types):
        assert override in names


def test_no_direct_formatting_beyond_bold_italic_links(seed) -> None:
    _, _, doc = seed
    allowed = {qn("w:b"), qn("w:i"), qn("w:rStyle")}
    for para in doc.paragraphs:
        if para.style.name not in BODY_STYLES:
            continue
        ppr = para._p.pPr
        extra = [c.tag for c in ppr if c.tag not in (qn("w:pStyle"), qn("w:numPr"))] if ppr is not None else []
        assert extra == [], para.text
        for run in para._p.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            assert rpr is None or {c.tag for c in rpr} <= allowed, para.text


def test_header_footer_fields_and_first_page(seed) -> None:
    brief, _, doc = seed
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer._element
    assert {"PAGE", "NUMPAGES"} <= set(xml.field_instructions(footer))
    assert brief.meta.title in section.header.paragraphs[0].text


def test_core_properties(seed) -> None:
    brief, _, doc = seed
    props = doc.core_properties
    assert props.title == brief.meta.title
    assert props.language == "en"
    assert "AMRAAM" in props.keywords
    assert props.created.year == 2000  # no date in the seed: the fixed epoch, not the clock


def test_rebuilds_are_byte_identical(seed) -> None:
    brief, data, _ = seed
    assert api.render(brief, "docx") == data


def test_seed_round_trips_through_word(seed, tmp_path: Path) -> None:
    brief, data, _ = seed
    path = tmp_path / "seed.docx"
    path.write_bytes(data)
    again = api.read(path)
    assert again.warnings == ()  # the Word brief names its title
    assert dump(again) == dump(replace(brief, warnings=()))


@pytest.mark.parametrize("template", ["brief", "memo"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_builds_in_both_templates(path: Path, template: str, tmp_path: Path) -> None:
    brief = api.read(path)
    out = tmp_path / "b.docx"
    api.render(brief, "docx", out, template=template)
    again = api.read(out)
    assert [s.title for _, s in iter_sections(again.sections)] == [s.title for _, s in iter_sections(brief.sections)]
    if template == "brief":
        assert again.key_points == brief.key_points and again.sources == brief.sources


def test_japanese_gets_an_east_asian_font_and_language() -> None:
    brief = api.read(SOURCES / "japan-chip-subsidies.txt")
    doc = Document(io.BytesIO(api.render(brief, "docx")))
    rpr = doc.styles["Normal"].element.rPr
    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "IPAexGothic"
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == "ja"
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "ja-JP"


def test_markup_in_text_stays_text() -> None:
    tricky = "<b>bold</b> & {{ 7*7 }} {% for x in y %} \x0b"
    brief = Brief(meta=Meta(title=tricky), lead=(Paragraph.of(tricky),),
                  sections=(Section(tricky, None, (Table.of((tricky,), ((tricky,),), tricky),)),))
    doc = Document(io.BytesIO(api.render(brief, "docx")))
    texts = [p.text.strip() for p in doc.paragraphs]
    assert texts.count("<b>bold</b> & {{ 7*7 }} {% for x in y %}") >= 3
    assert "49" not in " ".join(texts)


def test_edited_docx_builds_a_pdf_with_every_edit(tmp_path: Path) -> None:
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    path = tmp_path / "edited.docx"
    api.render(brief, "docx", path)
    doc = Document(path)
    body = next(p for p in doc.paragraphs if p.style.name == "Body Text" and len(p.text) > 60)
    body.text = "An editor rewrote this paragraph in Word before circulation."
    table = next(t for t in doc.tables if t.style.name == "Brief Table" and xml.is_header_row(t.rows[0]))
    cells = table.add_row().cells
    for n, cell in enumerate(cells):
        cell.text = f"Added cell {n}"
    item = next(p for p in doc.paragraphs if p.style.name == "List Bullet")
    removed = item.text
    item._p.getparent().remove(item._p)
    doc.save(path)
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "pdf", "-q"]) == 0
    text = pdfcheck.text((tmp_path / "out" / "edited.pdf").read_bytes()).replace("\n", " ")
    assert "An editor rewrote this paragraph in Word before circulation." in text
    assert "Added cell 0" in text and "Added cell 1" in text
    assert removed not in text


def test_an_ordinary_word_document_reads(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.author = "Ann Lee; Bo Chen"
    doc.add_heading("Ports Under Pressure", 0)
    doc.add_paragraph("Shipping lines are rerouting around congested ports.")
    doc.add_heading("Why It Matters", 1)
    doc.add_paragraph("First reason", style="List Bullet")
    doc.add_paragraph("Second reason", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("Port").bold = True
    table.rows[0].cells[1].paragraphs[0].add_run("Delay").bold = True
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Rotterdam", "3 days"
    path = tmp_path / "ordinary.docx"
    doc.save(path)
    brief = api.read(path)
    assert brief.meta.title == "Ports Under Pressure"
    assert brief.meta.authors == ("Ann Lee", "Bo Chen")
    section = brief.sections[0]
    assert section.title == "Why It Matters"
    kinds = [type(b).__name__ for b in section.blocks]
    assert kinds == ["ListBlock", "Table"]
    assert section.blocks[1].header_text == ("Port", "Delay")


@pytest.mark.parametrize(("data", "reason"), [(b"not a zip", "not a zip"), (b"PK\x05\x06" + b"\0" * 18, "not a Word")])
def test_bad_docx_is_a_clean_error(data: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        word.read(data)


def test_reference_document_round_trip(tmp_path: Path, capsys) -> None:
    reference = tmp_path / "reference.docx"
    assert main(["templates", "--reference-docx", str(reference)]) == 0
    doc = Document(reference)
    doc.styles["Heading 1"].font.all_caps = True
    doc.styles["Body Text"].font.name = "DejaVu Serif"
    doc.save(reference)
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    out = Document(io.BytesIO(api.render(brief, "docx", reference_docx=reference)))
    assert out.styles["Heading 1"].font.all_caps is True
    assert out.styles["Body Text"].font.name == "DejaVu Serif"
    assert "Brief Table" in [s.name for s in out.styles]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_docx(tmp_path: Path) -> None:
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    path = tmp_path / "brief.docx"
    api.render(brief, "docx", path)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )
    text = pdfcheck.text((tmp_path / "brief.pdf").read_bytes())
    assert brief.meta.title in text
    pages = pdfcheck.page_texts((tmp_path / "brief.pdf").read_bytes())
    assert f"Page 1 of {len(pages)}" in pages[0].replace("\n", " ")


def test_lists_in_a_reference_document_with_lists_of_its_own(tmp_path: Path) -> None:
    """Our list instances take numbers the reference document does not use, and
    point at our definitions, whatever order Word wrote the attributes in."""
    reference = tmp_path / "house.docx"
    house = Document()
    numbering = house.part.numbering_part.element
    abstract = numbering.find(qn("w:abstractNum")).get(qn("w:abstractNumId"))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" '
        f'w16cid:durableId="42" w:numId="7"><w:abstractNumId w:val="{abstract}"/></w:num>'))
    house.save(reference)
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    doc = Document(io.BytesIO(api.render(brief, "docx", reference_docx=reference)))
    listed = [(p.style.name, xml.numbering_of(p)) for p in doc.paragraphs
              if p.style.name in ("List Bullet", "List Number")]
    assert {style for style, _ in listed} == {"List Bullet", "List Number"}
    assert all(num_id > 7 for _, (num_id, _) in listed)
    numbering = doc.part.numbering_part.element
    for style, (num_id, level) in listed:
        assert xml.is_ordered(numbering, num_id, level) == (style == "List Number")


@pytest.mark.parametrize("template", ["brief", "memo"])
def test_running_header_fits_the_page(template: str) -> None:
    """Header and footer styles are the brief's (small, muted), with their centre and
    right tabs on the text's centre and right edge for the template's page; the
    header puts the marking at the right edge however long the title."""
    brief = api.read(SOURCES / "water-utility-cyber.md")
    doc = Document(io.BytesIO(api.render(brief, "docx", template=template, marking="OFFICIAL")))
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        assert style.font.size.pt == 7.5
        stops = sorted(stop.position for stop in style.paragraph_format.tab_stops)
        assert [abs(a - b) < 635 for a, b in zip(stops, (width // 2, width), strict=True)] == [True, True]
    header = section.header.paragraphs[0]
    assert header.text.endswith("\tOFFICIAL") and header.text.count("\t") == 1
    cleared = header._p.pPr.find(qn("w:tabs"))
    assert cleared is not None and cleared[0].get(qn("w:val")) == "clear"


def test_more_lists_than_the_base_has_ready_each_count_from_one(tmp_path: Path) -> None:
    """The base document has a few list instances ready; a brief with more lists of
    one kind adds its own, and every list still starts at 1 and reads back apart."""
    from reportgen.model import Item, ListBlock, Text

    lists = []
    for n in range(12):
        items = tuple(Item((Text(f"list {n} item {k}"),)) for k in range(2))
        lists += [ListBlock(items, ordered=n % 3 == 0), Paragraph.of(f"Paragraph after list {n}.")]
    brief = Brief(meta=Meta(title="Many lists"), lead=tuple(lists))
    path = tmp_path / "lists.docx"
    api.render(brief, "docx", path)
    doc = Document(path)
    numbering = doc.part.numbering_part.element
    ids = [xml.numbering_of(p)[0] for p in doc.paragraphs if p.style.name in ("List Bullet", "List Number")]
    assert len(set(ids)) == 12  # one list instance each
    restarts = {int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))
                if n.find(qn("w:lvlOverride")) is not None}
    assert set(ids) <= restarts
    again = api.read(path)
    assert [b for b in again.lead if isinstance(b, ListBlock)] == [b for b in lists if isinstance(b, ListBlock)]


@pytest.mark.parametrize("epoch", [None, "1767225600"])
def test_metadata_survives_the_word_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str | None) -> None:
    """Date, authors, publisher, URL, language and marking read back from the Word
    brief as the article gave them, whatever the build time (SOURCE_DATE_EPOCH)."""
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    meta = Meta(title="Ports Reopen", subtitle="After the strike", date="2026-08-21", authors=("Ann Lee", "Bo Chen"),
                publisher="Harbour Times", url="https://example.org/ports", language="en-GB", marking="OFFICIAL")
    brief = Brief(meta=meta, lead=(Paragraph.of("Cranes moved again on Monday morning."),))
    path = tmp_path / "ports.docx"
    api.render(brief, "docx", path)
    again = api.read(path).meta
    assert (again.title, again.subtitle, again.date, again.authors, again.publisher, again.url, again.language,
            again.marking) == (meta.title, meta.subtitle, meta.date, meta.authors, meta.publisher, meta.url,
                               meta.language, meta.marking)
