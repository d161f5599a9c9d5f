"""Fetching an article from an ``http(s)://`` URL, carefully: a timeout, a size
limit, a content-type check, a bounded number of redirects, and one clear line
for each way it can go wrong. Only the page itself is fetched, and the pictures
of its article, each under the same limits; never what else it links to
(styles, scripts, other pages).

urllib's HTTP machinery is imported only when a page is fetched: building local
files never pays for it."""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import __version__
from ..errors import SourceError

TIMEOUT = 20.0  # seconds without an answer
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
PICTURE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def is_url(source: object) -> bool:
    return isinstance(source, str) and "://" in source[:12]


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise SourceError(f"only http and https URLs can be read, not {parts.scheme or 'this'}:")
    if not parts.hostname:
        raise SourceError("the URL has no host")


def _opener():
    """An opener that follows at most ``MAX_REDIRECTS`` redirects, each to http(s)."""
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            check_url(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Redirects)


def fetch(url: str, *, timeout: float | None = None, limit: int = MAX_BYTES,
          types: tuple[str, ...] = HTML_TYPES) -> tuple[bytes, str]:
    """The page's bytes and its final URL (after redirects); ``types`` are the
    content types it may have."""
    import socket
    import urllib.error
    import urllib.request

    check_url(url)
    wait = TIMEOUT if timeout is None else timeout
    opener = _opener()
    request = urllib.request.Request(
        url, headers={"User-Agent": f"reportgen/{__version__}", "Accept": ", ".join(types)}
    )
    try:
        with opener.open(request, timeout=wait) as response:
            kind = response.headers.get_content_type()
            if kind not in types:
                what = "a web page" if types == HTML_TYPES else "a picture"
                raise SourceError(f"not {what} (the server sent {kind})")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise SourceError(f"the page is larger than {limit // (1024 * 1024)} MB")
            data = response.read(limit + 1)
            if len(data) > limit:
                raise SourceError(f"the page is larger than {limit // (1024 * 1024)} MB")
            return data, response.geturl()
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise SourceError(f"too many redirects (more than {MAX_REDIRECTS})") from None
        raise SourceError(f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise SourceError(f"no answer within {wait:g} s") from None
        raise SourceError(f"cannot reach the server ({exc.reason})") from None
    except TimeoutError:
        raise SourceError(f"no answer within {wait:g} s") from None
    except (ConnectionError, OSError) as exc:
        raise SourceError(f"the connection failed ({exc})") from None


def read_url(url: str):
    """The unenriched brief of the article at ``url``."""
    from . import web

    data, final = fetch(url)
    if not data.strip():
        raise SourceError("the page is empty")
    return web.read(data, url=final, fetch=fetch_picture)


def fetch_picture(url: str) -> bytes:
    """A picture of a fetched page, under the page's limits."""
    return fetch(url, types=PICTURE_TYPES)[0]


def output_stem(url: str) -> str:
    """A file name for a URL's outputs: its last path segment without extension."""
    parts = urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    stem = segment.rsplit(".", 1)[0] if "." in segment else segment
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")
    return safe or (parts.hostname or "page").replace(".", "-")
