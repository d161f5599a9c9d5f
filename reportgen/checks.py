"""Warnings that help an editor: what a brief lacks that a reader will miss.

They never stop a build; the batch prints them in its summary and keeps them in
the manifest.
"""

from __future__ import annotations

import re

from .enrich import prose
from .model import Brief, Quote, iter_blocks

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,6}s?\b(?!-\d)")  # not model numbers (AIM-120)
# Short forms every reader knows; asking for their definition would be noise.
_COMMON = frozenset(
    """US USA UK EU UN NATO CEO CFO AI GDP TV PM AM OK ID PDF HTML URL AP BBC CNN FAQ IT
    PhD MP MW GW KW KWH MWH GWH TWH CO2 II III IV USD EUR GBP JPY CNY CAD AUD CHF""".split()
)


def warnings_for(brief: Brief, *, had_title: bool = True, missing_glyphs: str = "") -> list[str]:
    """The warnings for one brief, each a short phrase."""
    out: list[str] = []
    if not had_title:
        out.append(f"no title found; using {brief.meta.title!r}")
    if not brief.meta.date:
        out.append("no date found")
    anonymous = sum(1 for b in iter_blocks(brief) if isinstance(b, Quote) and not b.speaker)
    if anonymous:
        out.append(f"{anonymous} quote{'s' if anonymous > 1 else ''} without a speaker")
    undefined = _undefined_acronyms(brief)
    if undefined:
        shown = ", ".join(undefined[:6]) + (", …" if len(undefined) > 6 else "")
        out.append(f"acronyms used but never defined: {shown}")
    if missing_glyphs:
        out.append(f"no font can show: {' '.join(sorted(set(missing_glyphs)))[:60]}")
    return out


def _undefined_acronyms(brief: Brief) -> list[str]:
    defined = {g.term for g in brief.glossary}
    seen: dict[str, None] = {}
    for text in prose(brief):
        if text.isupper():  # a heading in capitals is not a run of acronyms
            continue
        for match in _ACRONYM.finditer(text):
            word = match.group().rstrip("s") if match.group().endswith("s") else match.group()
            if word not in defined and word not in _COMMON and not word.isdigit():
                seen.setdefault(word, None)
    return list(seen)
