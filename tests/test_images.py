"""Pictures are untrusted input: refused before decoding when they claim too many
pixels, only PNG, JPEG, GIF and WebP read, turned upright, stripped of their
metadata, scaled down for print, and the same bytes every time."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

import reportgen
from reportgen import images
from reportgen.model import Figure, iter_blocks
from reportgen.renderers.layout import figure_size


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def claiming_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) \
        + chunk(b"IEND", b"")


def test_a_png_claiming_40000_by_40000_pixels_is_refused_and_the_brief_still_builds(tmp_path: Path) -> None:
    (tmp_path / "bomb.png").write_bytes(claiming_png(40_000, 40_000))
    source = tmp_path / "bomb.md"
    source.write_text("# A brief with a hostile picture\n\nThe text of the brief is all here.\n\n"
                      "![A chart](bomb.png \"A caption\")\n\nAnd it goes on after the picture.\n", encoding="utf-8")
    build = (  # the build, then its peak memory (its own and its workers'), in kilobytes
        "import resource, sys\n"
        "from reportgen.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", build, "build", str(source), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "bomb.png: it claims" in done.stdout + done.stderr
    assert int(done.stdout.split()[-1]) < 700 * 1024
    text = PdfReader(tmp_path / "out" / "bomb.pdf").pages[0].extract_text()
    assert "And it goes on after the picture." in text


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_gif_and_webp_become_png(fmt: str) -> None:
    picture = images.sanitize(encoded(Image.new("RGB", (120, 80), "#14396a"), fmt))
    assert picture.mime == "image/png"
    assert Image.open(io.BytesIO(picture.data)).format == "PNG"
    assert (picture.width, picture.height) == (120, 80)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_other_formats_are_refused(fmt: str) -> None:
    with pytest.raises(images.ImageRefused, match="not a PNG, JPEG, GIF or WebP"):
        images.sanitize(encoded(Image.new("RGB", (32, 32), "red"), fmt))


def test_damaged_pictures_are_refused() -> None:
    whole = encoded(Image.new("RGB", (300, 200), "red"), "PNG")
    with pytest.raises(images.ImageRefused):
        images.sanitize(whole[: len(whole) // 2])


def test_exif_orientation_is_applied_and_metadata_dropped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show
    exif[0x010F] = "Camera Maker"
    photo = encoded(Image.new("RGB", (300, 100), "#884400"), "JPEG", exif=exif.tobytes(), comment=b"secret")
    picture = images.sanitize(photo)
    assert (picture.width, picture.height) == (100, 300)
    shown = Image.open(io.BytesIO(picture.data))
    assert "exif" not in shown.info and "comment" not in shown.info
    assert not shown.getexif()


def test_png_text_chunks_are_dropped() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "someone")
    picture = images.sanitize(encoded(Image.new("RGBA", (64, 64), (0, 0, 0, 128)), "PNG", pnginfo=info))
    shown = Image.open(io.BytesIO(picture.data))
    assert "Author" not in shown.info
    assert shown.mode == "RGBA"  # transparency kept


def test_large_photos_are_scaled_down_for_print() -> None:
    picture = images.sanitize(encoded(Image.new("RGB", (4000, 3000), "#1a55a8"), "JPEG"))
    assert picture.width <= images.MAX_SIDE_PX[0] and picture.height <= images.MAX_SIDE_PX[1]
    assert abs(picture.width / picture.height - 4 / 3) < 0.01
    assert len(picture.data) < 200_000


def test_a_sanitized_picture_is_the_same_picture_again() -> None:
    picture = images.sanitize(encoded(Image.new("RGB", (800, 600), "#336699"), "JPEG", quality=95))
    assert images.sanitize(picture.data) is picture  # cached under the bytes it became
    images._cache.clear()
    assert images.sanitize(picture.data).data == picture.data  # and not encoded again when read afresh


def test_pictures_print_at_their_natural_size_at_most_and_keep_their_aspect() -> None:
    assert figure_size(150, 75, 500, 1000) == (72, 36)  # 150 px at 150 dpi: one inch, never more
    width, height = figure_size(3000, 1500, 480, 1000)
    assert (width, height) == (480, 240)
    width, height = figure_size(600, 3000, 480, 300)
    assert height == 300 and width == pytest.approx(60)


def test_briefs_with_pictures_are_reproducible(tmp_path: Path) -> None:
    Image.new("RGB", (640, 360), "#14396a").save(tmp_path / "chart.png")
    source = tmp_path / "a.md"
    source.write_text("# Title\n\nSome text of the brief.\n\n![A chart](chart.png \"Caption\")\n", encoding="utf-8")
    brief = reportgen.read(source)
    for fmt in ("pdf", "docx"):
        first = reportgen.render(brief, fmt)
        images._cache.clear()
        assert reportgen.render(reportgen.read(source), fmt) == first
    figure = next(b for b in iter_blocks(brief) if isinstance(b, Figure))
    assert figure.src.startswith("data:image/png;base64,")


def test_a_template_cannot_make_a_picture_taller_than_its_page(tmp_path: Path) -> None:
    from reportgen.renderers.layout import figure_max_height
    from reportgen.templates import load_template

    (tmp_path / "template.toml").write_text("[figures]\nmax_height_mm = 900\n", encoding="utf-8")
    tallest_mm = figure_max_height(load_template(str(tmp_path))) / 72 * 25.4
    assert tallest_mm == pytest.approx(297 - 22 - 20 - 20)  # A4, the brief's margins, room for a caption
    assert figure_max_height(load_template("brief")) / 72 * 25.4 == pytest.approx(110)
