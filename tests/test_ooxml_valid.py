"""Every Word file reportgen writes validates against the ECMA-376 schemas
(``../shared/ooxml/validate.py``): Word refuses what LibreOffice forgives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, SOURCES

from reportgen.cli import main

VALIDATE = SHARED / "ooxml" / "validate.py"
pytestmark = pytest.mark.skipif(not VALIDATE.is_file(), reason="../shared/ooxml is not present")


def _validate(files: list[Path]) -> None:
    done = subprocess.run([sys.executable, str(VALIDATE), *map(str, files)], capture_output=True, text=True)
    invalid = [line for line in done.stdout.splitlines() if "INVALID" in line]
    assert done.returncode == 0 and not invalid, done.stdout[-3000:] + done.stderr[-2000:]
    assert done.stdout.count("VALID") >= len(files) * 3  # document, styles, settings at least


def test_every_sample_in_every_template_and_the_reference_document_validate(tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    assert main(["templates", "--reference-docx", str(reference)]) == 0
    built: list[Path] = [reference]
    for template in ("brief", "memo"):
        out = tmp_path / template
        assert main(["build", str(SOURCES), "-o", str(out), "-f", "docx", "-t", template, "-q"]) == 0
        built += sorted(out.glob("*.docx"))
    out = tmp_path / "referenced"
    assert main(["build", str(SOURCES), "-o", str(out), "-f", "docx", "--reference-docx", str(reference), "-q"]) == 0
    built += sorted(out.glob("*.docx"))
    assert len(built) == 1 + 3 * len({p.stem for p in SOURCES.iterdir() if p.is_file() and p.suffix != ".yaml"})
    _validate(built)


def test_a_brief_with_notes_from_a_word_file_validates(tmp_path: Path) -> None:
    source = SHARED / "corpus-docx" / "mammoth-footnotes.docx"
    if not source.is_file():
        pytest.skip("../shared/corpus-docx is not present")
    assert main(["build", str(source), "-o", str(tmp_path), "-f", "docx", "-q"]) == 0
    _validate([tmp_path / "mammoth-footnotes.docx"])
