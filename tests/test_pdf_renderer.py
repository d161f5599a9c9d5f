"""The PDF brief, read back with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pdfcheck
import pytest
from conftest import SOURCES
from wordcheck import _MARKER, LABELS, words

from reportgen import api
from reportgen.model import Brief, Item, ListBlock, Meta, Paragraph, Section, Table, Text, iter_sections

SAMPLES = sorted(p for p in SOURCES.iterdir() if p.suffix in (".txt", ".md"))


@pytest.fixture(scope="module")
def seed_pdf(request) -> tuple[Path, Brief, bytes]:
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seed is not present")
    brief = api.read(SEED)
    return SEED, brief, api.render(brief, "pdf")


def test_every_word_of_the_seed_is_printed(seed_pdf) -> None:
    path, _, data = seed_pdf
    printed = words(pdfcheck.text(data))
    source = words(_MARKER.sub("", path.read_text("utf-8")))
    assert {w for w in source if w not in printed and w not in LABELS} == set()


def test_all_fonts_are_embedded(seed_pdf) -> None:
    used = pdfcheck.fonts(seed_pdf[2])
    assert used and all(used.values()), used


def test_one_bookmark_per_section_and_subsection(seed_pdf) -> None:
    _, brief, data = seed_pdf
    titles = pdfcheck.outline_titles(data)
    sections = [s.title for _, s in iter_sections(brief.sections)]
    assert [t for t in titles if t in sections] == sections
    assert len(titles) == len(sections) + 2  # and the glossary and the sources


def test_metadata_and_page_numbers(seed_pdf) -> None:
    _, brief, data = seed_pdf
    info = pdfcheck.reader(data).metadata
    assert info.title == brief.meta.title
    pages = pdfcheck.page_texts(data)
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert brief.meta.title in pages[1]  # running header


def test_builds_are_byte_identical(seed_pdf) -> None:
    _, brief, data = seed_pdf
    assert api.render(brief, "pdf") == data


def test_source_urls_are_links() -> None:
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    urls = [s.url for s in brief.sources if s.url]
    assert urls
    assert set(urls) <= set(pdfcheck.link_targets(api.render(brief, "pdf")))


def test_japanese_extracts_as_japanese() -> None:
    brief = api.read(SOURCES / "japan-chip-subsidies.txt")
    text = pdfcheck.text(api.render(brief, "pdf"))
    assert brief.meta.title in text.replace("\n", "")
    assert "補助金" in text and "半導体" in text


def test_markup_in_the_article_prints_literally() -> None:
    tricky = "<b>bold</b> & {{ 7*7 }} {% for x in y %} </para> <font name=x>"
    brief = Brief(
        meta=Meta(title=tricky, marking=tricky),
        lead=(Paragraph.of(tricky),),
        sections=(Section(tricky, tricky, (Table.of((tricky, "b"), ((tricky, "c"),), tricky),)),),
    )
    text = pdfcheck.text(api.render(brief, "pdf")).replace("\n", " ")
    assert text.count("<b>bold</b> & {{ 7*7 }}") >= 5
    assert "49" not in text


def test_a_long_table_repeats_its_header() -> None:
    rows = tuple((f"Row {n}", f"value {n * 7}", "x" * (n % 5)) for n in range(60))
    brief = Brief(meta=Meta(title="Long table"), lead=(Table.of(("Name", "Value", "Note"), rows, "Sixty rows"),))
    pages = pdfcheck.page_texts(api.render(brief, "pdf"))
    with_rows = [page for page in pages if "Row " in page]
    assert len(with_rows) >= 2
    assert all(re.search(r"Name\s*Value\s*Note", page) for page in with_rows)
    assert "Row 0" in pages[0]  # the table starts on page 1, not after an empty page
    assert "Row 59" in pages[-1]


def test_ragged_and_empty_tables_render() -> None:
    ragged = Table.of(("A",), (("1", "2", "3"), ("4",), ()), None)
    brief = Brief(meta=Meta(title="Ragged"), lead=(ragged, Table.of((), (("only",),), None)))
    text = pdfcheck.text(api.render(brief, "pdf"))
    assert all(x in text for x in "1234") and "only" in text


@pytest.mark.parametrize("template", ["brief", "memo"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_both_templates_build_every_sample(path: Path, template: str) -> None:
    brief = api.read(path)
    data = api.render(brief, "pdf", template=template)
    text = pdfcheck.text(data)
    assert data.startswith(b"%PDF-") and text.strip()
    for _, section in iter_sections(brief.sections):
        assert section.title.split()[0] in text
    if template == "memo":
        assert "MEMORANDUM" in text and "SUBJECT" in text
    else:
        assert "Key points" in text or not brief.key_points


def test_marking_option_prints_on_every_page() -> None:
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    pages = pdfcheck.page_texts(api.render(brief, "pdf", marking="OFFICIAL-SENSITIVE"))
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)


def test_title_option_replaces_the_title(tmp_path: Path) -> None:
    brief = api.read(SOURCES / "grid-storage-outlook.txt", title="A Better Title")
    data = api.render(brief, "pdf")
    assert pdfcheck.reader(data).metadata.title == "A Better Title"


def test_reused_font_subsets_keep_every_character() -> None:
    """Font subsets are built once per process and reused: documents built one
    after another, with and without characters beyond the shared repertoire,
    each print exactly their own text, and the same brief gives the same bytes."""
    plain = "Ports “reopened” on Monday – the ministry’s figures rose 4%."
    wider = "Łódź and Αθήνα signed the accord; Þórshöfn followed — ½ a year later."

    def brief(text: str) -> Brief:
        return Brief(meta=Meta(title="Subset check"), lead=(Paragraph.of(text),))

    first = api.render(brief(wider), "pdf")
    between = api.render(brief(plain), "pdf")
    again = api.render(brief(wider), "pdf")
    assert first == again
    for data, text in ((first, wider), (between, plain)):
        printed = " ".join(pdfcheck.text(data).split())
        assert text in printed


def test_paragraphs_split_across_pages_print_every_word() -> None:
    """Long paragraphs break over page ends (the splitting drops and remakes the
    line breaks a paragraph keeps), and every numbered word still prints once."""
    paras = tuple(
        Paragraph.of(" ".join(f"w{n}x{k}" for k in range(140))) for n in range(12)
    )
    brief = Brief(meta=Meta(title="Long paragraphs"), sections=(Section("Only section", blocks=paras),))
    printed = pdfcheck.text(api.render(brief, "pdf")).split()
    expected = [f"w{n}x{k}" for n in range(12) for k in range(140)]
    assert [w for w in printed if re.fullmatch(r"w\d+x\d+", w)] == expected


def test_list_items_print_their_numbers_and_bullets() -> None:
    """Ordered lists number 1. 2. … with a. b. one level in and i. ii. below that;
    bullets change by level (• – ◦), as Word's numbering of the brief does; each
    label sits on the line of its item's first words."""
    def item(text: str, *items: Item) -> Item:
        return Item((Text(text),), items=items)

    inner = (item("inner alpha"), item("inner beta", item("deepest")))
    ordered = ListBlock(tuple(item(f"step {n}", *(inner if n == 2 else ())) for n in range(1, 13)), ordered=True)
    bullets = ListBlock((item("outer", item("middle", item("inner"))),), ordered=False)
    brief = Brief(meta=Meta(title="Lists"), lead=(ordered, bullets))
    lines = [" ".join(line.split()) for line in pdfcheck.text(api.render(brief, "pdf")).splitlines()]
    for n in range(1, 13):
        assert f"{n}. step {n}" in lines
    assert {"a. inner alpha", "b. inner beta", "i. deepest"} <= set(lines)
    assert {"• outer", "– middle", "◦ inner"} <= set(lines)


def test_each_bookmark_points_at_the_page_its_heading_is_on() -> None:
    brief = api.read(SOURCES / "arctic-shipping-corridor.txt")
    reader = pdfcheck.reader(api.render(brief, "pdf"))
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    assert len(pages) > 1

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                assert item.title in pages[reader.get_destination_page_number(item)], item.title

    walk(reader.outline)
    assert {reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)} != {0}


def test_a_style_made_from_a_used_one_draws_in_its_own_font() -> None:
    """reportlab copies a parent style's attributes into its child, the plain-text
    fragment kept on the parent too: the child must not draw in the parent's font."""
    from reportlab.lib.styles import ParagraphStyle

    from reportgen.renderers.pdf import fonts
    from reportgen.renderers.pdf.flowables import Paragraph

    parent = ParagraphStyle("parent", fontName=fonts.face("DejaVu Sans"), fontSize=10)
    assert Paragraph("plain text", parent).frags[0].fontName == fonts.face("DejaVu Sans")
    child = ParagraphStyle("child", parent=parent, fontName=fonts.face("DejaVu Sans", bold=True))
    assert Paragraph("plain text", child).frags[0].fontName == fonts.face("DejaVu Sans", bold=True)


@pytest.mark.parametrize("kind", ["brief", "digest"])
def test_a_pdf_leaves_nothing_for_the_garbage_collector(kind: str) -> None:
    """What a PDF is made of is freed as soon as it is made, not left in reference
    cycles for the collector (which the PDF renderer pauses while it works)."""
    import gc

    brief = api.read(SAMPLES[0]) if kind == "brief" else api.read_digest(SAMPLES[:2])

    def make() -> bytes | str:
        return api.render(brief, "pdf")

    make()
    gc.collect()
    gc.disable()
    try:
        make()
        left = gc.collect()
    finally:
        gc.enable()
    assert left < 60  # a few of reportlab's own (a template refers to itself), not the document's thousands


def test_the_collector_runs_again_after_a_pdf_whether_or_not_it_was_made(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from reportgen.renderers.pdf import renderer

    brief = api.read(SAMPLES[0])
    api.render(brief, "pdf")
    assert gc.isenabled()

    def broken(*args, **kwargs):
        assert not gc.isenabled()  # paused while the document is made
        raise RuntimeError("a flowable failed")

    monkeypatch.setattr(renderer.PDFRenderer, "_document", broken)
    with pytest.raises(RuntimeError):
        api.render(brief, "pdf")
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(RuntimeError):
            api.render(brief, "pdf")
        assert not gc.isenabled()  # a collector the caller paused stays paused
    finally:
        gc.enable()


def test_a_cjk_face_is_read_once_and_named_for_each_style(monkeypatch: pytest.MonkeyPatch) -> None:
    """One 6 MB face serves the four styles of the CJK family: its other names are
    aliases, made without reading the file, and reportlab draws all four with the
    face registered first."""
    from reportlab.pdfbase import pdfmetrics

    from reportgen.renderers.pdf import _ttf, fonts

    base = fonts.register("IPAexGothic")
    faces = [pdfmetrics.getFont(base + suffix) for suffix in ("", "-Bold", "-Italic", "-BoldItalic")]
    assert len({id(face) for face in faces}) == 1 and faces[0].fontName == base

    def no_reading(*args: object) -> None:
        raise AssertionError("the font file was read again")

    monkeypatch.setattr(_ttf, "load", no_reading)
    named = _ttf.alias(faces[0], "IPAexGothic-Test")
    assert named.fontName == "IPAexGothic-Test" and named.face.name == faces[0].face.name
    assert named.state is not faces[0].state


def _no_heading_ends_a_page(brief: Brief, data: bytes) -> None:
    titles = {section.title for _, section in iter_sections(brief.sections)}
    pages = pdfcheck.page_texts(data)
    for number, text in enumerate(pages[:-1], start=1):
        body = [line.strip() for line in text.splitlines()
                if line.strip() and not re.fullmatch(r"Page \d+ of \d+", line.strip())
                and line.strip() != brief.meta.title]  # the running header and footer
        assert body[-1] not in titles, f"page {number} ends with the heading {body[-1]!r}"


def test_a_heading_never_ends_a_page_seed(seed_pdf) -> None:
    """A section whose first sub-section comes straight under its heading keeps the
    two headings together: the seed's "Addressing China's Military Presence" was
    left alone at the foot of page 2, its sub-section on page 3."""
    _, brief, data = seed_pdf
    _no_heading_ends_a_page(brief, data)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_a_heading_never_ends_a_page(path: Path) -> None:
    brief = api.read(path)
    _no_heading_ends_a_page(brief, api.render(brief, "pdf"))
