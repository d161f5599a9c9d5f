"""The ``reportgen`` command line: glue between argparse, the API and the batch runner.

Exit status: 0 when everything built, 1 when a source failed (the others still
built), 2 for a usage error. Errors are one line on stderr; ``--debug`` adds
the traceback.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .batch import DEFAULT_FORMATS
from .errors import ReportgenError, UsageError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reportgen",
        description="Turn articles (text, Markdown, Word, HTML, JSON) into PDF and Word briefs.",
    )
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = sub.add_parser("build", help="build briefs from sources or folders of sources")
    build.add_argument("sources", nargs="*", metavar="SOURCE|DIR", help="default: sources/")
    build.add_argument("-o", "--output", default="out", metavar="OUT", help="output folder (default: out/)")
    build.add_argument(
        "-f", "--formats", default=",".join(DEFAULT_FORMATS), metavar="FORMATS",
        help=f"comma-separated output formats (default: {','.join(DEFAULT_FORMATS)})",
    )
    build.add_argument("-t", "--template", default="brief", metavar="TEMPLATE", help="template name or folder")
    build.add_argument("--reference-docx", metavar="FILE", help="take Word styles from this .docx")
    build.add_argument("--title", help="use this title instead of the article's")
    build.add_argument("--marking", help="protective marking, e.g. OFFICIAL")
    build.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="parallel workers (default: cores)")
    build.add_argument("--force", action="store_true", help="rebuild even when outputs are up to date")
    build.add_argument(
        "--limit", action="append", default=[], metavar="NAME=N",
        help="change a limit on what one source may cost (see README: source-mb, part-mb, parts, ratio, "
        "pages, depth, memory-mb, fetch-seconds)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    build.add_argument("-v", "--verbose", action="store_true", help="also list skipped files")
    build.add_argument("--debug", action="store_true", help="show tracebacks")

    digest = sub.add_parser("digest", help="put many articles into one brief with a contents list")
    digest.add_argument("sources", nargs="*", metavar="SOURCE|DIR", help="default: sources/")
    digest.add_argument("-o", "--output", default="out", metavar="OUT", help="output folder (default: out/)")
    digest.add_argument("--name", default="digest", help="output file name, without extension (default: digest)")
    digest.add_argument("--title", help="the digest's title")
    digest.add_argument("-f", "--formats", default="pdf,docx", metavar="FORMATS",
                        help="comma-separated: pdf, docx, json (default: pdf,docx)")
    digest.add_argument("-t", "--template", default="brief", metavar="TEMPLATE", help="template name or folder")
    digest.add_argument("--marking", help="protective marking, e.g. OFFICIAL")
    digest.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="parallel readers (default: cores)")
    digest.add_argument("--force", action="store_true", help="rebuild even when the digest is up to date")
    digest.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    digest.add_argument("--debug", action="store_true", help="show tracebacks")

    inspect = sub.add_parser("inspect", help="show how a source reads, as a tree or as JSON")
    inspect.add_argument("source", metavar="SOURCE")
    inspect.add_argument("--json", action="store_true", help="print the reportgen.brief/1 JSON")
    inspect.add_argument("--limit", action="append", default=[], metavar="NAME=N", help="change a limit, as for build")
    inspect.add_argument("--debug", action="store_true", help="show tracebacks")

    templates = sub.add_parser("templates", help="list the built-in templates")
    templates.add_argument(
        "--reference-docx", metavar="OUT", help="write the default Word reference document here"
    )
    templates.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return EXIT_USAGE
        return {"build": _build, "digest": _digest, "inspect": _inspect, "templates": _templates}[args.command](args)
    except UsageError as exc:
        _error(str(exc), debug)
        return EXIT_USAGE
    except ReportgenError as exc:
        _error(str(exc), debug)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("reportgen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _error(message: str, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    print(f"error: {message}", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from .batch import BuildSettings, run_build
    from .limits import parse as parse_limits

    formats = tuple(f.strip().lower() for f in args.formats.split(",") if f.strip())
    if not formats:
        raise UsageError("-f needs at least one format")
    if args.jobs < 0:
        raise UsageError("-j must be 0 (all cores) or more")
    settings = BuildSettings(
        formats=formats,
        template=args.template,
        reference_docx=args.reference_docx,
        title=args.title,
        marking=args.marking,
        force=args.force,
        debug=args.debug,
        limits=parse_limits(args.limit),
    )
    sources = args.sources or ["sources"]
    return run_build(
        sources, Path(args.output), settings, jobs=args.jobs, quiet=args.quiet, verbose=args.verbose
    )


def _digest(args: argparse.Namespace) -> int:
    from .digest import DigestSettings, run_digest

    if args.jobs < 0:
        raise UsageError("-j must be 0 (all cores) or more")
    settings = DigestSettings(
        formats=tuple(dict.fromkeys(f.strip().lower() for f in args.formats.split(",") if f.strip())),
        name=args.name, template=args.template, title=args.title, marking=args.marking, force=args.force,
        debug=args.debug,
    )
    return run_digest(args.sources or ["sources"], Path(args.output), settings, jobs=args.jobs, quiet=args.quiet)


def _inspect(args: argparse.Namespace) -> int:
    from .api import read
    from .dump import dump
    from .limits import parse as parse_limits
    from .limits import using
    from .model import to_json
    from .renderers.json import dumps

    path = Path(args.source)
    try:
        with using(parse_limits(args.limit)):
            brief = read(path)
    except UsageError:
        raise
    except ReportgenError as exc:
        raise ReportgenError(f"{path}: {exc}") from exc
    sys.stdout.write(dumps(to_json(brief)) if args.json else dump(brief))
    return EXIT_OK


def _templates(args: argparse.Namespace) -> int:
    from .templates import builtin_names, load_template

    if args.reference_docx:
        from .renderers import get_renderer

        writer = getattr(get_renderer("docx"), "write_reference", None)
        if writer is None:
            raise UsageError("this reportgen has no Word renderer to write a reference document")
        target = Path(args.reference_docx)
        if target.is_dir():
            raise UsageError(f"{target}: is a folder; give the name of the .docx to write")
        if not target.parent.is_dir():
            raise UsageError(f"{target.parent}: no such folder")
        try:
            writer(target)
        except OSError as exc:
            raise UsageError(f"{target}: cannot write it ({exc.strerror})") from None
        print(f"wrote {args.reference_docx}")
        return EXIT_OK
    for name in builtin_names():
        print(f"{name:10} {load_template(name).description}")
    return EXIT_OK
