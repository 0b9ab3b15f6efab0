"""Serve a site (``{path: Page}`` or a directory of files) over HTTP on a loopback port, in a thread.

Used by ``newsscraper crawl --demo``, the crawl tests' mock server and the crawl benchmark. Every
request is logged (:attr:`SiteServer.log`) so callers can check what a crawler fetched.
It speaks HTTP/1.1 with persistent connections, as real news sites do (RFC 9112 section 9.3): every
response carries ``Content-Length`` (errors, redirects and 404s too), so a client such as Scrapy's
HTTP/1.1 handler reuses its connections instead of opening one per request.
Routing: exact ``path?query`` first, then ``path`` alone (so tracking parameters reach the same page,
as on real sites), then the longest key ending in ``*`` that prefixes the path. A route is a
:class:`~newsscraper.demo.site.Page` or a callable ``(path_with_query) -> Page | None``.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from newsscraper.demo.site import ORIGIN, Page

Route = Page | Callable[[str], Page | None]
NOT_FOUND = Page(body=b"<html><body><h1>Not found</h1></body></html>", status=404)
IDLE_TIMEOUT = 120.0
"""Seconds a connection may sit idle (or one read/write may take) before its thread closes it."""
MAX_REQUEST_BODY = 1 << 20
"""Bytes of a request body read and discarded to keep the connection; a larger or chunked body
closes the connection after the response instead (the site only serves GET)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the server received."""

    path: str
    """Path with query, as sent."""
    user_agent: str
    time: float


def load_directory(root: Path) -> dict[str, Page]:
    """Return a route per file under ``root`` (``index.html`` also answers its folder's path)."""
    pages: dict[str, Page] = {}
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = "/" + file.relative_to(root).as_posix()
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        page = Page(body=file.read_bytes(), headers={"Content-Type": ctype})
        pages[rel] = page
        if file.name == "index.html":
            pages[rel[: -len("index.html")]] = page
    return pages


class SiteServer:
    """A threaded HTTP server for one site on ``host`` (a loopback address) and a free port."""

    def __init__(
        self,
        routes: Mapping[str, Route] | Path,
        host: str = "127.0.0.1",
        port: int = 0,
        on_hit: Callable[[Hit], None] | None = None,
    ):
        self.routes: dict[str, Route] = dict(load_directory(routes) if isinstance(routes, Path) else routes)
        self.log: list[Hit] = []
        self.on_hit = on_hit
        """Called (in the request's thread, under a lock) with every request, e.g. to log it to a file."""
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        """``http://host:port`` of the running server."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server."""
        return self.origin + path

    def start(self) -> Self:
        """Start serving in a daemon thread; return self."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def resolve(self, target: str) -> Page:
        """Return the page for a request target (``path?query``)."""
        path = urlsplit(target).path
        route = self.routes.get(target) or self.routes.get(path)
        if route is None:
            prefixes = [k for k in self.routes if k.endswith("*") and path.startswith(k[:-1])]
            route = self.routes[max(prefixes, key=len)] if prefixes else None
        page = route(target) if callable(route) else route
        return page or NOT_FOUND

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "newsscraper-demo/1"
            protocol_version = "HTTP/1.1"  # keep-alive unless the client asks to close or speaks 1.0
            timeout = IDLE_TIMEOUT

            def parse_request(self) -> bool:
                if not super().parse_request():
                    return False
                self._discard_request_body()
                return True

            def do_GET(self) -> None:
                hit = Hit(self.path, self.headers.get("User-Agent", ""), time.time())
                with server._lock:
                    server.log.append(hit)
                    if server.on_hit is not None:
                        server.on_hit(hit)
                page = server.resolve(self.path)
                origin = server.origin.encode()
                body = page.body.replace(ORIGIN.encode(), origin)
                if page.gzip:
                    body = gzip.compress(body, mtime=0)
                self.send_response(page.status)
                for key, value in page.headers.items():
                    self.send_header(key, value.replace(ORIGIN, server.origin))
                self.send_header("Content-Length", str(len(body)))
                if self.close_connection:  # an HTTP/1.0 client, `Connection: close` or an unread body
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def _discard_request_body(self) -> None:
                # A body left unread would be parsed as the next request on this connection.
                if "Transfer-Encoding" in self.headers:
                    self.close_connection = True
                    return
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                except ValueError:
                    length = -1
                if 0 <= length <= MAX_REQUEST_BODY:
                    self.rfile.read(length)
                else:
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass  # the request log is kept in server.log, not on stderr

        return Handler
