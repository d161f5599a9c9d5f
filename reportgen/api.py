"""The Python API: ``read`` a source into a Brief, ``render`` a Brief into a format."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ._files import write_atomic
from .enrich import enrich
from .limits import check_brief
from .model import Brief
from .readers import read_source
from .renderers import RenderOptions, get_renderer, rendered
from .templates import DEFAULT, Template, load_template


def read(source: str | Path, *, title: str | None = None, marking: str | None = None) -> Brief:
    """Read an article (a ``.txt``, ``.md``, ``.html``, ``.docx``, ``.json`` file or an
    ``http(s)://`` URL) into an enriched Brief.

    ``title`` and ``marking`` replace what the article says. What reading noticed
    that the editor should know is in the brief's ``warnings``.
    """
    from .readers.fetch import is_url, read_url

    brief = read_url(source) if isinstance(source, str) and is_url(source) else read_source(Path(source))
    check_brief(brief)  # before the heavy work: enrichment and layout
    changes = {k: v for k, v in (("title", title), ("marking", marking)) if v}
    if changes:
        brief = replace(brief, meta=replace(brief.meta, **changes))
    return enrich(brief)


def render(
    brief: Brief,
    fmt: str = "pdf",
    path: str | Path | None = None,
    *,
    template: str | Path | Template = DEFAULT,
    marking: str | None = None,
    reference_docx: str | Path | None = None,
) -> bytes | str:
    """Render ``brief`` as ``fmt`` (``pdf``, ``docx``, ``md``, ``json`` or a plug-in's name).

    Returns the output; when ``path`` is given, also writes it there atomically.
    """
    loaded = template if isinstance(template, Template) else load_template(template)
    options = RenderOptions(
        marking=marking, reference_docx=str(reference_docx) if reference_docx else None
    )
    output = rendered(get_renderer(fmt)(loaded, options).render(brief)).data
    if path is not None:
        write_atomic(Path(path), output)
    return output
