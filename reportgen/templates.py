"""Templates: one ``template.toml`` (page, fonts, colours, labels, marking, panels)
and a few Jinja2 snippets for the fixed texts, driving every output format.

A template folder may hold only what it changes: ``extends = "brief"`` (the
default) supplies every key and snippet it leaves out. Snippets run in a
sandboxed Jinja2 environment and article text reaches them only as data,
so ``{{ 7*7 }}`` in an article prints as written.
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import UsageError

DEFAULT = "brief"
SNIPPET_MOST = 20_000  # characters a snippet may write besides its data: a cover line or a colophon, not a book
FILE_MOST = 256 * 1024  # bytes of a template.toml or a snippet file
EXTENDS_MOST = 8  # templates in one extends chain


def builtin_dir() -> Path:
    """The shipped templates: inside the installed package, or ``templates/`` in a checkout."""
    packaged = Path(str(resources.files("reportgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def builtin_names() -> list[str]:
    root = builtin_dir()
    return sorted(p.name for p in root.iterdir() if (p / "template.toml").is_file())


@dataclass(frozen=True)
class Template:
    """A loaded template: its settings (merged over its parent's) and its snippet folders."""

    name: str
    folders: tuple[Path, ...]
    config: dict[str, Any] = field(hash=False)

    @property
    def description(self) -> str:
        return str(self.config.get("description", ""))

    def get(self, dotted: str, default: Any = None) -> Any:
        """A setting by dotted key, e.g. ``get("colors.accent")``."""
        node: Any = self.config
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def label(self, key: str) -> str:
        return str(self.get(f"labels.{key}", key.replace("_", " ").capitalize()))

    def render(self, snippet: str, **context: Any) -> str:
        """Render the snippet file ``<snippet>.j2`` with ``context`` as data."""
        try:
            template = _environment(self.folders).get_template(f"{snippet}.j2")
            out, size, most = [], 0, SNIPPET_MOST
            for chunk in template.generate(template=self.config, **context):
                size += len(chunk)
                if size > most:
                    if most == SNIPPET_MOST:  # past its own allowance: allow for the data it is given, once
                        most += len(repr(context))
                    if size > most:
                        raise _TooLong(f"it writes more than {SNIPPET_MOST:,} characters of its own")
                out.append(chunk)
            return "".join(out).strip()
        except (TemplateError, _TooLong) as exc:
            raise UsageError(f"template {self.name!r}: snippet {snippet!r}: {exc}") from None

    def logo_file(self) -> Path | None:
        """The logo's file (``[logo] file``, relative to the template folder that names
        it), or None when the template has no logo."""
        name = self.get("logo.file")
        if not name:
            return None
        for folder in self.folders:
            if (folder / str(name)).is_file():
                return folder / str(name)
        raise UsageError(f"template {self.name!r}: logo file {str(name)!r} not found in {self.folders[0]}")

    def fingerprint(self) -> str:
        """A stable digest of everything in the template, for up-to-date checks."""
        import hashlib

        digest = hashlib.sha256()
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                if _inside(path, folder):
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
        return digest.hexdigest()[:16]


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is a regular file of a sane size that resolves inside ``folder``:
    a template folder may hold links, but never to what lies outside it."""
    try:
        real = path.resolve(strict=True)
        return real.is_relative_to(folder.resolve()) and real.is_file() and real.stat().st_size <= FILE_MOST
    except (OSError, RuntimeError):
        return False


class _TooLong(Exception):
    """A snippet that would write, or compute, more than a snippet may."""


class _FolderLoader(FileSystemLoader):
    """Jinja2's file loader, reading a snippet only when it lies inside its template
    folder (no link to ``/etc/passwd`` or ``/dev/zero`` is followed)."""

    def get_source(self, environment: Any, template: str) -> Any:
        for folder in map(Path, self.searchpath):
            candidate = folder.joinpath(*template.split("/"))
            if candidate.exists() or candidate.is_symlink():
                if not _inside(candidate, folder):
                    raise TemplateNotFound(f"{template} (it leads outside the template folder {folder})")
                break
        return super().get_source(environment, template)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with ``*`` and ``**`` bounded: ``'x' * 10**10`` would take 10 GB."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        sizes = [len(v) for v in (left, right) if isinstance(v, str | list | tuple)]
        counts = [v for v in (left, right) if isinstance(v, int)]
        if operator == "*" and sizes and counts and sizes[0] * max(counts[0], 0) > SNIPPET_MOST:
            raise _TooLong(f"a repetition writes more than {SNIPPET_MOST:,} characters")
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise _TooLong("a number is raised to a power above 64")
        return super().call_binop(context, operator, left, right)


_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def _astral(match: re.Match[str]) -> str:
    high, low = int(match[1], 16), int(match[2], 16)
    return "\\U%08x" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def to_yaml(value: Any) -> str:
    """``value`` as a YAML flow value (a quoted string, a list of them): JSON, with
    a character beyond the Basic Multilingual Plane (an emoji) as YAML's one
    ``\\U`` escape, not JSON's two surrogate escapes, which YAML refuses."""
    return _SURROGATE_PAIR.sub(_astral, json.dumps(value))


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """The Jinja2 environment of a template; compiled snippets are kept in the cache
    folder, so a build does not compile them again (Jinja2 checks their source).
    Besides Jinja2's filters, ``toyaml`` writes a value for YAML front matter."""
    environment = _Sandbox(
        bytecode_cache=_bytecode_cache(),
        auto_reload=False,  # a process renders with the snippets it started with: no stat per render
        loader=_FolderLoader([str(f) for f in folders]),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["toyaml"] = to_yaml
    return environment


def _bytecode_cache() -> Any:
    from jinja2 import FileSystemBytecodeCache

    from . import _cache

    class QuietCache(FileSystemBytecodeCache):
        """A cache that cannot be read or written is no cache, not an error."""

        def load_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    entry = _cache.entry("jinja", Path(__file__).read_bytes())  # compiled under these settings
    if entry is None:
        return None
    with contextlib.suppress(OSError):
        entry.mkdir(parents=True, exist_ok=True)
    return QuietCache(str(entry))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _folder_for(spec: str | Path) -> Path:
    path = Path(spec)
    if path.name == "template.toml":
        path = path.parent
    if path.is_dir():
        if not (path / "template.toml").is_file():
            raise UsageError(f"template folder {str(path)!r} has no template.toml")
        return path
    if isinstance(spec, str) and "/" not in spec and "\\" not in spec:
        candidate = builtin_dir() / spec
        if (candidate / "template.toml").is_file():
            return candidate
        known = ", ".join(builtin_names())
        raise UsageError(f"unknown template {spec!r} (built-in templates: {known}; or give a folder)")
    raise UsageError(f"template {str(spec)!r} is not a folder with a template.toml")


# Keys a template may set beyond those the default template sets (templates/brief/template.toml).
EXTRA_KEYS = frozenset({"extends", "logo", "logo.file", "logo.height_mm", "logo.alt"})


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    config = tomllib.loads((builtin_dir() / DEFAULT / "template.toml").read_text(encoding="utf-8"))
    return frozenset(_keys(config)) | EXTRA_KEYS


def _keys(config: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in config.items():
        out.append(prefix + key)
        if isinstance(value, dict):
            out += _keys(value, f"{prefix}{key}.")
    return out


def _check_keys(config: dict[str, Any], path: Path) -> None:
    """A key no template knows is a mistake (a typo, a misplaced table): say which."""
    unknown = [key for key in _keys(config) if key not in _known_keys()]
    if unknown:
        raise UsageError(f"{path}: unknown key {unknown[0]!r}" + (f" (and {len(unknown) - 1} more)"
                                                                  if len(unknown) > 1 else ""))


@lru_cache(maxsize=32)
def load_template(spec: str | Path = DEFAULT) -> Template:
    """Load a built-in template by name, or a template folder by path."""
    return _load(spec, ())


def _load(spec: str | Path, chain: tuple[Path, ...]) -> Template:
    folder = _folder_for(spec).resolve()
    toml = folder / "template.toml"
    if folder in chain:
        names = " -> ".join(str(f) for f in (*chain, folder))
        raise UsageError(f"{chain[-1] / 'template.toml'}: extends makes a loop ({names})")
    if len(chain) >= EXTENDS_MOST:
        raise UsageError(f"{toml}: more than {EXTENDS_MOST} templates extend one another")
    if not _inside(toml, folder):
        raise UsageError(f"{toml}: not a file inside its template folder, or larger than {FILE_MOST // 1024} KB")
    try:
        config = tomllib.loads(toml.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{toml}: not valid TOML ({exc})") from None
    _check_keys(config, toml)
    check(config, toml)
    parent_name = config.get("extends", DEFAULT if folder.name != DEFAULT else None)
    folders: tuple[Path, ...] = (folder,)
    if parent_name and (builtin_dir() / str(parent_name)).resolve() != folder:
        parent = _load(str(parent_name), (*chain, folder))
        config = _merge(parent.config, config)
        folders = (folder, *parent.folders)
    name = str(config.get("name") or folder.name)
    return Template(name=name, folders=folders, config=config)


PAGE_SIZES = ("A4", "Letter")
MASTHEADS = ("band", "memo")
_FONT_SIZES = ("size", "leading", "title_size", "h1_size", "h2_size", "h3_size")
_MARGINS = ("margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm")


def check(config: dict[str, Any], where: Path) -> None:
    """Refuse a ``template.toml`` whose settings no page can be laid out with, naming
    the key and the values it allows."""

    def bad(key: str, allowed: str) -> UsageError:
        return UsageError(f"{where}: {key} = {_shown(config, key)!s}: {allowed}")

    def number(key: str, low: float, high: float) -> None:
        value = _value(config, key)
        ok = isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high
        if value is not None and not ok:
            raise bad(key, f"must be a number from {low:g} to {high:g}")

    for table in ("page", "fonts", "colors", "labels", "panels", "marking", "memo"):
        if _value(config, table) is not None and not isinstance(_value(config, table), dict):
            raise bad(table, f"must be a table ([{table}])")
    for key in ("name", "description", "extends"):
        if _value(config, key) is not None and not isinstance(_value(config, key), str):
            raise bad(key, "must be text")
    size = _value(config, "page.size")
    if size is not None and (not isinstance(size, str) or size.upper() not in (s.upper() for s in PAGE_SIZES)):
        raise bad("page.size", f"must be one of {', '.join(PAGE_SIZES)}")
    for margin in _MARGINS:
        number(f"page.{margin}", 0, 60)
    for font_size in _FONT_SIZES:
        number(f"fonts.{font_size}", 4, 96)
    for key, value in (_value(config, "fonts") or {}).items():
        if key not in _FONT_SIZES and not isinstance(value, str):
            raise bad(f"fonts.{key}", "must be a font name")
    for key, value in (_value(config, "colors") or {}).items():
        if not (isinstance(value, str) and len(value) == 7 and value[0] == "#"
                and all(c in "0123456789abcdefABCDEF" for c in value[1:])):
            raise bad(f"colors.{key}", "must be a colour as #rrggbb")
    for key, value in (_value(config, "labels") or {}).items():
        if not isinstance(value, str) or len(value) > 200:
            raise bad(f"labels.{key}", "must be text of 200 characters at most")
    masthead = _value(config, "panels.masthead")
    if masthead is not None and masthead not in MASTHEADS:
        raise bad("panels.masthead", f"must be one of {', '.join(MASTHEADS)}")
    for key, value in (_value(config, "panels") or {}).items():
        if key != "masthead" and not isinstance(value, bool):
            raise bad(f"panels.{key}", "must be true or false")


def _value(config: dict[str, Any], dotted: str) -> Any:
    node: Any = config
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _shown(config: dict[str, Any], dotted: str) -> str:
    value = _value(config, dotted)
    return repr(value)[:40]
