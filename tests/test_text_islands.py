"""Foreign-encoding islands in UTF-8 pages, from the bytes to the record (the seed credit first)."""

from __future__ import annotations

import pytest

from newsscraper import extract_article
from newsscraper.text.decoding import decode_body
from newsscraper.text.islands import repair_islands
from newsscraper.text.plausibility import plausibility

SEED_CREDIT = "Copyright 朝鮮通信社/KCNA via KNS"


def _island(prefix: str, credit: str, codec: str, suffix: str = "") -> bytes:
    return prefix.encode() + credit.encode(codec) + suffix.encode()


def test_seed_credit_bytes_come_back_as_japanese() -> None:
    body = (
        b'<html><head><meta charset="utf-8"></head><body><article><h1>Ukraine says it captured two '
        b"North Korean soldiers</h1><figure><img src='/a.jpg'><figcaption>Kim Jong Un meets soldiers "
        b"Copyright \x92\xa9\x91N\x92\xca\x90M\x8e\xd0/KCNA via KNS</figcaption></figure>"
        b"<p>Ukrainian troops have captured two North Korean soldiers in Russia\xe2\x80\x99s Kursk region, "
        b"President Volodymyr Zelenskyy announced on Saturday. Copyright \x92\xa9\x91N\x92\xca\x90M\x8e\xd0"
        b"/KCNA via KNS</p></article></body></html>"
    )
    decoded = decode_body(body, {"Content-Type": "text/html"})
    assert SEED_CREDIT in decoded.text
    assert decoded.encoding == "utf-8"
    assert [r.kind for r in decoded.repairs] == ["encoding-island", "encoding-island"]
    assert decoded.repairs[0].after == "朝鮮通信社"
    assert decoded.repairs[0].before.startswith("\\x92\\xa9\\x91N")
    article = extract_article(body, url="https://www.euronews.com/x", headers={"Content-Type": "text/html"})
    assert article.articleBody.endswith(SEED_CREDIT)
    assert any(r.kind == "encoding-island" and r.field == "document" for r in article.metadata.repairs)


def test_seed_text_with_replacement_characters_drops_the_run() -> None:
    body = (
        "<html><body><article><p>Kim Jong Un meets soldiers in North Korea. "
        "Copyright ���N�ʐM��/KCNA via KNS</p></article></body></html>"
    )
    article = extract_article(body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    assert article.articleBody == "Kim Jong Un meets soldiers in North Korea. Copyright /KCNA via KNS"
    kinds = {r.kind for r in article.metadata.repairs}
    assert kinds == {"replacement-run"}  # once per field the text landed in
    assert all("(Shift-JIS read as UTF-8)" in r.before for r in article.metadata.repairs)


@pytest.mark.parametrize(
    ("credit", "codec"),
    [
        ("朝鮮通信社", "cp932"),
        ("共同通信社提供", "euc_jp"),
        ("사진=연합뉴스", "cp949"),
        ("조선중앙TV 캡처", "cp949"),
        ("新华社记者 李贺 摄", "gb18030"),
        ("新华社/路透", "gb18030"),
        ("中央社記者王飛華攝", "big5hkscs"),
    ],
)
def test_cjk_credit_islands(credit: str, codec: str) -> None:
    escaped = _island("Troops parade in the capital. (Photo: ", credit, codec, ")").decode(
        "utf-8", "surrogateescape"
    )
    text, repairs = repair_islands(escaped)
    assert text == f"Troops parade in the capital. (Photo: {credit})"
    assert repairs and all(r.kind == "encoding-island" and r.field == "document" for r in repairs)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"It\x92s the \x93best\x94 result \x96 in years", "It’s the “best” result – in years"),
        (b"\x93We were ready,\x94 he said", "“We were ready,” he said"),
        (b"\x91I want more.\x92 They said", "‘I want more.’ They said"),
        (b"caf\xe9 cr\xe8me, na\xefve \xe2\x80\x94 ok", "café crème, naïve — ok"),
        (b"\x93\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1\x94 is the capital", "“Αθήνα” is the capital"),
        (b"The \x93\xd0\x9f\xd1\x80\xd0\xb8\x94 word", "The “При” word"),
        (b"5 \x80 or \x8010", "5 € or €10"),
    ],
)
def test_cp1252_islands_beside_good_utf8(raw: bytes, expected: str) -> None:
    assert repair_islands(raw.decode("utf-8", "surrogateescape"))[0] == expected


def test_plausibility_prefers_real_words() -> None:
    assert plausibility("朝鮮通信社") > plausibility("’©‘N’ÊM Ž Ð")
    assert plausibility("연합뉴스") > plausibility("聯合뉴스")
    assert plausibility("’", "t", "s") > plausibility("猿", "t", "s")


def test_many_islands_are_bounded_and_never_raise() -> None:
    body = b"<meta charset=utf-8><p>" + b"ok \x92 " * 5000 + b"\xe2\x80\x99</p>"
    decoded = decode_body(body, {})
    assert "ok ’ ok" in decoded.text
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in decoded.text)


def test_island_at_the_very_ends() -> None:
    for raw in (b"\x92", b"\x92\xa9", b"abc\x8e", b"\xd0", b"\xe2\x80", b"\xf0\x9f\x98"):
        text, _ = repair_islands(raw.decode("utf-8", "surrogateescape"))
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        (
            b"<p>Russia\xe2\x80\x99s troops. Copyright \x92\xa9\x91N\x92\xca\x90M\x8e\xd0/KCNA via KNS</p>",
            {"Content-Type": "text/html; charset=ISO-8859-1"},
            "<p>Russia’s troops. Copyright 朝鮮通信社/KCNA via KNS</p>",
        ),
        (
            b"<p>Plain ASCII text. Copyright \x92\xa9\x91N\x92\xca\x90M\x8e\xd0/KCNA via KNS</p>",
            {"Content-Type": "text/html; charset=ISO-8859-1"},
            "<p>Plain ASCII text. Copyright 朝鮮通信社/KCNA via KNS</p>",
        ),
        (
            b"<meta charset=windows-1252><p>Caf\xc3\xa9 and it\x92s fine</p>",
            {},
            "<meta charset=windows-1252><p>Café and it’s fine</p>",
        ),
        (
            b"<p>\xea\xb9\x80\xec\xa0\x95\xec\x9d\x80 \xec\x9c\x84\xec\x9b\x90\xec\x9e\xa5 "
            b"(\xbb\xe7\xc1\xf8=\xbf\xac\xc7\xd5\xb4\xba\xbd\xba)</p>",
            {},
            "<p>김정은 위원장 (사진=연합뉴스)</p>",
        ),
    ],
)
def test_islands_reading_beats_a_wrong_or_missing_label(
    body: bytes, headers: dict[str, str], expected: str
) -> None:
    decoded = decode_body(body, headers)
    assert decoded.text == expected
    assert decoded.encoding == "utf-8"
    assert [r.kind for r in decoded.repairs] == ["encoding-island"]
