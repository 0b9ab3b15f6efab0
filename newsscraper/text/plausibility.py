"""How plausible a decoded string is as human text: the judge between candidate encodings.

Used to pick the encoding of an island of foreign bytes inside a UTF-8 page. The score is a sum
over characters (higher is better), independent of the codec that produced them:

- ASCII is neutral; Latin letters and the punctuation news text uses are mildly positive;
- CJK characters score by how common they are: 1.3 when a level-1 set (GB 2312, Big5, JIS X 0208)
  holds them, less for level 2, negative beyond, plus a bonus for the few hundred most frequent
  characters of each language, because a wrong decode lands on rare characters far more often
  than a right one;
- kana and KS X 1001 hangul are strong evidence of Japanese and Korean text;
- controls, private-use and unassigned characters, box drawing, half-width katakana, symbols glued
  into words, and a CJK character glued to a Latin letter are penalised, as is a switch between
  hangul and Han or kana inside one run (Korean is written in hangul, Japanese in kana and kanji).
"""

from __future__ import annotations

import functools
import unicodedata

# The most frequent characters of news text per language, written from the published frequency
# lists (Jun Da's Modern Chinese, the Japanese newspaper kanji counts, the National Institute of
# Korean Language syllable counts), cut to the head that covers roughly half of running text.
_TOP_ZH = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年"
    "过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心"
    "她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间"
    "由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给"
    "世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变"
    "四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社"
    "便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北"
    "边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济"
    "车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团"
    "集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企"
    "摄央视新闻记者图片来源供稿网络日报晚报时报周刊人民日报新华社中新社央视财经环球"
)
_TOP_ZH_HANT = frozenset(
    "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年"
    "過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心"
    "她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間"
    "由問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給"
    "報導記者攝影圖片提供資料照片中央社聯合報自由時報蘋果日報東方日報明報總統府台灣臺北香港新聞"
)
_TOP_JA = frozenset(
    "日一人年大十二本中長出三時行見月分後前生五間上東四今金九入学高円子外八六下来気小"
    "新聞社通信記者撮影提供写真共同時事朝読売毎産経済政府首相会議党国内外務省防衛警察事件市県都区"
    "町村地方発表関係問題対応可能性現在以上同様自民主公明立憲維新選挙投票結果米韓北鮮露英独仏台湾"
    "香港世界営企業株式価格相場東京大阪名古屋京都福岡札幌沖縄北海道放送協会知事長官代表取締役"
    "のにるたとはしいをでてがなれからさっりすあもこまうくよきんめおけそつだやえどわちー"
    "ンスルトリイアラックドシレジタフロカテマィグバムプオコデニウメサビナブャエュ・"
)
_TOP_KO = frozenset(
    "이다에의는로하을가고지서한은기으년대사시를리도인스일자정수국적부전주장어동아해나상보관성제"
    "구경회발연위원면세방공생개소선화문여과내미만분그되들당요후신실러야우비무중모합유트마라했조"
    "행금드말결단차체명업음것있없할같된및통교학청민진양계표현영안외예식특북군뉴일보문진공취재단"
    "촬영씨김박최강윤임한오서권황송안류홍전고손배백허남심노하곽성차주우구민유나진지엄채원천방"
    "울산경기충남북전라제주대구광부통령총리장관의원정부당국회"
)

_PENALTY_CONTROL = -3.0
"""Controls, private use, unassigned, U+FFFD: never in text, always a wrong decode."""
_PENALTY_ODD = -1.5
"""Box drawing, half-width katakana, odd symbols: possible, but what wrong decodes produce."""
_BONUS_KANA = 1.6
_BONUS_HANGUL = 1.3
"""Kana score above a level-1 Han character (1.3): kana only come out of a Japanese codec (or of
GBK reading EUC-JP, which yields the same kana). KS X 1001 hangul scores as level-1 Han: 1.2 lost
한겨레 to Big5, 1.4 changed nothing; calibrated on 852 credit/codec pairs (bench corpus lists
plus 300 held out)."""


@functools.lru_cache(maxsize=8192)
def _han_score(ch: str) -> float:
    """Commonness of one Han character (pure, cached)."""
    score = -0.5
    for codec, lo, hi in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6), ("euc_jp", 0xB0, 0xCF)):
        try:
            lead = ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        score = max(score, 1.3 if lo <= lead <= hi else 0.3)
    if ch in _TOP_ZH or ch in _TOP_ZH_HANT or ch in _TOP_JA:
        score += 1.0
    return score


@functools.lru_cache(maxsize=4096)
def _hangul_score(ch: str) -> float:
    try:
        # Python's euc_kr spells any syllable as 8 bytes of jamo: only 2 bytes means KS X 1001.
        if len(ch.encode("euc_kr")) != 2:
            return _PENALTY_ODD  # only in the cp949 extension: rare in real text
    except UnicodeEncodeError:
        return _PENALTY_ODD
    return _BONUS_HANGUL + (1.0 if ch in _TOP_KO else 0.0)


def _kind(ch: str) -> str:
    if not ch:
        return "ascii"
    o = ord(ch)
    if o < 0x80:
        return "letter" if ch.isalnum() else "ascii"
    if 0x3040 <= o <= 0x30FF:
        return "kana"
    if 0xAC00 <= o <= 0xD7A3:
        return "hangul"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
        return "han"
    return "other"


_OPENING = "\N{LEFT SINGLE QUOTATION MARK}\N{LEFT DOUBLE QUOTATION MARK}"
_CLOSING = "\N{RIGHT SINGLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}"
_DASHES = "\N{EN DASH}\N{EM DASH}"


def char_score(ch: str, prev: str, nxt: str) -> float:
    """Score of one character given its neighbours (``""`` at the ends)."""
    kind = _kind(ch)
    if kind in ("ascii", "letter"):
        return 0.0
    if kind == "kana":
        return _BONUS_KANA + (0.5 if ch in _TOP_JA else 0.0) + _glued(prev, nxt) + _isolated(prev, nxt)
    if kind == "hangul":
        return _hangul_score(ch) + _glued(prev, nxt) + _isolated(prev, nxt)
    if kind == "han":
        return _han_score(ch) + _glued(prev, nxt) + _isolated(prev, nxt)
    o = ord(ch)
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
        return 0.3  # CJK punctuation and full-width forms
    if 0xFF61 <= o <= 0xFF9F or 0x2500 <= o <= 0x259F:
        return _PENALTY_ODD
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Co", "Cn", "Cs") or ch == "\N{REPLACEMENT CHARACTER}":
        return _PENALTY_CONTROL
    if cat.startswith("L"):
        if o < 0x250:
            # Western words are mostly ASCII: "ÑëÊÓÐÂÎÅ" is GBK read as cp1252.
            if _is_ascii_letter(prev) or _is_ascii_letter(nxt):
                return 1.0 if ch.islower() or not (prev.islower() and nxt.islower()) else -0.5
            return -0.8
        # Greek, Cyrillic, Hebrew... letters inside a word of their own block read fine, unless
        # the case flips inside the word ("ОёСККпУ" is Shift-JIS read as a Cyrillic code page).
        if ch.isupper() and prev.islower():
            return -1.0
        return 0.8 if _same_block(ch, prev) or _same_block(ch, nxt) else -0.8
    # Typographic punctuation where news text puts it: what cp1252 islands mostly are.
    if ch in _CLOSING and prev.isalpha() and nxt.isalpha():
        return 2.0  # an apostrophe: it’s, didn’t, I’m
    if ch in _OPENING:
        return 1.2 if nxt.isalnum() or not prev or prev.isspace() or prev in "(>" else 0.3
    if ch in _CLOSING:
        return 1.2 if prev.isalnum() or prev in ".,!?;:" or nxt.isspace() or not nxt else 0.3
    if ch in _DASHES:
        return 1.0 if prev in " " or nxt in " " or (prev.isalnum() and nxt.isalnum()) else 0.3
    if ch in "\N{HORIZONTAL ELLIPSIS}\N{EURO SIGN}\N{NO-BREAK SPACE}\N{BULLET}":
        return 0.6
    if _is_latin_letter(prev) and _is_latin_letter(nxt):
        return -1.5  # a symbol inside a word: "’©‘N’ÊM" is cp1252 read of CJK bytes
    if ch in _NEWS_SYMBOLS and not (prev[-1:] in _NEWS_SYMBOLS or nxt[:1] in _NEWS_SYMBOLS):
        return 0.8  # "½ cup", "© 2019", "(£40)", "25 °C": one symbol among ASCII
    return -0.6


# Latin-1 symbols news text uses.
_NEWS_SYMBOLS = "©®°£¥½¼¾§¶«»¡¿±×÷²³µ¢"


def _isolated(prev: str, nxt: str) -> float:
    """A single CJK character between non-CJK ones ("1 遜 cup" is ½ read as EUC-JP); credits
    have two or more."""
    return -1.0 if _kind(prev) not in _CJK_KINDS and _kind(nxt) not in _CJK_KINDS else 0.0


_CJK_KINDS = ("kana", "hangul", "han")


def _same_block(ch: str, other: str) -> bool:
    return bool(other) and other.isalpha() and ord(other) >> 7 == ord(ch) >> 7


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_latin_letter(ch: str) -> bool:
    return bool(ch) and ch.isalpha() and ord(ch) < 0x250


def _glued(prev: str, nxt: str) -> float:
    """A CJK character glued to a Latin letter is what a wrong decode of ``\\x93We`` gives
    (digits are fine: ``2024年``, ``뉴스1``)."""
    return -3.0 if _is_ascii_letter(prev) or _is_ascii_letter(nxt) else 0.0


def plausibility(text: str, left: str = "", right: str = "") -> float:
    """Plausibility of ``text`` as human writing, with ``left``/``right`` its context characters.

    >>> plausibility("朝鮮通信社") > plausibility("棚ｩ常ﾊ社")
    True
    >>> plausibility("’", "t", "s") > plausibility("\\x92", "t", "s")
    True
    """
    score = 0.0
    prev_script = ""
    chars = [left[-1:], *text, right[:1]]
    for i in range(1, len(chars) - 1):
        ch = chars[i]
        score += char_score(ch, chars[i - 1], chars[i + 1])
        kind = _kind(ch)
        if kind in ("kana", "hangul", "han"):
            script = "ko" if kind == "hangul" else "cj"
            if prev_script and script != prev_script:
                score -= 1.5
            prev_script = script
    return score
