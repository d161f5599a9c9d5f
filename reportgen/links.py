"""Which link targets a brief may carry.

Briefs are circulated, and their readers click the links in them; a link
target comes from an article, front matter, a JSON brief or an edited Word
file, any of which may be hostile. One function decides, for every renderer:
``http``, ``https`` and ``mailto`` targets are kept, and ``#anchor`` targets
when a heading of the brief answers to them (``link_target``); a bare host
(``example.org``) is read as ``https://example.org``; anything else
(``javascript:``, ``file:``, ``data:``, network paths, reportlab's special
``pdf:`` and ``document:`` targets, addresses that hide their host behind
credentials) is not a link. International addresses become the ASCII form a
link target must take.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from .model import Section, iter_sections

SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_BARE_HOST = re.compile(r"^(?:www\.)?[\w\-]+(?:\.[\w\-]+)+(?::\d+)?(?:[/?#]\S*)?$")
_MOST = 2000  # characters: longer targets are not addresses a reader follows


def safe_url(url: str | None) -> str | None:
    """The target a brief may link to for ``url``, or None when it may not."""
    if not url:
        return None
    url = url.strip()
    if not url or len(url) > _MOST or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    if not _SCHEME.match(url):
        if url.startswith(("//", "\\")) or not _BARE_HOST.match(url):
            return None
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES:
        return None
    if parts.scheme.lower() == "mailto":
        return url if "@" in parts.path else None
    if not parts.hostname or parts.username or parts.password:
        return None  # credentials before the host disguise where a link goes
    return url if url.isascii() else _ascii(parts)


def _ascii(parts) -> str | None:
    """An address with an international host name or path as the ASCII a link
    target must be (PDF link actions are 7-bit): the host in IDNA, the rest
    percent-encoded as UTF-8."""
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    netloc = host + (f":{parts.port}" if parts.port else "")
    keep = "/:@!$&'()*+,;=?#%~[]"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, keep), quote(parts.query, keep),
                       quote(parts.fragment, keep)))


def link_target(url: str | None, anchors: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The one decision on a link's target, for every renderer: an http(s) or mailto
    address as ``safe_url`` gives it, ``#name`` when ``name`` is one of ``anchors``
    (the brief's headings, see ``anchors``), else None: the link is written as text."""
    if url and url.strip().startswith("#"):
        name = url.strip()[1:]
        return f"#{name}" if name in anchors else None
    return safe_url(url)


def anchor(title: str) -> str | None:
    """The anchor a heading answers to, as Markdown writers spell it (``## Why It
    Matters`` is ``#why-it-matters``); None when it has no ASCII name."""
    name = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
    return name if name and name.isascii() else None


def anchors(sections: tuple[Section, ...]) -> dict[int, str]:
    """Each section's anchor by ``id(section)``; a heading spelled like an earlier
    one answers to nothing (the earlier one has its name)."""
    out: dict[int, str] = {}
    taken: set[str] = set()
    for _, section in iter_sections(sections):
        name = anchor(section.title)
        if name and name not in taken:
            taken.add(name)
            out[id(section)] = name
    return out


def host_of(url: str | None) -> str:
    """The host a URL names (``www.example.org``), or ``""``."""
    safe = safe_url(url)
    if safe is None:
        return ""
    try:
        return urlsplit(safe).hostname or ""
    except ValueError:
        return ""
