"""Templates: the shipped ones, inheritance, a user's copy, and the sandbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.errors import UsageError
from reportgen.templates import builtin_dir, builtin_names, load_template


def test_both_shipped_templates_load_with_a_description() -> None:
    assert {"brief", "memo"} <= set(builtin_names())
    for name in builtin_names():
        template = load_template(name)
        assert template.description
        assert template.get("page.size") in ("A4", "Letter")
        assert template.label("sources")


def test_memo_inherits_what_it_does_not_change() -> None:
    brief, memo = load_template("brief"), load_template("memo")
    assert memo.get("fonts.body") != brief.get("fonts.body")
    assert memo.get("panels.key_points") is False
    assert memo.get("labels.glossary") == brief.get("labels.glossary")
    assert memo.render("colophon", source_name="a.txt", version="1", meta={"url": None}).strip()


def test_a_copied_and_edited_template_is_used(tmp_path: Path) -> None:
    mine = tmp_path / "house"
    shutil.copytree(builtin_dir() / "brief", mine)
    toml = (mine / "template.toml").read_text("utf-8").replace('brief = "BRIEF"', 'brief = "HOUSE NOTE"')
    (mine / "template.toml").write_text(toml.replace('name = "brief"', 'name = "house"'), "utf-8")
    template = load_template(str(mine))
    assert template.label("brief") == "HOUSE NOTE"


def test_a_partial_template_extends_brief(tmp_path: Path) -> None:
    (tmp_path / "template.toml").write_text('description = "Mine"\n[colors]\naccent = "#800000"\n', "utf-8")
    template = load_template(str(tmp_path))
    assert template.get("colors.accent") == "#800000"
    assert template.get("fonts.body") == load_template("brief").get("fonts.body")


def test_article_text_is_data_not_template_code() -> None:
    template = load_template("brief")
    tricky = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} <b>&</b>"
    out = template.render("colophon", source_name=tricky, version="1.0", meta={"url": None})
    assert tricky in out and "49" not in out


def test_sandbox_blocks_unsafe_snippets(tmp_path: Path) -> None:
    (tmp_path / "template.toml").write_text('description = "Evil"\n', "utf-8")
    (tmp_path / "colophon.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", "utf-8")
    with pytest.raises(UsageError, match="colophon"):
        load_template(str(tmp_path)).render("colophon", source_name="a", version="1", meta={"url": None})


@pytest.mark.parametrize(
    ("toml", "message"),
    [("this is = = not toml", "template.toml"), ('extends = "nowhere"', "nowhere")],
)
def test_broken_templates_are_usage_errors(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "template.toml").write_text(toml, "utf-8")
    with pytest.raises(UsageError, match=message):
        load_template(str(tmp_path))


def test_unknown_template_names_the_choices() -> None:
    with pytest.raises(UsageError, match="brief"):
        load_template("no-such-template")
