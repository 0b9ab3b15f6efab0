"""Documentation pages (issue 9): what a manual's markup says that a news page's does not.
Pages in ``fixtures/body/pages/``; each test asserts what must be in the body and what must stay
out, and the rule the explain trace names."""

from __future__ import annotations

from pathlib import Path

from bench.evalsets import token_text as words
from newsscraper import extract_article
from newsscraper.items import ExplainedArticle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "pages"
URL = "https://docs.example.org/manual/ch02.html"


def explained(name: str) -> ExplainedArticle:
    found = extract_article((FIXTURES / name).read_bytes(), url=URL, explain=True)
    assert isinstance(found, ExplainedArticle)
    return found


def test_subheadings_linking_to_their_own_section_are_not_link_lists() -> None:
    # mdBook's <h2><a class="header" href="#counting-spools">, Sphinx's ¶ permalink
    article = explained("manual_chapter.html")
    text = words(article.articleBody)
    assert "counting the spools" in text
    assert "empty slots" in text
    assert "patterns the next chapter" not in text  # a heading linking to another page
    kept = {d.text for d in article.explain if d.rule == "anchor-heading" and d.action == "keep"}
    assert "Counting the Spools" in kept
