"""Small text helpers shared by the readers: sentences, quotation marks, links in plain text."""

from __future__ import annotations

import re

from ..model import Inline, Inlines, Link, Text, collapse, normalize_inlines

# Opening mark -> closing mark. Straight quotes close themselves.
QUOTE_PAIRS = {
    "“": "”",
    '"': '"',
    "„": "“",
    "「": "」",
    "『": "』",
    "«": "»",
    "‘": "’",
    "‹": "›",
}
OPENING_QUOTES = frozenset(QUOTE_PAIRS)

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\"'.,;:!?)\]}”’」]", re.I)


def link_inlines(text: str) -> Inlines:
    """Plain text as inlines, with every bare URL made a Link to itself."""
    spans: list[Inline] = []
    pos = 0
    for match in _URL.finditer(text):
        if match.start() > pos:
            spans.append(Text(text[pos : match.start()]))
        url = match.group(0)
        spans.append(Link(url, url if "://" in url else "https://" + url))
        pos = match.end()
    if pos < len(text):
        spans.append(Text(text[pos:]))
    return normalize_inlines(tuple(spans))


# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt vs etc e.g i.e cf fig no nos vol pp inc ltd co corp
    gen col lt sgt capt cmdr adm gov sen rep pres dept univ approx est jan feb mar apr jun
    jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m""".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*\s+|[。！？]+[」』）]*")


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations such as ``U.S.`` and ``Dr.`` whole."""
    text = collapse(text)
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        chunk = text[start:end].strip()
        before = text[start : match.start() + 1].split()
        word = before[-1].rstrip(".").lower().lstrip("(\"“‘") if before else ""
        rest = text[end:]
        if match.group(0).startswith(".") and (
            word in _ABBREVIATIONS
            or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)  # initials: "J.", "U.S."
            or (rest[:1].islower())
        ):
            continue
        if chunk:
            out.append(chunk)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def ends_sentence(text: str) -> bool:
    """Whether a line ends the way a sentence ends, not the way a heading does."""
    stripped = text.rstrip(" \"'”’»」』)]")
    return (bool(stripped) and stripped[-1] in ".!;,:…。！；，、：") or text.rstrip()[-1:] in "”」』"
