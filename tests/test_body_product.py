"""The page of one declared product (``body_product``): its customers' reviews are left out, as an
article's comments are; other pages, and words that only look like "review", keep their text."""

from __future__ import annotations

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata
from newsscraper.extraction.trace import Trace

DESCRIPTION = (
    "A light day pack for trail walks, with a padded back panel, two side pockets for bottles and "
    "a rain cover that folds into its own pouch under the lid."
)
REVIEWS = (
    "I carried this pack on a week of hill walks and it never rubbed, even on the long climbs, and "
    "the side pockets held a litre bottle each without letting them slip out on the descents.",
    "The rain cover saved my lunch on a wet ridge in October; it took a minute to pull over the "
    "pack and stayed put in a strong wind all afternoon until we were back at the car park.",
    "Roomy enough for a full day with a flask, a jacket and a camera, though I wish the hip belt "
    "had a small zipped pocket for keys and a phone so I would not need to open the lid.",
    "After two summers the fabric still looks new and the zips run smoothly; the only wear is a "
    "little fraying on one shoulder strap where it rubs against my jacket's hood toggles.",
)


def shop_page(
    types: str, reviews_class: str = "product-reviews", reviews_id: str = "reviews", wrapper: str = "product"
) -> str:
    """A product page: title, price, a short description, and a reviews widget whose prose
    outweighs the description."""
    ld = "".join(f'<script type="application/ld+json">{{"@type": "{t}"}}</script>' for t in types.split())
    reviews = "".join(
        f'<div class="{reviews_class}__item"><h3>Reviewer {i}</h3><p>{text}</p></div>'
        for i, text in enumerate(REVIEWS)
    )
    return (
        f'<html><head>{ld}</head><body><div class="{wrapper}"><h1>Trail Pack 25</h1>'
        '<div class="buy-box"><span class="price">$99.00</span></div>'
        f'<section class="description"><p>{DESCRIPTION}</p></section>'
        f'<section class="{reviews_class}" id="{reviews_id}"><h2>Customer Reviews</h2>{reviews}</section>'
        "</div></body></html>"
    )


def body(html: str, trace: Trace | None = None) -> str:
    tree = parse_html(html).tree
    assert tree is not None
    result = extract_body(
        tree, "https://shop.example/p/trail-pack", PageMetadata(headline="Trail Pack 25"), trace
    )
    return "\n".join(result.paragraphs)


def test_a_declared_products_reviews_are_left_out() -> None:
    trace = Trace()
    text = body(shop_page("Product"), trace)
    assert DESCRIPTION in text
    assert not any(review[:40] in text for review in REVIEWS)
    assert any(d.rule == "product-reviews" for d in trace.decisions)


def test_reviews_are_kept_where_the_page_is_not_one_product() -> None:
    # no product declared, a product among a list's items, an article reviewing a product
    for types in ("WebPage", "Product ItemList", "Product Article"):
        text = body(shop_page(types))
        assert REVIEWS[0][:40] in text, types


def test_words_that_only_contain_review_do_not_drop() -> None:
    # a preview pane is no review, and a wrapper named for a reviews feature holds the product
    text = body(shop_page("Product", reviews_class="story-preview", reviews_id="reviewer-notes"))
    assert REVIEWS[0][:40] in text
    text = body(shop_page("Product", reviews_class="details", wrapper="product reviews-enabled"))
    assert DESCRIPTION in text


def priced_page(types: str) -> str:
    """A product page: its price tag above its description, then add-ons whose names are links
    and whose prices stand alone."""
    ld = "".join(f'<script type="application/ld+json">{{"@type": "{t}"}}</script>' for t in types.split())
    addons = "".join(
        f'<p><a href="/p/{i}">{name}</a></p><p>{price}</p>'
        for i, (name, price) in enumerate(
            (("Rain Cover", "$19.95"), ("Hip Belt", "$24.50"), ("Bottle", "€12,00"))
        )
    )
    return (
        f'<html><head>{ld}</head><body><div class="product"><h1>Trail Pack 25</h1>'
        f"<p>$99.00</p><p>{DESCRIPTION}</p><p>{REVIEWS[1]}</p><p>{REVIEWS[2]}</p>"
        f"<h2>Complete the kit</h2>{addons}</div></body></html>"
    )


def test_a_declared_products_own_price_is_kept_and_the_others_go() -> None:
    trace = Trace()
    text = body(priced_page("Product"), trace)
    assert "$99.00" in text and DESCRIPTION in text
    assert "$19.95" not in text and "$24.50" not in text and "€12,00" not in text
    assert any(d.rule == "product-price" for d in trace.decisions)


def test_price_tags_stay_where_the_page_is_not_one_product() -> None:
    text = body(priced_page("WebPage"))
    assert "$99.00" in text and "$19.95" in text
