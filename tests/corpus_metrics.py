"""Scores a brief read from a corpus page against the page's ``truth.json``.

Shared by the text, Markdown and HTML corpus tests, so every reader is held to
the same measures: title match, heading recall, table recall, and the share of
the article's words that reach the brief (recall) and of the brief's words that
belong to the article (precision).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reportgen.model import (
    Brief,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    iter_blocks,
    iter_sections,
    plain,
)
from reportgen.readers._conventions import sources_label

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def tokens(text: str) -> list[str]:
    """Words; CJK text counts each ideograph or kana as a word."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for word in _WORD.findall(text):
        if _CJK.search(word):
            out.extend(ch for ch in word)
        else:
            out.append(word)
    return out


def brief_words(brief: Brief) -> list[str]:
    """Every word of the article the brief prints (labels aside)."""
    parts = [brief.meta.title, brief.meta.subtitle or ""]
    for _, section in iter_sections(brief.sections):
        parts += [section.title, section.subtitle or ""]
    for block in iter_blocks(brief):
        parts.extend(_block_text(block))
    parts += [source.name for source in brief.sources]
    body = Counter(tokens(" ".join(parts)))
    # An article's own "Highlights" list becomes the key points; points taken
    # from the body repeat words already counted, hence the union, not the sum.
    return list((body | Counter(tokens(" ".join(brief.key_point_texts)))).elements())


def _block_text(block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Quote):
        return [block.text, block.speaker or "", block.role or ""]
    if isinstance(block, Table):
        cells = [*block.header_text, *(c for row in block.rows_text for c in row)]
        return [block.caption or "", *cells]
    if isinstance(block, ListBlock):
        out = [block.title or ""]
        stack = list(block.items)
        while stack:
            item = stack.pop()
            out += [item.term or "", plain(item.inlines)]
            stack.extend(item.items)
        return out
    return []


@dataclass(frozen=True)
class Score:
    page: str
    title: float
    headings: float | None
    tables: float | None
    word_recall: float
    word_precision: float


def _recall(expected: list[str], found: list[str]) -> float | None:
    if not expected:
        return None
    pool = Counter(found)
    hits = 0
    for item in expected:
        if pool[item] > 0:
            pool[item] -= 1
            hits += 1
    return hits / len(expected)


def truth(page: Path) -> dict:
    return json.loads((page / "truth.json").read_text(encoding="utf-8"))


def expected_words(page: Path) -> list[str]:
    from lxml import html

    root = html.fromstring((page / "expected.html").read_text(encoding="utf-8"))
    return tokens(" ".join(root.itertext()))


_SITE_SEPARATOR = re.compile(r"\s+[-|—·_]+\s*|\s*[\[\]]\s*")


def _heading(text: str) -> str:
    return _norm(re.sub(r"\[\s*edit\s*\]\s*$", "", text)).removesuffix(" edit")


def title_match(ours: str, expected: str) -> bool:
    """The same title, allowing for the site name a page's <title> adds
    ("Mozilla - Wikipedia", "Story _Section _Site", "Title [LWN.net]")."""
    mine = _norm(ours)
    if not mine:
        return False
    parts = [_norm(p) for p in _SITE_SEPARATOR.split(expected) if _norm(p)]
    joined = [_norm(expected)]
    for n in range(1, len(parts)):  # "A - B - Site": "A - B" is the title too
        joined.append(" ".join(parts[:n]))
    return mine in joined or mine in parts or any(len(p) >= 20 and p in mine for p in parts)


def score(page: Path, brief: Brief) -> Score:
    facts = truth(page)
    title_ok = title_match(brief.meta.title, facts["title"]) if facts.get("title") else 1.0
    headings_found = [_norm(brief.meta.title)]
    for _, section in iter_sections(brief.sections):
        headings_found += [_norm(section.title), _norm(section.subtitle or "")]
    # expected.html keeps Wikipedia's "[edit]" links in headings (a known quirk of the
    # corpus); a heading is compared without them, on both sides
    expected_headings = [_heading(h["text"]) for h in facts["headings"]]
    if brief.sources:  # a closing "References" section is printed as the brief's Sources
        bare = [re.sub(r"\[\s*edit\s*\]\s*$", "", h["text"]) for h in facts["headings"]]
        headings_found += [_heading(h) for h in bare if sources_label(h)]
    headings = _recall([h for h in expected_headings if h], [_heading(h) for h in headings_found])
    tables = [b for b in iter_blocks(brief) if isinstance(b, Table)]
    real_tables = [t for t in facts["tables"] if t["rows"] >= 2 and t["depth"] == 0]
    table_recall = None if not real_tables else min(1.0, len(tables) / len(real_tables))
    article, printed = expected_words(page), brief_words(brief)
    recall = _recall(article, printed) or 0.0
    precision = _recall(printed, article) if printed else 0.0
    return Score(page.name, float(title_ok), headings, table_recall, recall, precision or 0.0)


def mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else 1.0


def table(scores: list[Score]) -> str:
    """A Markdown table of the scores, one row per page and a mean row."""

    def cell(v: float | None) -> str:
        return "–" if v is None else f"{v:.2f}"

    lines = [
        "| page | title | headings | tables | word recall | word precision |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.page} | {cell(s.title)} | {cell(s.headings)} | {cell(s.tables)} "
            f"| {cell(s.word_recall)} | {cell(s.word_precision)} |"
        )
    lines.append(
        f"| **mean** | {mean([s.title for s in scores]):.2f} | {mean([s.headings for s in scores]):.2f} "
        f"| {mean([s.tables for s in scores]):.2f} | {mean([s.word_recall for s in scores]):.2f} "
        f"| {mean([s.word_precision for s in scores]):.2f} |"
    )
    return "\n".join(lines)
