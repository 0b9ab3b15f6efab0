"""Mock news sites for the crawl tests and bench, run in a subprocess: ``python tests/mockserver.py LOG``.

Serves, each on its own random loopback port, and prints their origins as one JSON line:

* ``site`` — the fixture news site (``fixtures/site/stories``) plus fault pages: a flaky article
  (503 + Retry-After, then 200), redirects and a redirect loop, an endless calendar, binary, empty
  and gzip-bomb pages (with and without ``Content-Encoding``), a print duplicate, links with
  tracking parameters, and links / a redirect to the two listeners below;
* ``offsite`` — a listener on 127.0.0.2 and ``otherport`` — one on 127.0.0.1, another port: a crawl of
  ``site`` must never reach them;
* ``robots503`` — a site whose robots.txt answers 503; ``robots_down`` — an origin nobody listens on;
* ``hostile`` — one endpoint per hostile fault, written raw (``tests/hostile_site.py``);
  ``hostile_robots`` — the same site, its robots.txt a 301 to ``robots_cdn``'s, on 127.0.0.2, whose
  rules disallow ``/private/``.

Every request is appended to the JSON Lines file ``LOG`` (``server``, ``path``, ``ua``).
"""

from __future__ import annotations

import gzip
import json
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsscraper.demo.server import Hit, SiteServer  # noqa: E402
from newsscraper.demo.site import ORIGIN, Page, article_path, build_site, load_stories  # noqa: E402
from tests.hostile_site import HostileServer  # noqa: E402

STORIES = ROOT / "fixtures" / "site" / "stories"
FLAKY = "night-buses-return"
PRIVATE_SECTION = "private"
BOMB_BYTES = 64 * 1024 * 1024  # 4x DOWNLOAD_MAXSIZE; compresses to ~64 KB
ROBOTS = "User-agent: *\nDisallow: /private/\nDisallow: /login/\n"
TRAP_PREFIX = "/events/calendar/"


def expected_stories() -> list[dict[str, object]]:
    """The stories a correct crawl writes: all but the robots-disallowed one."""
    return [dict(s) for s in load_stories(STORIES) if s["section"] != PRIVATE_SECTION]


def _calendar(target: str) -> Page:
    """An endless calendar: every month links the previous and the next one."""
    parts = [p for p in target.split("?")[0][len(TRAP_PREFIX) :].split("/") if p]
    try:
        year, month = int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        year, month = 2026, 11
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    body = (
        f"<html><head><title>Events {year}-{month:02d}</title></head>"
        f"<body><h1>Events in {year}-{month:02d}</h1>"
        "<p>No events this month.</p>"
        f'<a href="{ORIGIN}{TRAP_PREFIX}{prev_y}/{prev_m:02d}/">previous</a> '
        f'<a href="{ORIGIN}{TRAP_PREFIX}{next_y}/{next_m:02d}/">next</a></body></html>'
    )
    return Page(body=body.encode())


_REQUEST = threading.local()
"""The request being answered in this handler thread (``on_hit`` sets its User-Agent)."""


def _flaky(page: Page) -> object:
    # 503 on the first request of each User-Agent: crawls in other tests (each with its own UA)
    # share this server and must not use up the one failure the full crawl is checked on.
    seen: set[str] = set()
    lock = threading.Lock()

    def route(target: str) -> Page:
        ua = getattr(_REQUEST, "user_agent", "")
        with lock:
            first = ua not in seen
            seen.add(ua)
        if first:
            return Page(body=b"busy", status=503, headers={"Retry-After": "1", "Content-Type": "text/plain"})
        return page

    return route


def _redirect(to: str, status: int = 301) -> Page:
    return Page(body=b"", status=status, headers={"Location": to, "Content-Type": "text/html"})


def fixture_site(offsite: str, otherport: str) -> dict[str, object]:
    """Return the routes of the fixture site (origins of the two must-not-reach listeners given)."""
    stories = load_stories(STORIES)
    pages: dict[str, object] = dict(build_site(stories, name="The Fixture Times", robots=ROBOTS))
    by_slug = {s["slug"]: s for s in stories}
    flaky_path = article_path(by_slug[FLAKY])
    pages[flaky_path] = _flaky(pages[flaky_path])  # type: ignore[arg-type]
    rail = article_path(by_slug["rail-strike-talks-resume"])
    school = article_path(by_slug["school-meals-local-farms"])
    museum = article_path(by_slug["museum-returns-manuscripts"])
    pages["/go/rail-strike"] = _redirect(f"{ORIGIN}{rail}?utm_source=go&fbclid=abc")
    pages["/loop/a"] = _redirect(f"{ORIGIN}/loop/b", 302)
    pages["/loop/b"] = _redirect(f"{ORIGIN}/loop/a", 302)
    pages["/out/redirect"] = _redirect(f"{offsite}/stolen-by-redirect", 302)
    pages[TRAP_PREFIX + "*"] = _calendar
    pages["/print" + school] = pages[school]  # same page, same canonical: a duplicate
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    pages["/files/report.pdf"] = Page(
        body=b"%PDF-1.4\n" + bytes(range(256)) * 8, headers={"Content-Type": "application/pdf"}
    )
    pages["/binary.html"] = Page(body=png, headers={"Content-Type": "text/html"})
    pages["/empty.html"] = Page(body=b"", headers={"Content-Type": "text/html"})
    bomb = gzip.compress(b"\0" * BOMB_BYTES, compresslevel=9)
    pages["/bomb.html"] = Page(body=bomb, headers={"Content-Type": "text/html"})
    pages["/bomb-ce.html"] = Page(
        body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    pages["/sitemap-bomb.xml.gz"] = Page(body=bomb, headers={"Content-Type": "application/x-gzip"})
    index = pages["/sitemap.xml"]
    assert isinstance(index, Page)
    pages["/sitemap.xml"] = Page(
        body=index.body.replace(
            b"</sitemapindex>",
            f"<sitemap><loc>{ORIGIN}/sitemap-bomb.xml.gz</loc></sitemap></sitemapindex>".encode(),
        ),
        headers=index.headers,
    )
    links = [
        "/go/rail-strike", "/loop/a", f"{TRAP_PREFIX}2026/11/", "/files/report.pdf", "/binary.html",
        "/empty.html", "/bomb.html", "/bomb-ce.html", "/out/redirect", "/print" + school,
        f"{museum}?utm_source=twitter&utm_medium=social", f"{museum}?fbclid=IwAR0abc", f"{museum}#comments",
        f"{school};jsessionid=ABC123", f"{school}?sid=9f8e7d",
    ]  # fmt: skip
    extra = "".join(f'<li><a href="{ORIGIN}{link}">more</a></li>' for link in links)
    extra += (
        f'<li><a href="{offsite}/world/">partner site</a></li><li><a href="{otherport}/">admin</a></li>'
        '<li><a href="mailto:desk@fixture.invalid">mail</a></li><li><a href="ftp://127.0.0.1/pub/">ftp</a></li>'
        '<li><a href="file:///etc/passwd">file</a></li><li><a href="javascript:void(0)">js</a></li>'
        '<li><a href="http://169.254.169.254/latest/meta-data/">metadata</a></li>'
    )
    home = pages["/"]
    assert isinstance(home, Page)
    pages["/"] = Page(body=home.body.replace(b"</main>", f'<ul class="more">{extra}</ul></main>'.encode()))
    return pages


def _logger(name: str, log: Path) -> Callable[[Hit], None]:
    def on_hit(hit: Hit) -> None:  # called under the server's lock, in the handler's thread
        _REQUEST.user_agent = hit.user_agent
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"server": name, "path": hit.path, "ua": hit.user_agent}) + "\n")

    return on_hit


def _hostile_logger(name: str, log: Path) -> Callable[[str, str], None]:
    lock = threading.Lock()

    def on_hit(path: str, ua: str) -> None:
        with lock, open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"server": name, "path": path, "ua": ua}) + "\n")

    return on_hit


def _serve(name: str, routes: dict[str, object], host: str, log: Path) -> SiteServer:
    return SiteServer(routes, host=host, on_hit=_logger(name, log)).start()  # type: ignore[arg-type]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(log: Path) -> None:
    catch_all: dict[str, object] = {"/*": Page(body=b"<html><body>you should not be here</body></html>")}
    offsite = _serve("offsite", catch_all, "127.0.0.2", log)
    otherport = _serve("otherport", catch_all, "127.0.0.1", log)
    site = _serve("site", fixture_site(offsite.origin, otherport.origin), "127.0.0.1", log)
    robots503 = dict(build_site(load_stories(STORIES)))
    robots503["/robots.txt"] = Page(body=b"down", status=503, headers={"Content-Type": "text/plain"})
    r503 = _serve("robots503", robots503, "127.0.0.1", log)
    hostile = HostileServer(offsite.origin, on_hit=_hostile_logger("hostile", log)).start()
    robots = Page(body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    robots_cdn = _serve("robots_cdn", {"/robots.txt": robots}, "127.0.0.2", log)
    robots_to = f"{robots_cdn.origin}/robots.txt"
    hostile_robots = HostileServer(
        offsite.origin, on_hit=_hostile_logger("hostile_robots", log), robots_to=robots_to
    )
    origins = {
        "site": site.origin,
        "offsite": offsite.origin,
        "otherport": otherport.origin,
        "robots503": r503.origin,
        "robots_down": f"http://127.0.0.1:{_closed_port()}",
        "hostile": hostile.origin,
        "hostile_robots": hostile_robots.start().origin,
        "robots_cdn": robots_cdn.origin,
    }
    print(json.dumps(origins), flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin (or kills us)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
