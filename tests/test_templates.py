"""Templates: the shipped ones, inheritance, a user's copy, and the sandbox."""

from __future__ import annotations

import re
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


def _folder(tmp_path: Path, name: str, toml: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "template.toml").write_text(toml, "utf-8")
    return folder


def test_a_snippet_linked_outside_its_folder_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish", "utf-8")
    folder = _folder(tmp_path, "shared", 'name = "shared"\n')
    (folder / "colophon.j2").symlink_to(secret)
    (folder / "everything").symlink_to("/", target_is_directory=True)
    template = load_template(str(folder))
    with pytest.raises(UsageError, match="outside the template folder") as error:
        template.render("colophon", source_name="a.txt", version="1", meta={"url": None})
    assert "swordfish" not in str(error.value)
    assert template.fingerprint()  # the link to / is not followed


@pytest.mark.parametrize(("toml", "named"), [
    ("[page]\nsize = 0\n", "page.size = 0: must be one of A4, Letter"),
    ('[page]\nsize = "A3"\n', "page.size = 'A3': must be one of A4, Letter"),
    ("[page]\nmargin_left_mm = -5\n", "page.margin_left_mm = -5: must be a number from 0 to 60"),
    ("[fonts]\nsize = nan\n", "fonts.size = nan: must be a number from 4 to 96"),
    ('[colors]\naccent = "blue"\n', "colors.accent = 'blue': must be a colour as #rrggbb"),
    ('[panels]\nmasthead = "banner"\n', "panels.masthead = 'banner': must be one of band, memo"),
    ('page = "A4"\n', "page = 'A4': must be a table ([page])"),
])
def test_a_template_out_of_range_is_named_with_what_is_allowed(tmp_path: Path, toml: str, named: str) -> None:
    folder = _folder(tmp_path, "bad", toml)
    with pytest.raises(UsageError, match=re.escape(named)):
        load_template(str(folder))


def test_extends_in_a_loop_is_one_line(tmp_path: Path) -> None:
    _folder(tmp_path, "a", f'extends = "{tmp_path / "b"}"\n')
    _folder(tmp_path, "b", f'extends = "{tmp_path / "a"}"\n')
    with pytest.raises(UsageError, match="extends makes a loop"):
        load_template(str(tmp_path / "a"))


def test_a_snippet_that_writes_too_much_stops(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "big", 'name = "big"\n')
    (folder / "colophon.j2").write_text("{{ 'x' * 10**10 }}", "utf-8")
    (folder / "footer.j2").write_text("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}"
                                      "{% endfor %}", "utf-8")
    template = load_template(str(folder))
    for snippet in ("colophon", "footer"):
        with pytest.raises(UsageError, match=f"snippet '{snippet}': .*more than"):
            template.render(snippet, source_name="a.txt", version="1", meta={"url": None})


def test_a_snippet_may_print_long_data_it_is_given(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "long", 'name = "long"\n')
    (folder / "footer.j2").write_text("{{ title }}, ended", "utf-8")
    title = "word " * 6_000  # 30,000 characters: the data it is given, not the snippet's own writing
    out = load_template(str(folder)).render("footer", title=title)
    assert out.count("word") == 6_000 and out.endswith("ended")
