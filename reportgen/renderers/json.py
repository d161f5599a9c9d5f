"""The brief as ``reportgen.brief/1`` JSON: the model itself."""

from __future__ import annotations

import json
from typing import Any

from ..images import ImageRefused
from ..model import Block, Brief, Figure, map_blocks, to_json
from .base import Rendered, Renderer
from .layout import figure_file


class JSONRenderer(Renderer):
    name = "json"
    extension = ".json"
    binary = False

    def render(self, brief: Brief) -> Rendered:
        """The JSON, its figures naming picture files written beside it, so the JSON
        builds wherever it is copied with them."""
        files: dict[str, bytes] = {}

        def beside(block: Block) -> Block:
            if isinstance(block, Figure):
                try:
                    found = figure_file(block.src)
                except ImageRefused:
                    return block  # kept as the brief has it
                files.setdefault(*found)
                return Figure(found[0], block.alt, block.caption, block.credit)
            return block

        return Rendered(dumps(to_json(map_blocks(brief, beside))), files=tuple(files.items()))


def dumps(obj: dict[str, Any]) -> str:
    """A brief's JSON as text; its pictures stay inside it as ``data:`` URIs."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
