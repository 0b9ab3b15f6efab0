"""Charset labels and declarations: BOM sniffing, label normalisation, the ``<meta>`` prescan.

Labels are mapped the way the WHATWG Encoding Standard maps them (what every browser does), onto
Python codec names: ``iso-8859-1`` and ``ascii`` mean windows-1252, ``gb2312`` means GBK (we use its
superset gb18030), ``shift_jis`` means Windows-31J (``cp932``), ``euc-kr`` means windows-949
(``cp949``), ``big5`` means Big5-HKSCS. A ``utf-16`` label inside the page itself means UTF-8, since
the prescan could not have read it otherwise.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Mapping

# WHATWG label -> Python codec, for the labels where Python's own lookup would give another
# (narrower) decoder than browsers use. Everything else goes through ``codecs.lookup``.
_WHATWG: dict[str, str] = {
    **dict.fromkeys(
        (
            "ascii", "us-ascii", "ansi_x3.4-1968", "iso-8859-1", "iso8859-1", "iso_8859-1",
            "iso88591", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
            "windows-1252", "cp1252", "x-cp1252", "x-user-defined",
        ),
        "cp1252",
    ),
    **dict.fromkeys(
        ("iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5", "windows-1254", "cp1254"),
        "cp1254",
    ),
    **dict.fromkeys(
        ("iso-8859-11", "iso8859-11", "tis-620", "tis620", "windows-874", "cp874", "dos-874"),
        "cp874",
    ),
    **dict.fromkeys(
        ("gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "chinese", "iso-ir-58", "gb18030",
         "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn"),
        "gb18030",
    ),
    **dict.fromkeys(
        ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "ms950"), "big5hkscs"
    ),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "s-jis", "x-sjis", "ms_kanji", "csshiftjis", "ms932",
         "windows-31j", "cp932", "x-ms-cp932"),
        "cp932",
    ),
    **dict.fromkeys(
        ("euc-kr", "euc_kr", "euckr", "cseuckr", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
         "ksc5601", "ksc_5601", "windows-949", "cp949", "uhc", "iso-ir-149", "csksc56011987"),
        "cp949",
    ),
    **dict.fromkeys(
        ("euc-jp", "x-euc-jp", "cseucpkdfmtjapanese", "eucjp", "euc_jis_2004", "euc_jisx0213"),
        "euc_jp",
    ),
    **dict.fromkeys(("shift_jis_2004", "shift_jisx0213"), "cp932"),
    **dict.fromkeys(("iso-2022-jp", "csiso2022jp"), "iso2022_jp"),
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "x-unicode20utf8"), "utf-8"),
    **dict.fromkeys(
        ("utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2"),
        "utf-8",
    ),
}  # fmt: skip

MULTIBYTE = frozenset({"cp932", "euc_jp", "cp949", "gb18030", "big5hkscs", "iso2022_jp"})
"""Legacy CJK codecs: a strict decode of non-trivial text in the wrong one almost always fails."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

PRESCAN_BYTES = 4096
"""How far to look for ``<meta charset>``: browsers read 1024 bytes, but real pages put long
``<script>`` blocks first; 4 KB found the declaration on every declared page of the snippets set."""

_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:()-]+)"""
    rb"""|<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:()-]+)""", re.I)


def sniff_bom(body: bytes) -> tuple[str, int] | None:
    """Return ``(codec, bom length)`` when ``body`` starts with a byte-order mark.

    >>> sniff_bom(b"\\xef\\xbb\\xbf<html>")
    ('utf-8', 3)
    >>> sniff_bom(b"<html>") is None
    True
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None


_UTF16_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def sniff_utf16(body: bytes) -> str | None:
    """Return ``utf-16-le`` / ``utf-16-be`` when ``body`` is UTF-16 markup without a byte-order mark.

    Such a page (a server's ``charset=UTF-16LE``, which RFC 2781 sends without a BOM, or an editor's
    save) is valid UTF-8 when its text is ASCII, a NUL beside each character, and was read as binary.
    Its first 1,024 bytes must read as text in that byte order: a NUL among the first four bytes,
    markup (``<``) first after white space, no control characters and no U+FFFD.

    >>> sniff_utf16("<html><p>Hi</p></html>".encode("utf-16-le"))
    'utf-16-le'
    >>> sniff_utf16("\\n<!DOCTYPE html>".encode("utf-16-be"))
    'utf-16-be'
    >>> sniff_utf16(b"<html>") is None, sniff_utf16(b"\\x00\\x01\\x02\\x03<\\x00") is None
    (True, True)
    """
    if 0 not in body[:4]:  # the common case: one look at four bytes
        return None
    head = body[:1024]
    head = head[: len(head) & ~1]
    for codec in ("utf-16-le", "utf-16-be"):
        # the head may cut a surrogate pair: one replacement at its very end is that cut
        text = head.decode(codec, "replace").removesuffix("\N{REPLACEMENT CHARACTER}")
        if (
            text.lstrip(" \t\r\n\f").startswith("<")
            and "\N{REPLACEMENT CHARACTER}" not in text
            and not _UTF16_CONTROLS.search(text)
        ):
            return codec
    return None


def normalize_label(label: str | None, *, in_document: bool = False) -> str | None:
    """Map a charset label to the Python codec browsers would use, or ``None`` if unknown.

    >>> normalize_label("ISO-8859-1"), normalize_label("Shift_JIS"), normalize_label("koi8-r")
    ('cp1252', 'cp932', 'koi8-r')
    >>> normalize_label("no-such-charset") is None
    True
    """
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    name = _WHATWG.get(key)
    if name is None:
        try:
            name = codecs.lookup(key).name
        except LookupError:
            return None
        # Python knows codecs that are no page encoding (base64, rot13, zlib...).
        if not codecs.lookup(name)._is_text_encoding:
            return None
        name = _WHATWG.get(name, name)
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8" if in_document else name
    return name


def header_charset(headers: Mapping[str, str] | None) -> str | None:
    """The codec named by the ``Content-Type`` header's ``charset`` parameter, if any.

    >>> header_charset({"content-type": "text/html; charset='EUC-KR'"})
    'cp949'
    >>> header_charset({b"Content-Type": [b"text/html;charset=windows-1251"]})
    'cp1251'
    """
    if not headers:
        return None
    for key, value in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if name.lower() != "content-type":
            continue
        # Scrapy's Headers hold lists of bytes: take them as they come.
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        m = _HEADER_CHARSET.search(str(value))
        return normalize_label(m.group(1)) if m else None
    return None


def meta_charset(body: bytes) -> str | None:
    """The codec declared by ``<meta charset>``, ``http-equiv`` or the XML declaration.

    >>> meta_charset(b'<head><meta http-equiv="Content-Type" content="text/html; charset=EUC-KR">')
    'cp949'
    """
    for m in _META.finditer(body[:PRESCAN_BYTES]):
        name = normalize_label((m.group(1) or m.group(2)).decode("ascii"), in_document=True)
        if name:
            return name
    return None


@functools.lru_cache(maxsize=64)
def _single_byte_table(codec: str) -> str | None:
    """The 256-character decoding table of a single-byte codec, ``None`` for multi-byte ones.

    Bytes a codec leaves undefined decode to the same code point (a C1 control for 0x80-0x9F), as
    the WHATWG decoders do; later repair removes those. Cached: a pure function of the name.
    """
    chars = []
    for b in range(256):
        try:
            ch = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            ch = chr(b)
        except LookupError:
            return None
        if len(ch) != 1:
            return None
        chars.append(ch)
    # A multi-byte codec decodes its lead bytes alone as errors (kept as chr(b) above) but is not
    # a single-byte codec: probe one valid pair to tell them apart.
    if codec in MULTIBYTE or codec.startswith(("utf", "iso2022", "hz")):
        return None
    return "".join(chars)


def decode_with(body: bytes, codec: str) -> tuple[str, int]:
    """Decode ``body`` with ``codec`` the way browsers do; return the text and the error count.

    Single-byte codecs never fail (undefined bytes become C1 controls); errors in multi-byte ones
    become U+FFFD, which the text repair stage then handles.

    >>> decode_with(b"caf\\xe9 \\x81", "cp1252")
    ('café \\x81', 0)
    """
    table = _single_byte_table(codec)
    if table is not None:
        return codecs.charmap_decode(body, "strict", table)[0], 0
    try:
        return body.decode(codec), 0
    except UnicodeDecodeError:
        text = body.decode(codec, "replace")
        return text, text.count("\N{REPLACEMENT CHARACTER}")
