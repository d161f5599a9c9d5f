"""Checking that every word of a source reaches a brief, and no sentence twice."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from reportgen.model import Brief, iter_texts
from reportgen.prose import sentences

# Words a brief may drop: labels it turns into structure, and the verbs of
# attribution it turns into a speaker field.
LABELS = frozenset(
    """source sources references reference said says stating stated noting noted adding added
    according to by table 出典""".split()
)

_WORD = re.compile(r"[\w’'\-]+")


def words(text: str) -> Counter[str]:
    return Counter(w.lower().strip("’'-") for w in _WORD.findall(text) if w.strip("’'-"))


def brief_text(brief: Brief) -> str:
    """Everything a reader of the brief can see that comes from the article."""
    m = brief.meta
    parts = list(iter_texts(brief))
    parts += [*list(m.authors), m.publisher or "", m.url or "", *_date_spellings(m.date)]
    for block in _quotes(brief):
        parts += [block.speaker or "", block.role or ""]
    parts += [f"{s.name} {s.url or ''}" for s in brief.sources]
    return "\n".join(parts)


def _date_spellings(iso: str | None) -> list[str]:
    """The ways an article may write the date the brief keeps as YYYY-MM-DD."""
    if not iso:
        return []
    day = date.fromisoformat(iso)
    return [iso, f"{day.day} {day:%B %Y}", f"{day.year}年{day.month}月{day.day}日"]


_MARKER = re.compile(r"^\s*(?:[-*•・]|\d{1,3}[.)]|[a-z][.)])\s+", re.M)


def _quotes(brief: Brief):
    from reportgen.model import Quote, iter_blocks

    return [b for b in iter_blocks(brief) if isinstance(b, Quote)]


def missing_words(source_text: str, brief: Brief) -> set[str]:
    """Words of the source (list markers aside) that appear nowhere in the brief."""
    have = words(brief_text(brief))
    return {w for w in words(_MARKER.sub("", source_text)) if w not in have and w not in LABELS}


def duplicated_sentences(brief: Brief) -> list[str]:
    seen: Counter[str] = Counter()
    for text in iter_texts(brief):
        for sentence in sentences(text):
            if len(sentence.split()) >= 4:
                seen[sentence] += 1
    return [s for s, n in seen.items() if n > 1]
