"""Reader for a brief saved as JSON in the ``reportgen.brief/1`` shape (``reportgen inspect --json``)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from ..limits import CHARS_PER_PAGE, LINE, current, over, shape
from ..model import Brief, from_json
from ._decode import decode_text

# "\ud800" in JSON decodes to half of a UTF-16 pair, which no file format can hold
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read(data: bytes | str, *, path: Path | None = None) -> Brief:
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
    brief = from_json(obj)
    if brief.meta.source_path is None and path is not None:
        brief = replace(brief, meta=replace(brief.meta, source_path=str(path)))
    return brief
