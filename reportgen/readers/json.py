"""Reader for a brief saved as JSON in the ``reportgen.brief/1`` shape (``reportgen inspect --json``),
and for the articles of a digest saved as ``reportgen.digest/1``."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from ..limits import CHARS_PER_PAGE, LINE, current, over, shape
from ..model import Block, Brief, Figure, digest_from_json, from_json, is_digest_json, map_blocks
from ._decode import decode_text
from ._figures import Figures

# "\ud800" in JSON decodes to half of a UTF-16 pair, which no file format can hold
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read(data: bytes | str, *, path: Path | None = None) -> Brief:
    return _brief(from_json(_load(data)), path)


def read_all(data: bytes | str, *, path: Path | None = None) -> tuple[Brief, ...]:
    """The briefs of a JSON source: every article of a ``reportgen.digest/1`` digest,
    or the one brief of a ``reportgen.brief/1`` brief."""
    obj = _load(data)
    briefs = digest_from_json(obj).briefs if is_digest_json(obj) else (from_json(obj),)
    return tuple(_brief(b, path) for b in briefs)


def _load(data: bytes | str) -> object:
    text = decode_text(data) if isinstance(data, bytes) else data
    deepest = 2 * current().depth + 8  # a section or list level is a mapping in a list
    too_deep = over(f"the JSON nests deeper than the limit of {current().depth} levels", "depth")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise too_deep from None
    depth, containers = shape(obj)
    if depth > deepest:
        raise too_deep
    if containers > 4 * current().pages * CHARS_PER_PAGE // LINE:  # an item is a few of them, and a line
        raise over(f"the brief runs to more than the limit of {current().pages:,} pages", "pages")
    lone = _LONE_SURROGATE.search(json.dumps(obj, ensure_ascii=False))
    if lone:
        raise SourceError(f"the JSON holds an unpaired surrogate (\\u{ord(lone.group()):04x}), which is not text")
    return obj


def _brief(brief: Brief, path: Path | None) -> Brief:
    brief = _pictures(brief, path)
    if brief.meta.source_path is None and path is not None:
        brief = replace(brief, meta=replace(brief.meta, source_path=str(path)))
    return brief


def _pictures(brief: Brief, path: Path | None) -> Brief:
    """Each figure's picture, from a ``data:`` URI or a file beside the JSON (never
    outside its folder), made safe; a figure whose picture cannot be had is left out."""
    figures = Figures(path.parent if path is not None else None, confined=True)

    def load(block: Block) -> Block | None:
        if not isinstance(block, Figure):
            return block
        return figures.figure(block.src, block.alt, block.caption, block.credit)

    brief = map_blocks(brief, load)
    return replace(brief, warnings=(*brief.warnings, *figures.warnings()), picture_files=tuple(figures.files))
