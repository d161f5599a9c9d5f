"""The PDF brief is a tagged PDF (PDF/UA-1), read back with tools we did not
write: the ``pdfua`` checker, poppler's ``pdfinfo -struct-text`` and
``pdftotext``, and pikepdf for what neither shows (attributes, the parent tree,
annotations, XMP). The structure's text in order must be the page's text in
order, without the page furniture."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import sys
from functools import cache
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest
from conftest import CORPUS, ROOT, SEED, SOURCES, check_golden

from reportgen import api
from reportgen.model import (
    Brief,
    Figure,
    Item,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Section,
    Source,
    Table,
    Text,
    iter_blocks,
    iter_sections,
)
from reportgen.readers import supported_suffixes
from reportgen.renderers.pdf import PDFRenderer, tagging

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")

WEB_PAGE = CORPUS / "links-in-tables" / "source.html"


def _links_brief() -> Brief:
    """An English brief with links, nested lists, a table longer than a page, a
    quotation, numbered sources and a paragraph in Japanese."""
    link = Paragraph((Text("The ministry published "), Link("its figures", "https://example.org/figures"),
                      Text(" on Monday, and the ports reopened.")))
    nested = ListBlock((
        Item((Text("First step"),), items=(Item((Text("a detail"),)), Item((Link("a source", "https://example.org/s"),)))),
        Item((Text("Second step"),)),
    ), ordered=True, title="Steps")
    rows = tuple((f"Port {n}", f"{n * 7} ships a week") for n in range(70))
    return Brief(
        meta=Meta(title="Ports and links", language="en", url="https://example.org/ports"),
        lead=(link,),
        sections=(
            Section("Shipping", blocks=(nested, Table.of(("Port", "Traffic"), rows, "Traffic by port")), sections=(
                Section("Voices", blocks=(Quote.of("The ports are open again.", "Ana Ruiz", "harbour master"),
                                          Paragraph.of("東京の港も再開した。"))),
            )),
        ),
        sources=(Source("Port authority", "https://example.org/authority"),),
    )


def _case(name: str) -> tuple[Brief, str]:
    if name.startswith("seed"):
        if not SEED.is_file():
            pytest.skip("../shared/seed is not present")
        return api.read(SEED), name.split("-")[1]
    if name == "japanese":
        return api.read(SOURCES / "japan-chip-subsidies.txt"), "brief"
    if name == "web-page":
        if not WEB_PAGE.is_file():
            pytest.skip("../shared/corpus is not present")
        return api.read(WEB_PAGE), "brief"
    return _links_brief(), "brief"


CASES = ["seed-brief", "seed-memo", "japanese", "web-page", "links"]


@cache
def _built(name: str, folder: str) -> tuple[Brief, Path]:
    brief, template = _case(name)
    path = Path(folder) / f"{name}.pdf"
    path.write_bytes(api.render(brief, "pdf", template=template))
    return brief, path


@pytest.fixture(params=CASES)
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Brief, Path]:
    return _built(request.param, str(tmp_path_factory.getbasetemp()))


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def _elements(path: Path) -> list[tuple[str, int, str]]:
    """``(type, depth, text)`` of every structure element, in order, as poppler reads
    them; an element's text is its own marked content, not its kids'."""
    out: list[tuple[str, int, list[str]]] = []
    stack: list[int] = []
    for line in _run("pdfinfo", "-struct-text", path).splitlines():
        indent, body = len(line) - len(line.lstrip()), line.strip()
        if not body or body.startswith("/"):
            continue
        if body.startswith('"'):
            out[stack[-1]][2].append(body[1:-1])
            continue
        while stack and out[stack[-1]][1] >= indent:
            stack.pop()
        stack.append(len(out))
        out.append((body.split()[0].rstrip(":"), indent, []))
    return [(role, depth, " ".join(text)) for role, depth, text in out]


def _struct_dicts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, in order (pikepdf)."""
    out: list[pikepdf.Dictionary] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR"):
            if "/S" in node:
                out.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def test_pdfua_finds_nothing(case) -> None:
    _, path = case
    report = subprocess.run([Path(sys.executable).parent / "pdfua", "check", path], capture_output=True, text=True)
    assert report.returncode == 0, report.stdout
    assert "errors=0 warnings=0" in report.stdout


def test_every_section_title_is_a_heading_and_levels_never_skip(case) -> None:
    brief, path = case
    elements = _elements(path)
    headings = [(int(role[1:]), text) for role, _, text in elements if re.fullmatch(r"H[1-6]", role)]
    assert headings[0][0] == 1
    deepest = 0
    for level, _ in headings:
        assert level <= deepest + 1, headings
        deepest = max(deepest, level)
    texts = {" ".join(text.split()) for _, text in headings}
    for _, section in iter_sections(brief.sections):
        assert " ".join(section.title.split()) in texts


def test_blocks_are_their_standard_types(case) -> None:
    brief, path = case
    roles = [role for role, _, _ in _elements(path)]
    blocks = list(iter_blocks(brief))
    if any(isinstance(b, Table) for b in blocks):
        assert {"Table", "TR", "TH"} <= set(roles)
    if any(isinstance(b, ListBlock) for b in blocks) or brief.key_points:
        assert {"L", "LI", "Lbl", "LBody"} <= set(roles)
    assert roles.count("BlockQuote") == sum(isinstance(b, Quote) for b in blocks)
    with pikepdf.open(path) as pdf:
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert roles.count("Link") == len(annotations)
        parents = dict(zip(*[iter(pdf.Root.StructTreeRoot.ParentTree.Nums)] * 2, strict=True))
        for annotation in annotations:
            link = parents[int(annotation.StructParent)]
            assert link.S == "/Link" and link.K.Obj.objgen == annotation.objgen
            assert str(annotation.Contents).startswith(("http", "mailto"))
        for page in pdf.pages:
            assert "/StructParents" in page.obj
            assert page.obj.get("/Tabs") == ("/S" if "/Annots" in page.obj else None)


def test_the_tree_reads_as_the_page_reads_without_the_furniture(case) -> None:
    brief, path = case
    tree = " ".join(text for _, _, text in _elements(path) if text)
    page = re.sub(r".*\b\d+ of \d+\b.*", "", _run("pdftotext", path, "-"))
    assert not re.search(r"\b\d+ of \d+\b", tree)
    if brief.meta.language.startswith(("ja", "zh", "ko")):  # no spaces between words: compare letters
        a, b = [c for c in tree if not c.isspace()], [c for c in page if not c.isspace()]
    else:
        a, b = tree.split(), page.split()
    assert difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.95


def test_language_title_and_pdfua_claim(case) -> None:
    brief, path = case
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == brief.meta.language
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == brief.meta.title
        assert meta["pdfuaid:part"] == "1"
        assert brief.meta.language in str(meta["dc:language"])
        assert pdf.open_metadata()["dc:creator"] == list(brief.meta.authors)


def test_text_in_another_language_has_its_own() -> None:
    with pikepdf.open(io.BytesIO(api.render(_links_brief(), "pdf"))) as pdf:
        langs = {str(e.S): str(e.Lang) for e in _struct_dicts(pdf) if "/Lang" in e}
    assert langs == {"/P": "ja"}


def test_a_header_row_repeated_on_later_pages_is_an_artifact(tmp_path_factory: pytest.TempPathFactory) -> None:
    _, path = _built("links", str(tmp_path_factory.getbasetemp()))
    pages = _run("pdftotext", path, "-").split("\f")
    assert sum("Port Traffic" in " ".join(p.split()) for p in pages) >= 2
    elements = _elements(path)
    assert [text for role, _, text in elements if role == "TH"] == ["Port", "Traffic"]
    assert sum(role == "TD" for role, _, _ in elements) == 140


def _pdfua(path: Path) -> None:
    report = subprocess.run([Path(sys.executable).parent / "pdfua", "check", path], capture_output=True, text=True)
    assert report.returncode == 0, report.stdout
    assert "errors=0 warnings=0" in report.stdout


def test_a_figure_is_a_figure_with_its_alternative_text_and_caption(tmp_path: Path) -> None:
    brief = api.read(SOURCES / "water-utility-cyber.md")
    (figure,) = [b for b in iter_blocks(brief) if isinstance(b, Figure)]
    path = tmp_path / "figure.pdf"
    path.write_bytes(api.render(brief, "pdf"))
    _pdfua(path)
    roles = [(role, text.strip()) for role, _, text in _elements(path)]
    k = roles.index(("Figure", ""))
    assert roles[k + 1][0] == "Caption" and figure.caption and figure.caption in roles[k + 1][1]
    with pikepdf.open(path) as pdf:
        (element,) = [e for e in _struct_dicts(pdf) if e.S == "/Figure"]
        assert str(element.Alt) == figure.alt


def test_a_digest_is_tagged_with_its_contents_and_chapters(tmp_path: Path) -> None:
    sources = [SOURCES / "grid-storage-outlook.txt", SOURCES / "water-utility-cyber.md"]
    digest = api.read_digest(sources, title="Read-File")
    path = tmp_path / "digest.pdf"
    path.write_bytes(api.render(digest, "pdf"))
    _pdfua(path)
    elements = _elements(path)
    entries = [" ".join(text.split()) for role, _, text in elements if role == "TOCI"]
    assert [e.split(" ")[:3] for e in entries] == [b.meta.title.split(" ")[:3] for b in digest.briefs]
    headings = [(int(role[1:]), text) for role, _, text in elements if re.fullmatch(r"H[1-6]", role)]
    assert headings[0] == (1, "Read-File")
    for (level, _), (after, _) in pairwise(headings):
        assert after <= level + 1
    for brief in digest.briefs:
        assert (2, brief.meta.title) in headings
    assert {level for level, text in headings if text == "Key points"} == {3}  # inside each chapter
    with pikepdf.open(path) as pdf:
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert [role for role, _, _ in elements].count("Link") == len(annotations) >= len(entries)
        hidden, mode = [], 0  # what is drawn invisibly (text render mode 3): word breaks only
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(operator) == "Tr":
                mode = int(operands[0])
            elif str(operator) in ("Tj", "TJ") and mode == 3:
                hidden.append(operands[0])
        assert hidden and all(len(bytes(h)) <= 2 for h in hidden)  # a space, in a one- or two-byte code


def test_tagging_does_not_change_how_the_pages_look(tmp_path: Path, seed_path: Path) -> None:
    brief = api.read(seed_path)
    tagged = api.render(brief, "pdf")
    try:
        PDFRenderer.tagged = False
        untagged = api.render(brief, "pdf")
    finally:
        PDFRenderer.tagged = True
    pictures = []
    for name, data in (("tagged", tagged), ("untagged", untagged)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        _run("pdftoppm", "-r", "40", "-png", tmp_path / f"{name}.pdf", tmp_path / name)
        pictures.append([p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))])
    assert pictures[0] == pictures[1]
    assert len(untagged) < len(tagged)


def test_the_reference_of_what_a_screen_reader_gets(seed_path: Path, tmp_path: Path, update_golden: bool) -> None:
    """docs/seed-structure.txt: ``pdfinfo -struct-text`` of the seed's brief."""
    path = tmp_path / "seed.pdf"
    path.write_bytes(api.render(api.read(seed_path), "pdf"))
    check_golden(ROOT / "docs" / "seed-structure.txt", _run("pdfinfo", "-struct-text", path), update_golden)


@pytest.mark.parametrize("code", [
    "BT /F1+0 10 Tf (one line) Tj ET",
    "BT /F1+0 10 Tf (first) Tj T* (second) Tj T* (third) Tj T* ET",
    "BT /F1+0 10 Tf (first) Tj T* (second) Tj T* ET",
    "BT /F1+0 10 Tf (first) Tj T* 2 Tw (justified) Tj  T* 0 Tw (last) Tj T* ET",
    "BT /F1+0 10 Tf (ends in \\(a bracket\\)) Tj T* (next) Tj T* ET",
    "BT /F1+0 10 Tf (a back slash \\\\) Tj T* (next) Tj T* ET",
    "BT /F1+0 10 Tf (text that says \\) Tj T* inside) Tj T* (next) Tj T* ET",
    "BT /F1+0 10 Tf (no break at the end) Tj T* (then) Tj ET",
])
def test_line_ends_get_their_space_as_the_pattern_puts_it(code: str) -> None:
    """The plain replacement puts a space where the pattern for a line end would, and
    leaves the pattern the lines it cannot read (an escaped bracket, a double space)."""
    assert tagging.spaced_lines(code) == tagging._LINE_END.sub(") Tj ( ) Tj T* ", code)


def test_every_samples_text_gets_its_spaces_as_the_pattern_puts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    codes: list[str] = []
    spaced = tagging.spaced_lines
    monkeypatch.setattr(tagging, "spaced_lines", lambda code: codes.append(code) or spaced(code))
    for path in sorted(SOURCES.iterdir()):
        if path.suffix in supported_suffixes():
            api.render(api.read(path), "pdf")
    assert len(codes) > 200
    assert [spaced(code) for code in codes] == [tagging._LINE_END.sub(") Tj ( ) Tj T* ", code) for code in codes]
