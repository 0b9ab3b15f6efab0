"""``author-box``: the box of a credited author's name, role and bio after the article's text."""

from __future__ import annotations

from bench import ablation
from newsscraper import extract_article

PROSE = (
    "<p>The harbour board met on Tuesday evening to settle the question of the old ferry pier, "
    "which has stood empty since the storm of {n}. Members heard from residents and traders.</p>"
)
LEAD = (
    "<p>The pier's future has divided the town for a generation: traders want a market hall on it, "
    "residents want the view back, and the board has put off a decision at every meeting.</p>"
)
BIO = (
    "Mara Lindqvist covers the coast and its towns for the paper, from the ferries to the fish "
    "markets. She grew up on the islands and has reported from the harbour for eleven years."
)
BOX = (
    '<div class="writer"><img src="/m.jpg" alt=""><div><a href="/people/mara">{name}</a>'
    "<div>Staff Writer</div></div><p>{bio}</p></div>"
)
CREDIT = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "Pier plans", "author": {"@type": "Person", "name": "Mara Lindqvist"}}</script>'
)


def page(after: str) -> bytes:
    return (
        f"<html><head><title>Pier plans</title>{CREDIT}</head><body><main><h1>Pier plans</h1>"
        f"<div>{LEAD}<div>{''.join(PROSE.format(n=n) for n in range(1990, 1996))}</div>{after}</div>"
        "</main></body></html>"
    ).encode()


def body(html: bytes) -> str:
    return extract_article(html, url="https://example.org/pier").articleBody


def test_the_credited_authors_box_after_the_text_goes() -> None:
    html = page(BOX.format(name="Mara Lindqvist", bio=BIO))
    assert "Members heard" in body(html)
    assert "covers the coast" not in body(html)
    explained = extract_article(html, url="https://example.org/pier", explain=True)
    lines = [d.line() for d in explained.explain if d.rule == "author-box"]
    assert lines and "Mara Lindqvist" in lines[0]


def test_disabled_the_bio_comes_back() -> None:
    html = page(BOX.format(name="Mara Lindqvist", bio=BIO))
    rule = next(ab for ab in ablation.ablations() if ab.name == "author-box")
    with rule.disable():
        assert "covers the coast" in body(html)


def test_a_box_naming_someone_not_credited_stays() -> None:
    # a quoted expert's card, a subject's profile: the page does not credit them with the text
    assert "covers the coast" in body(page(BOX.format(name="Jon Berg", bio=BIO)))


def test_a_post_among_posts_under_the_authors_name_stays() -> None:
    # a thread: the writer answers under the same name box as every other member
    reply = "Reply {}: the pier could hold a market hall on weekdays and a dance floor on summer nights."
    replies = "".join(
        f'<div class="post">{BOX.format(name=name, bio=reply.format(i))}</div>'
        for i, name in enumerate(["Jon Berg", "Mara Lindqvist", "Ola Dahl"])
    )
    assert "Reply 1: the pier" in body(page(replies))
