"""The bundled demo news site, served on loopback for ``newsscraper crawl --demo``, tests and benches.

``build_site(stories)`` gives the site as ``{path: Page}``; ``SiteServer(pages)`` serves it.
"""

from __future__ import annotations

from newsscraper.demo.server import SiteServer
from newsscraper.demo.site import Page, build_site, load_stories

__all__ = ["Page", "SiteServer", "build_site", "demo_server", "load_stories"]


def demo_server(host: str = "127.0.0.1", port: int = 0) -> SiteServer:
    """Return a (not yet started) server of the bundled demo site on ``port`` (0: a free one) of
    ``host``; ``OSError`` when the port is taken.

    The site gives what an incremental crawl (``--demo --state DIR``) uses to skip unchanged
    articles, as real news sites do: ``<lastmod>`` in its news sitemap, ``ETag`` and
    ``Last-Modified`` on article pages, and ``304 Not Modified`` answers to conditional requests
    (:func:`newsscraper.state.demo.build_versioned_site`,
    :class:`~newsscraper.state.demo.VersionedSiteServer`).
    """
    # Imported here: newsscraper.state.demo builds on this package's site and server modules.
    from newsscraper.state.demo import VersionedSiteServer, build_versioned_site

    return VersionedSiteServer(build_versioned_site(load_stories()), host=host, port=port)
