"""Mojibake as ftfy sees it: the cheap gate never misses what ftfy's badness flags; mixed segments
are repaired span by span; no letter is lost to unrecoverable damage; lost bytes are guessed only
where one character fits, and recorded."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

from newsscraper import clean_text, clean_text_with_repairs
from newsscraper.text.mojibake import SUSPECT_RE, fix_spans
from newsscraper.text.repair import FTFY_CONFIG


def _expand(ranges: str) -> str:
    out = []
    i = 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            out += [chr(c) for c in range(ord(ranges[i]), ord(ranges[i + 2]) + 1)]
            i += 3
        else:
            out.append(ranges[i])
            i += 1
    return "".join(out)


ALPHABET = "".join(sorted({*_expand("".join(MOJIBAKE_CATEGORIES.values())), *"aZ .ÃÂвГЂўВβ€ā²×√≈‚Äâó"}))


def test_gate_is_a_superset_of_ftfy_badness() -> None:
    rng = random.Random(11)
    misses = []
    for _ in range(100_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6)))
        if BADNESS_RE.search(text) and not SUSPECT_RE.search(text):
            misses.append(text)
    assert misses == []


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("conseille g√¢teaux et r√©gime √©quilibr√©.", "conseille gâteaux et régime équilibré."),
        ("wei√ü", "weiß"),
        ("#╨┐╤Ç╨░╨▓╨╕╨╗╤î╨╜╨╛╨╡", "#правильное"),
        ("LiĂ¨ge Avenue de l'HĂ´pital", "Liège Avenue de l'Hôpital"),
        ("Blog Traffic Tip 2 вЂ“ Broadcast", "Blog Traffic Tip 2 – Broadcast"),
        ("Merci de t‚Äö√†√∂¬¨¬©l‚Äö√†√∂¬¨¬©charger le plug-in", "Merci de télécharger le plug-in"),
        ("a bigger-than-expected Г‚ВЈ5.8bn rights issue", "a bigger-than-expected £5.8bn rights issue"),
    ],
)
def test_mojibake_through_other_codecs(damaged: str, expected: str) -> None:
    fixed, repairs = clean_text_with_repairs(damaged, "articleBody")
    assert fixed == expected
    assert [r.kind for r in repairs] == ["mojibake"]


def test_mixed_segment_is_repaired_span_by_span() -> None:
    text = "Lindqvist/Hale – DrÃ¥ber och cafÃ© “quoted”"
    assert clean_text(text) == "Lindqvist/Hale – Dråber och café “quoted”"
    # one run that is bad only in its context: ftfy's negative case, left as ftfy leaves it
    assert fix_spans("Bremer/Mccoy – DrÃ¥ber", FTFY_CONFIG) == "Bremer/Mccoy – DrÃ¥ber"


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("ItÃ?Â¢â?¬â?¢s classic. ItÃ?Â¢â?¬â?¢s epic.", "It¢s classic. It¢s epic."),
        ("Asia, Ă\ufffdfrica, AmĂ©rica Central", "Asia, frica, América Central"),
        ("Europa, Asia, Ă\ufffdfrica, Norte", "Europa, Asia, Ăfrica, Norte"),  # nothing corroborates
        ("caf\ufffd au lait", "caf au lait"),
        ("It\ufffd\ufffd\ufffds fine", "Its fine"),
        ("caf\u00e9\ufffd\ufffd\ufffd au lait", "café au lait"),
    ],
)
def test_unrecoverable_damage_takes_no_letter(damaged: str, expected: str) -> None:
    assert clean_text(damaged) == expected


def test_lost_double_byte_run_names_its_encoding() -> None:
    text = "Copyright \ufffd\ufffd\ufffdN\ufffdʐM\ufffd\ufffd/KCNA via KNS"
    fixed, repairs = clean_text_with_repairs(text, "images[0].credit")
    assert fixed == "Copyright /KCNA via KNS"
    assert [r.kind for r in repairs] == ["replacement-run"]
    assert repairs[0].before.endswith("(Shift-JIS read as UTF-8)")
    assert len(repairs[0].before) <= 80


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("â€œlossy decodingâ€\ufffd", "“lossy decoding”"),
        ("upgraded to â€œbb+â€? from â€œbbâ€?", "upgraded to “bb+” from “bb”"),
        ("she said â€œnoâ€\ufffd.", "she said “no”."),
    ],
)
def test_lost_closing_quote_is_guessed_and_recorded(damaged: str, expected: str) -> None:
    fixed, repairs = clean_text_with_repairs(damaged)
    assert fixed == expected
    assert "guessed" in [r.kind for r in repairs]


def test_no_guess_where_more_than_one_character_fits() -> None:
    # between two letters a hyphen (U+2010) fits as well as a quote: the U+FFFD is only dropped
    fixed, repairs = clean_text_with_repairs("wellâ€\ufffdknown")
    assert "guessed" not in [r.kind for r in repairs]
    assert "\ufffd" not in fixed and fixed.startswith("well") and fixed.endswith("known")


def test_ligatures_and_width() -> None:
    assert clean_text("signiﬁcantly, ŉ, korišteǌem") == "significantly, ʼn, korištenjem"
    assert clean_text("Ningbo，China") == "Ningbo,China"
    assert clean_text("東京，大阪と ＡＢＣ") == "東京，大阪と ＡＢＣ"
    assert clean_text("Kindle for PCをCtrl＋Alt＋Kで（2010）") == "Kindle for PCをCtrl＋Alt＋Kで（2010）"


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "repair" / "reports"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # ../shared/cases/reports 21 (rspeer/python-ftfy#192): 'Ä°' / 'Ä«' are İ and ī
        ("21-mojibake-turkish-latvian.txt", "Direct flights from İstanbul to Rīga resume in May."),
        # ../shared/cases/reports 22 (rspeer/python-ftfy#97): 'Ã«' is ë in a Dutch word
        ("22-mojibake-dutch-e-diaeresis.txt", "Een ongeëvenaard succes voor de haven van Vlissingen."),
    ],
)
def test_reported_mojibake_cases(name: str, expected: str) -> None:
    line = (FIXTURES / name).read_text("utf-8").splitlines()[0]
    assert clean_text(line) == expected
