"""The declared kinds of a page: which schema.org ``@type`` / ``og:type`` names mean what.

One vocabulary for every reader of declared types (issue 14): the metadata's choice of the JSON-LD
node describing the page (``extraction/metadata/jsonld.py``), the extractor's article probability
(``extraction/body.py``) and the crawl's article filter (``pipelines/classify.py``, on the page's
``og_type`` / ``ld_types`` signals read by ``extraction/links.py``). Names are lower-cased local
names: the part after the last ``/`` of ``https://schema.org/NewsArticle`` or of a bare
``NewsArticle``.

Source: schema.org's ``Article`` subtree (``NewsArticle`` and its subtypes, ``BlogPosting``,
``LiveBlogPosting``, ``Report``, ``ScholarlyArticle``, ``TechArticle``, ``SocialMediaPosting``...)
and ``WebPage`` subtree (``CollectionPage``, ``ProfilePage``, ``SearchResultsPage``...); the Open
Graph protocol's ``og:type`` values (``article``, ``website``, ``profile``). Pure data: no imports
from any layer, so the pure and the crawling layers both read it.
"""

from __future__ import annotations

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "satiricalarticle",
        "blogposting", "liveblogposting", "socialmediaposting", "posting", "report", "scholarlyarticle",
        "medicalscholarlyarticle", "techarticle",
    }
)  # fmt: skip
"""Types that declare one article: schema.org's ``Article`` and its subtypes, and ``Posting`` (not
schema.org, but declared by CMSs for blog posts). Also ``og:type=article``'s value."""

WORK_TYPES = ARTICLE_TYPES | frozenset({"discussionforumposting", "review"})
"""Types of a JSON-LD node that describes the page's own text with a headline, author and date:
the articles, plus forum posts and reviews, whose metadata is read the same way although the page
is not an article (:data:`NOT_ARTICLE_TYPES`)."""

PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "profilepage"})
"""``WebPage`` types whose node can stand in for a missing article node when it holds a headline
or a date (some CMSs declare only the page)."""

LISTING_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "aboutpage", "contactpage", "faqpage"}
)
"""Types only listings, profiles and site pages declare: evidence against one article when no
article type is declared beside them. Not ``WebSite``/``WebPage``/``Person`` (article pages carry
them too: site search box, page wrapper, author), nor ``og:type=website`` (:data:`OG_SITE`)."""

OG_LISTING = frozenset({"profile"})
"""``og:type`` values of pages that are not one article (a person's or an author's page)."""

OG_SITE = "website"
"""``og:type=website``, Open Graph's default type: weak evidence against one article. Most sites put
it on home and section pages, some on every page (2 of the 119 aeb articles, with no article type
beside it). So it lowers the extractor's probability a little (``extraction/body.py``: WCXB page
kind, ``python -m bench.eval_wcxb``, tuning / checking half 0.784 / 0.790 with it, 0.755 / 0.769
without), and the crawl's article filter, which starts from that probability, does not count it
again: counted there as a listing type it drops those 2 aeb articles."""

NOT_ARTICLE_TYPES = frozenset(
    {
        "product", "productgroup", "offer", "aggregateoffer", "discussionforumposting", "qapage",
        "comment", "collectionpage", "itemlist", "searchresultspage", "softwareapplication", "course",
        "faqpage", "service",
    }
)  # fmt: skip
"""Types of pages that are not one article, declared anywhere on the page: products and offers,
forum threads and Q&A, collections and lists, software, courses, FAQs, services (each on >= 3 WCXB
tuning pages, almost never on an article page there without an article type beside it)."""

THREAD_TYPES = frozenset({"discussionforumposting"})
"""schema.org types of a discussion page, whose replies (named "comment", "reply") are its content:
declared on 31 of WCXB's 64 tuning forum pages and on none of its other pages. Not ``QAPage``:
the comments under a question and its answers are not the Q&A's text (they lost on 2 tuning sites)."""


def local_name(value: str) -> str:
    """The lower-cased local name of a declared type, as the sets above hold it.

    >>> local_name("https://schema.org/NewsArticle"), local_name(" BlogPosting ")
    ('newsarticle', 'blogposting')
    """
    return value.strip().rstrip("/").rsplit("/", 1)[-1].lower()
