"""Generate the text-repair corpus ``fixtures/repair/corpus.jsonl`` (deterministic, seeded).

Real paragraphs from ``../shared/eval`` (aeb truth bodies, snippet strings in many languages) are
damaged in each way text repair must undo, wrapped into minimal news pages
(``<article><h1>…</h1><p>…</p></article>``, so body extraction is not what is measured) and kept
as raw bytes with the HTTP headers a server would send. Plus negative cases (good text in many
languages and encodings that must come back unchanged) and hand-written cases in the style of real
damage (``wild``).

One JSON object per line: ``id``, ``kind``, ``group`` (the figure it counts towards), ``source``,
``headers``, ``body`` (the page bytes as a Latin-1 string, so ASCII stays readable), ``expected``
(the paragraphs, whitespace-folded, that must come out exactly).

    python -m bench.repair_corpus [--out fixtures/repair/corpus.jsonl] [--seed N]
"""

from __future__ import annotations

import argparse
import html
import html.entities
import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

from bench.evalsets import aeb_pages, snippet_pages, truth_strings

SEED = 20261126
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "repair" / "corpus.jsonl"
MAX_PARA = 240
"""Paragraphs are cut to this many characters (at a word boundary): keeps the corpus small."""

# Photo credits and bylines as they appear in image metadata, per language (written for this
# corpus; agencies, papers, ministries, photographer names).
CJK_JA = [
    "朝鮮通信社", "共同通信", "時事通信", "朝日新聞社", "読売新聞", "毎日新聞社", "産経新聞",
    "日本経済新聞", "東京新聞", "北海道新聞", "撮影：山田太郎", "提供：防衛省", "写真：ロイター／アフロ",
    "共同通信社提供", "首相官邸提供", "撮影・佐藤健一", "時事通信フォト", "西日本新聞社", "中日新聞",
    "神戸新聞", "京都新聞", "防衛省統合幕僚監部提供", "アフロ", "ゲッティイメージズ", "毎日新聞社／アフロ",
    "撮影：鈴木一郎", "日本放送協会", "沖縄タイムス", "琉球新報", "外務省提供", "宮内庁提供",
    "撮影・田中美穂", "読売新聞社提供", "写真：共同", "静岡新聞社", "撮影：高橋和也", "朝鮮中央通信",
]  # fmt: skip
CJK_KO = [
    "연합뉴스", "뉴시스", "뉴스1", "조선일보", "중앙일보", "동아일보", "한겨레", "경향신문",
    "사진공동취재단", "국방부 제공", "사진=청와대", "사진=연합뉴스", "대통령실 제공", "서울신문",
    "한국일보", "매일경제", "한국경제", "사진=뉴스1", "김철수 기자", "통일부 제공", "합동참모본부 제공",
    "조선중앙통신", "사진=국회사진기자단", "이영희 기자 촬영", "부산일보", "국민일보", "세계일보",
    "문화일보", "박민수 기자", "서울시 제공", "외교부 제공", "경기도 제공", "노동신문", "최지훈 기자",
]  # fmt: skip
CJK_ZH = [
    "新华社", "中新社", "人民日报", "中国日报", "视觉中国", "新华社记者 李贺 摄", "央视新闻",
    "中国新闻网", "新华社发", "环球时报", "图片来源：网络", "记者 张伟 摄", "澎湃新闻", "新京报",
    "南方都市报", "光明日报", "经济日报", "解放军报", "人民网", "新华社记者 王晔 摄", "北京日报",
    "中国青年报", "图虫创意", "外交部供图", "国防部网站", "中新社记者 杜洋 摄", "第一财经", "财新网",
    "界面新闻", "朝中社", "本报记者 刘洋 摄", "资料图", "央视截图",
]  # fmt: skip
CJK_TW = [
    "中央社", "聯合報", "自由時報", "中國時報", "蘋果日報", "東方日報", "明報", "總統府提供",
    "記者陳志曲攝", "資料照片", "中央社記者王飛華攝", "國防部提供", "聯合新聞網", "外交部提供",
    "路透社", "美聯社", "法新社", "翻攝自臉書", "記者林俊良攝", "行政院提供", "民視新聞", "三立新聞",
    "東森新聞", "星島日報", "經濟日報", "工商時報", "聯合報系資料照", "圖／取自網路", "記者黃子明攝",
    "台北市政府提供", "海巡署提供", "朝鮮中央通訊社", "中央通訊社",
]  # fmt: skip
CJK = {"cp932": CJK_JA, "euc_jp": CJK_JA, "cp949": CJK_KO, "gb18030": CJK_ZH, "big5": CJK_TW}
CREDIT_FORMS = ["Photo: {}/KCNA via KNS", "({})", "Copyright {}/AFP", "Source: {}"]

# Good text that must come back exactly: the languages and characters a repair could harm.
NEGATIVES = [
    "Zażółć gęślą jaźń — powiedział rzecznik prasowy w Łodzi, cytowany przez PAP.",
    "Thủ tướng Phạm Minh Chính phát biểu tại Hà Nội hôm thứ Hai về kinh tế Việt Nam.",
    "İstanbul'da Şişli Belediyesi, ılık havada çocuklar için ağaç dikti, dedi Başkan Öztürk.",
    "Ο πρωθυπουργός Κυριάκος Μητσοτάκης μίλησε στην Αθήνα για την οικονομία της Ελλάδας.",
    "Президент України Володимир Зеленський заявив у суботу, що війська просуваються.",
    "朝鮮通信社によると、金正恩総書記は金曜日に平壌で開かれた会議に出席した。",
    "新华社北京11月26日电 国务院总理今天主持召开国务院常务会议，研究部署经济工作。",
    "中央社記者今天在台北報導，總統府表示將持續關注兩岸情勢發展。",
    "연합뉴스에 따르면 정부는 26일 서울에서 열린 회의에서 새로운 경제 정책을 발표했다.",
    "The €5bn deal — plus a £3m fee and ¥200m in costs — closed at 25°C; ½ of it, ±2%, ©2024 Reuters™.",
    "ÅÄÖ are Swedish letters; Ã opens SÃO PAULO in capitals, and Â is in ROMÂNIA.",
    "SÃO PAULO (Reuters) — O governador de São Paulo disse que a ação começa amanhã.",
    "ÎN ROMÂNIA, președintele a declarat că Știința și țara merg împreună, la Brașov și Timișoara.",
    "Příliš žluťoučký kůň úpěl ďábelské ódy, uvedl mluvčí ministerstva v Brně.",
    "Þórður og Sigríður búa á Akureyri, sagði Guðmundsdóttir við Morgunblaðið.",
    "Árvíztűrő tükörfúrógép: a győri és a pécsi önkormányzat közölte hétfőn.",
    "« Il faut agir », a déclaré le ministre à l’AFP, évoquant un « été » difficile.",
    "„Wir schaffen das“, sagte Merkel; Ärger über Öl und Übermut in München.",
    "¿Qué pasó? ¡El ñandú cruzó la calle! — dijo la señora Muñoz en Córdoba.",
    "Great news 🎉👍🏽 for the family 👨‍👩‍👧 at the parade, organisers said.",
    "او گفت: می‌خواهم به تهران برگردم، و خبرگزاری ایسنا این را گزارش داد.",
    "המשטרה הודיעה כי החשוד נעצר בתל אביב, כך דווח בעיתון הארץ.",
    "قال المتحدث باسم الحكومة إن الاجتماع سيعقد في القاهرة يوم الأحد.",
    "प्रधानमंत्री नरेंद्र मोदी ने कहा कि सरकार किसानों के साथ खड़ी है।",
    "กรุงเทพมหานคร เป็นเมืองหลวงของประเทศไทย ตามรายงานของสำนักข่าว",
    "Mr Müller-Lüdenscheidt & Co. KG: AT&T, Q&A, R&D and P&O were named; E = mc², H₂O, x ≤ 3.",
    "DJ Ötzi, Björk Guðmundsdóttir and Sigur Rós played Ærø, Ølstykke and Åse on the tour.",
    "Ação, informação, São João e pão: a festa junina em Caruaru atraiu milhares.",
    "Šiaulių ir Kauno merai susitiko Vilniuje, pranešė naujienų agentūra ELTA.",
    "naïve café résumé coöperate façade — jalapeño piñata über Ångström.",
]  # fmt: skip
LEGACY_NEGATIVES = [  # (text, codec served in, label declared or None)
    (NEGATIVES[0], "cp1250", "windows-1250"),
    (NEGATIVES[2], "cp1254", "windows-1254"),
    (NEGATIVES[3], "cp1253", "windows-1253"),
    (NEGATIVES[4], "cp1251", "windows-1251"),
    (NEGATIVES[5], "cp932", "Shift_JIS"),
    (NEGATIVES[5], "euc_jp", "EUC-JP"),
    (NEGATIVES[6], "gb18030", "GB2312"),
    (NEGATIVES[7], "big5", "Big5"),
    (NEGATIVES[8], "cp949", "EUC-KR"),
    (NEGATIVES[16], "cp1252", "ISO-8859-1"),
    (NEGATIVES[17], "cp1252", "windows-1252"),
]
_LANGS = {"cp1250": "pl", "cp1254": "tr", "cp1253": "el", "cp1251": "uk", "cp932": "ja", "euc_jp": "ja",
          "gb18030": "zh-CN", "big5": "zh-TW", "cp949": "ko", "cp1252": "fr"}  # fmt: skip
UNDECLARED_LEGACY = [(text, codec, _LANGS[codec]) for text, codec, _ in LEGACY_NEGATIVES]
"""Legacy pages without any charset: only their ``<html lang>`` and their bytes say what they are."""

# Damage as found in the wild, written for this corpus: (paragraph html as text, or as the raw
# bytes in the page, page encoding, declared charset or None, expected paragraph).
WILD: list[tuple[str | bytes, str, str | None, str]] = [
    ("Iâ€™m not sure the councilâ€™s plan will work, said the mayor.", "utf-8", "utf-8",
     "I’m not sure the council’s plan will work, said the mayor."),
    ("The Ã©tÃ© festival in MontrÃ©al drew 40,000 visitors, organisers said.", "utf-8", "utf-8",
     "The été festival in Montréal drew 40,000 visitors, organisers said."),
    ("The fee rose to Â£5 million, and tickets cost â‚¬20 each.", "utf-8", "utf-8",
     "The fee rose to £5 million, and tickets cost €20 each."),
    ("Ã¢â‚¬Å“It was a mistake,Ã¢â‚¬Â\x9d the minister admitted on Tuesday.", "utf-8", "utf-8",
     "“It was a mistake,” the minister admitted on Tuesday."),
    ("GÃ¶teborg and ZÃ¼rich top the list of the most liveable cities this year.", "utf-8", None,
     "Göteborg and Zürich top the list of the most liveable cities this year."),
    ("Don&amp;#8217;t expect miracles &amp;mdash; the budget is tight, she said.", "utf-8", "utf-8",
     "Don’t expect miracles — the budget is tight, she said."),
    ("The company&amp;amp;rsquo;s shares fell 4% on Monday after the report.", "utf-8", "utf-8",
     "The company’s shares fell 4% on Monday after the report."),
    (b"It\x92s the \x93best\x94 result in a decade \x96 and it isn\x92t over.", "utf-8", "utf-8",
     "It’s the “best” result in a decade – and it isn’t over."),
    (b"Mr Gonz\xe1lez said the caf\xe9 would reopen in the spring.", "utf-8", "utf-8",
     "Mr González said the café would reopen in the spring."),
    (b"Kim Jong Un meets soldiers. Copyright \xc2\xa0\x92\xa9\x91N\x92\xca\x90M\x8e\xd0/KCNA via KNS",
     "utf-8", "utf-8", "Kim Jong Un meets soldiers. Copyright 朝鮮通信社/KCNA via KNS"),
    (b"A North Korean missile launch. (\xbb\xe7\xc1\xf8=\xbf\xac\xc7\xd5\xb4\xba\xbd\xba)",
     "utf-8", "utf-8", "A North Korean missile launch. (사진=연합뉴스)"),
    (b"Premier Li attends the meeting. \xd0\xc2\xbb\xaa\xc9\xe7\xbc\xc7\xd5\xdf \xc0\xee\xba\xd8 \xc9\xe3",
     "utf-8", "utf-8", "Premier Li attends the meeting. 新华社记者 李贺 摄"),
    (b"Voters queue in Taipei. (\xa4\xa4\xa5\xa1\xaa\xc0)", "utf-8", "utf-8",
     "Voters queue in Taipei. (中央社)"),
    (b"Kim Jong Un meets soldiers. Copyright \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdN\xef\xbf\xbd\xca\x90M"
     b"\xef\xbf\xbd\xef\xbf\xbd/KCNA via KNS", "utf-8", "utf-8",
     "Kim Jong Un meets soldiers. Copyright /KCNA via KNS"),
    ("The Ã la carte menu, wrote the critic, was naÃ¯ve but charming.", "utf-8", "utf-8",
     "The à la carte menu, wrote the critic, was naïve but charming."),
    ("itâ\x80\x99s the â\x80\x9cbiggestâ\x80\x9d deal of the year, analysts said.", "utf-8", "utf-8",
     "it’s the “biggest” deal of the year, analysts said."),
    (b"Bundes\xc2\xadkanzler\xe2\x80\x8bin Merkel sprach\x07 in Berlin\x00 zur Lage.", "utf-8", "utf-8",
     "Bundeskanzlerin Merkel sprach in Berlin zur Lage."),
    (b"Das Gesp\xe4ch mit Herrn M\xfcller fand in K\xf6ln statt, hie\xdf es.", "iso-8859-1", None,
     "Das Gespäch mit Herrn Müller fand in Köln statt, hieß es."),
    (b"\x93We are ready,\x94 said the coach \x97 his team\x92s fifth final.", "cp1252", None,
     "“We are ready,” said the coach — his team’s fifth final."),
    (b"Ren\xc3\xa9e Fleming sang at the gala in S\xc3\xa3o Paulo on Friday.", "utf-8", "iso-8859-1",
     "Renée Fleming sang at the gala in São Paulo on Friday."),
]  # fmt: skip
FILLER = (
    "The statement was published on the ministry's website on Saturday and was later confirmed "
    "by officials, who declined to give further details about the timing of the next steps."
)


# Source text already holding what repair removes (soft hyphens, controls, U+FFFD) is left out, so
# that "exactly" means the same for the damaged copy and the truth.
_ODD = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\ufffd]")


def _fold(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str) -> str:
    text = _fold(text)
    if len(text) <= MAX_PARA:
        return text
    cut = text[:MAX_PARA]
    end = max(cut.rfind(". "), cut.rfind("; "))
    return cut[: end + 1] if end > MAX_PARA // 2 else cut[: cut.rfind(" ")]


def _cp1252_ok(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return not text.isascii()


def source_paragraphs() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(English-leaning aeb paragraphs, many-language snippet strings), each (source, text)."""
    aeb: list[tuple[str, str]] = []
    for page in aeb_pages():
        for para in str(page.truth["articleBody"]).split("\n"):
            text = _cut(para)
            if len(text) >= 80 and not text.isascii() and not _ODD.search(text):
                aeb.append((f"aeb:{page.id}", text))
    snippets: list[tuple[str, str]] = []
    for page in snippet_pages():
        for s in truth_strings(page.truth, "with"):
            text = _cut(s)
            if len(text) >= 60 and not text.isascii() and not _ODD.search(text):
                snippets.append((f"snippets:{page.id}", text))
    return aeb, snippets


def page(paragraphs: list[str], *, charset_meta: str | None = None, lang: str = "en") -> str:
    """A minimal news page around paragraphs given as HTML fragments."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>News report</title></head>\n'
        f"<body><article><h1>News report</h1>\n{body}</article></body></html>\n"
    )


def _case(
    kind: str, group: str, source: str, body: bytes, expected: list[str], headers: dict[str, str]
) -> dict[str, object]:
    return {
        "kind": kind,
        "group": group,
        "source": source,
        "headers": headers,
        "body": body.decode("latin-1"),
        "expected": [_fold(e) for e in expected],
    }


_HTML = {"Content-Type": "text/html"}
_UTF8 = {"Content-Type": "text/html; charset=utf-8"}


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _utf8_page(damaged: str, rng: random.Random) -> tuple[bytes, dict[str, str]]:
    """A UTF-8 page, declared in ``<meta>`` or (half the time) in the HTTP header only."""
    declare = rng.random() < 0.5
    doc = page([damaged, _esc(FILLER)], charset_meta="utf-8" if declare else None)
    return doc.encode("utf-8"), _HTML if declare else _UTF8


def _entity(ch: str, rng: random.Random) -> str:
    name = html.entities.codepoint2name.get(ord(ch))
    forms = [f"&amp;#{ord(ch)};", f"&amp;#x{ord(ch):x};"] + ([f"&amp;{name};"] if name else [])
    return rng.choice(forms)


def generate(seed: int = SEED) -> Iterator[dict[str, object]]:
    """All corpus cases, in a fixed order (another ``seed`` draws other paragraphs and credits)."""
    rng = random.Random(seed)
    aeb, snippets = source_paragraphs()
    pool = aeb + snippets
    western = [p for p in pool if _cp1252_ok(p[1])]
    rng.shuffle(pool)
    rng.shuffle(western)

    def take(items: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
        return [items.pop() for _ in range(min(n, len(items)))]

    def mojibake(kind: str, n: int, damage: Callable[[str], str]) -> Iterator[dict[str, object]]:
        for src, text in take(pool, n):
            body, headers = _utf8_page(_esc(damage(text)), rng)
            yield _case(kind, kind, src, body, [text, FILLER], headers)

    def sloppy(t: str) -> str:
        return t.encode("utf-8").decode("sloppy-windows-1252")

    yield from mojibake("mojibake-cp1252", 20, sloppy)
    yield from mojibake("mojibake-latin1", 20, lambda t: t.encode("utf-8").decode("latin-1"))
    yield from mojibake("double-mojibake", 20, lambda t: sloppy(sloppy(t)))

    # Wrong header: the declared charset is not the bytes' charset.
    for i, (src, text) in enumerate(take(western, 25)):
        variant = i % 5
        doc_meta = {0: None, 1: "utf-8", 2: "windows-1252", 3: "windows-1252", 4: None}[variant]
        header = {0: "ISO-8859-1", 1: "ISO-8859-1", 2: "utf-8", 3: "windows-1252", 4: "utf-8"}[variant]
        codec = "cp1252" if variant in (2, 4) else "utf-8"
        doc = page([_esc(text), _esc(FILLER)], charset_meta=doc_meta)
        headers = {"Content-Type": f"text/html; charset={header}"}
        yield _case("wrong-header", "wrong-header", src, doc.encode(codec), [text, FILLER], headers)

    # ... including a Western server default over a legacy page that does not declare itself.
    for text, codec, _ in LEGACY_NEGATIVES[3:9]:
        doc = page([_esc(text), _esc(FILLER), _esc(text)])
        headers = {"Content-Type": "text/html; charset=ISO-8859-1"}
        yield _case(
            "wrong-header-legacy", "wrong-header", f"hand:{codec}", doc.encode(codec), [text, FILLER], headers
        )

    for src, text in take(western, 20):
        doc = page([_esc(text), _esc(FILLER)])
        yield _case(
            "undeclared-cp1252", "undeclared-cp1252", src, doc.encode("cp1252"), [text, FILLER], _HTML
        )

    # Twingled: cp1252 bytes inside a UTF-8 page, one paragraph or only its punctuation.
    for i, (src, text) in enumerate(take(western, 25)):
        other_src, other = take(pool, 1)[0]
        if i % 2:
            chunks = [_esc(text).encode("cp1252")]
        else:
            chunks = [ch.encode("cp1252") if ch in "‘’“”–—…•€" else ch.encode("utf-8") for ch in _esc(text)]
        head, tail = page(["\x00", _esc(other)], charset_meta="utf-8").split("\x00")
        body = head.encode("utf-8") + b"".join(chunks) + tail.encode("utf-8")
        yield _case("twingled-cp1252", "twingled-cp1252", f"{src} + {other_src}", body, [text, other], _HTML)

    # CJK islands: a credit in a legacy CJK encoding inside a UTF-8 paragraph, on a page declared
    # UTF-8 in <meta>, in the header only, or not at all.
    for codec, credits in CJK.items():
        for i, credit in enumerate(rng.sample(credits, 20)):
            src, text = take(pool, 1)[0]
            form = rng.choice(CREDIT_FORMS)
            before, after = form.split("{}")
            body_text = _esc(text) + " " + before
            head, tail = page(["\x00", _esc(FILLER)], charset_meta="utf-8" if i % 3 == 0 else None).split(
                "\x00"
            )
            body = (head + body_text).encode("utf-8") + credit.encode(codec) + (after + tail).encode("utf-8")
            expected = f"{text} {before}{credit}{after}"
            headers = _UTF8 if i % 3 == 1 else _HTML
            yield _case(f"cjk-island-{codec}", "cjk-island", src, body, [expected, FILLER], headers)

    # Double-escaped entities: the text after HTML parsing still holds &#8217; / &rsquo;.
    for src, text in take(pool, 20):
        damaged = "".join(_entity(ch, rng) if ord(ch) > 0x7F else _esc(ch) for ch in text)
        body, headers = _utf8_page(damaged, rng)
        yield _case("entities", "entities", src, body, [text, FILLER], headers)

    # U+FFFD runs: a CJK credit already destroyed by a UTF-8 decoder, as in the seed page.
    for credit_codec, credit in [(c, s) for c, lst in CJK.items() for s in rng.sample(lst, 3)]:
        src, text = take(pool, 1)[0]
        lost = credit.encode(credit_codec).decode("utf-8", "replace")
        if "\ufffd" not in lost:
            continue
        para = f"{_esc(text)} Photo: {_esc(lost)}/AFP"
        body, headers = _utf8_page(para, rng)
        # The lost credit goes, with the bytes of it that survived as stray letters; the slash and
        # the agency stay (issue 11: never a letter that is not part of the damage).
        yield _case("replacement-run", "replacement-run", src, body, [f"{text} Photo: /AFP", FILLER], headers)

    # Negatives: good text in many languages, in UTF-8 and in declared legacy encodings.
    for src, text in take(snippets, 30):
        body, headers = _utf8_page(_esc(text), rng)
        yield _case("negative", "negative", src, body, [text, FILLER], headers)
    for i, text in enumerate(NEGATIVES):
        body, headers = _utf8_page(_esc(text), rng)
        yield _case("negative", "negative", f"hand:{i}", body, [text, FILLER], headers)
    for text, codec, label in LEGACY_NEGATIVES:
        doc = page([_esc(text), _esc(FILLER)], charset_meta=label if len(text) % 2 else None)
        headers = _HTML if len(text) % 2 else {"Content-Type": f"text/html; charset={label}"}
        yield _case(
            "negative-legacy", "negative", f"hand:{codec}", doc.encode(codec), [text, FILLER], headers
        )
    for text, codec, lang in UNDECLARED_LEGACY:
        doc = page([_esc(text), _esc(FILLER), _esc(text)], lang=lang)
        yield _case(
            "undeclared-legacy",
            "undeclared-legacy",
            f"hand:{codec}",
            doc.encode(codec),
            [text, FILLER],
            _HTML,
        )

    for i, (fragment, codec, wild_label, expected) in enumerate(WILD):
        head, tail = page(["\x00", _esc(FILLER)], charset_meta=wild_label).split("\x00")
        enc = "cp1252" if codec in ("cp1252", "iso-8859-1") else "utf-8"
        raw = fragment if isinstance(fragment, bytes) else fragment.encode(enc)
        body = head.encode(enc) + raw + tail.encode(enc)
        headers = _HTML if wild_label or enc != "utf-8" else _UTF8
        yield _case("wild", "wild", f"hand:wild{i}", body, [expected, FILLER], headers)


def main(argv: list[str] | None = None) -> int:
    """Write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED, help="another draw, e.g. to check overfitting")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with args.out.open("w", encoding="utf-8") as fh:
        for case in generate(args.seed):
            kind = str(case["kind"])
            counts[kind] = counts.get(kind, 0) + 1
            case = {"id": f"{kind}-{counts[kind]:03d}", **case}
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{sum(counts.values())} cases -> {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
