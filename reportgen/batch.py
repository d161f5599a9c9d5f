"""Building many sources: find them, build each into every format, report each failure.

One failing source never stops the others; each failure is one line naming
the file. Outputs are written atomically (see ``_files``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ReportgenError, UsageError
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .readers import supported_suffixes

DEFAULT_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class BuildSettings:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    template: str = "brief"
    reference_docx: str | None = None
    title: str | None = None
    marking: str | None = None
    force: bool = False
    debug: bool = False
    limits: Limits = DEFAULT_LIMITS


@dataclass(frozen=True)
class Job:
    """One source (a file, or a URL kept as text) and the files it builds."""

    source: Path | str
    outputs: tuple[tuple[str, Path], ...]


@dataclass
class Result:
    job: Job
    ok: bool
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    pictures: tuple[str, ...] = ()  # the picture files the source named


def shown(text: object) -> str:
    """``text`` as one printable line: control characters (a newline in a file name
    would forge a line of the log) written as escapes."""
    import unicodedata

    return "".join(
        c if unicodedata.category(c)[0] != "C" else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in str(text)
    )


def find_sources(args: list[str], out: Path) -> tuple[list[tuple[Path | str, Path | None]], list[Path]]:
    """``(source, folder it was found under)`` for every source; and the files skipped.

    Folders are searched recursively for supported sources, leaving out hidden
    folders and the output folder itself. A URL stays text. A path that does not
    exist is a usage error.
    """
    from .readers.fetch import is_url

    found: list[tuple[Path | str, Path | None]] = []
    skipped: list[Path] = []
    out_resolved = out.resolve()
    for arg in args:
        if is_url(arg):
            found.append((arg, None))
            continue
        path = Path(arg)
        if path.is_dir():
            searched_is_out = out_resolved == path.resolve()
            for candidate in sorted(path.rglob("*")):
                rel = candidate.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if not searched_is_out and candidate.resolve().is_relative_to(out_resolved):
                    continue
                if not candidate.is_file():
                    continue
                if candidate.suffix.lower() in supported_suffixes():
                    found.append((candidate, path))
                else:
                    skipped.append(candidate)
        elif path.exists():
            found.append((path, path.parent))
        else:
            raise UsageError(f"{arg}: no such file or folder")
    return found, skipped


def plan(
    found: list[tuple[Path | str, Path | None]], out: Path, formats: tuple[str, ...]
) -> tuple[list[Job], list[Result]]:
    """Jobs with their output paths, mirroring sub-folders; clashes become failures.
    A URL's outputs are named after its last path segment."""
    from .readers.fetch import output_stem
    from .renderers import extension_of

    extensions = {fmt: extension_of(fmt) for fmt in formats}
    jobs: list[Job] = []
    clashes: list[Result] = []
    claimed: dict[Path, Path | str] = {}
    for source, root in found:
        if isinstance(source, str):
            sub, stem, own = Path(), output_stem(source), None
        else:
            sub = source.parent.relative_to(root) if root and source.is_relative_to(root) else Path()
            stem, own = source.stem, source.resolve()
        outputs = tuple((fmt, out / sub / (stem + ext)) for fmt, ext in extensions.items())
        job = Job(source, outputs)
        resolved = [p.resolve() for _, p in outputs]  # each a few system calls: once per output
        clash = next((claimed[r] for r in resolved if r in claimed), None)
        if clash is not None or own in resolved:
            other = clash or source
            clashes.append(Result(job, False, f"its output would overwrite {other}; skipped"))
            continue
        for r in resolved:
            claimed[r] = source
        jobs.append(job)
    return jobs, clashes


def build_job(job: Job, settings: BuildSettings) -> Result:
    """Read, enrich and render one source into all its outputs; never raises.

    Every output is rendered before any is written, so a source that fails
    leaves no output of this run behind."""
    from ._files import write_all
    from .api import read
    from .checks import warnings_for
    from .limits import using
    from .renderers import RenderOptions, get_renderer, rendered
    from .templates import load_template

    try:
        with using(settings.limits):
            brief = read(job.source, title=settings.title, marking=settings.marking)
            template = load_template(settings.template)
            options = RenderOptions(marking=settings.marking, reference_docx=settings.reference_docx)
            outputs = [(path, rendered(get_renderer(fmt)(template, options).render(brief)))
                       for fmt, path in job.outputs]
            beside = [(path.parent / name, data) for path, output in outputs for name, data in output.files]
            write_all([*beside, *((path, output.data) for path, output in outputs)])
        warnings = warnings_for(brief)
        for _, output in outputs:
            warnings += [w for w in output.warnings if w not in warnings]
        return Result(job, True, warnings=warnings, pictures=brief.picture_files)
    except UsageError:
        raise
    except ReportgenError as exc:
        return Result(job, False, str(exc))
    except MemoryError:
        return Result(job, False, f"out of memory (limit {settings.limits.memory_mb} MB)")
    except RecursionError:
        return Result(job, False, f"nested too deeply to lay out (lower {settings.limits.flag('depth')})")
    except Exception as exc:  # a bug, but one source must not stop the batch
        detail = traceback.format_exc() if settings.debug else ""
        return Result(job, False, f"internal error: {type(exc).__name__}: {exc}{detail and chr(10) + detail}")


def _ready_output_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"{out}: the output folder is not writable")


def _settings_key(settings: BuildSettings, formats: tuple[str, ...]) -> dict[str, Any]:
    reference = settings.reference_docx
    if reference:
        with contextlib.suppress(OSError):
            reference = hashlib.sha256(Path(reference).read_bytes()).hexdigest()
    return {"formats": sorted(formats), "title": settings.title, "marking": settings.marking,
            "reference_docx": reference}


def _warm(settings: BuildSettings, todo: list[Job]) -> None:
    from . import api, checks  # noqa: F401  what every source needs
    from .readers import warm as warm_readers
    from .renderers import RenderOptions, warm
    from .templates import load_template

    warm_readers(job.source for job in todo)

    options = RenderOptions(marking=settings.marking, reference_docx=settings.reference_docx)
    with contextlib.suppress(ReportgenError):  # it comes back, per source, where it can be reported
        warm(settings.formats, load_template(settings.template), options)


def _hold_memory(megabytes: int) -> None:
    """Bound this process's memory: an allocation past it raises MemoryError."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = megabytes * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _run_jobs(todo: list[Job], settings: BuildSettings, jobs: int, report) -> list[Result]:
    """Build ``todo`` over ``jobs`` processes, calling ``report(i, result)`` as each ends.

    With a memory limit every source is built in a worker process held to it;
    a worker that dies costs only the source it was building."""
    from . import _pool

    results: list[Result | None] = [None] * len(todo)
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    memory = settings.limits.memory_mb
    if workers <= 1 and not memory:
        for i, job in enumerate(todo):
            results[i] = build_job(job, settings)
            report(i, results[i])
        return results  # type: ignore[return-value]

    def done(i: int, result: Result | _pool.Lost) -> None:
        if isinstance(result, _pool.Lost):
            result = Result(todo[i], False, result.reason())
        results[i] = result
        report(i, result)

    _warm(settings, todo)  # workers forked after this start with readers, fonts and base documents ready
    _pool.run(lambda job: build_job(job, settings), todo, max(workers, 1), done,
              setup=(lambda: _hold_memory(memory)) if memory else None)
    return results  # type: ignore[return-value]


def run_build(
    sources: list[str],
    out: Path,
    settings: BuildSettings,
    *,
    jobs: int = 0,
    quiet: bool = False,
    verbose: bool = False,
) -> int:
    """The ``reportgen build`` command: 0 all built, 1 some failed."""
    from . import manifest
    from ._files import sweep
    from .progress import Reporter
    from .templates import load_template

    template = load_template(settings.template)  # a bad template is a usage error, before any work
    if settings.reference_docx and not Path(settings.reference_docx).is_file():
        raise UsageError(f"{settings.reference_docx}: no such reference document")
    if settings.reference_docx and "docx" in settings.formats:
        from .renderers.word.reference import load

        load(settings.reference_docx)  # too large: a usage error, before any work
    started = time.perf_counter()
    found, skipped = find_sources(sources, out)
    if verbose:
        for path in skipped:
            print(f"skipped {shown(path)} (not a supported source)", file=sys.stderr)
    planned, failed = plan(found, out, settings.formats)
    _ready_output_folder(out)
    sweep(out)
    key = _settings_key(settings, settings.formats)
    entries = manifest.load(out)
    named = {str(j.source): manifest.pictures(entries.get(str(j.source))) for j in planned}
    looks = template.fingerprint()  # read once: it reads every file of the template
    digests = {source: manifest.digest(source, key, looks, pictures) for source, pictures in named.items()}
    todo = [
        j for j in planned
        if settings.force
        or "://" in str(j.source)
        or not manifest.up_to_date(entries, str(j.source), digests[str(j.source)], [p for _, p in j.outputs])
    ]
    fresh = len(planned) - len(todo)

    def line(result: Result) -> str:
        if not result.ok:
            return ""
        return f"built {shown(result.job.source)} -> {', '.join(shown(p) for _, p in result.job.outputs)}"

    with Reporter(len(todo), quiet=quiet) as reporter:
        results = _run_jobs(todo, settings, jobs, lambda i, r: reporter.done(i, line(r)))
    manifest.update(out, {
        str(r.job.source): {
            "digest": digests[str(r.job.source)] if named[str(r.job.source)] == r.pictures
            else manifest.digest(str(r.job.source), key, looks, r.pictures),
            "outputs": [str(p) for _, p in r.job.outputs],
            "warnings": r.warnings,
            **({"pictures": list(r.pictures)} if r.pictures else {}),
        }
        for r in results if r.ok
    })
    failed += [r for r in results if not r.ok]
    for result in failed:
        message = result.message if settings.debug else shown(result.message)
        print(f"error: {shown(result.job.source)}: {message}", file=sys.stderr)
    if not quiet:
        for result in results:
            for warning in result.warnings:
                print(f"warning: {shown(result.job.source)}: {shown(warning)}", file=sys.stderr)
        elapsed = time.perf_counter() - started
        built = sum(1 for r in results if r.ok)
        print(f"{built} built, {fresh} up to date, {len(failed)} failed in {elapsed:.1f} s")
        if not found:
            print("no sources found", file=sys.stderr)
    return 1 if failed else 0
