"""Benchmark reportgen against the tools a user would reach for instead.

    python bench/run.py            # full run, writes bench/RESULTS.md
    python bench/run.py --quick    # smoke run: tiny inputs, one round, no RESULTS.md

Contenders run side by side in one run on the same inputs, alternating, and the
report gives medians and ratios (machines are shared and noisy; absolute times
are for orientation only):

1. reportgen batch, PDF + DOCX, ``-j 2``, vs pandoc making only the DOCX, one
   process per document (the way its command line is used);
2. reportgen PDF only vs pandoc -> HTML -> WeasyPrint per document (if installed);
3. LibreOffice DOCX -> PDF per document (if installed), for scale;
4. in-process render times for one seed-size brief;
5. cold start of ``reportgen build`` and ``reportgen --help``;
6. long articles (10x and 100x the samples) and a 1,000-brief batch for memory;
7. a digest of 50 seed-size articles vs building the same 50 briefs one by one
   (``--digest`` runs only this, and does not rewrite RESULTS.md).
8. what one figure adds to a brief's PDF.

``--instructions [REVISION]`` counts instead the instructions one seed-size PDF
takes (valgrind's cachegrind; exact, where times move by a quarter on a loaded
machine), for this tree and, given a git revision, for that revision side by side.
It does not rewrite RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEED = ROOT.parent / "shared" / "seed" / "us-japan-defense-partnership.txt"
PY = sys.executable
NOTES = "<!-- notes: kept when the script rewrites this file -->"


def _samples() -> list[Path]:
    return sorted(p for p in SOURCES.iterdir() if p.suffix in (".txt", ".md"))


def make_batch(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the samples (each a distinct file), as Markdown for pandoc too."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = _samples()
    made = []
    for n in range(count):
        src = samples[n % len(samples)]
        target = folder / f"{src.stem}-{n:04d}{src.suffix}"
        target.write_bytes(src.read_bytes())
        made.append(target)
    return made


def seed_size() -> Path:
    """The reference article when it is present, else the longest English sample."""
    if SEED.is_file():
        return SEED
    return max((p for p in _samples() if p.stem != "japan-chip-subsidies"), key=lambda p: p.stat().st_size)


def make_long(folder: Path, times: int) -> Path:
    """One article made of the seed-size article's body repeated ``times`` times."""
    body = seed_size().read_text("utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"long-{times}x.txt"
    target.write_text("\n\n".join([body] * times) + "\n", "utf-8")
    return target


def timed(cmd: list[str], env=None, **kw) -> float:
    """Wall time of ``cmd``; ``env``, if given, makes its environment (not timed)."""
    if env is not None:
        kw["env"] = env()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def peak_rss_mb(cmd: list[str]) -> tuple[float, float]:
    """Wall time of ``cmd`` and the peak RSS (MB) of its largest process, measured
    in a fresh process so earlier runs do not count."""
    start = time.perf_counter()
    done = subprocess.run([PY, __file__, "--rss", *cmd], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, float(done.stdout.strip().splitlines()[-1])


def _rss_child(cmd: list[str]) -> int:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return 0


def reportgen(*args: str) -> list[str]:
    return [PY, "-m", "reportgen", *args]


def pandoc_docx(files: list[Path], out: Path) -> None:
    for f in files:
        subprocess.run(["pandoc", str(f), "-o", str(out / (f.stem + ".docx"))], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def pandoc_weasy(files: list[Path], out: Path) -> None:
    for f in files:
        html = out / (f.stem + ".html")
        subprocess.run(["pandoc", str(f), "-s", "-o", str(html), "--metadata", f"title={f.stem}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([PY, "-m", "weasyprint", str(html), str(out / (f.stem + ".pdf"))], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def soffice_pdf(files: list[Path], out: Path) -> None:
    profile = out / "lo-profile"
    for f in files:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(f)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def median_of(rounds: int, fn) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def alternate(rounds: int, contenders: dict[str, object]) -> dict[str, float]:
    """Run each contender once per round, in turn, and return each one's median."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def in_process(rounds: int) -> dict[str, float]:
    """Median in-process render time of one seed-size brief."""
    sys.path.insert(0, str(ROOT))
    from reportgen import api
    from reportgen.renderers.pdf import PDFRenderer

    brief = api.read(seed_size())
    out = {}
    for fmt in ("pdf", "docx"):
        api.render(brief, fmt)  # warm: fonts registered, template parsed
        out[fmt] = median_of(rounds, lambda f=fmt: api.render(brief, f))

    def untagged() -> None:
        PDFRenderer.tagged = False
        try:
            api.render(brief, "pdf")
        finally:
            PDFRenderer.tagged = True

    tagging = alternate(rounds, {"pdf": lambda: api.render(brief, "pdf"), "pdf, untagged": untagged})
    out["pdf, tagged (alternating with untagged)"] = tagging["pdf"]
    out["pdf, untagged"] = tagging["pdf, untagged"]
    out["read"] = median_of(rounds, lambda: api.read(seed_size()))
    from reportgen.readers import word

    docx = api.render(brief, "docx")  # the Word brief an editor hands back
    out["read docx"] = median_of(rounds, lambda: word.read(docx))
    return out


def figure_cost(rounds: int) -> dict[str, float]:
    """Median in-process PDF time of one seed-size brief, without and with one
    figure (the sample chart), and what the picture costs the first time a process
    meets it (made safe, then encoded into the PDF)."""
    from dataclasses import replace

    sys.path.insert(0, str(ROOT))
    from reportgen import api, images
    from reportgen.model import Figure
    from reportgen.renderers.pdf import flowables

    brief = api.read(seed_size())
    raw = (SOURCES / "images" / "water-intrusions.png").read_bytes()
    chart = images.sanitize(raw)
    with_figure = replace(brief, lead=(*brief.lead, Figure(chart.uri, "A bar chart", "A caption", "Chart: us")))

    def first_time() -> None:
        images._cache.clear()
        flowables._image_object.cache_clear()
        api.render(replace(with_figure, lead=(*brief.lead, Figure(images.sanitize(raw).uri, "A bar chart"))), "pdf")

    api.render(with_figure, "pdf")
    out = alternate(rounds, {
        "pdf, no figure": lambda: api.render(brief, "pdf"),
        "pdf, one figure": lambda: api.render(with_figure, "pdf"),
        "pdf, one figure, first in the process": first_time,
    })
    return out


def _seed_pdf() -> bytes:
    from reportgen import api

    return api.render(api.read(seed_size()), "pdf")


def cached_in(folder: Path):
    """An environment whose cache folder is ``folder`` (emptied first): a first run."""
    return lambda: {**os.environ, "REPORTGEN_CACHE": str(_fresh(folder))}


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = []
    for tool, flag in (("pandoc", "--version"), ("soffice", "--version")):
        if shutil.which(tool):
            first = subprocess.run([tool, flag], capture_output=True, text=True).stdout.splitlines()
            versions.append(first[0] if first else tool)
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}; "
            f"Python {platform.python_version()}; " + "; ".join(versions))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: small inputs, one round")
    parser.add_argument("--digest", action="store_true", help="only the digest measurement (7)")
    parser.add_argument("--instructions", nargs="?", const="", metavar="REVISION",
                        help="only instructions per seed-size PDF (valgrind), against REVISION if given")
    args = parser.parse_args()
    quick = args.quick
    _as_installed()
    if args.instructions is not None:
        for line in instruction_counts(args.instructions or None):
            print(line, flush=True)
        return 0
    if args.digest:
        with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp_name:
            for line in digest_bench(Path(tmp_name), 5):
                print(line, flush=True)
        return 0
    count, rounds = (6, 1) if quick else (120, 5)
    lines: list[str] = [f"Machine: {machine()}", ""]

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        files = make_batch(tmp / "in", count)
        say(f"## 1. {count} briefs: reportgen PDF+DOCX (-j 2) vs pandoc DOCX only")
        contenders = {
            "reportgen pdf+docx -j2": lambda: timed(reportgen("build", str(tmp / "in"), "-o", str(tmp / "rg"),
                                                               "-f", "pdf,docx", "-j", "2", "--force", "-q")),
        }
        if shutil.which("pandoc"):
            contenders["pandoc docx"] = lambda: pandoc_docx(files, _fresh(tmp / "pd"))
        result = alternate(rounds, contenders)
        for name, seconds in result.items():
            say(f"- {name}: median {seconds:.2f} s ({count / seconds:.1f} briefs/s)")
        if "pandoc docx" in result:
            ratio = result["reportgen pdf+docx -j2"] / result["pandoc docx"]
            say(f"- ratio reportgen/pandoc: **{ratio:.2f}** (target ≤ 0.25)")
        say()

        say(f"## 2. PDF only, {count} briefs: reportgen vs pandoc -> HTML -> WeasyPrint")
        weasy = _has_module("weasyprint") and shutil.which("pandoc")
        subset = files if not weasy or quick else files[: max(6, count // 10)]
        contenders = {"reportgen pdf -j2": lambda: timed(reportgen("build", str(tmp / "in"), "-o", str(tmp / "rgp"),
                                                                  "-f", "pdf", "-j", "2", "--force", "-q"))}
        result = alternate(rounds, contenders)
        per_doc = {"reportgen pdf -j2": result["reportgen pdf -j2"] / count}
        if weasy:
            per_doc["pandoc+weasyprint"] = median_of(1, lambda: pandoc_weasy(subset, _fresh(tmp / "pw"))) / len(subset)
        if shutil.which("soffice") and not quick:
            docx = sorted((tmp / "rg").glob("*.docx"))[:5]
            per_doc["libreoffice docx->pdf"] = median_of(1, lambda: soffice_pdf(docx, _fresh(tmp / "lo"))) / len(docx)
        for name, seconds in per_doc.items():
            say(f"- {name}: {seconds * 1000:.0f} ms per document")
        if "pandoc+weasyprint" in per_doc:
            ratio = per_doc["pandoc+weasyprint"] / per_doc["reportgen pdf -j2"]
            say(f"- reportgen is **{ratio:.0f}×** faster than pandoc+WeasyPrint (target ≥ 50×)")
        else:
            say("- WeasyPrint is not installed: comparison skipped")
        say()

        one = seed_size()
        say(f"## 3. In-process, one seed-size brief ({one.name}, {one.stat().st_size / 1024:.1f} KB; median)")
        targets = {"pdf": " (target ≤ 13 ms)", "docx": " (target ≤ 15 ms)"}
        for name, seconds in in_process(5 if quick else 50).items():
            say(f"- {name}: {seconds * 1000:.1f} ms{targets.get(name, '')}")
        say(f"- PDF size: {len(_seed_pdf()) / 1024:.1f} KB (target ≤ 48 KB)")
        say()

        say(f"## 4. Cold start (whole process, {one.name}, median)")
        build_one = reportgen("build", str(one), "-o", str(tmp / "cold"), "-f", "pdf,docx", "--force", "-q")
        cold = alternate(rounds + 4, {
            "reportgen build (pdf+docx)": lambda: timed(build_one),
            "reportgen build (pdf+docx), first run: empty cache": lambda: timed(build_one, cached_in(tmp / "cache")),
            "reportgen --help": lambda: timed(reportgen("--help")),
        })
        targets = {"reportgen build (pdf+docx)": " (target ≤ 0.35 s)", "reportgen --help": " (target ≤ 0.15 s)"}
        for name, seconds in cold.items():
            say(f"- {name}: {seconds:.3f} s{targets.get(name, '')}")
        say()

        say(f"## 5. Long articles: {one.name} repeated (pdf+docx, one process)")
        sizes = (1, 10) if quick else (1, 10, 100)
        times = {}
        for n in sizes:
            long = make_long(tmp / "long", n)
            seconds, rss = peak_rss_mb(reportgen("build", str(long), "-o", str(tmp / "lo-out"), "-f", "pdf,docx",
                                                  "--force", "-q", "-j", "1"))
            times[n] = seconds
            say(f"- {n}× ({long.stat().st_size / 1024:.0f} KB): {seconds:.2f} s, peak RSS {rss:.0f} MB"
                + (" (target ≤ 4 s, ≤ 250 MB)" if n == 100 else ""))
        if 10 in times:
            say(f"- 10× input costs {times[10] / times[1]:.1f}× the time (target ≤ 11×)")
        say()

        if not quick:
            say("## 6. Memory: 1,000 briefs, -j 2 (peak RSS of a worker)")
            many = make_batch(tmp / "many", 1000)
            seconds, rss = peak_rss_mb(reportgen("build", str(tmp / "many"), "-o", str(tmp / "many-out"),
                                                  "-f", "pdf,docx", "-j", "2", "-q"))
            _, rss_small = peak_rss_mb(reportgen("build", *map(str, many[:50]), "-o",
                                                     str(tmp / "few-out"), "-f", "pdf,docx", "-j", "2", "-q"))
            say(f"- 1,000 briefs: {seconds:.1f} s, peak RSS {rss:.0f} MB; 50 briefs: peak RSS {rss_small:.0f} MB")
            say()

        for line in digest_bench(tmp, 1 if quick else rounds):
            say(line)
        say(f"## 8. One figure ({one.name} with the 1200 × 520 sample chart; in-process, median)")
        figure = figure_cost(5 if quick else 50)
        for name, seconds in figure.items():
            say(f"- {name}: {seconds * 1000:.1f} ms")
        added = figure["pdf, one figure"] - figure["pdf, no figure"]
        say(f"- one figure adds {added * 1000:.1f} ms once its picture is known to the process (target: a few ms)")
        say()

    if not quick:
        results = ROOT / "bench" / "RESULTS.md"
        notes = ""
        if results.is_file() and NOTES in results.read_text("utf-8"):
            notes = NOTES + results.read_text("utf-8").split(NOTES, 1)[1]
        text = "# Benchmark results\n\nWritten by `python bench/run.py`.\n\n" + "\n".join(lines) + "\n\n"
        results.write_text(re.sub(r"\n{3,}", "\n\n", text) + notes, "utf-8")
    return 0


def digest_bench(tmp: Path, rounds: int) -> list[str]:
    """A digest of 50 seed-size articles (PDF+DOCX) vs building them as 50 briefs (``-j 2``)."""
    folder = tmp / "digest-in"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(50):
        (folder / f"article-{n:02d}.txt").write_bytes(seed_size().read_bytes())
    result = alternate(rounds, {
        "digest of 50 (pdf+docx)": lambda: timed(reportgen("digest", str(folder), "-o", str(tmp / "dg"),
                                                           "--force", "-q")),
        "50 briefs (pdf+docx, -j 2)": lambda: timed(reportgen("build", str(folder), "-o", str(tmp / "db"),
                                                              "-f", "pdf,docx", "-j", "2", "--force", "-q")),
    })
    from pypdf import PdfReader

    pages = len(PdfReader(tmp / "dg" / "digest.pdf").pages)
    lines = [f"## 7. A digest of 50 seed-size articles ({pages} pages) vs the 50 briefs one by one (median)"]
    lines += [f"- {name}: {seconds:.2f} s" + (" (target ≤ 4 s)" if name.startswith("digest") else "")
              for name, seconds in result.items()]
    return lines


_RENDERS = "import sys\nfrom pathlib import Path\nfrom reportgen import api\nb = api.read(Path(sys.argv[1]))\n" \
    "for _ in range(int(sys.argv[2])):\n    api.render(b, 'pdf')\n"


def instructions_per_pdf(tree: Path) -> float:
    """Instructions one seed-size PDF takes with the code in ``tree``: the count of
    13 renders less that of 3, over 10 (imports and first-render work cancel out).
    Both runs see the same state: one hash seed (dict order moves the count) and a
    cache folder of their own, filled by a run before them."""
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-cache-") as cache:
        env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0", "REPORTGEN_CACHE": cache}
        subprocess.run([PY, "-c", _RENDERS, str(seed_size()), "1"], cwd=tree, env=env, check=True)

        def count(renders: int) -> int:
            run = subprocess.run(
                ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                 PY, "-c", _RENDERS, str(seed_size()), str(renders)],
                cwd=tree, env=env, capture_output=True, text=True, check=True)
            return int(re.search(r"I\s+refs:\s+([\d,]+)", run.stderr).group(1).replace(",", ""))

        return (count(13) - count(3)) / 10


def instruction_counts(revision: str | None) -> list[str]:
    """Instructions per seed-size PDF here and, side by side, at ``revision``."""
    if not shutil.which("valgrind"):
        return ["valgrind is not installed: no instruction counts"]
    here = instructions_per_pdf(ROOT)
    lines = [f"- seed-size PDF, this tree: {here / 1e6:.1f} M instructions"]
    if revision:
        with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp_name:
            tree = Path(tmp_name) / "tree"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), revision],
                           check=True)
            try:
                there = instructions_per_pdf(tree)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
        lines.append(f"- seed-size PDF, {revision}: {there / 1e6:.1f} M instructions; ratio {here / there:.3f}")
    return lines


def _as_installed() -> None:
    """Time processes as they run once installed: with their modules' bytecode
    compiled and kept (an environment that turns that off, as some sandboxes do,
    would charge every start for compiling what changed)."""
    import compileall

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(ROOT / "reportgen", quiet=1)


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rss"]:
        sys.exit(_rss_child(sys.argv[2:]))
    sys.exit(main())
