"""Metadata a text source carries outside its body: YAML front matter, a sidecar
``<name>.yaml`` next to it, dates in any common spelling, and ``By Name | Date`` bylines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..limits import read_file
from ..model import Block, Meta, Section, Source, body_texts, collapse
from ..prose import guess_language

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(slots=True)
class Overrides:
    """What front matter or a sidecar says about the brief; None means "not said"."""

    meta: dict[str, Any] = field(default_factory=dict)
    key_points: tuple[str, ...] | None = None
    sources: tuple[Source, ...] | None = None

    def merged_over(self, base: Overrides) -> Overrides:
        """These overrides, falling back to ``base`` where they say nothing."""
        return Overrides(
            meta={**base.meta, **self.meta},
            key_points=self.key_points if self.key_points is not None else base.key_points,
            sources=self.sources if self.sources is not None else base.sources,
        )


def meta_from(meta: dict[str, Any], lead: tuple[Block, ...], sections: tuple[Section, ...],
              path: Path | None) -> Meta:
    """The Meta of what a reader found (title, date, … by name), guessing the
    language from the text when the source does not say it."""
    return Meta(
        title=meta.get("title", ""),
        subtitle=meta.get("subtitle"),
        date=meta.get("date"),
        authors=tuple(meta.get("authors", ())),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        language=meta.get("language") or guess_language(" ".join(body_texts(lead, sections))),
        marking=meta.get("marking"),
        source_path=str(path) if path else None,
    )


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter (between ``---`` lines at the very top) from the body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data = _load_yaml(match.group(1) or "", "front matter")
    body = text[match.end() :]
    return data, body


def read_sidecar(path: Path | None) -> dict[str, Any]:
    """The mapping in ``<stem>.yaml`` or ``<stem>.yml`` beside ``path``, if there is one."""
    if path is None:
        return {}
    for suffix in (".yaml", ".yml"):
        sidecar = path.with_suffix(suffix)
        if sidecar != path and sidecar.is_file():
            try:
                text = read_file(sidecar).decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                raise SourceError(f"{sidecar.name} cannot be read as UTF-8 text") from None
            return _load_yaml(text, sidecar.name)
    return {}


def _load_yaml(text: str, where: str) -> dict[str, Any]:
    import yaml  # only sources with front matter or a sidecar need it

    # Safe loading, by libyaml where PyYAML has it (ten times faster than its
    # loader in Python), and without aliases (``*name``): nine lines of them can
    # expand to billions of values, and no front matter needs them. They are
    # refused from the parser's events, before anything is built. What libyaml
    # refuses goes to PyYAML's own loader, which is kinder to some text (an emoji
    # written as two JSON surrogate escapes) and says what is wrong with the rest.
    loaders = [yaml.SafeLoader]
    if hasattr(yaml, "CSafeLoader"):
        loaders.insert(0, yaml.CSafeLoader)
    for loader in loaders:
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.AliasEvent):
                    raise SourceError(f"{where} uses a YAML alias (*{event.anchor}); write the value out")
            data = yaml.load(text, Loader=loader)
            break
        except yaml.YAMLError as exc:
            if loader is not loaders[-1]:
                continue
            mark = getattr(exc, "problem_mark", None)
            at = f" (line {mark.line + 1})" if mark is not None else ""
            raise SourceError(f"{where} is not valid YAML{at}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(f"{where} must be a YAML mapping of keys to values")
    return {str(k).strip().lower().replace(" ", "_").replace("-", "_"): v for k, v in data.items()}


_ALIASES = {
    "author": "authors",
    "by": "authors",
    "lang": "language",
    "site": "publisher",
    "site_name": "publisher",
    "source_url": "url",
    "link": "url",
    "classification": "marking",
    "keypoints": "key_points",
    "highlights": "key_points",
    "summary": "key_points",
    "references": "sources",
}


def overrides_from(data: dict[str, Any], where: str) -> Overrides:
    """Turn a front-matter or sidecar mapping into Overrides, checking each value."""
    out = Overrides()
    for raw_key, value in data.items():
        key = _ALIASES.get(raw_key, raw_key)
        if value is None:
            continue
        if key in {"title", "subtitle", "publisher", "url", "marking", "language"}:
            out.meta[key] = _one_line(value, key, where)
        elif key == "date":
            date = normalize_date(value)
            if date is None:
                raise SourceError(f"{where}: date {value!r} is not a date")
            out.meta["date"] = date
        elif key == "authors":
            out.meta["authors"] = tuple(_lines(value, key, where))
        elif key == "key_points":
            out.key_points = tuple(_lines(value, key, where))
        elif key == "sources":
            out.sources = tuple(_source(v, where) for v in _as_list(value))
    return out


def _one_line(value: Any, key: str, where: str) -> str:
    if isinstance(value, list | dict):
        raise SourceError(f"{where}: {key} must be a single value")
    return collapse(str(value))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _lines(value: Any, key: str, where: str) -> list[str]:
    items = _as_list(value)
    if any(isinstance(v, list | dict) for v in items):
        raise SourceError(f"{where}: {key} must be a list of strings")
    return [collapse(str(v)) for v in items if collapse(str(v))]


def _source(value: Any, where: str) -> Source:
    if isinstance(value, dict):
        name = collapse(str(value.get("name") or value.get("title") or value.get("url") or ""))
        url = value.get("url")
        if not name:
            raise SourceError(f"{where}: each source needs a name or a url")
        return Source(name, collapse(str(url)) if url else None)
    return split_source(str(value))


_URL = re.compile(r"(?:https?://|www\.|mailto:)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.I)


def split_source(text: str) -> Source:
    """``Name (https://…)``, ``Name – https://…``, ``Name: https://…`` or a bare URL."""
    text = collapse(text).rstrip(".;")
    match = _URL.search(text)
    if not match:
        return Source(text)
    url = match.group(0)
    if url.lower().startswith("www."):
        url = "https://" + url
    name = (text[: match.start()] + text[match.end() :]).strip()
    name = re.sub(r"[(\[<]\s*[)\]>]", "", name)
    name = collapse(name.strip(" -–—:|,(<[]>)"))
    return Source(name or match.group(0), url)


# --- dates -------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def normalize_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for a date in any common spelling, or None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = collapse(str(value))
    if not text or len(text) > 60:
        return None
    if m := _ISO.match(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _CJK_DATE.search(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if not _HAS_YEAR.search(text):
        return None
    try:
        from dateutil import parser as dateparser  # only dates in free form need it

        parsed = dateparser.parse(text, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat()


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


# --- bylines -----------------------------------------------------------------

_BYLINE = re.compile(r"^(?:by|written by|von|par|por)\s+(?P<rest>\S.*)$", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b)\s*")
_NAME = re.compile(r"^[^\W\d_][\w.'’\-]*(?:\s+[^\W\d_][\w.'’\-]*){0,4}$")


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...]
    date: str | None


def parse_byline(line: str) -> Byline | None:
    """Read ``By Jane Doe | March 3, 2025`` (or with ``,`` / ``–`` / ``·``) into authors and date."""
    match = _BYLINE.match(collapse(line))
    if not match or len(line) > 160:
        return None
    parts = [p.strip() for p in re.split(r"\s+[|·•–—-]\s+|\s*\|\s*", match["rest"]) if p.strip()]
    date = None
    names_part = parts[0]
    for part in parts[1:]:
        date = date or normalize_date(part)
    if date is None and "," in names_part:
        # "By Jane Doe, March 3, 2025": the date may itself hold a comma.
        for cut in (names_part.find(","), names_part.rfind(",")):
            if cut > 0 and (d := normalize_date(names_part[cut + 1 :])):
                date, names_part = d, names_part[:cut]
                break
    names = [n for n in _NAME_SPLIT.split(names_part) if n]
    if not names or not all(_NAME.match(n) for n in names):
        return None
    return Byline(tuple(names), date)
