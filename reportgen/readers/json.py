"""Reader for a brief saved as JSON in the ``reportgen.brief/1`` shape (``reportgen inspect --json``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from ..model import Brief, from_json
from ._decode import decode_text


def read(data: bytes | str, *, path: Path | None = None) -> Brief:
    text = decode_text(data) if isinstance(data, bytes) else data
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    brief = from_json(obj)
    if brief.meta.source_path is None and path is not None:
        brief = replace(brief, meta=replace(brief.meta, source_path=str(path)))
    return brief
