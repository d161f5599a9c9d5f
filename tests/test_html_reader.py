"""Saved web pages: the article without the clutter, with its structure and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SOURCES, check_golden

from reportgen import api
from reportgen.dump import dump
from reportgen.errors import SourceError
from reportgen.model import ListBlock, Quote, Table, iter_blocks, iter_sections
from reportgen.readers import web

SAMPLE = SOURCES / "regional-rail-electrification.html"
GOLDEN = Path(__file__).parent / "golden" / "regional-rail-electrification.html.tree"
CLUTTER = ["cookies", "Merchandise", "Advertisement", "getaways", "Related stories", "scenic tram",
           "newsletter", "rights reserved", "tracker", "Podcasts"]


def test_sample_page_matches_golden(update_golden: bool) -> None:
    check_golden(GOLDEN, dump(api.read(SAMPLE)), update_golden)


def test_sample_page_keeps_the_article_and_drops_the_clutter() -> None:
    brief = api.read(SAMPLE)
    text = dump(brief)
    assert not [word for word in CLUTTER if word.lower() in text.lower()]
    assert [s.title for _, s in iter_sections(brief.sections)] == [
        "Why the Plans Changed", "What It Will Cost", "Open Questions"]
    meta = brief.meta
    assert (meta.title, meta.date, meta.authors, meta.publisher) == (
        "Overhead Wires Return to Regional Lines", "2025-09-18", ("Mira Okafor",), "Transit Ledger")
    assert meta.url == "https://transit-ledger.example/analysis/regional-rail-electrification"
    table = next(b for b in iter_blocks(brief) if isinstance(b, Table))
    assert table.caption == "Planned electrification by operator"
    assert table.header_text == ("Operator", "Route length (km)", "Budget (million EUR)")
    quote = next(b for b in iter_blocks(brief) if isinstance(b, Quote))
    assert (quote.speaker, quote.role) == ("Tomas Lindqvist", "infrastructure director at Northern Vale Rail")
    terms = [i.term for b in iter_blocks(brief) if isinstance(b, ListBlock) for i in b.items]
    assert terms == ["Range", "Cost", "Reliability"]


PAGE = """<html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title></head>
<body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<article><h1>{title}</h1>{body}</article><footer>Copyright notice for the site</footer></body></html>"""
FILLER = "<p>" + "This paragraph of the article carries enough words to be the article itself. " * 4 + "</p>"


def page(body: str, title: str = "A Test Story About Ports", lang: str = "en", charset: str = "utf-8") -> str:
    return PAGE.format(body=FILLER + body + FILLER, title=title, lang=lang, charset=charset)


def test_nested_lists_links_and_emphasis() -> None:
    html = page("<ul><li>Outer <em>item</em> with <a href='https://example.org/x'>a link</a>"
                "<ul><li>Inner item</li></ul></li><li>Second</li></ul>")
    brief = web.read(html.encode())
    block = next(b for b in iter_blocks(brief) if isinstance(b, ListBlock))
    assert next(i.text for i in block.items).startswith("Outer item with a link")
    assert [i.text for i in block.items[0].items] == ["Inner item"]
    kinds = {type(s).__name__ for s in block.items[0].inlines}
    assert {"Emph", "Link"} <= kinds


def test_declared_charset_is_honoured() -> None:
    html = page("<p>Les caf\u00e9s de la ville ont augment\u00e9 leurs prix cette ann\u00e9e.</p>",
                title="Caf\u00e9s et prix", lang="fr", charset="windows-1252")
    brief = web.read(html.encode("cp1252"))
    assert brief.meta.title == "Caf\u00e9s et prix"
    assert any("augment\u00e9" in b.text for b in iter_blocks(brief) if hasattr(b, "text"))
    assert brief.meta.language == "fr"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
        (b"just some words without any markup at all", "not an HTML page"),
    ],
)
def test_pages_without_an_article_fail_cleanly(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        web.read(data)


def test_scripts_are_not_run_and_entities_not_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    html = (f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><article>'
            f"<h1>Entity Test Page</h1>{FILLER}<p>&x;</p><script>document.write('INJECTED')</script>"
            f"{FILLER}</article></body></html>")
    text = dump(web.read(html.encode()))
    assert "TOP-SECRET-CONTENT" not in text and "INJECTED" not in text
