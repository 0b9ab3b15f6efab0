"""A quote repeating a block the body already holds (a reply quoting a post of the same thread, a
pull quote) is read once: the quoted copy goes (``body_repeats.drop_quoted_repeats``), except on a page
declaring an article."""

from __future__ import annotations

from pathlib import Path

from newsscraper import extract_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "repeats"
URL = "https://forum.example.org/t/which-glaze/42"


def _paragraphs(name: str) -> list[str]:
    raw = (FIXTURES / name).read_bytes()
    body = extract_article(raw, url=URL).articleBody or ""
    return [p for p in body.split("\n\n") if p]


def test_a_reply_quoting_a_post_keeps_the_post_once() -> None:
    paragraphs = _paragraphs("quoted_replies_thread.html")
    question = "Has anyone here tested shino glazes against plain ash glazes in the back of the chamber?"
    answer = (
        "Shino held up well for us at the back, but the ash glazes ran badly near the firebox where the "
        "heat peaks on the third night."
    )
    assert paragraphs.count(question) == 1
    assert paragraphs.count(answer) == 1
    # the replies' own words stay
    assert any(p.startswith("Thank you, that matches what our teacher said.") for p in paragraphs)


def test_a_repeat_outside_quotes_is_kept() -> None:
    # two equal paragraphs, neither quoted: nothing says one is a copy (a manual repeats its notes)
    paragraphs = _paragraphs("quoted_replies_thread.html")
    note = (
        "Remember to log the cone packs on every shelf. A note on paper beats memory after a long firing "
        "with little sleep."
    )
    assert paragraphs.count(note) == 2


def test_a_pull_quote_goes_and_the_paragraph_it_repeats_stays_in_place() -> None:
    paragraphs = _paragraphs("pull_quote_article.html")
    line = "Our grandparents crossed here every morning, and now our children will too."
    assert paragraphs.count(line) == 1
    # the copy left is the article's own paragraph, after the landing stages, not the pull quote
    landing = next(i for i, p in enumerate(paragraphs) if p.startswith("The old landing"))
    assert paragraphs.index(line) > landing


def test_the_trace_names_the_rule() -> None:
    raw = (FIXTURES / "quoted_replies_thread.html").read_bytes()
    explained = extract_article(raw, url=URL, explain=True)
    assert sum(d.rule == "quoted-repeat" and d.action == "drop" for d in explained.explain) == 2


def test_a_declared_article_keeps_its_quotes() -> None:
    raw = (FIXTURES / "pull_quote_article.html").read_bytes()
    declared = raw.replace(
        b"</title>",
        b'</title><script type="application/ld+json">{"@type": "NewsArticle", '
        b'"headline": "The river ferry returns after forty years"}</script>',
    )
    body = extract_article(declared, url=URL).articleBody or ""
    line = "Our grandparents crossed here every morning, and now our children will too."
    assert body.split("\n\n").count(line) == 2
