"""Any input either reads into a brief or fails with a ReportgenError; nothing else escapes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.enrich import enrich
from reportgen.errors import ReportgenError
from reportgen.model import Brief
from reportgen.readers import markdown, text

# Text with the characters the readers react to: markers, pipes, quotes, colons.
shaped = st.lists(
    st.sampled_from(
        ["- ", "• ", "1. ", "a) ", "| ", "---|---", "\t", "“", "”", '"', "「", "」", "— ", ": ",
         "Sources: ", "By Ann Lee | 3 May 2024", "#", "==", "\n", "\n\n", "Title Line", "word. ",
         "(ABC) ", "Alpha Beta Corp ", "said X, role.", "---\n", "**b**", "`c`", "[l](u)", "<b>"]
    )
    | st.text(max_size=20),
    max_size=40,
).map("".join)

READERS = [text.read, markdown.read]


def _reads_or_fails_cleanly(data) -> None:
    for read in READERS:
        try:
            brief = read(data)
        except ReportgenError:
            continue
        assert isinstance(enrich(brief), Brief)
        assert enrich(brief).meta.title.strip()


@given(st.text())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_unicode_text(data: str) -> None:
    _reads_or_fails_cleanly(data)


@given(shaped)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_shaped_like_an_article(data: str) -> None:
    _reads_or_fails_cleanly(data)


@given(st.binary(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_bytes(data: bytes) -> None:
    _reads_or_fails_cleanly(data)
