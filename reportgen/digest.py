"""Digests: many articles in one brief (``reportgen digest``).

Sources are found and read as ``build`` finds and reads them (files, folders
in name order, URLs), in parallel; one that cannot be read is reported on one
line and left out. The digest is rendered to every format before anything is
written, and each file is written atomically, so a failed digest leaves nothing.
The Word digest's contents show the page numbers the PDF digest has, so the
PDF is laid out whenever either is asked for.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReportgenError, SourceError, UsageError
from .model import Brief, Digest, digest_to_json

if TYPE_CHECKING:
    from .templates import Template

DIGEST_FORMATS = ("pdf", "docx", "json")
DEFAULT_NAME = "digest"


@dataclass(frozen=True)
class DigestSettings:
    formats: tuple[str, ...] = ("pdf", "docx")
    name: str = DEFAULT_NAME
    template: str = "brief"
    title: str | None = None
    marking: str | None = None
    force: bool = False
    debug: bool = False


def read_articles(source: Path | str) -> tuple[Brief, ...]:
    """The enriched briefs of one source: one article, or every article of a digest's JSON."""
    from .api import read

    if isinstance(source, Path) and source.suffix.lower() == ".json":
        from .enrich import enrich
        from .limits import check_brief
        from .limits import read_file as read_limited
        from .readers.json import read_all

        try:
            data = read_limited(source)
        except OSError as exc:
            raise SourceError(f"cannot read it ({exc.strerror})") from None
        articles = read_all(data, path=source)
        for brief in articles:
            check_brief(brief)
        briefs = tuple(enrich(b) for b in articles)
        if not briefs:
            raise SourceError("the digest holds no article")
        return briefs
    return (read(source),)


def _read_one(source: Path | str, debug: bool) -> tuple[Path | str, tuple[Brief, ...] | str]:
    """The source's briefs, or why it cannot be read; never raises."""
    import traceback

    try:
        return source, read_articles(source)
    except ReportgenError as exc:
        return source, str(exc)
    except Exception as exc:  # a bug, but one source must not stop the digest
        detail = traceback.format_exc() if debug else ""
        return source, f"internal error: {type(exc).__name__}: {exc}{detail and chr(10) + detail}"


def read_all(sources: list[Path | str], debug: bool = False, jobs: int = 0,
             meanwhile: Callable[[], None] | None = None) -> list[tuple[Path | str, tuple[Brief, ...] | str]]:
    """Every source's briefs or error, in the order given, read over ``jobs`` worker
    processes (held to the memory limit, a lost one costing its source); ``meanwhile``
    runs in this process before they start."""
    workers = min(jobs or os.cpu_count() or 1, len(sources) - 1)
    if workers <= 1:
        if meanwhile is not None:
            meanwhile()
        return [_read_one(s, debug) for s in sources]
    from . import _pool
    from .batch import _hold_memory
    from .limits import current

    first = _read_one(sources[0], debug)  # the readers it imports are then ready in every worker
    if meanwhile is not None:
        meanwhile()
    rest = sources[1:]
    results: list[tuple[Path | str, tuple[Brief, ...] | str]] = [(s, "not read") for s in rest]

    def done(i: int, result: tuple[Path | str, tuple[Brief, ...] | str] | _pool.Lost) -> None:
        results[i] = (rest[i], result.reason()) if isinstance(result, _pool.Lost) else result

    memory = current().memory_mb  # each worker held to it, as build's are; one lost costs its source
    _pool.run(lambda source: _read_one(source, debug), rest, workers, done,
              setup=(lambda: _hold_memory(memory)) if memory else None)
    return [first, *results]


def undated() -> str | None:
    """The date of a digest none of whose articles has one: ``SOURCE_DATE_EPOCH``'s, if set."""
    from .renderers.base import reproducible_time

    when = reproducible_time()
    return when.date().isoformat() if when else None


def render_digest(digest: Digest, formats: tuple[str, ...], template: str | Path | Template = "brief",
                  marking: str | None = None) -> dict[str, tuple[bytes | str, tuple[str, ...]]]:
    """The digest in each of ``formats``: format -> (data, warnings)."""
    from .renderers import RenderOptions
    from .renderers.pdf.digest import PDFDigestRenderer
    from .templates import Template, load_template

    loaded = template if isinstance(template, Template) else load_template(template)
    options = RenderOptions(marking=marking)
    out: dict[str, tuple[bytes | str, tuple[str, ...]]] = {}
    pages: tuple[int, ...] = ()
    if "pdf" in formats or "docx" in formats:
        pdf = PDFDigestRenderer(loaded, options)
        rendered = pdf.render_digest(digest)
        pages = pdf.pages
        if "pdf" in formats:
            out["pdf"] = rendered.data, rendered.warnings
    if "docx" in formats:
        from .renderers.word.digest import DocxDigestRenderer

        word = DocxDigestRenderer(loaded, options).render_digest(digest, pages)
        out["docx"] = word.data, word.warnings
    if "json" in formats:
        out["json"] = json.dumps(digest_to_json(digest), ensure_ascii=False, indent=2) + "\n", ()
    return {fmt: out[fmt] for fmt in formats}


def _fingerprint(sources: list[Path | str], settings: DigestSettings, template: Template,
                 pictures: Sequence[str] = ()) -> str | None:
    """What a digest depends on (each source and sidecar, the picture files its
    articles named, the options, the template, reportgen's version) as one digest;
    None when a source is a URL, which may change at any time."""
    from . import manifest

    if any(isinstance(s, str) for s in sources):
        return None
    options = {"title": settings.title, "marking": settings.marking, "formats": sorted(settings.formats)}
    looks = template.fingerprint()
    parts = [manifest.digest(str(s), options, looks) for s in sources] + [manifest.file_digest(p) for p in pictures]
    return hashlib.sha256("\n".join([str(len(parts)), *parts]).encode()).hexdigest()


def run_digest(sources: list[str], out: Path, settings: DigestSettings, *, jobs: int = 0,
               quiet: bool = False) -> int:
    """The ``reportgen digest`` command: 0 when every source was read, 1 when some
    were left out or none could be read (then nothing is written)."""
    from . import manifest
    from ._files import write_all
    from .batch import _ready_output_folder, find_sources, shown
    from .renderers import warm
    from .templates import load_template

    unknown = [f for f in settings.formats if f not in DIGEST_FORMATS]
    if unknown or not settings.formats:
        raise UsageError(f"a digest is written as {', '.join(DIGEST_FORMATS)}, not {', '.join(unknown) or 'nothing'}")
    if not settings.name or Path(settings.name).name != settings.name or settings.name.startswith("."):
        raise UsageError(f"--name {settings.name!r} must be a plain file name")
    template = load_template(settings.template)  # a bad template is a usage error, before any work
    started = time.perf_counter()
    found, _ = find_sources(sources, out)
    paths = [out / f"{settings.name}.{fmt}" for fmt in settings.formats]
    entry = f"digest:{settings.name}"
    named = manifest.pictures(manifest.load(out).get(entry))  # the pictures the last digest's articles named
    wanted = _fingerprint([s for s, _ in found], settings, template, named)
    if wanted and not settings.force and manifest.up_to_date(manifest.load(out), entry, wanted, paths):
        if not quiet:
            print(f"digest up to date: {', '.join(map(str, paths))}")
        return 0
    results = read_all([source for source, _ in found], settings.debug, jobs,
                       meanwhile=lambda: warm(sorted({"pdf", *settings.formats} & {"pdf", "docx"}), template))
    briefs = [b for _, r in results if not isinstance(r, str) for b in r]
    failed = [(source, r) for source, r in results if isinstance(r, str)]
    for source, message in failed:
        print(f"error: {shown(source)}: {message}", file=sys.stderr)
    if not briefs:
        print("error: no source could be read; no digest written", file=sys.stderr)
        return 1
    title = settings.title or template.label("digest_title")
    digest = Digest.of(briefs, title, settings.marking, undated())
    outputs = render_digest(digest, settings.formats, template, settings.marking)
    _ready_output_folder(out)
    write_all([(path, data) for path, (data, _) in zip(paths, outputs.values(), strict=True)])
    pictures = sorted({p for b in briefs for p in b.picture_files})
    if wanted and pictures != list(named):
        wanted = _fingerprint([s for s, _ in found], settings, template, pictures)
    done = {"digest": wanted, "outputs": list(map(str, paths)), **({"pictures": pictures} if pictures else {})}
    manifest.update(out, {entry: done if wanted and not failed else None})
    if not quiet:
        for fmt, (_, warnings) in outputs.items():
            for warning in warnings:
                print(f"warning: {settings.name}.{fmt}: {warning}", file=sys.stderr)
        elapsed = time.perf_counter() - started
        print(f"digest of {len(briefs)} article{'s' if len(briefs) != 1 else ''} -> {', '.join(map(str, paths))}"
              f" ({len(failed)} failed) in {elapsed:.1f} s")
    return 1 if failed else 0
