"""The house rules: readers -> model <- renderers, private modules stay private,
and the decisions both outputs share are made once (tested on what the outputs show)."""

from __future__ import annotations

import ast
import io
import shutil
from pathlib import Path

import docxcheck
import pdfcheck
import pytest
from conftest import CORPUS, ROOT, SOURCES
from docx import Document

from reportgen import api
from reportgen.dump import dump
from reportgen.model import Brief, Item, Link, ListBlock, Meta, Paragraph, Quote, Table, Text, iter_blocks

PACKAGE = ROOT / "reportgen"
# What readers, renderers and enrichment may import besides their own package: the
# model and the neutral modules below it.
BELOW = {
    "reportgen", "reportgen.errors", "reportgen.model", "reportgen.structure", "reportgen.prose",
    "reportgen.links", "reportgen.ooxml", "reportgen.ooxml.styles", "reportgen.ooxml.properties",
    "reportgen.templates", "reportgen._cache", "reportgen._files", "reportgen.images", "reportgen.limits",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[str]:
    """The reportgen modules ``path`` imports, as absolute names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names if alias.name.startswith("reportgen")]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if not module.startswith("reportgen"):
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                is_module = (ROOT / Path(*sub.split(".")) ).with_suffix(".py").is_file() or \
                    (ROOT / Path(*sub.split("."))).is_dir()
                out.append(sub if is_module else module)
    return out


MODULES = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_readers_and_renderers_never_import_each_other() -> None:
    for module, imported in MODULES.items():
        for other in imported:
            if module.startswith("reportgen.readers"):
                assert not other.startswith("reportgen.renderers"), (module, other)
            if module.startswith("reportgen.renderers"):
                assert not other.startswith("reportgen.readers"), (module, other)


def test_no_private_module_is_imported_from_outside_its_package() -> None:
    for module, imported in MODULES.items():
        for other in imported:
            parts = other.split(".")
            private = [k for k, part in enumerate(parts) if part.startswith("_") and not part.startswith("__")]
            if private:
                owner = ".".join(parts[: private[0]])
                assert module == owner or module.startswith(owner + "."), (module, other)


@pytest.mark.parametrize("layer", ["reportgen.readers", "reportgen.renderers", "reportgen.enrich"])
def test_readers_renderers_and_enrichment_import_only_the_model_and_below(layer: str) -> None:
    for module, imported in MODULES.items():
        if not module.startswith(layer):
            continue
        for other in imported:
            assert other.startswith(layer) or other in BELOW, (module, other)


# --- one decision, two outputs ------------------------------------------------------------


def _docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(data)).paragraphs]


def test_a_bare_host_url_builds_both_outputs() -> None:
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    brief = Brief(meta=Meta(title="Bare host", url="example.org", publisher=None), lead=brief.lead)
    pdf = api.render(brief, "pdf")
    assert "https://example.org" in pdfcheck.link_targets(pdf)
    assert "example.org" in pdfcheck.page_texts(pdf)[-1]  # the footer names the host
    docx = Document(io.BytesIO(api.render(brief, "docx")))
    assert "example.org" in docx.sections[0].footer.paragraphs[0].text


def test_quotes_carry_the_same_marks_in_both_outputs() -> None:
    brief = api.read(SOURCES / "japan-chip-subsidies.txt")
    quotes = [b for b in iter_blocks(brief) if isinstance(b, Quote)]
    assert quotes
    pdf = pdfcheck.text(api.render(brief, "pdf")).replace("\n", "")
    word = [t for s, t in _docx_paragraphs(api.render(brief, "docx")) if s == "Quote"]
    for quote, printed in zip(quotes, word, strict=True):
        assert printed == f"「{quote.text}」"
        assert printed in pdf


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_nested_list_labels_are_the_same_in_both_outputs(tmp_path: Path) -> None:
    """The labels the PDF prints and the ones Word's numbering definitions make
    (as LibreOffice draws them) are the same at every level."""
    def item(text: str, *items: Item) -> Item:
        return Item((Text(text),), items=items)

    ordered = ListBlock((item("first step", item("first sub", item("deepest step"))), item("second step")), True)
    bullets = ListBlock((item("outer point", item("middle point", item("inner point"))),), False)
    brief = Brief(meta=Meta(title="Lists"), lead=(ordered, Paragraph.of("Between the lists."), bullets))
    docx = tmp_path / "lists.docx"
    api.render(brief, "docx", docx)
    printed = {"pdf": pdfcheck.text(api.render(brief, "pdf")), "docx": pdfcheck.text(_libreoffice_pdf(docx))}
    for text in printed.values():
        lines = {" ".join(line.split()) for line in text.splitlines()}
        assert {"1. first step", "a. first sub", "i. deepest step", "2. second step"} <= lines, lines
        assert {"• outer point", "– middle point", "◦ inner point"} <= lines, lines


def _libreoffice_pdf(docx: Path) -> bytes:
    import subprocess

    subprocess.run(["soffice", f"-env:UserInstallation=file://{docx.parent}/lo", "--headless", "--convert-to",
                    "pdf", "--outdir", str(docx.parent), str(docx)], check=True, capture_output=True, timeout=120)
    return docx.with_suffix(".pdf").read_bytes()


def test_rewording_the_source_line_does_not_change_what_the_word_brief_reads_back(tmp_path: Path) -> None:
    brief = api.read(SOURCES / "arctic-shipping-corridor.txt")
    template = tmp_path / "reworded"
    template.mkdir()
    (template / "template.toml").write_text('extends = "brief"\n', "utf-8")
    (template / "source_line.j2").write_text(
        "{{ meta.publisher }} — written by {{ meta.authors | join(' & ') }} — {{ date }}\n", "utf-8")
    readings = []
    for name, chosen in (("default", "brief"), ("reworded", template)):
        path = tmp_path / f"{name}.docx"
        api.render(brief, "docx", path, template=chosen)
        readings.append(dump(api.read(path)))
    assert readings[0] == readings[1]
    assert "date: 2025-06-12" in readings[0] and "publisher: Northern Affairs Desk" in readings[0]


@pytest.mark.skipif(not (CORPUS / "links-in-tables").is_dir(), reason="../shared/corpus is not present")
def test_links_in_table_cells_reach_both_outputs() -> None:
    brief = api.read(CORPUS / "links-in-tables" / "source.html")
    table = next(b for b in iter_blocks(brief) if isinstance(b, Table) and b.rows)
    urls = [s.url for row in table.rows for cell in row for s in cell if isinstance(s, Link)]
    assert len(urls) >= 5
    assert set(urls) <= set(pdfcheck.link_targets(api.render(brief, "pdf")))
    docx = Document(io.BytesIO(api.render(brief, "docx")))
    cell_links = {link.address for t in docx.tables for row in t.rows for c in row.cells
                  for p in c.paragraphs for link in p.hyperlinks}
    assert set(urls) <= cell_links
    assert docxcheck.is_header_row(docx.tables[0].rows[0]) or table.header == ()


def test_each_built_in_format_names_its_extension_as_its_renderer_does() -> None:
    from reportgen.renderers import BUILTIN, extension_of, get_renderer

    for name in BUILTIN:
        assert extension_of(name) == get_renderer(name).extension
