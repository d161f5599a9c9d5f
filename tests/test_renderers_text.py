"""The json and md renderers, the renderer registry and third-party plug-ins."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, SOURCES
from hypothesis import HealthCheck, given, settings
from strategies import briefs

from reportgen import api
from reportgen.errors import UsageError
from reportgen.links import safe_url
from reportgen.model import to_json
from reportgen.readers import json as json_reader
from reportgen.readers import markdown
from reportgen.renderers import available, get_renderer

SAMPLES = sorted(p for p in SOURCES.iterdir() if p.suffix in (".txt", ".md"))


def _without_path(doc: dict) -> dict:
    """The JSON of a brief without what depends on where it was read from: its path,
    and the warnings reading it raised (a Markdown brief names the title an
    untitled article was given)."""
    doc["meta"].pop("source_path", None)
    doc.pop("warnings", None)
    return doc


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_json_output_reads_back_equal(path: Path, tmp_path: Path) -> None:
    brief = api.read(path)
    out = tmp_path / "b.json"
    api.render(brief, "json", out)
    assert _without_path(to_json(api.read(out))) == _without_path(to_json(brief))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_markdown_output_reads_back_with_the_same_structure(path: Path, tmp_path: Path) -> None:
    brief = api.read(path)
    out = tmp_path / "b.md"
    api.render(brief, "md", out)  # with the pictures it names beside it
    again = markdown.read(out.read_bytes(), path=out)
    assert _without_path(to_json(again)) == _without_path(to_json(brief))


_FORMATTING = frozenset({"inlines", "header_inlines", "rows_inlines", "key_points_inlines", "notes_inlines",
                         "source_path", "warnings"})


def _link_safe(doc: dict) -> dict:
    """The JSON with each source's address as a brief may link to it (Markdown
    writes no other: ``example.org`` becomes ``https://example.org``, a
    ``javascript:`` target goes)."""
    doc["sources"] = [{**s, "url": safe_url(s["url"])} for s in doc["sources"]]
    return doc


def _without_formatting(node):
    """The JSON with inline spans left out: structure and every word, not bold/italic;
    a ragged table counts as the same table padded to a rectangle."""
    if isinstance(node, dict) and node.get("type") == "table":
        width = max(len(r) for r in [node["header"], *node["rows"]])
        def pad(row):
            return [*row, *[""] * (width - len(row))]
        node = {**node, "header": pad(node["header"]) if node["header"] else [], "rows": [pad(r) for r in node["rows"]]}
    if isinstance(node, dict):
        return {k: _without_formatting(v) for k, v in node.items() if k not in _FORMATTING}
    if isinstance(node, list):
        return [_without_formatting(v) for v in node]
    return node


@given(briefs)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_brief_survives_markdown(brief) -> None:
    """Structure and text survive; emphasis CommonMark cannot express (``a**:**``)
    may come back plain, so the spans themselves are compared on the samples only."""
    again = markdown.read(api.render(brief, "md"))
    assert _without_formatting(to_json(again)) == _without_formatting(_link_safe(to_json(brief)))


def test_markdown_escapes_article_text() -> None:
    brief = api.read(SOURCES / "grid-storage-outlook.txt")
    tricky = "<b>bold</b> & {{ 7*7 }} {% for x in y %} *not emphasis* [not](a link)"
    brief = replace(brief, meta=replace(brief.meta, title=tricky))
    out = api.render(brief, "md")
    assert "49" not in out
    assert markdown.read(out).meta.title == tricky


def test_registry_lists_builtins_and_rejects_unknown() -> None:
    assert available()[:4] == ["pdf", "docx", "json", "md"]
    with pytest.raises(UsageError, match="known formats"):
        get_renderer("nope")


def test_entry_point_plugin_renderer(tmp_path: Path) -> None:
    """A renderer installed by another package is found through its entry point."""
    (tmp_path / "shout_renderer.py").write_text(
        textwrap.dedent(
            """
            from reportgen.renderers.base import Renderer

            class Shout(Renderer):
                name = "shout"
                extension = ".shout"

                def render(self, brief):
                    return brief.meta.title.upper() + "\\n"
            """
        ),
        encoding="utf-8",
    )
    dist = tmp_path / "shout_renderer-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-renderer\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[reportgen.renderers]\nshout = shout_renderer:Shout\n")
    source = tmp_path / "story.txt"
    source.write_text("Quiet Headline\n\nSome words of text.\n", encoding="utf-8")
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(source), "-o", str(tmp_path / "out"), "-f", "shout,json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "story.shout").read_text() == "QUIET HEADLINE\n"
    assert json.loads((tmp_path / "out" / "story.json").read_text())["meta"]["title"] == "Quiet Headline"


def test_render_returns_output_and_writes_atomically(tmp_path: Path) -> None:
    brief = api.read(SOURCES / "water-utility-cyber.md")
    target = tmp_path / "deep" / "brief.md"
    output = api.render(brief, "md", target)
    assert target.read_text("utf-8") == output
    assert sorted(p.name for p in target.parent.iterdir()) == ["brief.md", "images"]
    assert [p.suffix for p in (target.parent / "images").iterdir()] == [".png"]
    written = tmp_path / "deep" / "brief.json"
    api.render(brief, "json", written)
    assert json_reader.read(written.read_bytes(), path=written) == brief


def test_markdown_keeps_column_alignment() -> None:
    brief = api.read(ROOT / "tests" / "fixtures" / "fidelity" / "aligned-table.txt")
    text = api.render(brief, "md")
    assert "|:--|--:|:-:|" in text
    (table,) = [b for b in markdown.read(text).lead if hasattr(b, "align")]
    assert table.align == ("left", "right", "center")


def test_markdown_keeps_links_to_its_headings_and_warns_of_the_links_it_drops(tmp_path: Path) -> None:
    from reportgen.model import Brief, Link, Meta, Paragraph, Section, Source, Text

    brief = Brief(
        meta=Meta(title="Links"),
        lead=(Paragraph((Text("See "), Link("below", "#why-it-matters"), Text(", "),
                         Link("the script", "javascript:alert(1)"), Text(" and "),
                         Link("nowhere", "#no-such-heading"), Text("."))),),
        sections=(Section("Why It Matters", blocks=(Paragraph.of("Because."),)),),
        sources=(Source("Share", "smb://host/share"),),
    )
    out = tmp_path / "links.md"
    api.render(brief, "md", out)
    from reportgen.renderers import RenderOptions
    from reportgen.templates import load_template

    rendered = get_renderer("md")(load_template("brief"), RenderOptions()).render(brief)
    text = out.read_text("utf-8")
    assert "[below](<#why-it-matters>)" in text and "## Why It Matters" in text
    assert "the script" in text and "javascript" not in text and "[nowhere]" not in text and "smb:" not in text
    assert len(rendered.warnings) == 1
    assert rendered.warnings[0].startswith("3 link target(s) a brief may not carry written as text")
    back = api.read(out)
    links = [span for span in back.lead[0].inlines if isinstance(span, Link)]
    assert [(span.text, span.url) for span in links] == [("below", "#why-it-matters")]


def test_markdown_front_matter_carries_an_emoji_whole(tmp_path: Path) -> None:
    """A character beyond the Basic Multilingual Plane goes into the front matter as
    YAML's one ``\\U`` escape (JSON's two surrogate escapes came back as two lone
    surrogates), and comes back as itself."""
    from reportgen.model import Brief, Meta, Paragraph

    brief = Brief(meta=Meta(title="Ships 🚢 and ports", authors=("Ana Ruiz 🌊",)), lead=(Paragraph.of("Body."),))
    out = tmp_path / "emoji.md"
    api.render(brief, "md", out)
    assert "\\U0001f6a2" in out.read_text("utf-8")
    back = api.read(out)
    assert back.meta.title == "Ships 🚢 and ports" and back.meta.authors == ("Ana Ruiz 🌊",)
