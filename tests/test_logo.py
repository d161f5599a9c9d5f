"""A template's logo on page 1 of both outputs, and template.toml keys checked."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import SOURCES
from docx.oxml.ns import qn
from PIL import Image, ImageDraw
from pypdf import PdfReader

import reportgen
from reportgen.errors import UsageError
from reportgen.model import Figure, iter_blocks
from reportgen.templates import load_template

SAMPLE = SOURCES / "arctic-shipping-corridor.txt"


def _template(folder: Path, toml: str) -> Path:
    folder.mkdir()
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    image = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse([5, 5, 115, 115], fill="#e8a33d")
    image.save(folder / "logo.png")
    return folder


@pytest.mark.parametrize("extends", ["", 'extends = "memo"\n'], ids=["brief", "memo"])
def test_a_template_with_only_a_logo_puts_it_on_page_1_of_both_outputs(tmp_path: Path, extends: str) -> None:
    folder = _template(tmp_path / "house", f'{extends}[logo]\nfile = "logo.png"\n')
    brief = reportgen.read(SAMPLE)
    pdf = PdfReader(io.BytesIO(reportgen.render(brief, "pdf", template=folder)))
    assert [len(page.images) for page in pdf.pages][:2] == [1, 0]

    word = tmp_path / "house.docx"
    reportgen.render(brief, "docx", word, template=folder)
    body = docx.Document(str(word)).element.body
    drawings = list(body.iter(qn("w:drawing")))
    assert len(drawings) == 1
    assert drawings[0].find(".//" + qn("wp:docPr")).get("descr") == "Logo"
    first = next(p for p in body.iter(qn("w:p"))
                 if "".join(p.itertext()).strip() or p.find(".//" + qn("w:drawing")) is not None)
    assert first.find(".//" + qn("w:drawing")) is not None  # in the masthead, before the title
    assert not [b for b in iter_blocks(reportgen.read(word)) if isinstance(b, Figure)]  # not read back as a figure


def test_an_unknown_template_key_is_a_one_line_error_naming_it(tmp_path: Path) -> None:
    folder = _template(tmp_path / "typo", '[logo]\nfiel = "logo.png"\n')
    with pytest.raises(UsageError, match=r"unknown key 'logo\.fiel'"):
        load_template(str(folder))
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(SAMPLE), "-t", str(folder),
                           "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "logo.fiel" in done.stderr
    assert not (tmp_path / "out" / "arctic-shipping-corridor.pdf").exists()


def test_a_missing_logo_file_is_a_usage_error(tmp_path: Path) -> None:
    folder = _template(tmp_path / "house", '[logo]\nfile = "nowhere.png"\n')
    with pytest.raises(UsageError, match=r"nowhere\.png"):
        reportgen.render(reportgen.read(SAMPLE), "pdf", template=folder)
