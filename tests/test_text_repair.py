"""Segment repair: each damage kind, the U+FFFD policy, normalisation, provenance, good text kept."""

from __future__ import annotations

import random
import time

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
import pytest
from ftfy.badness import is_bad

from newsscraper import clean_text, clean_text_with_repairs
from newsscraper.items import Repair
from newsscraper.text import repair
from newsscraper.text.normalize import fold_whitespace
from newsscraper.text.repair import FTFY_CONFIG

GOOD = [
    "Zażółć gęślą jaźń — powiedział rzecznik prasowy w Łodzi.",
    "Thủ tướng Phạm Minh Chính phát biểu tại Hà Nội hôm thứ Hai.",
    "İstanbul'da Şişli Belediyesi, ılık havada ağaç dikti, dedi Başkan Öztürk.",
    "Ο πρωθυπουργός Κυριάκος Μητσοτάκης μίλησε στην Αθήνα.",
    "朝鮮通信社によると、金正恩総書記は会議に出席した。",
    "新华社北京电 国务院总理今天主持召开会议。",
    "연합뉴스에 따르면 정부는 새로운 정책을 발표했다.",
    "The €5bn deal — plus a £3m fee and ¥200m — closed at 25°C; ½ of it, ±2%, ©2024 Reuters™.",
    "ÅÄÖ are Swedish letters; Ã opens SÃO PAULO in capitals, and Â is in ROMÂNIA.",
    "The Â is a letter, and so is Ã in SÃO.",
    "ÎN ROMÂNIA, președintele a declarat că Știința merge la Brașov.",
    "Þórður og Sigríður búa á Akureyri, sagði Guðmundsdóttir.",
    "Great news 🎉👍🏽 for the family 👨‍👩‍👧 at the parade.",
    "او گفت: می‌خواهم به تهران برگردم.",
    "Mr Müller-Lüdenscheidt & Co. KG: AT&T, Q&A, R&D; E = mc², H₂O, x ≤ 3 & y > 2.",
    "“Quoted,” she said — ‘single’ too… and a full-width ＡＢＣ in 東京。",
    "naïve café résumé coöperate façade — jalapeño piñata über Ångström.",
    "Use <p> tags, she wrote, or & alone; &c. and &nbsp without a semicolon.",
    "The Ⅻ numeral and ½ stay as published.",
]


@pytest.mark.parametrize("text", GOOD)
def test_good_text_is_unchanged(text: str) -> None:
    fixed, repairs = clean_text_with_repairs(text, "articleBody")
    assert fixed == text
    assert repairs == []


@pytest.mark.parametrize("text", GOOD)
def test_cp1252_mojibake_is_undone(text: str) -> None:
    damaged = text.encode("utf-8").decode("sloppy-windows-1252")
    fixed, repairs = clean_text_with_repairs(damaged, "articleBody")
    assert fixed == text
    if damaged != text:
        assert repairs and repairs[0].kind == "mojibake"


@pytest.mark.parametrize("text", GOOD)
def test_latin1_mojibake_with_c1_controls_is_undone(text: str) -> None:
    assert clean_text(text.encode("utf-8").decode("latin-1")) == text


@pytest.mark.parametrize("text", GOOD[:8])
def test_double_mojibake_is_undone(text: str) -> None:
    once = text.encode("utf-8").decode("sloppy-windows-1252")
    assert clean_text(once.encode("utf-8").decode("sloppy-windows-1252")) == text


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("don&#8217;t", "don’t"),
        ("don&#x2019;t", "don’t"),
        ("don&rsquo;t &mdash; ok", "don’t — ok"),
        ("the company&amp;rsquo;s", "the company’s"),
        ("AT&amp;amp;T", "AT&T"),
        ("caf&eacute;", "café"),
    ],
)
def test_double_escaped_entities(damaged: str, expected: str) -> None:
    fixed, repairs = clean_text_with_repairs(damaged, "headline")
    assert fixed == expected
    assert [r.kind for r in repairs] == ["html-entity"]


def test_latin1_cp1252_confusion_in_c1_controls() -> None:
    assert clean_text("It\x92s the \x93best\x94 result \x96 really") == "It’s the “best” result – really"


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Copyright \ufffd\ufffd\ufffdN\ufffdʐM\ufffd\ufffd/KCNA via KNS", "Copyright /KCNA via KNS"),
        ("Photo: \ufffd\ufffd\ufffd\ufffd", "Photo:"),
        ("caf\ufffd au lait", "caf au lait"),
        ("\ufffd\ufffd\ufffd", ""),
        ("Reuters / \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd", "Reuters"),
        ("\ufffd\ufffd | AFP", "AFP"),
    ],
)
def test_replacement_runs_are_dropped_and_recorded(damaged: str, expected: str) -> None:
    fixed, repairs = clean_text_with_repairs(damaged, "images[0].credit")
    assert fixed == expected
    assert "\ufffd" not in fixed
    assert [r.kind for r in repairs] == ["replacement-run"]
    assert repairs[0].field == "images[0].credit"


def test_unrecoverable_mojibake_leaves_no_replacement_character() -> None:
    # "â€" + "?" is mojibake whose third byte was lost: ftfy makes it U+FFFD, which is dropped.
    assert "\ufffd" not in clean_text("the dealâ€? said the minister")


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("Bundes\N{SOFT HYPHEN}kanzlerin", "Bundeskanzlerin", "invisible-chars"),
        ("zero\N{ZERO WIDTH SPACE}width", "zerowidth", "invisible-chars"),
        ("\ufeffbom at start", "bom at start", "invisible-chars"),
        ("bell\x07 and nul\x00 and esc\x1b", "bell and nul and esc", "control-chars"),
        (
            "e\N{COMBINING ACUTE ACCENT}t\N{LATIN SMALL LETTER E WITH ACUTE}",
            "ét\N{LATIN SMALL LETTER E WITH ACUTE}",
            "normalization",
        ),
    ],
)
def test_normalisation_steps_are_recorded(text: str, expected: str, kind: str) -> None:
    fixed, repairs = clean_text_with_repairs(text)
    assert fixed == expected
    assert [r.kind for r in repairs] == [kind]


def test_whitespace_is_folded_without_a_record() -> None:
    text = "  one\n\ttwo\N{NO-BREAK SPACE}three\N{NARROW NO-BREAK SPACE}four\u3000five  "
    assert clean_text_with_repairs(text) == ("one two three four five", [])


def test_zwj_and_zwnj_are_kept() -> None:
    for text in ("👨\u200d👩\u200d👧", "می\u200cخواهم"):
        assert clean_text(text) == text


def test_repair_excerpts_are_short() -> None:
    long = "word " * 200 + "itâ€™s" + " word" * 200
    _, repairs = clean_text_with_repairs(long, "articleBody")
    assert len(repairs) == 1
    assert repairs[0] == Repair(
        field="articleBody", kind="mojibake", before=repairs[0].before, after=repairs[0].after
    )
    assert "itâ€™s" in repairs[0].before and "it’s" in repairs[0].after
    assert len(repairs[0].before) <= 80 and len(repairs[0].after) <= 80


def test_ftfy_config_keeps_typography() -> None:
    assert FTFY_CONFIG.uncurl_quotes is False
    assert FTFY_CONFIG.fix_character_width is False
    assert FTFY_CONFIG.unescape_html is False


@pytest.mark.parametrize(
    "text",
    [
        "".join(chr(i) for i in range(0x20)) * 50,
        "\x80\x81\x9f" * 1000,
        "\ud800\udfff lone surrogates \udc80",
        "\ufffd" * 10000,
        "&" * 5000 + "&#;&#x;&#99999999;&#0;",
        "Ã" * 3000,
    ],
)
def test_hostile_input_never_raises(text: str) -> None:
    fixed, repairs = clean_text_with_repairs(text)
    assert "\ufffd" not in fixed
    assert not any(0xD800 <= ord(c) <= 0xDFFF or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in fixed)
    fixed.encode("utf-8")
    assert all(len(r.before) <= 80 and len(r.after) <= 80 for r in repairs)


def test_huge_text_is_linear_enough() -> None:
    paragraph = "The minister said it’s fine — “really” fine, déjà vu. " * 20_000  # ~1.1 MB
    start = time.perf_counter()
    assert clean_text(paragraph) == paragraph.strip()
    damaged = paragraph.encode("utf-8").decode("sloppy-windows-1252")
    assert clean_text(damaged) == paragraph.strip()
    assert time.perf_counter() - start < 20


def test_fast_path_never_calls_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("ftfy called on clean text")

    monkeypatch.setattr(repair.ftfy, "fix_and_explain", boom)
    texts = [*GOOD, "It’s a “quoted” paragraph — with dashes… and café.", "plain ASCII, AT&T"]
    # ftfy's badness may flag a lone "Â "/"Ã " word: ftfy is then asked, and leaves it (above).
    for text in [t for t in texts if not is_bad(t)]:
        clean_text(text)


def test_whitespace_fold_fast_path_agrees_with_split() -> None:
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice([*spaces, "a", "b", " "]) for _ in range(rng.randint(0, 8)))
        assert fold_whitespace(text) == " ".join(text.split()), repr(text)


@pytest.mark.parametrize("value", [None, b"caf\xc3\xa9", 5])
def test_text_that_is_not_str_is_a_type_error_naming_it(value: object) -> None:
    # None gave AttributeError ('NoneType' object has no attribute 'isascii'), bytes a TypeError
    # about something else ("a bytes-like object is required, not 'str'")
    with pytest.raises(TypeError, match=f"text must be str, not {type(value).__name__}"):
        clean_text(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be str"):
        clean_text_with_repairs(value)  # type: ignore[arg-type]
