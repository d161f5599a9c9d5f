"""Reading fidelity kind by kind (tests/fidelity.py): every check of every kind
holds, and docs/reading-fidelity.md shows the scores (``--update-golden``
rewrites its "after" column; ``FIDELITY_COLUMN=before`` with an older reportgen
on ``PYTHONPATH`` fills the "before" one)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED
from fidelity import KINDS, Kind, brief, failures, score, source_of

import reportgen

REPORT = ROOT / "docs" / "reading-fidelity.md"
MARK = "<!-- table -->"

pytest.importorskip("docx")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fidelity")


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_kind_reads_as_its_shape(kind: Kind, folder) -> None:
    assert failures(kind, folder) == []


def _columns(text: str) -> dict[str, dict[str, str]]:
    """kind -> {"before": …, "after": …} from the table in the report."""
    out: dict[str, dict[str, str]] = {}
    for line in text.split(MARK, 1)[-1].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("kind", "**mean**") and not re.match(r"^-+$", cells[0]):
            out[cells[0]] = {"before": cells[2], "after": cells[3]}
    return out


def _table(columns: dict[str, dict[str, str]]) -> str:
    lines = ["| kind | checks | before | after |", "|---|---|---|---|"]
    means = {"before": [], "after": []}
    for kind in KINDS:
        row = columns.get(kind.name, {})
        for side in means:
            if re.match(r"^\d", row.get(side, "")):
                means[side].append(float(row[side]))
        lines.append(f"| {kind.name} | {len(kind.checks)} | {row.get('before', '–')} | {row.get('after', '–')} |")
    mean = {side: f"{sum(v) / len(v):.2f}" if v else "–" for side, v in means.items()}
    lines.append(f"| **mean** | {sum(len(k.checks) for k in KINDS)} | {mean['before']} | {mean['after']} |")
    return "\n".join(lines)


def test_report_table(folder, update_golden: bool) -> None:
    text = REPORT.read_text("utf-8")
    columns = _columns(text)
    side = os.environ.get("FIDELITY_COLUMN", "after")
    measured = {kind.name: f"{score(kind, folder):.2f}" for kind in KINDS}
    if update_golden:
        for name, value in measured.items():
            columns.setdefault(name, {})[side] = value
        REPORT.write_text(f"{text.split(MARK, 1)[0]}{MARK}\n\n{_table(columns)}\n", "utf-8")
        return
    assert {name: row.get(side) for name, row in columns.items()} == measured, (
        f"{REPORT.name} is out of date; run pytest tests/test_fidelity.py --update-golden"
    )


def test_word_briefs_of_every_kind_validate(folder) -> None:
    """The new shapes (aligned cells, bold questions) keep the Word brief valid ECMA-376."""
    validator = SHARED / "ooxml" / "validate.py"
    if not validator.is_file():
        pytest.skip("../shared/ooxml is not present")
    written = []
    for n, kind in enumerate(KINDS):
        out = folder / f"brief-{n}.docx"
        out.write_bytes(reportgen.render(brief(source_of(kind, folder)), "docx"))
        written.append(str(out))
    run = subprocess.run([sys.executable, str(validator), *written], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
