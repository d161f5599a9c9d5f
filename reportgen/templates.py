"""Templates: one ``template.toml`` (page, fonts, colours, labels, marking, panels)
and a few Jinja2 snippets for the fixed texts, driving every output format.

A template folder may hold only what it changes: ``extends = "brief"`` (the
default) supplies every key and snippet it leaves out. Snippets run in a
sandboxed Jinja2 environment and article text reaches them only as data,
so ``{{ 7*7 }}`` in an article prints as written.
"""

from __future__ import annotations

import contextlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import UsageError

DEFAULT = "brief"


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
            return template.render(template=self.config, **context).strip()
        except TemplateError as exc:
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
                if path.is_file():
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
        return digest.hexdigest()[:16]


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """The Jinja2 environment of a template; compiled snippets are kept in the cache
    folder, so a build does not compile them again (Jinja2 checks their source)."""
    return ImmutableSandboxedEnvironment(
        bytecode_cache=_bytecode_cache(),
        auto_reload=False,  # a process renders with the snippets it started with: no stat per render
        loader=FileSystemLoader([str(f) for f in folders]),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


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
    folder = _folder_for(spec).resolve()
    try:
        config = tomllib.loads((folder / "template.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{folder / 'template.toml'}: not valid TOML ({exc})") from None
    _check_keys(config, folder / "template.toml")
    parent_name = config.get("extends", DEFAULT if folder.name != DEFAULT else None)
    folders: tuple[Path, ...] = (folder,)
    if parent_name and (builtin_dir() / str(parent_name)).resolve() != folder:
        parent = load_template(str(parent_name))
        config = _merge(parent.config, config)
        folders = (folder, *parent.folders)
    name = str(config.get("name") or folder.name)
    return Template(name=name, folders=folders, config=config)
