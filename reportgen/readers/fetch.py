"""Fetching an article from an ``http(s)://`` URL, carefully: a timeout for each
read and a deadline for the whole fetch (headers included), a size limit, a
content-type check, a bounded number of redirects to http(s) only, and one clear
line for each way it can go wrong. Only the page itself is fetched, and the
pictures of its article, each under the same limits; never what else it links
to (styles, scripts, other pages).

urllib's HTTP machinery is imported only when a page is fetched: building local
files never pays for it."""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import SourceError
from ..limits import current

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


class _Deadline:
    """Shuts the fetch's connections down when its time is up, wherever the fetch
    waits (a server that sends a byte a second never lets a read time out)."""

    def __init__(self, seconds: float):
        self.expired = False
        self.sockets: list[Any] = []
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def watch(self, sock: Any) -> None:
        self.sockets.append(sock)
        if self.expired:
            self.expire()

    def expire(self) -> None:
        import socket

        self.expired = True
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        for sock in self.sockets:  # urllib leaves some open when an answer is malformed
            sock.close()


def _opener(deadline: _Deadline):
    """An opener that follows at most ``MAX_REDIRECTS`` redirects, each to http(s),
    whose connections the deadline can shut."""
    import http.client
    import urllib.request

    def watched(base: type) -> type:
        class Connection(base):
            def connect(self) -> None:
                super().connect()
                deadline.watch(self.sock)

        return Connection

    plain, secure = watched(http.client.HTTPConnection), watched(http.client.HTTPSConnection)

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(plain, req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(secure, req, context=self._context)

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def http_error_302(self, req, fp, code, msg, headers):
            target = headers.get("Location") or headers.get("URI")
            if target:
                scheme = urlsplit(urljoin(req.full_url, target)).scheme
                if scheme not in ("http", "https"):
                    raise SourceError(f"the server redirects to a {scheme}: address; only http and https are followed")
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            check_url(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(HTTP, HTTPS, Redirects)


def fetch(url: str, *, timeout: float | None = None, limit: int = MAX_BYTES,
          types: tuple[str, ...] = HTML_TYPES, deadline: float | None = None) -> tuple[bytes, str]:
    """The page's bytes and its final URL (after redirects); ``types`` are the
    content types it may have, ``deadline`` the ``time.monotonic()`` by which it
    must have arrived (else the fetch limit from now)."""
    import http.client
    import socket
    import urllib.error
    import urllib.request

    check_url(url)
    most = current().fetch_seconds
    seconds = most if deadline is None else deadline - time.monotonic()
    late = f"the page did not arrive within {most:g} s (raise the limit with --limit fetch-seconds=N)"
    if seconds <= 0:
        raise SourceError(late)
    wait = min(TIMEOUT if timeout is None else timeout, seconds)
    request = urllib.request.Request(
        url, headers={"User-Agent": f"reportgen/{__version__}", "Accept": ", ".join(types)}
    )
    started = time.monotonic()
    with _Deadline(seconds) as watch:
        try:
            with _opener(watch).open(request, timeout=wait) as response:
                kind = response.headers.get_content_type()
                if kind not in types:
                    what = "a web page" if types == HTML_TYPES else "a picture"
                    raise SourceError(f"not {what} (the server sent {kind})")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise SourceError(f"the page is larger than {limit // (1024 * 1024)} MB")
                data = response.read(limit + 1)
                if watch.expired or time.monotonic() - started > seconds:
                    raise SourceError(late)
                if len(data) > limit:
                    raise SourceError(f"the page is larger than {limit // (1024 * 1024)} MB")
                if declared and declared.isdigit() and len(data) < int(declared):
                    raise SourceError(f"the page arrived cut short ({len(data):,} of the {int(declared):,} bytes "
                                      "the server announced)")
                return data, response.geturl()
        except SourceError:
            raise
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                raise SourceError(f"too many redirects (more than {MAX_REDIRECTS})") from None
            raise SourceError(f"the server answered {exc.code} {exc.reason}") from None
        except Exception as exc:
            if watch.expired:
                raise SourceError(late) from None
            if isinstance(exc, urllib.error.URLError):
                if isinstance(exc.reason, TimeoutError | socket.timeout):
                    raise SourceError(f"no answer within {wait:g} s") from None
                raise SourceError(f"cannot reach the server ({exc.reason})") from None
            if isinstance(exc, TimeoutError):
                raise SourceError(f"no answer within {wait:g} s") from None
            if isinstance(exc, http.client.HTTPException):
                raise SourceError(f"the server's answer is malformed ({type(exc).__name__}: {exc})") from None
            if isinstance(exc, ConnectionError | OSError):
                raise SourceError(f"the connection failed ({exc})") from None
            raise


def read_url(url: str):
    """The unenriched brief of the article at ``url``."""
    from . import web

    until = time.monotonic() + current().fetch_seconds  # the page and its pictures, all together
    data, final = fetch(url, deadline=until)
    if not data.strip():
        raise SourceError("the page is empty")
    return web.read(data, url=final, fetch=lambda src: fetch(src, types=PICTURE_TYPES, deadline=until)[0])


def output_stem(url: str) -> str:
    """A file name for a URL's outputs: its last path segment without extension."""
    parts = urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    stem = segment.rsplit(".", 1)[0] if "." in segment else segment
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")
    return safe or (parts.hostname or "page").replace(".", "-")
