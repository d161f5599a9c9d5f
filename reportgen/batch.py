"""Building many sources: find them, build each into every format, report each failure.

One failing source never stops the others; each failure is one line naming
the file. Outputs are written atomically (see ``_files``).
"""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportgenError, UsageError
from .readers import supported_suffixes


DEFAULT_FORMATS = ("pdf",)


@dataclass(frozen=True)
class BuildSettings:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    template: str = "brief"
    reference_docx: str | None = None
    title: str | None = None
    marking: str | None = None
    force: bool = False
    debug: bool = False


@dataclass(frozen=True)
class Job:
    """One source and the files it builds."""

    source: Path
    outputs: tuple[tuple[str, Path], ...]


@dataclass
class Result:
    job: Job
    ok: bool
    message: str = ""
    warnings: list[str] = field(default_factory=list)


def find_sources(args: list[str], out: Path) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """``(source, folder it was found under)`` for every source; and the files skipped.

    Folders are searched recursively for supported sources, leaving out hidden
    folders and the output folder itself. A path that does not exist is a usage error.
    """
    found: list[tuple[Path, Path]] = []
    skipped: list[Path] = []
    out_resolved = out.resolve()
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                rel = candidate.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if candidate.resolve().is_relative_to(out_resolved) and out_resolved != path.resolve():
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


def plan(found: list[tuple[Path, Path]], out: Path, formats: tuple[str, ...]) -> tuple[list[Job], list[Result]]:
    """Jobs with their output paths, mirroring sub-folders; clashes become failures."""
    from .renderers import get_renderer

    extensions = {fmt: get_renderer(fmt).extension for fmt in formats}
    jobs: list[Job] = []
    clashes: list[Result] = []
    claimed: dict[Path, Path] = {}
    for source, root in found:
        sub = source.parent.relative_to(root) if source.is_relative_to(root) else Path()
        outputs = tuple((fmt, out / sub / (source.stem + ext)) for fmt, ext in extensions.items())
        job = Job(source, outputs)
        clash = next(
            (claimed[p] for _, p in outputs if p.resolve() in claimed or p.resolve() == source.resolve()),
            None,
        )
        if clash is not None or any(p.resolve() == source.resolve() for _, p in outputs):
            other = clash or source
            clashes.append(Result(job, False, f"its output would overwrite {other}; skipped"))
            continue
        for _, p in outputs:
            claimed[p.resolve()] = source
        jobs.append(job)
    return jobs, clashes


def build_job(job: Job, settings: BuildSettings) -> Result:
    """Read, enrich and render one source into all its outputs; never raises."""
    from .api import read, render

    try:
        brief = read(job.source, title=settings.title, marking=settings.marking)
        rendered = [
            (
                path,
                render(
                    brief,
                    fmt,
                    template=settings.template,
                    marking=settings.marking,
                    reference_docx=settings.reference_docx,
                ),
            )
            for fmt, path in job.outputs
        ]
        from ._files import write_atomic

        for path, output in rendered:
            write_atomic(path, output)
        return Result(job, True)
    except UsageError:
        raise
    except ReportgenError as exc:
        return Result(job, False, str(exc))
    except Exception as exc:  # a bug, but one source must not stop the batch
        detail = traceback.format_exc() if settings.debug else ""
        return Result(job, False, f"internal error: {type(exc).__name__}: {exc}{detail and chr(10) + detail}")


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
    from .templates import load_template

    load_template(settings.template)  # a bad template is a usage error, before any work
    started = time.perf_counter()
    found, skipped = find_sources(sources, out)
    if verbose:
        for path in skipped:
            print(f"skipped {path} (not a supported source)", file=sys.stderr)
    planned, results = plan(found, out, settings.formats)
    for job in planned:
        result = build_job(job, settings)
        results.append(result)
        if result.ok and not quiet:
            names = ", ".join(str(p) for _, p in job.outputs)
            print(f"built {job.source} -> {names}")
    failed = [r for r in results if not r.ok]
    for result in failed:
        print(f"error: {result.job.source}: {result.message}", file=sys.stderr)
    if not quiet:
        built = len(results) - len(failed)
        elapsed = time.perf_counter() - started
        print(f"{built} built, {len(failed)} failed in {elapsed:.1f} s")
    if not found and not quiet:
        print("no sources found", file=sys.stderr)
    return 1 if failed else 0
