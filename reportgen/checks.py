"""Warnings that help an editor: what a brief lacks that a reader will miss.

They never stop a build; the batch prints them in its summary and keeps them in
the manifest.
"""

from __future__ import annotations

from .model import Brief, Quote, iter_blocks, iter_texts
from .prose import WELL_KNOWN_ACRONYMS, acronyms_in

_MOST_SHOWN = 6  # acronyms named in one warning; the rest are "…"


def warnings_for(brief: Brief) -> list[str]:
    """The warnings for one brief, each a short phrase: what reading and enriching
    it found, then what it lacks."""
    out = list(brief.warnings)
    if not brief.meta.date:
        out.append("no date found")
    anonymous = sum(1 for b in iter_blocks(brief) if isinstance(b, Quote) and not b.speaker)
    if anonymous:
        out.append(f"{anonymous} quote{'s' if anonymous > 1 else ''} without a speaker")
    undefined = _undefined_acronyms(brief)
    if undefined:
        shown = ", ".join(undefined[:_MOST_SHOWN]) + (", …" if len(undefined) > _MOST_SHOWN else "")
        out.append(f"acronyms used but never defined: {shown}")
    return out


def _undefined_acronyms(brief: Brief) -> list[str]:
    defined = {g.term for g in brief.glossary} | WELL_KNOWN_ACRONYMS
    seen: dict[str, None] = {}
    for text in iter_texts(brief):
        for word in acronyms_in(text):
            if word not in defined:
                seen.setdefault(word, None)
    return list(seen)
