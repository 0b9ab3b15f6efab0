"""Plain-text scrapes (issue 11): ``extract_article`` reads ``text/plain`` line by line.

The golden case is the project's seed (``fixtures/plaintext/euronews-north-korean-soldiers.txt``, a
copy of ``../shared/seed``): an article as a naive scraper saved it, menus, labels, a duplicated
caption, a byline and "Read more" headlines among its paragraphs.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsscraper import extract_article
from newsscraper.cli import main
from newsscraper.extraction.plaintext import is_plain_text, read_plain_text, split_lines
from newsscraper.items import Article
from newsscraper.schema import validation_errors

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "plaintext" / "euronews-north-korean-soldiers.txt"
TEXT = {"Content-Type": "text/plain; charset=utf-8"}

# Every line of the seed that is neither the article nor its header.
SEED_BOILERPLATE = (
    "Newsletter",
    "Loader",
    "Advertisement",
    "ADVERTISEMENT",
    "Share this article",
    "Close Button",
    "Comments",
    "Published on Updated",
    "Go to accessibility shortcuts",
    "Read more",
    "Zelenskyy says he'll send North Korean soldiers home",
    "Ukraine calls on North Korean soldiers to surrender",
    "Ukraine expects €2.9bn fund",
)


def _seed_record() -> Article:
    article = extract_article(SEED.read_bytes(), url="file:///seed.txt", headers=TEXT)
    assert validation_errors(article.to_dict()) == []
    return article


def test_seed_golden_record() -> None:
    article = _seed_record()
    assert article.headline == "Ukraine says it captured two North Korean soldiers fighting in Russia"
    assert [(a.name, a.type) for a in article.authors] == [("Daniel Bellamy", "Person")]
    assert article.agencies == ["AP"]
    assert article.description == (
        "The two captured soldiers were fighting alongside Russian troops in Russia’s Kursk border "
        "region, Ukraine's president said on Saturday."
    )
    paragraphs = article.articleBody.split("\n\n")
    assert paragraphs[0].startswith("Ukrainian troops have captured two North Korean soldiers")
    assert any(p.endswith("against its much smaller neighbour.") for p in paragraphs)
    # the seed's last paragraph is the article's too (the HTML record of the same page keeps it)
    assert paragraphs[-1].endswith("in some cases, independently around Kursk.")
    assert len(paragraphs) == 12
    assert article.inLanguage == "en"
    assert article.metadata.probability >= 0.9  # a long body under a headline and a byline


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_seed_with_windows_or_classic_mac_line_ends_gives_the_same_record(newline: bytes) -> None:
    """A scrape saved with CRLF or classic Mac OS CR line ends reads as the LF one: a lone CR once
    left the whole text one line, with no headline and the menus in the body."""
    data = SEED.read_bytes().replace(b"\n", newline)
    article = extract_article(data, url="file:///seed.txt", headers=TEXT)
    expected = _seed_record()
    assert article.headline == expected.headline
    assert article.articleBody == expected.articleBody
    assert [(a.name, a.type) for a in article.authors] == [("Daniel Bellamy", "Person")]


def test_seed_caption_once_with_its_credit() -> None:
    article = _seed_record()
    assert len(article.images) == 1
    image = article.images[0]
    assert image.url is None  # a text has no image address
    assert image.caption == (
        "FILE - In this photo provided by the North Korean government, North Korean leader Kim Jong "
        "Un meets soldiers who in North Korea, on March 13, 2024"
    )
    assert image.credit is not None and image.credit.startswith("Copyright")
    assert image.credit.endswith("KCNA via KNS")
    assert "FILE - In this photo" not in article.articleBody


def test_seed_no_boilerplate_in_any_field() -> None:
    record = _seed_record().to_dict()
    record.pop("metadata")  # repairs quote the raw credit, warnings are codes
    fields = json.dumps(record, ensure_ascii=False)
    for text in SEED_BOILERPLATE:
        assert text not in fields, text


def test_cli_extracts_a_txt_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEED)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["headline"] == "Ukraine says it captured two North Korean soldiers fighting in Russia"
    assert record["articleBody"].startswith("Ukrainian troops have captured")
    assert record["images"][0]["caption"].startswith("FILE - In this photo")


def test_plain_text_by_header_or_by_sniffing() -> None:
    text = SEED.read_text("utf-8")
    sniffed = extract_article(text.encode("utf-8"))  # no header: no markup, so plain text
    assert sniffed.headline == "Ukraine says it captured two North Korean soldiers fighting in Russia"
    assert is_plain_text("Hi <b>there</b>", {"content-type": "text/plain"})
    assert not is_plain_text("<html><body><p>Hi</p></body></html>", {"Content-Type": "text/plain"})
    assert not is_plain_text("<p>A page without a head</p>")


def test_a_saved_text_opening_with_a_stray_tag_is_still_text() -> None:
    # a tracking pixel kept from a <noscript> opens the text; a mislabelled page has more markup
    pixel = '<img height="1" width="1" style="display:none" src="https://example.com/p?c=1">'
    text = "\n".join([pixel, "Home", "World", "Bridge closed after cracks found", *STORY, "About us"])
    article = extract_article(text.encode(), headers=TEXT)
    assert article.headline == "Bridge closed after cracks found"
    assert all(paragraph in article.articleBody for paragraph in STORY[1:])
    assert not any(label in article.articleBody for label in ("<img", "Home", "About us"))
    page = "<div><p>A page</p><p>served as text</p></div>"
    assert not is_plain_text(page, TEXT) and not is_plain_text("<!DOCTYPE html>\n<p>Hi", TEXT)


def test_html_is_still_read_as_html() -> None:
    page = "<html><body><article><h1>A headline of a story</h1>" + "<p>A paragraph of the story.</p>" * 5
    article = extract_article(page + "</article></body></html>", headers={"Content-Type": "text/html"})
    assert "<p>" not in article.articleBody and article.articleBody.startswith("A paragraph")


def test_a_paragraph_split_at_its_links_is_joined() -> None:
    # every text node on its own line, as BeautifulSoup's get_text("\n") saves a page
    lines = split_lines("The minister met\nKim Jong Un\nin the capital on\nMonday\n, officials said.\nHome")
    assert [ln.text for ln in lines] == [
        "The minister met Kim Jong Un in the capital on Monday, officials said.",
        "Home",
    ]


STORY = [
    "The council voted on Tuesday to close the old bridge to traffic for the rest of the year, after "
    "engineers found that two of its supports had cracked during the winter floods.",
    "Repairs are expected to cost about four million euros, and the work will not start before the "
    "spring, when the river is low enough for the divers who have to inspect the piers.",
    "Residents of the east bank will have to use the ferry or drive twelve kilometres to the next "
    "crossing, which the mayor called a hardship for the people who work in the town.",
]


def _kinds(text: str) -> dict[str, list[str]]:
    found = read_plain_text(text)
    kinds: dict[str, list[str]] = {}
    for ln in found.lines:
        kinds.setdefault(ln.kind, []).append(ln.text)
    return kinds


def test_navigation_runs_and_comments_stay_out_of_the_body() -> None:
    menu = "\n".join(["Home", "World", "Business", "Sport", "Culture", "Weather", "Video", "Live"])
    comments = "\n".join(
        f"reader{i} says:\nMarch {i + 1}, 2024 at 10:{i:02d} am\n"
        "I drove over that bridge every day for years and it always felt like it was shaking, so "
        "this does not surprise me at all, they should have fixed it long ago."
        for i in range(6)
    )
    text = f"{menu}\nBridge closed after cracks found\n" + "\n\n".join(STORY) + f"\n\nComments\n{comments}"
    kinds = _kinds(text)
    assert kinds["body"] == STORY
    assert kinds["headline"] == ["Bridge closed after cracks found"]
    assert "reader1 says:" in kinds["boilerplate"]


COMMENTS = [
    "I drove over that bridge every day for years and it always felt like it was shaking, so this "
    "does not surprise me at all; the council knew about the cracks and did nothing about them.",
    "My grandfather helped to build it after the war, and he always said that the piers were the "
    "weak part of the design, because the river bed under them is soft and moves with the floods.",
    "The ferry is fine in summer, but in winter it stops running when there is ice on the river, "
    "so I hope that somebody at the town hall has thought about what the east bank will do then.",
    "Four million euros seems like a lot of money for a repair, when a new bridge downstream would "
    "cost only a little more and would be wide enough for the lorries that go to the industrial park.",
    "Is there any news about when the footpath will open again? My children walk to school across "
    "it every morning, and the detour along the main road is not safe for them in the dark mornings.",
]


def test_a_thread_longer_than_the_article_stays_out() -> None:
    # the comments outweigh the article; their dated headers say where the thread begins
    article = [f"{STORY[0]} {STORY[1]}", STORY[2]]
    thread = "\n".join(
        f"{name} on March {i + 1}, 2024 at 10:{i:02d} am said:\n{comment}"
        for i, (name, comment) in enumerate(
            zip(["Ann", "Bo Li", "Carla (Team)", "Dev", "Eve M"], COMMENTS, strict=True)
        )
    )
    menu = " | ".join(["Home", "World", "Business", "Sport", "Culture", "Weather", "Video", "Live", "Travel"])
    text = f"{menu}\nBridge closed after cracks found\n" + "\n\n".join(article) + f"\nComments\n{thread}"
    body = _kinds(text)["body"]
    assert all(paragraph in body for paragraph in article)
    assert not any(comment in body for comment in COMMENTS)


def test_a_sentence_full_of_titles_is_prose() -> None:
    # most of its words capitalised (song titles), yet long, with stopwords, ending like a sentence
    titles = (
        "The band said that fans can expect to hear “Listen To The Music,” “China Grove,” “Long Train "
        "Runnin’,” “Black Water,” “Takin’ It To The Streets,” “What A Fool Believes” and “Minute By "
        "Minute” at All Of The Shows On The Tour."
    )
    text = "\n\n".join([STORY[0], titles, *STORY[1:]])
    assert titles in _kinds(text)["body"]


def test_headlines_of_other_stories_between_paragraphs_stay_out() -> None:
    # short Title Case lines in a row are a list of links, a lone one before prose a subheading
    related = ["Related: Floods Close Three Roads In The Valley", "Mayor Calls For A New Bridge Downstream"]
    lead = f"{STORY[0]} {STORY[1]}"
    text = "\n".join([lead, *related, STORY[1], "What Happens Next", STORY[2]])
    assert _kinds(text)["body"] == [lead, STORY[1], "What Happens Next", STORY[2]]


def test_what_comes_before_the_byline_is_the_header() -> None:
    # a standfirst and a newsletter prompt between the headline and the byline, all prose-like
    header = [
        "The council wants the bridge closed for the rest of the year while it is being repaired.",
        "Get the news that matters to your town, delivered to your inbox every weekday morning.",
        "By Jane Doe",
    ]
    text = "\n".join(["Home | World | Business | Sport | Culture | Weather | Video", *header, *STORY])
    kinds = _kinds(text)
    assert kinds["body"] == STORY
    assert kinds["byline"] == ["By Jane Doe"]


def test_a_menu_alone_has_no_body() -> None:
    menu = "\n".join(["Home", "World", "Business", "Sport", "Culture", "Weather", "Video", "Live"] * 3)
    article = extract_article(menu.encode(), headers=TEXT)
    assert article.articleBody == "" and article.metadata.probability == 0.0
    assert "no-article-body" in article.metadata.warnings


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["The old bridge reopened on Monday after repairs, the city said."],
        ["The old bridge reopened on Monday.", "It had been shut for a month after the floods."],
    ],
    ids=["one-sentence", "two-short-paragraphs"],
)
def test_a_brief_too_short_for_prose_has_its_body(paragraphs: list[str], tmp_path: Path) -> None:
    # a headline and a sentence under jusText's 70 characters: no line was prose, the body empty
    page = tmp_path / "brief.txt"
    page.write_text("\n".join(["City bridge reopens after repairs", *paragraphs]) + "\n", "utf-8")
    article = extract_article(page.read_bytes(), headers=TEXT, explain=True)
    assert article.headline == "City bridge reopens after repairs"
    assert article.articleBody == "\n\n".join(paragraphs)
    assert "no-article-body" not in article.metadata.warnings
    assert any(d.line().split()[2] == "text-short-prose" for d in article.explain)  # type: ignore[attr-defined]


def test_a_caption_ending_in_a_bracketed_credit_goes_to_images() -> None:
    text = "\n\n".join([STORY[0], "The old bridge seen from the east bank (Photo: Jane Doe)", *STORY[1:]])
    article = extract_article(text.encode(), headers=TEXT)
    assert [(i.caption, i.credit) for i in article.images] == [
        ("The old bridge seen from the east bank", "Photo: Jane Doe")
    ]
    assert "Jane Doe" not in article.articleBody
    assert article.articleBody.split("\n\n") == STORY


@pytest.mark.parametrize(
    ("body", "warning"),
    [
        (b"", "empty-input"),
        (b" \n\n \t\n", "empty-input"),
        (bytes(range(256)) * 64, "not-html:binary"),
    ],
)
def test_bad_plain_text_gives_a_flagged_record(body: bytes, warning: str) -> None:
    article = extract_article(body, headers=TEXT)
    assert warning in article.metadata.warnings
    assert article.articleBody == ""
    assert validation_errors(article.to_dict()) == []


@pytest.mark.parametrize(
    "body",
    [
        ("one huge line of the text that never ends " * 200_000).encode(),  # 8.6 MB, no newline
        ("Home\nNews\nA short line of the text.\n" * 100_000).encode(),  # 300,000 lines
        "\n".join(f"Line {i} of a list, {i} times." for i in range(100_000)).encode(),
    ],
    ids=["one-huge-line", "many-lines", "many-shaped-lines"],
)
def test_huge_plain_text_neither_crashes_nor_hangs(body: bytes) -> None:
    started = time.process_time()
    article = extract_article(body, headers=TEXT)
    assert time.process_time() - started < 30  # seconds of CPU; about 5 on a busy 2-core box
    assert validation_errors(article.to_dict()) == []


COOKIES = (
    "We use cookies to give you the best experience on our website, and by continuing to browse it "
    "you agree to the use of cookies as described in our privacy policy."
)


def test_an_article_shown_twice_is_read_from_its_first_copy() -> None:
    # a page with two layouts saves its article twice; a lone notice shown twice stays repeated
    copy = "\n".join(["What the engineers found", *STORY])
    headline = "Bridge closed after cracks found"
    text = "\n".join(["Home", "World", COOKIES, headline, copy, "Sport", copy, COOKIES])
    kinds = _kinds(text)
    assert kinds["body"] == STORY
    assert kinds["boilerplate"].count(STORY[0]) == 1  # the second copy stays out
    assert COOKIES not in kinds.get("body", [])
    # one paragraph shown twice is not a copied article: it stays a repeated line
    assert "body" not in _kinds("\n".join(["Home", STORY[0], "Sport", STORY[0], "Live"]))


def test_technical_prose_with_few_stopwords_is_prose_like() -> None:
    # sentences of nouns and verbs: under jusText's stopword floor, yet long, sentence case, ended
    technical = (
        "Modern search engines parse structured data, entity relationships and semantic signals of a page. "
        "Schema markup, canonical tags, internal linking, page speed metrics and mobile rendering "
        "quality shape indexing decisions, ranking positions and snippet eligibility across markets."
    )
    found = read_plain_text("\n".join(["Home", STORY[0], technical, *STORY[1:], "Sport"]))
    line = next(ln for ln in found.lines if ln.text == technical)
    assert line.stop < 0.30  # jusText alone would call it bad
    assert found.paragraphs == [STORY[0], technical, *STORY[1:]]
    # a list of keywords as long, without sentences, stays out
    keywords = ", ".join(["schema markup", "canonical tags", "internal linking", "page speed"] * 6)
    assert keywords not in read_plain_text("\n".join([STORY[0], keywords, *STORY[1:]])).paragraphs


def test_short_lines_worded_like_sentences_do_not_cut_the_article() -> None:
    # an article's list of short sentence-case items costs the run nothing; menu items cost it
    items = [
        "Check the bridge before you leave the house",
        "Take the ferry if you are in a hurry",
        "Use the footpath on the north side of the river",
        "Ask at the town hall for a parking permit",
        "Keep an eye on the notices at the station",
        "Allow an extra hour for the drive to work",
        "Look for the signs to the temporary car park",
        "Call the council if you need help with the detour",
    ]
    lead = f"{STORY[0]} It will reopen in May."  # two sentences: not a standfirst
    text = "\n".join(["Home", lead, *items, STORY[1], STORY[2], "Sport"])
    assert read_plain_text(text).paragraphs[0] == lead
    menu = ["Home Garden", "World News", "Business Daily", "Sport Results", "Culture Guide", "Weather Map"]
    text = "\n".join(["Home", STORY[0], *menu, STORY[1], STORY[2], "Sport"])
    assert read_plain_text(text).paragraphs == STORY[1:]


def test_labels_at_the_edges_of_the_article_stay_out() -> None:
    # short lines that jusText's context calls good (prose on one side): before the first
    # paragraph an e-mail address and a date, after the last one share prompts
    header = ["jane.doe@example.com", "Nov. 19, 2019 8:03 am ET"]
    share = [
        "Share this:",
        "Click to share on Facebook (Opens in new window)",
        "Click to print (Opens in new window)",
        "Permalink",
        "5 Comments",
    ]
    article = [f"{STORY[0]} {STORY[1]}", STORY[2]]
    thread = "\n".join(
        f"{name} on March {i + 1}, 2024 at 10:{i:02d} am said:\n{comment}"
        for i, (name, comment) in enumerate(zip(["Ann", "Bo", "Cy", "Dev", "Eve"], COMMENTS, strict=True))
    )
    text = "\n".join(["Home", "World", *header, *article, *share, thread])
    assert read_plain_text(text).paragraphs == article


def test_a_caption_shown_with_every_photo_does_not_cut_the_article() -> None:
    # one long caption repeated at each photo, and empty paragraphs holding a zero-width space
    caption = "The Old Bridge Over The River Seen From The East Bank At Dawn, Photographed By The Council"
    story = [f"{STORY[0]} It will reopen in May.", *STORY[1:]]  # two sentences: not a standfirst
    parts = [story[0], "\u200b", caption, "\u200b", story[1], "\u200b", caption, "\u200b", story[2]]
    found = read_plain_text("\n".join(["Home", "World", "Sport", *parts, "Contact", "About us"]))
    assert found.paragraphs == story
    assert all(ln.text != "\u200b" for ln in found.lines)


def test_a_closing_straight_quote_ends_its_line() -> None:
    # a title in straight quotes closes its line; a quote after a space opens the next one's text
    lines = split_lines("Marty Stuart on Making Ken Burns' 'Country Music'\nDressed in black, he sang.")
    assert [ln.text for ln in lines] == [
        "Marty Stuart on Making Ken Burns' 'Country Music'",
        "Dressed in black, he sang.",
    ]
    assert [ln.text for ln in split_lines('He called it "\nGreat" and left.')] == [
        'He called it "Great" and left.'
    ]


TEASERS = [
    (
        "Customers Leave Without Paying Their Bill At Troy Steakhouse",
        "A party of six left without paying their bill after a fight.",
    ),
    (
        "Michigan To Mail Redistricting Panel Applications",
        "The state will mail applications encouraging voters to apply to the panel.",
    ),
    (
        "Is Violence In Sports On The Rise?",
        "Violence is part of the game in many sports but a line was crossed this week.",
    ),
]


def test_a_list_of_teasers_glued_to_their_headlines_is_split() -> None:
    # a saved block runs a teaser's headline and summary together with no space between them
    glued = [title + summary for title, summary in TEASERS]
    texts = [ln.text for ln in split_lines("\n".join(glued))]
    assert texts == [part for pair in TEASERS for part in pair]
    # one such line alone is left whole: an inner capital (a name, a brand) is likelier
    assert [ln.text for ln in split_lines(glued[0])] == [glued[0]]
    # names and brands with an inner capital are no junction, even in a list
    names = [
        "Singers Tom Johnston and Patrick McDonald will tour together for the first time in years.",
        "Watch The Official Trailer On YouTube and tell us what you think of it below.",
        "Wichita East's Hugh McPherson won first place in the 100 yard freestyle.",
    ]
    assert [ln.text for ln in split_lines("\n".join(names))] == names


def test_sentences_full_of_names_are_prose_like() -> None:
    # sports and news copy: few stopwords and many capitals, yet ended like a sentence
    names = (
        "Argentina comfortably got past Chile 3-0 in Group C, with Guido Pella beating Nicolas Jarry "
        "6-4, 6-3 and Diego Schwartzman beating Cristian Garin."
    )
    found = read_plain_text("\n".join(["Home", "Sport", STORY[0], names, *STORY[1:], "Contact"]))
    line = next(ln for ln in found.lines if ln.text == names)
    assert line.stop < 0.30 and line.caps > 0.3  # jusText alone would call it bad
    assert found.paragraphs == [STORY[0], names, *STORY[1:]]
    # a headline of as many capitals, not ended like a sentence, stays out
    title = "Argentina Comfortably Gets Past Chile In Group C As Pella And Schwartzman Win"
    assert title not in read_plain_text("\n".join([STORY[0], title, *STORY[1:]])).paragraphs


def test_a_date_is_not_a_short_sentence() -> None:
    # "November 19, 2019 at 9:45 am" has six words but three of letters: a label, not a sentence
    from newsscraper.extraction.plaintext import _short_sentence

    found = read_plain_text(
        "\n".join([STORY[0], "November 19, 2019 at 9:45 am", "Take the ferry if you are in a hurry"])
    )
    date, item = found.lines[1], found.lines[2]
    assert not _short_sentence(date)
    assert _short_sentence(item)


TRAM = SEED.with_name("tram-shift-jis.txt")
"""A Japanese scrape saved in Shift-JIS without a charset (hand-made): menu words, the headline,
a dateline, three paragraphs, two footer links, one line each and no blank line."""


def test_a_shift_jis_scrape_has_its_headline(capsys: pytest.CaptureFixture[str]) -> None:
    # CJK has no case: its lines were taken as continuing the one before (like a line starting
    # lower-case), so the menu, the headline and the dateline were glued into one line
    assert main(["extract", str(TRAM)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["headline"] == "新型の路面電車、来春から市内で運行へ"
    assert record["datePublished"] == "2026-11-30T10:15:00"
    assert record["inLanguage"] == "ja"
    assert record["articleBody"].startswith("市は30日、新型の路面電車を来年春から市内で運行すると発表した。")
    assert record["articleBody"].endswith("市は今後、住民向けの説明会を開く予定だ。")
    for menu in ("ホーム", "スポーツ", "関連記事", "利用規約"):
        assert menu not in record["articleBody"] and menu not in record["headline"]
    # the same text in UTF-8 gives the same record: the bytes were decoded right all along
    utf8 = extract_article(TRAM.read_bytes().decode("shift_jis").encode("utf-8"), headers=TEXT)
    assert (utf8.headline, utf8.articleBody) == (record["headline"], record["articleBody"])


def test_a_japanese_paragraph_split_at_its_links_is_joined() -> None:
    # a particle or an ending (hiragana) after a CJK character goes on with the sentence, and so
    # does the short link text before it; a menu word next to the paragraph stays on its own
    lines = split_lines("経済\n東京都内で\n新しい駅\nが開業し、多くの人が訪れた。\nスポーツ")
    assert [ln.text for ln in lines] == ["経済", "東京都内で新しい駅が開業し、多くの人が訪れた。", "スポーツ"]


def test_a_notice_past_a_widget_stays_out() -> None:
    # a prose-like notice (a cookie banner) across a row of share labels from the article, before
    # it or after it: jusText's context keeps the notice with the article, the widget does not
    article = [f"{STORY[0]} {STORY[1]}", STORY[2]]
    share = ["Share this:", "Facebook", "Twitter", "Email", "34 Comments"]
    notice = [
        "We use cookies to make sure that you have the best experience on our site, and if you go "
        "on using it we will assume that you are happy with it.",
        "You can read our privacy policy to find out which of them we use and how to turn them off.",
    ]
    text = "\n".join(["Home", "World", *notice, *share, *article, "Contact"])
    assert read_plain_text(text).paragraphs == article
    text = "\n".join(["Home", "World", *article, *share, *notice, "Contact"])
    assert read_plain_text(text).paragraphs == article
    # an article that opens with short paragraphs before a list of items without full stops, more
    # prose than a notice, keeps them
    items = ["The old bridge", "The ferry landing", "The footpath on the north bank", "The car park"]
    found = read_plain_text("\n".join(["Home", *STORY, *items, article[0], "Contact"]))
    assert found.paragraphs[:3] == STORY and found.paragraphs[-1] == article[0]


DATED_TEASERS = [
    (
        "Council approves a new budget for the schools",
        "Ann Smith",
        "The council voted on Tuesday to spend more on the schools of the east bank next year, after "
        "a long debate in which the mayor said that the money would come from the sale of old land.",
    ),
    (
        "Floods close three roads in the valley",
        "Bo Li",
        "Heavy rain over the weekend left three of the roads in the valley under water, and the police "
        "asked drivers to stay at home until the water goes down, which could take a few more days.",
    ),
    (
        "A new library opens in the old station",
        "Carla Diaz",
        "The old railway station, which has been empty for more than ten years, opened its doors again "
        "on Monday as a library, with a reading room in the hall where the ticket office used to be.",
    ),
    (
        "The ferry will run later in the evening",
        "Dev Patel",
        "From next month the ferry across the river will run until eleven o'clock in the evening, so "
        "that the people who work late in the town can get home to the east bank without a long drive.",
    ),
]


def test_a_list_of_dated_teasers_after_the_article_stays_out() -> None:
    # other stories' teasers (headline, author, date line, summary) hold as much prose as the
    # article; their dates, one to an item, say where the list begins
    teasers = [
        line
        for i, (title, author, summary) in enumerate(DATED_TEASERS)
        for line in (title, author, f"Tuesday November {19 - i}, 2019", summary)
    ]
    article = [f"{STORY[0]} {STORY[1]}", STORY[2]]
    widget = ["Share", "Tags", "More from the Courier"]
    text = "\n".join(["Home", "World", *article, *widget, *teasers, "Contact"])
    assert read_plain_text(text).paragraphs == article
    # a page that is a list of dated items (an events page) keeps them: the list opens the run
    found = read_plain_text("\n".join(["Events", *teasers, "Contact"]))
    kept = [found.description, *found.paragraphs]  # the first summary may be read as a standfirst
    assert all(summary in kept for *_, summary in DATED_TEASERS)
    # a line naming an event with its date is an item, not a date line
    named = [
        line
        for i, (title, author, summary) in enumerate(DATED_TEASERS)
        for line in (title, f"{author} talk: November {19 - i}, 2019 | Town Hall, East Bank", summary)
    ]
    text = "\n".join(["Home", *article, *named, "Contact"])
    assert all(summary in read_plain_text(text).paragraphs for *_, summary in DATED_TEASERS)
