"""Renderers by name: the built-in ones, and third-party ones from the
``reportgen.renderers`` entry-point group.

Built-in renderers are named here as ``"module:Class"`` and imported only when
asked for, so a Markdown build never imports reportlab.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache, lru_cache

from ..errors import UsageError
from ..templates import Template
from .base import Rendered, Renderer, RenderOptions, rendered

__all__ = ["BUILTIN", "RenderOptions", "Rendered", "Renderer", "available", "extension_of", "get_renderer", "rendered",
           "warm"]

ENTRY_POINT_GROUP = "reportgen.renderers"

BUILTIN: dict[str, str] = {
    "pdf": "reportgen.renderers.pdf:PDFRenderer",
    "docx": "reportgen.renderers.word:DocxRenderer",
    "json": "reportgen.renderers.json:JSONRenderer",
    "md": "reportgen.renderers.markdown:MarkdownRenderer",
}
_BUILTIN_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "json": ".json", "md": ".md"}  # as each class says


@lru_cache(maxsize=1)
def _plugins() -> dict[str, object]:
    from importlib.metadata import entry_points  # looked at only for a format not built in

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def available() -> list[str]:
    """Every renderer name: built-in first, then installed plug-ins."""
    return list(BUILTIN) + sorted(n for n in _plugins() if n not in BUILTIN)


@cache
def get_renderer(name: str) -> type[Renderer]:
    """The renderer class registered as ``name``; UsageError listing the known names otherwise."""
    if name in BUILTIN:
        module, _, cls = BUILTIN[name].partition(":")
        return getattr(importlib.import_module(module), cls)
    plugin = _plugins().get(name)
    if plugin is None:
        raise UsageError(f"unknown format {name!r} (known formats: {', '.join(available())})")
    loaded = plugin.load()  # type: ignore[attr-defined]
    if not (isinstance(loaded, type) and issubclass(loaded, Renderer)):
        raise UsageError(f"format {name!r}: {plugin.value} is not a reportgen Renderer")  # type: ignore[attr-defined]
    return loaded


def extension_of(name: str) -> str:
    """The file extension of format ``name``, without importing a built-in renderer
    (a build whose outputs are up to date imports none)."""
    return _BUILTIN_EXTENSIONS.get(name) or get_renderer(name).extension


def warm(formats: Iterable[str], template: Template, options: RenderOptions | None = None) -> None:
    """Do the per-process set-up of the renderers of ``formats`` (fonts, the Word
    base document) now, so that workers forked afterwards start with it done."""
    for fmt in formats:
        get_renderer(fmt)(template, options).warm()
