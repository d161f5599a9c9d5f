"""The Python API: ``read`` a source into a Brief, ``render`` a Brief into a format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ._files import write_all, write_atomic
from .enrich import enrich
from .errors import UsageError
from .limits import check_brief
from .model import Brief, Digest
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


def read_digest(sources: Iterable[str | Path], *, title: str = "Digest", marking: str | None = None) -> Digest:
    """Read every source (files or URLs; a digest's JSON gives all its articles) into
    one Digest, in order; a source that cannot be read raises its error."""
    from .digest import read_articles, undated
    from .readers.fetch import is_url

    briefs = [b for s in sources for b in read_articles(s if isinstance(s, str) and is_url(s) else Path(s))]
    return Digest.of(briefs, title, marking, undated())


def render(
    brief: Brief | Digest,
    fmt: str = "pdf",
    path: str | Path | None = None,
    *,
    template: str | Path | Template = DEFAULT,
    marking: str | None = None,
    reference_docx: str | Path | None = None,
) -> bytes | str:
    """Render ``brief`` as ``fmt`` (``pdf``, ``docx``, ``md``, ``json`` or a plug-in's name;
    a Digest as ``pdf``, ``docx`` or ``json``).

    Returns the output; when ``path`` is given, also writes it there atomically,
    with the files it names beside it (a Markdown or JSON brief's pictures).
    """
    if isinstance(brief, Digest):
        from .digest import DIGEST_FORMATS, render_digest

        if fmt not in DIGEST_FORMATS:
            raise UsageError(f"a digest is written as {', '.join(DIGEST_FORMATS)}, not {fmt}")
        data = render_digest(brief, (fmt,), template, marking)[fmt][0]
        if path is not None:
            write_atomic(Path(path), data)
        return data
    loaded = template if isinstance(template, Template) else load_template(template)
    options = RenderOptions(
        marking=marking, reference_docx=str(reference_docx) if reference_docx else None
    )
    output = rendered(get_renderer(fmt)(loaded, options).render(brief))
    if path is not None:
        write_all([*((Path(path).parent / name, data) for name, data in output.files), (Path(path), output.data)])
    return output.data
