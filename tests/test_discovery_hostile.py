"""Sitemaps and feeds whose XML declares entities: hostile ones (billion laughs, an external file)
are never expanded, and no longer cost the entries after them; an RSS 0.91 feed's HTML entities
(``&eacute;``, declared by its DTD, which is never fetched) are read as the characters they name."""

from __future__ import annotations

from newsscraper.crawl.discovery import parse_feed, parse_sitemap, without_doctype

LAUGHS = '<!ENTITY a "ha">' + "".join(
    f'<!ENTITY {c} "{f"&{p};" * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)  # nine levels of ten: a billion "ha"s, were they expanded
DTD = f'<!DOCTYPE x [{LAUGHS}<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY q "]>">]>'


def test_feed_entries_after_a_billion_laughs_reference_are_read() -> None:
    feed = (
        f'<?xml version="1.0"?>{DTD}<rss version="2.0"><channel><title>&i;</title>'
        "<item><title>&xxe;</title><link>https://example.com/news/first</link></item>"
        "<item><title>Second</title><link>https://example.com/news/second</link></item>"
        "</channel></rss>"
    ).encode()
    urls = [e.url for e in parse_feed(feed)]
    assert urls == ["https://example.com/news/first", "https://example.com/news/second"]


def test_sitemap_entries_after_a_billion_laughs_reference_are_read() -> None:
    sitemap = (
        f'<?xml version="1.0"?>{DTD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.com/a</loc><lastmod>&i;</lastmod></url>"
        "<url><loc>https://example.com/b</loc></url></urlset>"
    ).encode()
    assert [e.url for e in parse_sitemap(sitemap)] == ["https://example.com/a", "https://example.com/b"]


def test_rss_091_html_entities_are_read_in_titles() -> None:
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<item><title>Caf&eacute; opens &ndash; at last</title><link>https://example.com/cafe</link>"
        b"</item></channel></rss>"
    )
    [entry] = parse_feed(feed)
    assert entry.hints["title"] == "Café opens – at last"


def test_only_the_doctype_is_taken_out() -> None:
    body = b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY q "]>"> <!ENTITY p \'>\'>]>\n<r>x</r>'
    assert without_doctype(body) == b'<?xml version="1.0"?>\n\n<r>x</r>'
    assert without_doctype(b"<r><![CDATA[<!DOCTYPE]]></r>") == b"<r><![CDATA[<!DOCTYPE]]></r>"
    # an apostrophe in a comment of the subset opened a quote that ran into the document
    commented = b"<!DOCTYPE r [<!-- the site's entities --><!ENTITY nbsp '&#160;'>]><rss><![CDATA[x]]></rss>"
    assert without_doctype(commented) == b"<rss><![CDATA[x]]></rss>"
