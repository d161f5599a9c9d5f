"""URL sources against a small HTTP server started on 127.0.0.1 by the test."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SOURCES

from reportgen import api
from reportgen.cli import main
from reportgen.errors import SourceError
from reportgen.readers import fetch

PAGE = (SOURCES / "regional-rail-electrification.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def do_GET(self) -> None:
        routes = {
            "/news/story.html": (200, "text/html; charset=utf-8", PAGE),
            "/old": (301, None, b""),
            "/loop": (302, None, b""),
            "/image.png": (200, "image/png", b"\x89PNG\r\n"),
            "/huge.html": (200, "text/html", b"<p>" + b"x" * (2 * 1024 * 1024)),
        }
        if self.path == "/slow.html":
            time.sleep(3)
        if self.path in ("/trickle.html", "/to-file", "/short.html", "/headers.html"):
            return self.hostile()
        code, kind, body = routes.get(self.path, (404, "text/html", b"gone"))
        self.send_response(code)
        if code in (301, 302):
            self.send_header("Location", "/news/story.html" if self.path == "/old" else "/loop")
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


    def hostile(self) -> None:
        self.send_response(302 if self.path == "/to-file" else 200)
        self.send_header("Content-Type", "text/html")
        if self.path == "/to-file":
            self.send_header("Location", "file:///etc/passwd")
        if self.path == "/short.html":
            self.send_header("Content-Length", "5000")
        for n in range(150 if self.path == "/headers.html" else 0):
            self.send_header(f"X-Header-{n}", "x")
        self.end_headers()
        if self.path == "/short.html":
            self.wfile.write(b"<html><body><p>Cut")
        while self.path == "/trickle.html":  # a byte a second, for as long as anyone reads
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(1)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the timeout test hangs up on purpose


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()  # else its socket is collected later, as an error of whichever test runs then


def test_a_page_becomes_a_brief(server) -> None:
    brief = api.read(f"{server}/news/story.html")
    assert brief.meta.title == "Overhead Wires Return to Regional Lines"
    assert brief.meta.url == f"{server}/news/story.html"  # where it was read from


def test_a_redirect_is_followed(server) -> None:
    assert api.read(f"{server}/old").meta.title == "Overhead Wires Return to Regional Lines"


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "404"), ("/image.png", "image/png"), ("/loop", "too many redirects")],
)
def test_failures_are_one_line(server, path: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        api.read(server + path)


def test_oversized_page(server) -> None:
    with pytest.raises(SourceError, match="larger than 1 MB"):
        fetch.fetch(f"{server}/huge.html", limit=1024 * 1024)


def test_a_server_that_never_answers(server) -> None:
    with pytest.raises(SourceError, match=r"no answer within 0\.5 s"):
        fetch.fetch(f"{server}/slow.html", timeout=0.5)


@pytest.mark.parametrize("url", ["ftp://example.org/a.html", "file:///etc/passwd"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(SourceError, match="only http and https"):
        fetch.fetch(url)


def test_build_names_outputs_from_the_url(server, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["build", f"{server}/news/story.html", f"{server}/missing", "-o", str(out), "-f", "json"])
    _, err = capsys.readouterr()
    assert code == 1
    assert (out / "story.json").is_file()
    assert err.strip() == f"error: {server}/missing: the server answered 404 Not Found"


def test_output_stems() -> None:
    assert fetch.output_stem("https://a.example/news/story.html?x=1") == "story"
    assert fetch.output_stem("https://a.example/") == "a-example"
    assert fetch.output_stem("https://a.example/2025/09/rail-plan/") == "rail-plan"


@pytest.mark.parametrize(
    ("path", "message"),
    [("/to-file", "redirects to a file: address; only http and https are followed"),
     ("/short.html", "cut short (18 of the 5,000 bytes"),
     ("/headers.html", "the server's answer is malformed")],
)
def test_hostile_servers_are_one_line(server, path: str, message: str) -> None:
    with pytest.raises(SourceError, match=re.escape(message)):
        api.read(server + path)


def test_a_server_sending_a_byte_a_second_meets_the_deadline(server, tmp_path: Path, capsys) -> None:
    started = time.monotonic()
    code = main(["build", f"{server}/trickle.html", "-o", str(tmp_path), "-f", "json", "--limit", "fetch-seconds=2"])
    took = time.monotonic() - started
    _, err = capsys.readouterr()
    assert code == 1 and took < 15
    assert err == (f"error: {server}/trickle.html: the page did not arrive within 2 s "
                   "(raise the limit with --limit fetch-seconds=N)\n")
