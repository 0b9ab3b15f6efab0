"""Decoding page bytes: order of evidence, validation of declarations, detection, never raising."""

from __future__ import annotations

import codecs

import pytest

from newsscraper.text.charsets import meta_charset, normalize_label
from newsscraper.text.decoding import decode_body, detect

CAFE = "Le café crème à la française, naïve façade — “déjà vu”."


def _page(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}</head><body><p>{text}</p></body></html>"


def test_bom_wins_over_everything() -> None:
    body = codecs.BOM_UTF16_LE + _page(CAFE, "windows-1252").encode("utf-16-le")
    decoded = decode_body(body, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert CAFE in decoded.text
    assert decoded.encoding == "utf-16-le"


def test_valid_utf8_beats_a_latin1_header() -> None:
    decoded = decode_body(_page(CAFE).encode(), {"Content-Type": "text/html; charset=ISO-8859-1"})
    assert CAFE in decoded.text
    assert decoded.encoding == "utf-8"
    assert decoded.repairs == []


def test_header_beats_meta_when_both_decode() -> None:
    body = _page(CAFE, "iso-8859-2").encode("cp1252")
    decoded = decode_body(body, {"Content-Type": "text/html; charset=windows-1252"})
    assert CAFE in decoded.text


def test_meta_used_when_no_header() -> None:
    text = "Zażółć gęślą jaźń, powiedział rzecznik."
    decoded = decode_body(_page(text, "windows-1250").encode("cp1250"), {})
    assert text in decoded.text
    assert decoded.encoding == "cp1250"


def test_http_equiv_and_xml_declaration_are_read() -> None:
    equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    assert meta_charset(equiv) == "cp932"
    assert meta_charset(b'<?xml version="1.0" encoding="EUC-KR"?><html>') == "cp949"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("latin1", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("GB2312", "gb18030"),
        ("big5", "big5hkscs"),
        ("x-sjis", "cp932"),
        ("ks_c_5601-1987", "cp949"),
        ("utf8", "utf-8"),
        ("base64", None),
        ("", None),
    ],
)
def test_labels_map_as_whatwg(label: str, codec: str | None) -> None:
    assert normalize_label(label) == codec


def test_utf16_label_inside_the_page_means_utf8() -> None:
    assert normalize_label("utf-16", in_document=True) == "utf-8"


def test_latin1_label_decodes_as_windows_1252() -> None:
    body = _page("It\x92s \x93quoted\x94").encode("latin-1")
    decoded = decode_body(body, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert "It’s “quoted”" in decoded.text


def test_wrong_utf8_header_gives_way_to_a_legacy_meta() -> None:
    body = _page(CAFE * 20, "windows-1252").encode("cp1252")
    decoded = decode_body(body, {"Content-Type": "text/html; charset=utf-8"})
    assert CAFE in decoded.text
    assert decoded.encoding == "cp1252"


def test_western_server_default_gives_way_to_page_cjk_declaration() -> None:
    text = "共同通信によると、政府は金曜日に発表した。" * 5
    body = _page(text, "Shift_JIS").encode("cp932")
    decoded = decode_body(body, {"Content-Type": "text/html; charset=ISO-8859-1"})
    assert text in decoded.text
    assert decoded.encoding == "cp932"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("新华社北京电 国务院总理今天主持召开国务院常务会议，研究部署经济工作。", "gb18030"),
        ("Привет, как дела? Это новости дня из Москвы.", "cp1251"),
        ("연합뉴스에 따르면 정부는 26일 서울에서 새로운 경제 정책을 발표했다.", "cp949"),
    ],
)
def test_western_server_default_over_undeclared_legacy_page(text: str, codec: str) -> None:
    decoded = decode_body(_page(text).encode(codec), {"Content-Type": "text/html; charset=ISO-8859-1"})
    assert text in decoded.text
    assert decoded.encoding == codec


def test_western_header_is_trusted_for_western_text() -> None:
    # Polish bytes under a Latin-1 header read as windows-1252, as in browsers: no guessing.
    body = _page("Zażółć gęślą jaźń").encode("cp1250")
    assert decode_body(body, {"Content-Type": "text/html; charset=ISO-8859-1"}).encoding == "cp1252"


def test_wrong_cjk_declaration_is_not_trusted() -> None:
    text = "연합뉴스에 따르면 정부는 26일 서울에서 새로운 경제 정책을 발표했다." * 5
    body = _page(text, "Shift_JIS").encode("cp949")
    decoded = decode_body(body, {})
    assert text in decoded.text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (CAFE, "cp1252"),
        ("Ärger über Öl in München, sagte der Bürgermeister. „Schön“, hieß es.", "cp1252"),
        ("Привет, как дела? Это новости дня из Москвы.", "cp1251"),
        ("Η Αθήνα είναι η πρωτεύουσα της Ελλάδας, είπε ο υπουργός.", "cp1253"),
        ("İstanbul’da ılık bir gün, Şişli ve Göztepe’de çocuklar.", "cp1254"),
        ("Zażółć gęślą jaźń, powiedział minister w Łodzi.", "cp1250"),
        ("한국 정부는 오늘 새로운 정책을 발표했다. 연합뉴스 기자", "cp949"),
        ("新华社北京电 国务院总理今天主持召开国务院常务会议。", "gb18030"),
        ("中央社記者今天在台北報導，總統府表示將持續關注。", "big5hkscs"),
        ("共同通信によると、政府は金曜日に発表した。", "euc_jp"),
        ("共同通信によると、政府は金曜日に発表した。", "cp932"),
    ],
)
def test_undeclared_pages_are_detected(text: str, codec: str) -> None:
    # Turkish read as cp1250 or cp1257 leaves nothing odd: only <html lang> tells them apart.
    body = _page(text * 3).replace("<html>", '<html lang="tr">').encode(codec)
    decoded = decode_body(body, {"Content-Type": "text/html"})
    assert text in decoded.text
    assert decoded.encoding == codec


def test_icelandic_names_do_not_flip_western_text() -> None:
    text = "DJ Ötzi, Björk Guðmundsdóttir and Sigur Rós played in Reykjavík, said Þór. " * 3
    assert detect(_page(text).encode("cp1252")) == "cp1252"


def test_undeclared_western_text_is_windows_1252_not_a_near_miss() -> None:
    # Bytes that cp1250 or cp1257 also decode, but as other letters.
    text = "naïve café, crème brûlée — déjà vu, señor Muñoz, Ærø and Ålesund"
    assert detect(_page(text).encode("cp1252")) == "cp1252"


def test_fast_path_returns_the_plain_decode() -> None:
    body = _page(CAFE).encode()
    decoded = decode_body(body, None)
    assert decoded.text == body.decode("utf-8")
    assert decoded.warnings == []


def test_cjk_decode_errors_are_warned_not_raised() -> None:
    body = _page("共同通信によると政府は発表した。" * 5, "Shift_JIS").encode("cp932") + b"\x81"
    decoded = decode_body(body, {})
    assert "共同通信" in decoded.text


@pytest.mark.parametrize(
    "body",
    [
        b"\xff" * 1000,
        b"\x80\x81\x82" * 500,
        bytes(range(256)) * 40,
        b"<meta charset=utf-8>" + bytes(range(128, 256)) * 10,
        b"<meta charset=no-such-thing>\xe9",
        b"\xef\xbb\xbf\xff\xfe",
        b"\xfe\xff\x00",
        b"<meta charset='utf-16'>\xe9\xe9",
    ],
)
def test_garbage_never_raises(body: bytes) -> None:
    decoded = decode_body(body, {"Content-Type": "text/html; charset=bogus"})
    assert isinstance(decoded.text, str)
    assert codecs.lookup(decoded.encoding)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in decoded.text)


@pytest.mark.parametrize("codec", ["gb18030", "cp932", "big5hkscs"])
def test_large_undeclared_cjk_page_survives_the_sample_cut(codec: str) -> None:
    # No newline and no space: the 32 KB detection sample must still end on a whole character.
    text = {
        "gb18030": "新华社北京电国务院总理今天主持召开会议。",
        "cp932": "共同通信によると、政府は発表した。",
    }.get(codec, "中央社記者今天在台北報導，總統府表示。")
    body = (text * 3000).encode(codec)
    decoded = decode_body(body, {})
    assert decoded.encoding == codec
    assert decoded.text.startswith(text)
