"""The brief as ``reportgen.brief/1`` JSON: the model itself."""

from __future__ import annotations

import json

from ..model import Brief, to_json
from .base import Rendered, Renderer


class JSONRenderer(Renderer):
    name = "json"
    extension = ".json"
    binary = False

    def render(self, brief: Brief) -> Rendered:
        return Rendered(json.dumps(to_json(brief), ensure_ascii=False, indent=2) + "\n")
