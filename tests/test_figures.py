"""Figures through every reader and renderer: each reader finds a picture's alt
text, caption and credit and leaves out page furniture; the PDF shows the
pictures (read back with pypdf), the Word brief holds one inline picture per
figure with its alt text (read back with python-docx), that Word brief builds
back into a PDF with its pictures, and the brief's JSON, copied elsewhere with
the files it names, builds too."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SHARED
from docx.oxml.ns import qn
from docx.shared import Mm
from PIL import Image, ImageDraw
from pypdf import PdfReader

import reportgen
from reportgen.model import Figure, iter_blocks

ALT_CHART = "Bar chart: container trains per week on four corridors"
ALT_MAP = "Map of the eastern corridor"
ALT_PHOTO = "A container train leaving the eastern terminal at dusk"
PARAGRAPHS = (
    "Freight operators moved a larger share of container traffic onto the eastern corridor this year, "
    "according to figures published by the regional transport authority on Monday.",
    "The eastern corridor now carries almost half of all container trains, up from a third two years ago, "
    "as new passing loops came into service last spring.",
    "Operators said the shift would continue as long as the western line stays closed for repairs, which "
    "are expected to last into next year at the earliest.",
    "Shippers welcomed the added capacity but warned that the corridor's single-track sections remain a "
    "bottleneck during the peak autumn season.",
)


def draw_chart(path: Path, color: str = "#14396a", size: tuple[int, int] = (640, 360)) -> Path:
    image = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(image)
    for n, height in enumerate((120, 200, 260, 180)):
        pen.rectangle([60 + n * 130, size[1] - 20 - height, 150 + n * 130, size[1] - 20], fill=color)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def figures_of(brief: reportgen.Brief) -> list[Figure]:
    return [b for b in iter_blocks(brief) if isinstance(b, Figure)]


def pdf_pictures(data: bytes) -> int:
    """How many pictures the PDF's pages draw (a picture drawn twice on a page counts once)."""
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def docx_pictures(data: bytes) -> list[str]:
    """The description (alt text) of each inline picture of a Word file, in order."""
    body = docx.Document(io.BytesIO(data)).element.body
    return [d.find(".//" + qn("wp:docPr")).get("descr") for d in body.iter(qn("w:drawing"))]


def check_outputs(brief: reportgen.Brief, tmp_path: Path) -> None:
    """The PDF shows every figure, the Word brief has one picture per figure with
    its alt text, that Word brief builds back to a PDF with them, and so does the
    JSON copied to another folder with its pictures."""
    alts = [f.alt for f in figures_of(brief)]
    assert alts and all(alts)
    assert pdf_pictures(reportgen.render(brief, "pdf")) == len(alts)

    word = tmp_path / "out" / "brief.docx"
    data = reportgen.render(brief, "docx", word)
    assert docx_pictures(data) == alts
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) == len({f.src for f in figures_of(brief)})  # each picture stored once
    again = reportgen.read(word)
    assert [(f.alt, f.caption, f.credit) for f in figures_of(again)] == \
        [(f.alt, f.caption, f.credit) for f in figures_of(brief)]
    assert pdf_pictures(reportgen.render(again, "pdf")) == len(alts)

    reportgen.render(brief, "json", tmp_path / "json" / "brief.json")
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "json", moved)
    shutil.rmtree(tmp_path / "json")
    copied = reportgen.read(moved / "brief.json")
    assert [(f.alt, f.caption, f.credit) for f in figures_of(copied)] == \
        [(f.alt, f.caption, f.credit) for f in figures_of(brief)]
    assert pdf_pictures(reportgen.render(copied, "pdf")) == len(alts)


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_images_with_titles_reference_images_and_italic_captions(tmp_path: Path) -> None:
    draw_chart(tmp_path / "img" / "chart.png")
    draw_chart(tmp_path / "map.png", "#1a55a8")
    source = tmp_path / "freight.md"
    source.write_text(
        f"# Rail freight shifts east\n\n{PARAGRAPHS[0]}\n\n"
        f'![{ALT_CHART}](img/chart.png "Container trains per week, by corridor. Chart: Transport Authority")\n\n'
        f"{PARAGRAPHS[1]}\n\n![{ALT_MAP}][map]\n\n"
        "*The eastern corridor and its new passing loops (Photo: Rail Desk)*\n\n"
        f"{PARAGRAPHS[2]}\n\n![](missing.png)\n\n[map]: map.png\n",
        encoding="utf-8",
    )
    brief = reportgen.read(source)
    assert [(f.alt, f.caption, f.credit) for f in figures_of(brief)] == [
        (ALT_CHART, "Container trains per week, by corridor.", "Chart: Transport Authority"),
        (ALT_MAP, "The eastern corridor and its new passing loops", "Photo: Rail Desk"),
    ]
    assert any("missing.png: no such file" in w for w in brief.warnings)
    assert [b.text for b in brief.lead if not isinstance(b, Figure)] == list(PARAGRAPHS[:3])
    check_outputs(brief, tmp_path)


def test_markdown_brief_writes_its_pictures_beside_it_and_reads_back(tmp_path: Path) -> None:
    draw_chart(tmp_path / "chart.png")
    source = tmp_path / "a.md"
    source.write_text(f'{PARAGRAPHS[0]}\n\n![{ALT_CHART}](chart.png "By corridor")\n*Chart: Desk*\n', encoding="utf-8")
    brief = reportgen.read(source)
    out = tmp_path / "out" / "a.md"
    text = reportgen.render(brief, "md", out)
    assert isinstance(text, str) and f"![{ALT_CHART}](images/" in text
    again = reportgen.read(out)
    assert [(f.alt, f.caption, f.credit) for f in figures_of(again)] == [(ALT_CHART, "By corridor", "Chart: Desk")]


def test_a_figure_without_alt_text_is_spoken_as_its_caption_with_a_warning(tmp_path: Path) -> None:
    draw_chart(tmp_path / "chart.png")
    source = tmp_path / "a.md"
    source.write_text(f'{PARAGRAPHS[0]}\n\n![](chart.png "Trains per week")\n', encoding="utf-8")
    brief = reportgen.read(source)
    assert [f.alt for f in figures_of(brief)] == ["Trains per week"]
    assert any("without alt text" in w for w in brief.warnings)


# --- saved web pages -----------------------------------------------------------------------


def _page(folder: str, *, article: bool) -> str:
    open_tags, close_tags = ("<main><article>", "</article></main>") if article else ("<div class='story'>", "</div>")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Rail freight shifts east | Example News</title></head><body>
<header class="site-header"><a href="/"><img src="{folder}logo.png" alt="Example News"></a>
<nav><a href="/world">World</a> <a href="/business">Business</a></nav></header>
{open_tags}
<h1>Rail freight shifts east</h1>
<div class="byline"><img class="avatar" src="{folder}avatar.png" alt="Jane Roe"> By Jane Roe</div>
<ul class="share-tools"><li><a href="https://facebook.example/share"><img src="{folder}share.png"
  alt="Share on Facebook" width="24" height="24"></a></li>
  <li><a href="https://mail.example/"><img src="{folder}mail.png" alt="Email this story"></a></li></ul>
<p>{PARAGRAPHS[0]}</p>
<figure><img src="{folder}chart.png" alt="{ALT_CHART}">
<figcaption>Container trains per week, by corridor. <small>Chart: Transport Authority</small></figcaption></figure>
<p>{PARAGRAPHS[1]}</p>
<figure><picture><source srcset="{folder}map.png" type="image/png"><img src="{folder}map.png" alt="{ALT_MAP}">
</picture><figcaption>The eastern corridor and its new passing loops. <span class="credit">Rail Desk</span>
</figcaption></figure>
<p>{PARAGRAPHS[2]}</p>
<img src="{folder}photo.jpg" alt="{ALT_PHOTO}">
<img src="{folder}chart.png" alt="">
<img src="{folder}chart.png" alt="decoration" role="presentation">
<p>{PARAGRAPHS[3]}</p>
{close_tags}
<aside class="related"><img src="{folder}chart.png" alt="A picture of a related story"></aside>
<footer><img src="{folder}pixel.gif" alt="" width="1" height="1"></footer>
</body></html>"""


def _page_pictures(folder: Path) -> None:
    draw_chart(folder / "chart.png")
    draw_chart(folder / "map.png", "#1a55a8")
    draw_chart(folder / "photo.jpg", "#884400")
    Image.new("RGB", (200, 60), "#14396a").save(folder / "logo.png")
    Image.new("RGB", (24, 24), "#3b5998").save(folder / "share.png")
    Image.new("RGB", (32, 32), "#777777").save(folder / "mail.png")
    Image.new("RGB", (64, 64), "#999999").save(folder / "avatar.png")
    Image.new("RGB", (1, 1), "white").save(folder / "pixel.gif")


EXPECTED_PAGE_FIGURES = [
    (ALT_CHART, "Container trains per week, by corridor.", "Chart: Transport Authority"),
    (ALT_MAP, "The eastern corridor and its new passing loops.", "Rail Desk"),
    (ALT_PHOTO, None, None),
]


@pytest.mark.parametrize(("folder", "article"), [("Rail freight_files/", True), ("images/", False)],
                         ids=["browser-files-folder", "relative-paths"])
def test_saved_page_figures_without_the_page_furniture(tmp_path: Path, folder: str, article: bool) -> None:
    _page_pictures(tmp_path / folder)
    page = tmp_path / "Rail freight.html"
    page.write_text(_page(folder.replace(" ", "%20"), article=article), encoding="utf-8")
    brief = reportgen.read(page)
    assert [(f.alt, f.caption, f.credit) for f in figures_of(brief)] == EXPECTED_PAGE_FIGURES
    texts = [b.text for b in brief.lead if not isinstance(b, Figure)]
    assert texts == list(PARAGRAPHS)  # the captions are the figures', not paragraphs
    check_outputs(brief, tmp_path)


def test_a_saved_page_names_no_picture_outside_its_folder(tmp_path: Path) -> None:
    draw_chart(tmp_path / "private.png")
    page = tmp_path / "saved" / "page.html"
    page.parent.mkdir()
    page.write_text(_page("../", article=True).replace("../chart.png", "../private.png"), encoding="utf-8")
    brief = reportgen.read(page)
    assert figures_of(brief) == []
    assert any("private.png: outside the source's folder" in w for w in brief.warnings)


def test_a_saved_page_never_fetches_its_remote_pictures(tmp_path: Path) -> None:
    import http.server
    import threading

    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write((tmp_path / "chart.png").read_bytes())

        def log_message(self, *args: object) -> None:
            pass

    draw_chart(tmp_path / "chart.png")
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        remote = f"http://127.0.0.1:{server.server_port}/"
        page = tmp_path / "remote.html"
        page.write_text(_page(remote, article=True), encoding="utf-8")
        brief = reportgen.read(page)
        reportgen.render(brief, "pdf", tmp_path / "remote.pdf")
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []
    assert figures_of(brief) == []
    assert any("remote picture, not fetched" in w for w in brief.warnings)
    assert (tmp_path / "remote.pdf").stat().st_size > 0


# --- Word ----------------------------------------------------------------------------------


def _word_with_picture(path: Path, chart: Path) -> Path:
    document = docx.Document()
    document.add_heading("Rail freight shifts east", 0)
    document.add_paragraph(PARAGRAPHS[0])
    document.add_picture(str(chart), width=Mm(120))
    document.inline_shapes[0]._inline.docPr.set("descr", ALT_CHART)
    document.add_paragraph("Figure 1: Container trains per week, by corridor. Chart: Transport Authority",
                           style="Caption")
    document.add_paragraph(PARAGRAPHS[1])
    document.save(str(path))
    return path


EXPECTED_WORD_FIGURES = [(ALT_CHART, "Container trains per week, by corridor.", "Chart: Transport Authority")]


def test_word_picture_made_by_python_docx(tmp_path: Path) -> None:
    source = _word_with_picture(tmp_path / "made.docx", draw_chart(tmp_path / "chart.png"))
    brief = reportgen.read(source)
    assert [(f.alt, f.caption, f.credit) for f in figures_of(brief)] == EXPECTED_WORD_FIGURES
    assert [b.text for b in brief.lead if not isinstance(b, Figure)] == list(PARAGRAPHS[:2])
    check_outputs(brief, tmp_path)


def _soffice(tmp_path: Path, source: Path, fmt: str, out: Path) -> Path:
    profile = (tmp_path / "lo-profile").as_uri()  # our own profile: other LibreOffice runs may be going
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    return out / f"{source.stem}.{fmt}"


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@needs_soffice
def test_word_picture_made_by_libreoffice(tmp_path: Path) -> None:
    made = _word_with_picture(tmp_path / "made.docx", draw_chart(tmp_path / "chart.png"))
    odt = _soffice(tmp_path, made, "odt", tmp_path / "odt")
    source = _soffice(tmp_path, odt, "docx", tmp_path / "lo")
    brief = reportgen.read(source)
    assert [(f.alt, f.caption, f.credit) for f in figures_of(brief)] == EXPECTED_WORD_FIGURES
    check_outputs(brief, tmp_path)


@pytest.mark.parametrize("name", ["t-having-images.docx", "mammoth-tiny-picture.docx"])
def test_corpus_word_files_with_pictures_build_a_pdf_showing_them(name: str) -> None:
    source = SHARED / "corpus-docx" / name
    if not source.is_file():
        pytest.skip("../shared/corpus-docx is not present")
    brief = reportgen.read(source)
    found = figures_of(brief)
    assert found
    assert pdf_pictures(reportgen.render(brief, "pdf")) == len({f.src for f in found})


def test_a_picture_linked_from_outside_a_word_file_is_left_out_with_a_warning() -> None:
    source = SHARED / "corpus-docx" / "mammoth-external-picture.docx"
    if not source.is_file():
        pytest.skip("../shared/corpus-docx is not present")
    with pytest.raises(reportgen.SourceError, match="linked from outside"):
        reportgen.read(source)


def test_a_page_read_from_a_url_fetches_its_article_pictures_and_no_furniture(tmp_path: Path) -> None:
    import http.server
    import threading

    chart = draw_chart(tmp_path / "chart.png").read_bytes()
    page = _page("/pictures/", article=True).encode("utf-8")
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            if self.path == "/story.html":
                kind, body = "text/html; charset=utf-8", page
            elif self.path == "/pictures/map.png":
                kind, body = "text/html", b"<p>not a picture</p>"
            else:
                kind, body = ("image/jpeg" if self.path.endswith(".jpg") else "image/png"), chart
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        brief = reportgen.read(f"http://127.0.0.1:{server.server_port}/story.html")
    finally:
        server.shutdown()
        server.server_close()
    assert [f.alt for f in figures_of(brief)] == [ALT_CHART, ALT_PHOTO]
    assert any("map.png: not a picture (the server sent text/html)" in w for w in brief.warnings)
    assert sorted(set(requests)) == ["/pictures/chart.png", "/pictures/map.png", "/pictures/photo.jpg", "/story.html"]


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "JPEG"])
def test_the_pdf_figure_draws_what_reportlabs_draw_image_draws(mode: str) -> None:
    """The figure flowable makes each picture's image object once per process;
    the PDF is byte for byte what reportlab's own ``drawImage`` writes."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from reportgen.renderers.pdf.flowables import Figure as PictureFlowable

    class Stock(PictureFlowable):
        def draw(self) -> None:
            self.canv.drawImage(ImageReader(io.BytesIO(self.data)), 0, 0, self.width, self.height, mask="auto")

    image = Image.new("RGBA" if mode == "RGBA" else "RGB", (80, 40), (10, 20, 30, 100) if mode == "RGBA" else "teal")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG" if mode == "JPEG" else "PNG")

    def build(kind: type[PictureFlowable]) -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)
        for page in ((100, 400), (50,)):
            for y in page:
                kind(buffer.getvalue(), 200, 100, "alt").drawOn(canvas, 50, y)
            canvas.showPage()
        canvas.save()
        return out.getvalue()

    assert build(PictureFlowable) == build(Stock)


def test_word_briefs_with_pictures_and_a_logo_validate_against_the_schemas(tmp_path: Path) -> None:
    validator = SHARED / "ooxml" / "validate.py"
    if not validator.is_file():
        pytest.skip("../shared/ooxml is not present")
    _page_pictures(tmp_path / "page_files")
    page = tmp_path / "page.html"
    page.write_text(_page("page_files/", article=True), encoding="utf-8")
    template = tmp_path / "house"
    template.mkdir()
    (template / "template.toml").write_text('[logo]\nfile = "logo.png"\n', encoding="utf-8")
    shutil.copy(tmp_path / "page_files" / "logo.png", template / "logo.png")
    brief = reportgen.read(page)
    outputs = [tmp_path / "plain.docx", tmp_path / "logo.docx"]
    reportgen.render(brief, "docx", outputs[0])
    reportgen.render(brief, "docx", outputs[1], template=template)
    done = subprocess.run([sys.executable, str(validator), *map(str, outputs)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "INVALID" not in done.stdout


def test_word_2003_vml_pictures_are_read_too(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph(PARAGRAPHS[0])
    rel_id, _ = document.part.get_or_add_image(str(draw_chart(tmp_path / "chart.png")))
    pict = parse_xml(
        f'<w:pict {nsdecls("w", "r")} xmlns:v="urn:schemas-microsoft-com:vml">'
        f'<v:shape alt="{ALT_CHART}" style="width:300pt;height:170pt"><v:imagedata r:id="{rel_id}"/></v:shape>'
        "</w:pict>")
    document.add_paragraph().add_run()._r.append(pict)
    document.add_paragraph("Container trains per week", style="Caption")
    document.save(str(tmp_path / "vml.docx"))
    brief = reportgen.read(tmp_path / "vml.docx")
    assert [(f.alt, f.caption) for f in figures_of(brief)] == [(ALT_CHART, "Container trains per week")]


def test_pictures_boxed_with_a_caption_in_older_markup(tmp_path: Path) -> None:
    draw_chart(tmp_path / "files" / "chart.png")
    draw_chart(tmp_path / "files" / "map.png", "#1a55a8")
    page = tmp_path / "old.html"
    page.write_text(f"""<html><body><div id="content">
<h1>Rail freight shifts east</h1><p>{PARAGRAPHS[0]}</p>
<div class="wp-caption alignnone"><img src="files/chart.png" alt="{ALT_CHART}">
<p class="wp-caption-text">Container trains per week. Photo: Rail Desk</p></div>
<p>{PARAGRAPHS[1]}</p>
<div class="thumb tright"><div class="thumbinner"><a href="/wiki/File:Map.png" class="image">
<img alt="" src="files/map.png" class="thumbimage"></a><div class="thumbcaption">The eastern corridor</div></div></div>
<p>{PARAGRAPHS[2]}</p><p><img src="/static/site-chart.png" alt="A chart on the site"></p>
</div></body></html>""", encoding="utf-8")
    brief = reportgen.read(page)
    assert [(f.alt, f.caption, f.credit) for f in figures_of(brief)] == [
        (ALT_CHART, "Container trains per week.", "Photo: Rail Desk"),
        ("The eastern corridor", "The eastern corridor", None),  # no alt text: the caption stands in
    ]
    assert any("site-chart.png: an absolute path" in w for w in brief.warnings)


def test_json_figures_name_only_files_beside_the_json_or_data_uris(tmp_path: Path) -> None:
    import json

    from reportgen.images import sanitize

    draw_chart(tmp_path / "outside.png")
    chart = sanitize(draw_chart(tmp_path / "in" / "images" / "chart.png").read_bytes())

    def figure(src: str, alt: str = "") -> dict[str, object]:
        return {"type": "figure", "src": src, "alt": alt, "caption": "A caption", "credit": None}

    source = tmp_path / "in" / "brief.json"
    source.write_text(json.dumps({
        "schema": "reportgen.brief/1", "meta": {"title": "A brief"},
        "lead": [{"type": "paragraph", "text": PARAGRAPHS[0]}, figure("images/chart.png", ALT_CHART),
                 figure(chart.uri), figure("../outside.png", "Outside"), figure("https://example.org/x.png")],
    }), encoding="utf-8")
    brief = reportgen.read(source)
    assert [(f.alt, f.caption) for f in figures_of(brief)] == [(ALT_CHART, "A caption"), ("A caption", "A caption")]
    assert any("outside the source's folder" in w and "remote picture" in w for w in brief.warnings)

    source.write_text(json.dumps({"schema": "reportgen.brief/1", "meta": {"title": "A brief"},
                                  "lead": [{"type": "figure", "alt": "no src"}]}), encoding="utf-8")
    with pytest.raises(reportgen.ReportgenError, match=r"lead\[0\]\.src is missing"):
        reportgen.read(source)


def test_a_changed_picture_builds_its_brief_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.cli import main

    draw_chart(tmp_path / "src" / "chart.png")
    source = tmp_path / "src" / "a.md"
    source.write_text(f'{PARAGRAPHS[0]}\n\n![{ALT_CHART}](chart.png)\n\n![{ALT_MAP}](map.png)\n', encoding="utf-8")
    out = str(tmp_path / "out")

    def build() -> str:
        assert main(["build", str(source), "-o", out, "-f", "pdf"]) == 0
        return capsys.readouterr().out

    assert "1 built" in build()
    assert "1 up to date" in build()
    draw_chart(tmp_path / "src" / "chart.png", "#aa0000")
    assert "1 built" in build()
    draw_chart(tmp_path / "src" / "map.png")  # a missing picture that turns up
    assert "1 built" in build()
    assert pdf_pictures((tmp_path / "out" / "a.pdf").read_bytes()) == 2
    assert "1 up to date" in build()


def test_a_paragraph_that_opens_like_a_caption_is_not_taken_for_it(tmp_path: Path) -> None:
    caption = "The mayor at the opening of the new harbour wall, with the engineers who built it."
    said = ("The mayor at the opening of the new harbour wall, with the engineers who built it, "
            "said the work came in under budget and a month early.")
    draw_chart(tmp_path / "wall.png")
    page = tmp_path / "wall.html"
    page.write_text(f"""<!doctype html><html lang="en"><head><title>Harbour wall opens</title></head><body>
<article><h1>Harbour wall opens</h1><p>The town's new harbour wall opened on Friday after two years of work.</p>
<figure><img src="wall.png" alt="The new harbour wall"><figcaption>{caption}</figcaption></figure>
<p>{said}</p><p>Boats can now shelter in the inner basin during winter storms.</p></article></body></html>""",
                    encoding="utf-8")
    brief = reportgen.read(page)
    assert [f.caption for f in figures_of(brief)] == [caption]
    assert said in [b.text for b in brief.lead if not isinstance(b, Figure)]


def test_a_picture_no_output_can_show_is_named_in_every_outputs_warnings() -> None:
    from reportgen.model import Brief, Meta, Paragraph
    from reportgen.renderers import get_renderer

    broken = Figure("data:image/png;base64,AAAA", "A chart", "Its caption", None)
    brief = Brief(meta=Meta(title="Broken"), lead=(Paragraph.of("Text."), broken))
    for fmt in ("pdf", "docx", "md"):
        warnings = get_renderer(fmt)().render(brief).warnings
        assert any("picture(s) not shown: A chart" in w for w in warnings), fmt


def test_a_markdown_caption_loses_its_own_figure_label(tmp_path: Path) -> None:
    draw_chart(tmp_path / "costs.png")
    (tmp_path / "costs.md").write_text(
        "# Costs\n\nCosts rose steadily across the whole region last year.\n\n"
        '![A bar chart of costs](costs.png "Figure 2: Costs by year")\n\n'
        "![The same chart again](costs.png)\n\n*Fig. 3. The region's costs. Photo: Ana Silva*\n\n"
        "More text follows here.\n", encoding="utf-8")
    brief = reportgen.read(tmp_path / "costs.md")
    assert [(f.caption, f.credit) for f in figures_of(brief)] == [
        ("Costs by year", None), ("The region's costs.", "Photo: Ana Silva")]
