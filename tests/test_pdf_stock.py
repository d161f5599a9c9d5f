"""The PDF renderer's fast paths draw what stock reportlab draws.

reportlab is pinned to the range these were checked on (pyproject.toml). Each
test builds every sample twice in one process: with our classes, and with
their overrides taken away so reportlab's own methods run.
"""

from __future__ import annotations

from pathlib import Path

import pdfcheck
import pytest
from conftest import SOURCES

from reportgen import api
from reportgen.readers import supported_suffixes
from reportgen.renderers import pdf
from reportgen.renderers.pdf import _ttf, flowables

SAMPLES = sorted(p for p in SOURCES.iterdir() if p.suffix in supported_suffixes())


def _stock_flowables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs parse their markup, wrap every time and measure every word; frames
    deep-copy generically; PDF names are spelled out and PDF text encoded by
    reportlab's codec every time; the canvas saves its state name by name."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.platypus import paragraph

    monkeypatch.setattr(paragraph, "stringWidth", paragraph.stringWidth.__wrapped__)
    monkeypatch.setattr(pdfdoc, "PDFName", pdfdoc.PDFName.__wrapped__)
    monkeypatch.setattr(pdfdoc, "pdfdocEnc", pdf._pdfdoc_encoded)
    monkeypatch.delattr(flowables.StateCanvas, "push_state_stack")
    monkeypatch.delattr(flowables.Paragraph, "__init__")
    monkeypatch.delattr(flowables.Paragraph, "wrap")
    monkeypatch.delattr(flowables.BriefFrame, "__deepcopy__")


def _stock_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Font subsets numbered and built by reportlab, document by document."""
    for name in ("splitString", "getSubsetInternalName", "addObjects"):
        monkeypatch.delattr(_ttf.StableTTFont, name)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_fast_paragraphs_and_frames_give_the_same_bytes(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    brief = api.read(path)
    fast = api.render(brief, "pdf")
    with monkeypatch.context() as stock:
        _stock_flowables(stock)
        assert api.render(brief, "pdf") == fast


def _placed_text(data: bytes) -> list[list[tuple[float, float, str]]]:
    """Each page's lines with where they start: ``(baseline, left, characters)``. A
    line is what is drawn on one baseline, in pieces (one per font subset) whose
    own positions pypdf does not always give, so its characters are compared
    as a sorted string."""
    pages = []
    for page in pdfcheck.reader(data).pages:
        lines: dict[float, list[tuple[float, str]]] = {}

        def visit(text, cm, tm, font, size, lines=lines):
            if text.strip():
                lines.setdefault(round(cm[5] + tm[5], 1), []).append((round(cm[4] + tm[4], 1), text))

        page.extract_text(visitor_text=visit)
        pages.append([(y, min(x for x, _ in pieces), _characters("".join(t for _, t in pieces)))
                      for y, pieces in sorted(lines.items())])
    return pages


def _characters(text: str) -> str:
    return "".join(sorted(c for c in text if not c.isspace()))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_fast_font_subsets_give_the_same_text_in_the_same_places(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Subsets numbered differently cannot give the same bytes; the text and where
    it is drawn must be the same."""
    brief = api.read(path)
    fast = _placed_text(api.render(brief, "pdf"))
    with monkeypatch.context() as stock:
        _stock_fonts(stock)
        assert _placed_text(api.render(brief, "pdf")) == fast



def test_the_web_address_pattern_compiled_when_used_matches_as_reportlabs(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from reportlab.platypus import paragraph

    deferred = paragraph.uri_pat
    assert type(deferred).__name__ == "_CompiledWhenUsed"  # importing did not compile it
    uris = ("https://www.example.org/reports/2025/annual-review.pdf", "ftp://192.168.0.1/a/b",
            "http://localhost:8080/x", "not an address", "mailto:someone@example.org",
            "https://ドメイン.例/パス/", "https://www.example.org/" + "/".join(["a-long-path-segment"] * 12))
    ours = [paragraph._uri_split_pairs(uri) for uri in uris]
    monkeypatch.setattr(paragraph, "uri_pat", re.compile(*deferred._source))
    assert ours == [paragraph._uri_split_pairs(uri) for uri in uris]
    assert ours[3] is None and len(ours[-1]) > 10  # where a long address may break


def test_pdf_text_is_encoded_as_reportlabs_codec_encodes_it() -> None:
    texts = [chr(n) for n in range(128)] + ["12 0 obj\n", "/Type /Page", "naïve café – “quoted”", b"raw bytes", ""]
    for text in texts:
        try:
            expected: bytes | type[Exception] = pdf._pdfdoc_encoded(text)
        except UnicodeEncodeError:
            expected = UnicodeEncodeError
        if expected is UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                pdf._encoded(text)
        else:
            assert pdf._encoded(text) == expected, repr(text)
