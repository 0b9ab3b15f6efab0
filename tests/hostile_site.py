"""A hostile news site for the crawl tests: one endpoint per fault, each written byte by byte.

``tests/mockserver.py`` serves it (``hostile`` in its origins line, and ``hostile_robots``, its
robots.txt moved to another host); ``tests/test_crawl_traps.py`` crawls it once (its gzipped
sitemaps in a second, ``--no-follow`` crawl) and checks a bound per endpoint.
:class:`demo.SiteServer` always sends a correct ``Content-Length``, so the faults of the wire
(lengths that lie, broken chunks, headers or bodies that never end, bytes dripped slowly) are
written here raw, as Scrapy's own mock server does.

The faults, by the path that serves them (the home page links every one):

* ``/redirect/*`` — to ``file:``, ``data:``, ``ftp:``, the cloud metadata address, a private
  network, another host through a URL's user part, a protocol-relative offsite URL, a URL that does
  not parse, a TLS origin that speaks plain HTTP, a raw UTF-8 path, a ``Location`` padded with
  white space;
* ``/refresh/*`` — a ``<meta http-equiv=refresh>`` loop, a refresh to ``file:`` and to no URL;
* ``/facets/``, ``/grow/``, ``/cal``, ``/sess/``, ``/tags/`` — traps: facets adding a query key
  each hop, paths growing a new segment each hop, a calendar in the query, session ids in the
  path, a farm of links that all answer 404;
* ``/headers/*`` — headers that never end, one 1 MiB header line, 200 cookies of 1 KiB, headers dripped;
* ``/body/*`` — a body shorter than its ``Content-Length``, one longer (the rest read as the next
  response), a broken chunk size, chunks that never end, a body dripped;
* ``/type/*`` — a PDF served as ``text/html``, an article served as ``image/jpeg``;
* ``/busy/*`` — 503 and 429 with ``Retry-After`` of ``²``, ``-5``, 10^11 seconds, a date in the
  past;
* ``/sitemap-plain.xml.gz``, ``/sitemap-lying.xml.gz`` — gzipped sitemaps served as
  ``application/x-gzip``, the second with a gzip trailer that lies about its length (not linked:
  crawled as start URLs); :func:`huge_sitemap` — 120,000 URLs in one file, served at
  ``/sitemap-huge.xml.gz``; ``/sitemap-many.xml.gz`` — :data:`MANY_ENTRIES` pages that answer 404;
* ``/storm/*`` — pages that all answer 429 with ``Retry-After: 1`` (six listed by the lying sitemap);
* articles: a canonical ring and a ``file:`` canonical, a page under many tracking variants, a
  ``charset`` header the page's BOM contradicts, ``<base href>`` offsite, odd-scheme links.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from email.utils import formatdate
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import ClassVar
from urllib.parse import parse_qsl, urlsplit

Handler = Callable[["HostileHandler", str], None]
DRIP_SECONDS = 0.5
"""Pause between the bytes of a dripped response."""
ENDLESS_BYTES = 48 * 1024 * 1024
"""Bytes an endless header block or body sends before giving up (3x ``DOWNLOAD_MAXSIZE``)."""
TRACKING_VARIANTS = (
    "?utm_source=x", "?fbclid=1", "?gclid=2", "?mc_cid=3", "?_ga=4", "?ref=home", "?share=twitter",
    "?cmpid=rss", "?output=amp", "#comments",
)  # fmt: skip
STORIES = {
    "cafe-story": "Café reopens",
    "bom-story": "Bakery wins prize",
    "cl-shorter-story": "Library extends hours",
    "dup-story": "Ferry timetable changes",
    "canon-a": "Canonical ring",
    "canon-b": "Canonical ring",
    "canon-c": "Canonical ring",
    "canon-file": "Harbour lights",
    "session-story": "Allotments open",
    "cookie-story": "Tram line extended",
    "ok-story": "Market square paved",
    "continue-story": "Bridge opens",
    "te-story": "Pool reopens",
    "utf7-story": "Choir tours",
}


def article(title: str, subject: str, head: str = "") -> str:
    """An article page of ~250 words about ``subject``."""
    sentence = f"The town council met on Tuesday and talked about the {subject} for a long time. "
    paragraphs = "".join(f"<p>{sentence * 4}Speaker {i} said more about the {subject}.</p>" for i in range(4))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article">{head}</head><body><article><h1>{title}</h1>'
        f'<time datetime="2026-11-20T08:00:00Z">20 November 2026</time>{paragraphs}</article></body></html>'
    )


class HostileHandler(BaseHTTPRequestHandler):
    """Answers each request with the route whose key is the longest prefix of its path."""

    protocol_version = "HTTP/1.1"
    timeout = 30
    routes: ClassVar[dict[str, Handler]] = {}
    on_hit: Callable[[str, str], None] = staticmethod(lambda path, ua: None)

    def do_GET(self) -> None:
        type(self).on_hit(self.path, self.headers.get("User-Agent", ""))
        path = urlsplit(self.path).path
        keys = [k for k in self.routes if path == k or (k.endswith("*") and path.startswith(k[:-1]))]
        if not keys:
            return self.reply(b"<html><body><h1>Not found</h1></body></html>", status=404)
        try:
            self.routes[max(keys, key=len)](self, self.path)
        except OSError:  # the crawler hung up (a timeout, a size limit): the fault did its job
            self.close_connection = True

    def raw(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    def reply(
        self,
        body: bytes,
        status: int = 200,
        headers: list[tuple[str, str]] | None = None,
        ctype: str = "text/html; charset=utf-8",
        length: int | None = None,
    ) -> None:
        """Send a whole response; ``length`` overrides the true ``Content-Length``."""
        lines = [f"HTTP/1.1 {status} X", f"Content-Type: {ctype}", *(f"{k}: {v}" for k, v in headers or [])]
        lines.append(f"Content-Length: {len(body) if length is None else length}")
        self.raw(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _html(body: str) -> Handler:
    return lambda h, target: h.reply(body.encode())


def _redirect(location: bytes | str, status: int = 302) -> Handler:
    raw = location.encode("utf-8") if isinstance(location, str) else location
    return lambda h, target: h.raw(
        b"HTTP/1.1 %d Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % (status, raw)
    )


def _busy(status: int, retry_after: bytes) -> Handler:
    return lambda h, target: h.raw(
        b"HTTP/1.1 %d Busy\r\nRetry-After: %s\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbusy"
        % (status, retry_after)
    )


def _refresh(to: str) -> Handler:
    return _html(
        f'<html><head><meta http-equiv="refresh" content="0; url={to}"></head><body>moved</body></html>'
    )


def _facets(h: HostileHandler, target: str) -> None:
    """A shop's facets: every page links four more, each adding a query key of its own."""
    query = parse_qsl(urlsplit(target).query)
    n = len(query)
    links = "".join(
        f'<a href="/facets/?{"".join(f"{k}={v}&" for k, v in query)}f{n}x{i}=on">filter {i}</a> '
        for i in range(4)
    )
    h.reply(f"<html><body><h1>Products, {n} filters</h1>{links}</body></html>".encode())


def _grow(h: HostileHandler, target: str) -> None:
    """Every page links a page one segment deeper, each segment new."""
    path = urlsplit(target).path.rstrip("/")
    depth = path.count("/")
    h.reply(f'<html><body><a href="{path}/level{depth}x/">deeper</a></body></html>'.encode())


def _calendar(h: HostileHandler, target: str) -> None:
    """A calendar in the query: ``?day=N`` links the next and previous day, forever."""
    day = int(dict(parse_qsl(urlsplit(target).query)).get("day", "0") or 0)
    h.reply(
        f'<html><body><a href="/cal?day={day - 1}">prev</a> <a href="/cal?day={day + 1}">next</a>'.encode()
    )


_SESSIONS = count(1)


def _session(h: HostileHandler, target: str) -> None:
    """One story under a new session id in the path on every visit (ASP.NET cookieless style),
    linking itself under three more."""
    links = "".join(
        f'<a href="/sess/(S({next(_SESSIONS):08x}))/news/2026/session-story">again</a> ' for _ in range(3)
    )
    page = article(STORIES["session-story"], "allotment waiting list").replace(
        "</article>", f"</article>{links}"
    )
    h.reply(page.encode())


def _tags(h: HostileHandler, target: str) -> None:
    """A tag cloud of 300 tags; every tag page answers 404."""
    if urlsplit(target).path.rstrip("/") != "/tags":
        return h.reply(b"<html><body>no such tag</body></html>", status=404)
    links = "".join(f'<a href="/tags/topic-{i}/">topic {i}</a> ' for i in range(300))
    h.reply(f"<html><body><h1>Tags</h1>{links}</body></html>".encode())


def _endless_headers(h: HostileHandler, target: str) -> None:
    h.close_connection = True
    h.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    line = b"X-Pad: " + b"p" * 120 + b"\r\n"
    block = line * 512
    for _ in range(ENDLESS_BYTES // len(block)):
        h.raw(block)


def _long_header(h: HostileHandler, target: str) -> None:
    h.close_connection = True
    h.raw(b"HTTP/1.1 200 OK\r\nX-Long: " + b"L" * (1 << 20) + b"\r\nContent-Length: 2\r\n\r\nhi")


def _cookies(h: HostileHandler, target: str) -> None:
    cookies = [("Set-Cookie", f"c{i}={'v' * 1000}; Path=/") for i in range(200)]
    h.reply(article(STORIES["cookie-story"], "tram line").encode(), headers=cookies)


def _drip(head: bytes) -> Handler:
    def route(h: HostileHandler, target: str) -> None:
        h.close_connection = True
        h.raw(head)
        for _ in range(600):
            time.sleep(DRIP_SECONDS)
            h.raw(b"x")

    return route


def _cl_longer(h: HostileHandler, target: str) -> None:
    h.close_connection = True
    h.reply(article("Cut short", "cut").encode()[:3000], length=100_000)


def _cl_shorter(h: HostileHandler, target: str) -> None:
    # the page, then bytes its Content-Length does not cover: a client that reads them as the
    # next response on this connection gets garbage for another page
    body = article(STORIES["cl-shorter-story"], "library hours").encode()
    h.reply(body + b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nGARBAGE" * 3, length=len(body))


def _chunked_bad(h: HostileHandler, target: str) -> None:
    h.close_connection = True
    h.raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\n<html\r\nzz\r\n"
    )


def _chunked_endless(h: HostileHandler, target: str) -> None:
    h.close_connection = True
    h.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65536, b"<p>" + b"a" * 65533)
    for _ in range(ENDLESS_BYTES // 65536):
        h.raw(chunk)


HUGE_ENTRIES = 120_000
"""URLs in the huge sitemap: over the protocol's 50,000 per file."""
STORM_PAGES = 6
"""Pages of the 429 storm."""
PLAIN_LISTED = ("news/2026/ok-story", "news/2026/cookie-story")
STORM_LISTED = tuple(f"storm/news/2026/story-{i}" for i in range(STORM_PAGES))
LYING_LISTED = ("news/2026/bom-story", "news/2026/cl-shorter-story", *STORM_LISTED)
"""The pages the two small gzipped sitemaps list."""


def sitemap_gz(urls: list[str], lie: bool) -> bytes:
    """A gzipped sitemap of ``urls``; ``lie``: its gzip trailer says it inflates to 1 KiB."""
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    doc = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
    packed = gzip.compress(doc.encode(), compresslevel=6, mtime=0)
    return packed[:-4] + (1024).to_bytes(4, "little") if lie else packed


@cache
def huge_sitemap() -> bytes:
    """:data:`HUGE_ENTRIES` URLs, gzipped, the trailer lying."""
    return sitemap_gz([f"/news/2026/listed-{i}" for i in range(HUGE_ENTRIES)], lie=True)


MANY_ENTRIES = 700
"""URLs in ``/sitemap-many.xml.gz``: many more than ``CONCURRENT_ITEMS`` and the scheduler's first
pulls, so a request lost while the entries are consumed would show."""


@cache
def many_sitemap() -> bytes:
    """:data:`MANY_ENTRIES` URLs of pages that answer 404, gzipped."""
    return sitemap_gz([f"/news/2026/many-{i}" for i in range(MANY_ENTRIES)], lie=False)


def _sitemap(listed: tuple[str, ...], lie: bool) -> Handler:
    def route(h: HostileHandler, target: str) -> None:
        me = "http://{}:{}".format(*h.server.server_address[:2])
        body = sitemap_gz([f"{me}/{path}" for path in listed], lie)
        h.reply(body, ctype="application/x-gzip")  # as servers send .xml.gz: no Content-Encoding

    return route


def _raw(head: bytes, body: bytes = b"") -> Handler:
    def route(h: HostileHandler, target: str) -> None:
        h.close_connection = True
        h.raw(head + body)

    return route


def _canonical(slug: str, to: str) -> Handler:
    return _html(article(STORIES[slug], "canonical ring", f'<link rel="canonical" href="{to}">'))


def routes(offsite: str) -> dict[str, Handler]:
    """The hostile site's routes; ``offsite`` is a listener the crawl must never reach."""

    def origin(h: HostileHandler) -> str:
        host, port = h.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def home(h: HostileHandler, target: str) -> None:
        me = origin(h)
        port = me.rsplit(":", 1)[1]
        off_host, off_port = offsite.rsplit(":", 1)[0].split("//")[1], offsite.rsplit(":", 1)[1]
        links = [f"/{p}" for p in (
            "redirect/file", "redirect/data", "redirect/ftp", "redirect/metadata", "redirect/private",
            "redirect/userinfo", "redirect/protocol-relative", "redirect/bad-location", "redirect/tls",
            "redirect/utf8", "redirect/spaced", "refresh/a", "refresh/file", "refresh/bad",
            "facets/", "grow/",
            "cal?day=1", "sess/(S(00000000))/news/2026/session-story", "tags/", "headers/endless",
            "headers/long", "headers/drip", "news/2026/cookie-story", "body/cl-longer",
            "news/2026/cl-shorter-story", "body/chunked-bad", "body/chunked-endless", "body/drip",
            "type/pdf-as-html", "type/html-as-image", "busy/superscript", "busy/negative", "busy/huge",
            "busy/past", "private/secret", "news/2026/bom-story", "news/2026/canon-a", "news/2026/canon-file",
            "based/", "news/2026/ok-story", "news/2026/continue-story", "status/none", "status/999",
            "status/two-lengths", "news/2026/te-story", "status/negative-length", "news/2026/utf7-story",
        )]  # fmt: skip
        links += [f"/news/2026/dup-story{v}" for v in TRACKING_VARIANTS]
        links += [
            "tel:+15550100", "vbscript:msgbox(1)", "java\tscript:alert(1)", " JAVASCRIPT:alert(1)",
            "data:text/html;base64,PGgxPng8L2gxPg==", f"http://127.0.0.1:{port}@{off_host}:{off_port}/userinfo",
            f"http://{off_host}:{off_port}\\@127.0.0.1:{port}/backslash",
            f"//{off_host}:{off_port}/protocol-relative",
            f"http://0x7f.0.0.2:{off_port}/hex", f"http://2130706434:{off_port}/decimal",
            f"http://[::ffff:127.0.0.2]:{off_port}/mapped", f"http://127.1:{port}/short",
            "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd",
        ]  # fmt: skip
        items = "".join(f'<li><a href="{link}">case</a></li>' for link in links)
        h.reply(
            f"<html><head><title>Hostile town</title></head><body><ul>{items}</ul></body></html>".encode()
        )

    def tls(h: HostileHandler, target: str) -> None:
        _redirect(f"https://{origin(h).split('//')[1]}/news/2026/ok-story")(h, target)

    def userinfo(h: HostileHandler, target: str) -> None:
        _redirect(f"http://{origin(h).split('//')[1]}@{offsite.split('//')[1]}/stolen")(h, target)

    def based(h: HostileHandler, target: str) -> None:
        h.reply(
            f'<html><head><base href="{offsite}/"></head><body><a href="news/2026/based-story">x</a>'
            '<a href="/news/2026/based-root">y</a></body></html>'.encode()
        )

    story = {
        f"/news/2026/{slug}": _html(article(title, slug.replace("-", " "))) for slug, title in STORIES.items()
    }
    past = formatdate(time.time() - 86400 * 365, usegmt=True).encode()
    return {
        **story,
        "/": home,
        "/robots.txt": lambda h, t: h.reply(
            b"User-agent: *\nCrawl-delay: 86400\nDisallow: /private/\n", ctype="text/plain"
        ),
        "/redirect/file": _redirect("file:///etc/passwd"),
        "/redirect/data": _redirect("data:text/html,<h1>x</h1>"),
        "/redirect/ftp": _redirect("ftp://127.0.0.1/pub/"),
        "/redirect/metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
        "/redirect/private": _redirect("http://10.1.2.3/admin"),
        "/redirect/userinfo": userinfo,
        "/redirect/protocol-relative": _redirect(f"//{offsite.split('//')[1]}/protocol-relative"),
        "/redirect/bad-location": _redirect("http://[::1/x"),
        "/redirect/tls": tls,
        "/redirect/utf8": _redirect("/news/2026/café-story".encode()),
        "/news/2026/caf%C3%A9-story": _html(article(STORIES["cafe-story"], "café terrace")),
        "/redirect/spaced": _redirect(b" \t/news/2026/ok-story \t"),
        "/refresh/a": _refresh("/refresh/b"),
        "/refresh/b": _refresh("/refresh/a"),
        "/refresh/file": _refresh("file:///etc/passwd"),
        "/refresh/bad": _refresh("http://[::1/x"),
        "/facets/*": _facets,
        "/grow/*": _grow,
        "/cal": _calendar,
        "/sess/*": _session,
        "/tags/*": _tags,
        "/headers/endless": _endless_headers,
        "/headers/long": _long_header,
        "/headers/drip": _drip(b"HTTP/1.1 200 OK\r\nX-Slow: "),
        "/news/2026/cookie-story": _cookies,
        "/body/cl-longer": _cl_longer,
        "/news/2026/cl-shorter-story": _cl_shorter,
        "/body/chunked-bad": _chunked_bad,
        "/body/chunked-endless": _chunked_endless,
        "/body/drip": _drip(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>"
        ),
        "/type/pdf-as-html": lambda h, t: h.reply(b"%PDF-1.4\n" + bytes(range(256)) * 16),
        "/type/html-as-image": lambda h, t: h.reply(
            article("Image story", "image").encode(), ctype="image/jpeg"
        ),
        "/busy/superscript": _busy(503, "²".encode("latin-1")),
        "/busy/negative": _busy(503, b"-5"),
        "/busy/huge": _busy(429, b"99999999999"),
        "/busy/past": _busy(503, past),
        "/news/2026/bom-story": lambda h, t: h.reply(
            "\ufeff".encode() + article(STORIES["bom-story"], "Café crème prize").encode(),
            ctype="text/html; charset=iso-8859-1",
        ),
        "/news/2026/canon-a": _canonical("canon-a", "/news/2026/canon-b"),
        "/news/2026/canon-b": _canonical("canon-b", "/news/2026/canon-c"),
        "/news/2026/canon-c": _canonical("canon-c", "/news/2026/canon-a"),
        "/news/2026/canon-file": lambda h, t: h.reply(
            article(
                STORIES["canon-file"], "harbour lights", '<link rel="canonical" href="file:///etc/passwd">'
            ).encode()
        ),
        "/based/": based,
        # status lines and framing: a 100 Continue before the answer, no status line at all
        # (HTTP/0.9), LinkedIn's 999, two Content-Lengths that disagree, Content-Length and chunked
        # together (chunked wins, RFC 9112 6.3), a negative Content-Length, a page labelled UTF-7
        "/news/2026/continue-story": _raw(
            b"HTTP/1.1 100 Continue\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
            % len(article(STORIES["continue-story"], "bridge").encode()),
            article(STORIES["continue-story"], "bridge").encode(),
        ),
        "/status/none": _raw(b"<html><body><h1>No status line</h1></body></html>"),
        "/status/999": _raw(b"HTTP/1.1 999 Request denied\r\nContent-Length: 2\r\n\r\nno"),
        "/status/two-lengths": _raw(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\n"
            + b"<p>" * 20
        ),
        "/news/2026/te-story": _raw(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
            b"%x\r\n%s\r\n0\r\n\r\n"
            % (
                len(article(STORIES["te-story"], "pool").encode()),
                article(STORIES["te-story"], "pool").encode(),
            ),
        ),
        "/status/negative-length": _raw(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n<html>"),
        "/news/2026/utf7-story": lambda h, t: h.reply(
            article(STORIES["utf7-story"], "choir tour")
            .replace("</article>", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-</article>")
            .replace('<meta charset="utf-8">', "")
            .encode(),
            ctype="text/html; charset=utf-7",
        ),
        "/sitemap-plain.xml.gz": _sitemap(PLAIN_LISTED, lie=False),
        "/sitemap-lying.xml.gz": _sitemap(LYING_LISTED, lie=True),
        "/sitemap-huge.xml.gz": lambda h, t: h.reply(huge_sitemap(), ctype="application/x-gzip"),
        "/sitemap-many.xml.gz": lambda h, t: h.reply(many_sitemap(), ctype="application/x-gzip"),
        "/storm/*": _busy(429, b"1"),
    }


class HostileServer:
    """The hostile site on ``host`` and a free port, in a thread."""

    def __init__(
        self,
        offsite: str,
        host: str = "127.0.0.1",
        on_hit: Callable[[str, str], None] | None = None,
        robots_to: str | None = None,
    ):
        """``robots_to``: the URL this site's ``/robots.txt`` redirects to (301)."""
        table = routes(offsite)
        if robots_to:
            table["/robots.txt"] = _redirect(robots_to, 301)
        handler = type("Handler", (HostileHandler,), {"routes": table})
        if on_hit is not None:
            handler.on_hit = staticmethod(on_hit)  # type: ignore[method-assign]
        self._httpd = ThreadingHTTPServer((host, 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> HostileServer:
        self._thread.start()
        return self
