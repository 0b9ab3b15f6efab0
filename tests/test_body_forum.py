"""A thread's pages (``body_forum``): a member's signature under each of their posts is left out
of the body, the posts are read; a declared article keeps a block so named."""

from __future__ import annotations

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata
from newsscraper.extraction.trace import Trace

POSTS = (
    "My sourdough starter stopped rising after I moved it to the cellar. It bubbles a little on "
    "the first day after feeding and then goes flat and smells of nail varnish. Any ideas?",
    "The cellar is probably too cold for it. Keep it somewhere around twenty degrees and feed it "
    "twice a day for a week; the smell means it is hungry, not dead.",
    "Agreed about the warmth. I also switch to a spoonful of rye flour in each feed when mine "
    "sulks, and it usually doubles again within a couple of days.",
    "Thanks both, it is on the kitchen shelf now and already looks livelier this morning.",
)
SIGNATURES = (
    "Baking since the winter of the big snow. Currently trying: rye, spelt and far too much cake.",
    "Oven: old gas range with a temper of its own. Flour: whatever the mill down the road sells.",
)


def thread_page(signature_class: str = "postsignature", ld_type: str = "DiscussionForumPosting") -> str:
    """A thread of four posts by two members, each post followed by its author's signature."""
    posts = "".join(
        f'<div class="post"><div class="postauthor">member{i % 2}</div>'
        f'<div class="postbody"><p>{text}</p></div>'
        f'<div class="{signature_class}"><p>{SIGNATURES[i % 2]}</p></div></div>'
        for i, text in enumerate(POSTS)
    )
    ld = f'<script type="application/ld+json">{{"@type": "{ld_type}"}}</script>'
    return (
        f"<html><head>{ld}</head><body><h1>Starter stopped rising</h1>"
        f'<div class="topic">{posts}</div></body></html>'
    )


def body(html: str, trace: Trace | None = None) -> str:
    tree = parse_html(html).tree
    assert tree is not None
    meta = PageMetadata(headline="Starter stopped rising")
    result = extract_body(tree, "https://forum.example/t/starter-stopped-rising/42", meta, trace)
    return "\n".join(result.paragraphs)


def test_a_members_signature_is_left_out_of_a_thread() -> None:
    trace = Trace()
    text = body(thread_page(), trace)
    assert all(post[:40] in text for post in POSTS)
    assert not any(signature[:30] in text for signature in SIGNATURES)
    assert any(d.rule == "forum-signature" and d.action == "drop" for d in trace.decisions)


def test_signature_classes_of_other_forum_software_are_read_as_signatures() -> None:
    for name in ("signature", "message-signature", "ipsSignature", "signature sig-1234"):
        text = body(thread_page(signature_class=name))
        assert POSTS[1][:40] in text, name
        assert SIGNATURES[0][:30] not in text, name


def test_a_declared_article_keeps_a_block_named_signature() -> None:
    # an essay's closing block, classed for its look: the page is an article, not a thread
    text = body(thread_page(ld_type="NewsArticle"))
    assert SIGNATURES[0][:30] in text
