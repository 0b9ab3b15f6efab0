"""Bylines: turn "By Daniel Bellamy with AP | Updated 5 May 2024" into names and agencies.

A byline string is cut at the first date or "Updated"-style marker, its lead words ("By", "Par",
"Von"...) removed, split at list separators of several languages, and each part kept as a person
name, filed as a news agency, or dropped (roles, degrees, handles, e-mails, URLs).
"""

from __future__ import annotations

import re

from newsscraper.extraction.metadata.dates import _MONTH_ALT, _WEEKDAY_ALT
from newsscraper.extraction.xpaths import by_first_letter

MAX_NAME_CHARS = 60
"""Longer "names" are sentences caught by a loose byline selector (longest real name seen: ~40)."""
MAX_NAME_WORDS = 6
"""Names rarely exceed five words ("Maria de los Angeles Torres"); six leaves a margin."""


def _words(text: str) -> list[str]:
    return text.split()


# Agencies credited in bylines; generic, not site-specific. Keys are compared case-insensitively.
AGENCIES: dict[str, str] = {
    name.lower(): name
    for name in (
        "AP", "AFP", "Reuters", "dpa", "EFE", "ANSA", "PA", "Bloomberg", "UPI", "Xinhua", "TASS",
        "Kyodo", "Yonhap", "ANP", "Belga", "APA", "SDA", "Keystone-SDA", "KNA", "epd", "Europa Press",
        "Lusa", "Agência Brasil", "Ritzau", "NTB", "TT", "STT", "CTK", "PAP", "MTI", "Anadolu",
        "IANS", "PTI", "ANI", "AAP", "CP", "RIA Novosti", "Interfax", "Ukrinform", "CNA", "Bernama",
        "Antara", "AP/dpa", "dpa-AFX", "AFX", "CNS", "KNS", "Notimex", "Telam", "DPA/AFP",
    )
}  # fmt: skip
_AGENCY_ALIASES = {
    "associated press": "AP", "the associated press": "AP", "agence france-presse": "AFP",
    "agence france presse": "AFP", "reuters news": "Reuters", "thomson reuters": "Reuters",
    "deutsche presse-agentur": "dpa", "press association": "PA", "pa media": "PA",
    "bloomberg news": "Bloomberg", "united press international": "UPI",
    "canadian press": "CP", "the canadian press": "CP", "australian associated press": "AAP",
    "press trust of india": "PTI", "agencia efe": "EFE", "agencias": "", "agencies": "", "wires": "",
    "news agencies": "", "agences": "", "agenturen": "", "agenzie": "",
}  # fmt: skip

# One word of every agency credit (its longest), not glued to other letters. A byline part is an
# agency only when, stripped of separators, it *is* a credit of these tables, so a byline holding
# none of these words names no agency (``may_name_agency``); its words survive every step of
# ``parse_byline`` (cuts, noise removal and "Surname, Given" inversion only drop or move words).
_AGENCY_WORD = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(
        re.escape(max(credit.split(), key=len))
        for credit, agency in [*AGENCIES.items(), *_AGENCY_ALIASES.items()]
        if agency
    )
    + r")(?![^\W\d_])",
    re.I,
)
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# The first run of letters of each ``_AGENCY_WORD`` ("france" of "france-presse"), lower-cased: a
# text holding none of them as a whole run of letters cannot match ``_AGENCY_WORD``.
_AGENCY_PIECES = frozenset(
    _LETTER_RUN.findall(max(credit.split(), key=len).lower())[0]
    for credit, agency in [*AGENCIES.items(), *_AGENCY_ALIASES.items()]
    if agency
)
# Words that make a byline part a job title, not a person ("Staff Writer", "Senior Correspondent").
_ROLE_WORDS = frozenset(
    _words("""writer reporter correspondent editor editors contributor contributing columnist staff
    photographer photographers photo photos video producer journalist author authors analyst
    critic chief senior deputy associate managing executive special guest freelance intern
    redaktion redakteur redakteurin korrespondent korrespondentin autor autorin journaliste
    rédaction rédacteur rédactrice envoyé envoyée spécial spéciale correspondant correspondante
    redacción redactor redactora corresponsal periodista redazione giornalista inviato
    correspondente repórter redação jornalista coordinator consultant manager director
    specialist expert strategist founder co-founder ceo cto officer head lead advisor scientist
    engineer designer marketer professor researcher""")
)
# Role words that end a job title ("Political Correspondent"); "author" is left out because
# "Jane Author" would be dropped and job titles rarely end with it.
_ROLE_NOUNS = _ROLE_WORDS - {
    "author", "authors", "chief", "senior", "deputy", "associate", "managing", "executive",
    "special", "guest", "freelance", "contributing", "staff", "photo", "photos", "video", "head",
    "lead",
}  # fmt: skip
_DEGREES = frozenset(
    _words("ma mba md phd ph.d msc bsc ba bs ms rn rd rdn np do dds mph cpa cfa llm jr sr esq cscs")
)
# Lead-in words before the names, per language.
_LEAD = re.compile(
    r"^(?:(?:[^\W\d_]+\s+){1,3}by"  # "Written by", "Analysis by", "Text and photos by"
    r"|(?:erstellt|geschrieben|verfasst|veröffentlicht)\s+von|(?:écrit|publié|rédigé)\s+par"
    r"|(?:escrito|publicado|redactado)\s+por|(?:scritto|pubblicato)\s+da"
    r"|by|from|par|von|por|di|door|av|af|autor(?:in)?|author|auteur|text|texte|texto|testo"
    r"|redaktion|reportage)\s*[:\-–—]?\s+",
    re.I,
)
# The month and weekday names of many languages (409 and 246) grouped by first letter: the
# search tries each name at every word start, and grouped a word start costs one test per letter
# (41 and 28) instead of one per name; the same regex (``xpaths.by_first_letter``), ~4x faster.
_MONTHS = by_first_letter(_MONTH_ALT.split("|"))
_WEEKDAYS = by_first_letter(_WEEKDAY_ALT.split("|"))
_CUT = re.compile(
    # A part opening with a weekday before a date ("Sat, 20 Dec, 2025") is all date.
    rf"^(?:{_WEEKDAYS})\.?,?\s+(?=\d|(?:{_MONTHS})\b)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTHS})\b\.?|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|\d{4}年"
    r"|\b(?:updated|published|posted|last\s+updated|modified|aktualisiert|veröffentlicht|publié"
    r"|mis\s+à\s+jour|actualizado|publicado|aggiornato|pubblicato|edited\s+by|photos?\s+by"
    r"|photography\s+by|illustrations?\s+by|follow|read\s+more|more\s+from|view\s+all)\b",
    re.I,
)
_NOISE = re.compile(
    r"https?://[^\s()<>]+|www\.[^\s()<>]+|[^\s()<>]+@[^\s()<>]+\.\w+|(?<!\w)@\w+", re.I
)  # URLs, e-mails, social handles, emptied brackets
_SPLIT = re.compile(
    r"\s*(?:[,;|/•·、，]|\s(?:and|&|und|et|y|e|i|og|och|en|и|with|avec|mit|con|com|con\s+la)\s"
    r")\s*",
    re.I,
)
# Lower-case words that do occur inside names ("Ludwig van Beethoven", "María de la Cruz").
_PARTICLES = frozenset(
    _words("de da di do du del della der den van von la le las los dos das ter ten zu bin ibn al el y e")
)
_CONNECTOR = re.compile(r"^(?:and|with|avec|mit|con|com|et|und|y|e|og|och|en)\s+", re.I)
# Credits that name nobody: placeholders, photo courtesy lines, "more" links.
_NOT_A_NAME = re.compile(
    r"^(?:no\s+author|unknown|anonymous|anonym|admin|administrator|guest|user|editor|redaktion"
    r"|redakcja|redacción|redaccion|rédaction|redazione|redação|red\.?$"
    r"|courtesy|cortesía|cortesia|mehr|more|plus|más|mais|weitere)\b",
    re.I,
)
# "Surname, Given names" as library metadata writes it: one word, a comma, 1-3 given names.
_INVERTED = re.compile(r"^([^\W\d_][\w'’-]+),\s*((?:[^\W\d_][\w.'’-]*\.?\s*){1,3})$")
_ACRONYM = re.compile(r"^[A-Z]{3,}$")  # "CNET" after a comma is a credit line, "F." initials
_PARENS = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_ELEMENT_PARTS = re.compile(r"\s+\|\s+")
_JOINER = re.compile(r"[,;&/]|and|und|et|y|e|i|og|och|en|with|avec|mit|con|com", re.I)
"""A byline part that only joins two names ("A</a>, <a>B", "A</a> and <a>B")."""
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s+")


def _parenthesised(m: re.Match[str]) -> str:
    """ "(avec Damien Leloup et Morgane Tual)" lists more names; "(R.J.)", "(@handle)" do not."""
    inner = m.group(1)
    return f", {inner}," if _SPLIT.search(inner) or agency_name(inner) is not None else " "


def agency_name(text: str) -> str | None:
    """The canonical agency name when ``text`` is only an agency credit, ``""`` for "agencies".

    >>> agency_name("The Associated Press"), agency_name("afp"), agency_name("Jane Doe")
    ('AP', 'AFP', None)
    """
    key = text.strip(" .:-–—()").lower()
    if key in AGENCIES:
        return AGENCIES[key]
    return _AGENCY_ALIASES.get(key)


def may_name_agency(text: str) -> bool:
    """False when neither ``agency_name`` nor ``parse_byline`` can find an agency in ``text``: a
    cheap test that spares the full parse of bylines read only for their agencies.

    >>> may_name_agency("By Jane Doe (AP)"), may_name_agency("Press, Canadian"), may_name_agency("Happy Apps")
    (True, True, False)
    """
    if _AGENCY_PIECES.isdisjoint(_LETTER_RUN.findall(text.lower())):
        return False  # a set lookup per word: the alternation below costs ~1 ms on a long text
    return _AGENCY_WORD.search(text) is not None


def is_role(part: str) -> bool:
    """ "Staff Writer", "Senior Political Correspondent", "MA": a title, not a person."""
    words = [w.strip(".,").lower() for w in re.split(r"[\s\-‐]+", part) if w.strip(".,")]
    if not words:
        return False
    if all(w in _ROLE_WORDS or w in _DEGREES for w in words):
        return True
    return len(words) <= 5 and any(w in _ROLE_NOUNS for w in words)


def clean_name(part: str) -> str | None:
    """A person name from one byline part, or ``None`` when the part is not a name.

    >>> clean_name("By Jane Doe"), clean_name("No Author"), clean_name("LN"), clean_name("Mehr")
    ('Jane Doe', None, None, None)
    """
    part = part.strip(" \t\n:-–—|•·.,;'\"")
    if not _LEAD.sub("", part + " ").strip():
        return None  # a lead word alone ("By", "Written by"): the label before the name
    part = _LEAD.sub("", part).strip(" \t\n:-–—|•·,;'\"")
    part = _SPACE.sub(" ", _CONNECTOR.sub("", part))
    if not part or len(part) > MAX_NAME_CHARS * 2 or not _LETTER.search(part):
        return None
    part = _before_prose(part)
    if len(part) > MAX_NAME_CHARS:
        return None
    words = part.split()
    if len(words) > MAX_NAME_WORDS or is_role(part) or _NOT_A_NAME.match(part):
        return None
    if len(words) == 1 and part.isupper() and len(part) <= 4:
        return None  # "LN", "IWB": initials or a site's abbreviation, not a person
    if any(ch.isdigit() or ch in ":?!;=<>{}" for ch in part):
        return None  # user names ("CC7567"), headlines and code are not person names
    latin = [w for w in words if w[0].isascii() and w[0].isalpha()]
    if latin and sum(w[0].islower() and w not in _PARTICLES for w in latin) > 0:
        return None  # a lower-case word that is no name particle: a sentence fragment
    return part


def is_credit_line(text: str) -> bool:
    """A line that credits a person without a lead word: its first part (``dom.parted_text``
    puts " | " between elements) is a full name and one of the next two a date or a role
    ("Aaron Doe | Senior Writer | July 2, 2025", "Ann Lee | 12.03.2024").

    >>> is_credit_line("Aaron Doe | Senior Writer | July 2, 2025"), is_credit_line("Ann Lee | Tech")
    (True, False)
    """
    parts = [p.strip() for p in text.split(" | ") if p.strip()]
    if len(parts) < 2 or len(parts[0].split()) < 2 or clean_name(parts[0]) != parts[0]:
        return False
    return any(_CUT.search(part) or is_role(part) for part in parts[1:3])


def _before_prose(part: str) -> str:
    """A name followed by prose loses the prose ("Niko Matsakis on behalf of the group",
    "Jane Doe is a reporter"): cut at the first lower-case word (no name particle) that follows
    two or more capitalised words; otherwise ``part`` as it is."""
    words = part.split()
    capitals = 0
    for i, word in enumerate(words):
        if word[0].isupper():
            capitals += 1
        elif word[0].isalpha() and word.isascii() and word not in _PARTICLES:
            return " ".join(words[:i]).rstrip(",;") if capitals >= 2 else part
    return part


def _parse_part(text: str) -> tuple[list[str], list[str]]:
    """``(names, agencies)`` of one part of a byline (no element boundary inside)."""
    text = _PARENS.sub(_parenthesised, text)
    inverted = _INVERTED.match(_LEAD.sub("", text.strip()))
    given = inverted.group(2).strip() if inverted else ""
    if inverted and not _SPLIT.search(given) and agency_name(given) is None and not _ACRONYM.match(given):
        text = f"{inverted.group(2)} {inverted.group(1)}"  # "Jong, Michiel de" (citation style)
    names: list[str] = []
    agencies: list[str] = []
    for raw in _SPLIT.split(_LEAD.sub("", text.strip() + " ").strip()):
        raw = _CONNECTOR.sub("", raw.strip())  # "with AP" after an element boundary
        if not raw:
            continue
        agency = agency_name(raw)
        if agency is not None:
            if agency and agency not in agencies:
                agencies.append(agency)
            continue
        name = clean_name(raw)
        if name and name not in names:
            names.append(name)
    return names, agencies


def parse_byline(text: str) -> tuple[list[str], list[str]]:
    """Split a byline into ``(names, agencies)``.

    >>> parse_byline("By Daniel Bellamy with AP")
    (['Daniel Bellamy'], ['AP'])
    >>> parse_byline("Par Martin Untersinger (avec Damien Leloup et Morgane Tual)")
    (['Martin Untersinger', 'Damien Leloup', 'Morgane Tual'], [])
    >>> parse_byline("Steven Musil, Staff Writer | Updated March 25, 2015 9:05 a.m.")
    (['Steven Musil'], [])
    >>> parse_byline("by Lucas Nolan22 Dec 2016651"), parse_byline("Last Updated: January 7, 2025")
    ((['Lucas Nolan'], []), ([], []))
    >>> parse_byline("Anna Schmidt und Jan Ober, dpa (@jober, jan@example.org)")
    (['Anna Schmidt', 'Jan Ober'], ['dpa'])
    >>> parse_byline("Markus M. Haefliger, London"), parse_byline("Jong, Michiel de")
    ((['Markus M. Haefliger'], []), (['Michiel de Jong'], []))
    >>> parse_byline("By | Ann Lee | , | Bo Chen | and | Cy Ray | Staff writers | 3 May 2024")
    (['Ann Lee', 'Bo Chen', 'Cy Ray'], [])
    """
    text = _NOISE.sub(" ", " ".join(text.split()))
    names: list[str] = []
    agencies: list[str] = []
    # The byline's element parts (``dom.parted_text`` puts " | " between elements) are read one
    # by one, and a date or "Updated" ends a part: "Dec 17, 2025 | Julian Arni".
    for segment in _ELEMENT_PARTS.split(text):
        cut = _CUT.search(segment)
        segment = (segment[: cut.start()] if cut else segment).strip(" |")
        if not segment or _JOINER.fullmatch(segment):
            continue
        found, found_agencies = _parse_part(segment)
        agencies.extend(a for a in found_agencies if a not in agencies)
        names.extend(n for n in found if n not in names)
    if agencies and len(names) == 1 and " " not in names[0]:
        names = []  # "WASHINGTON (Reuters)": a dateline before the agency, not a name
    if any(" " in n for n in names):
        # "Markus Haefliger, London": beside full names a lone word is a place, not a person.
        names = [n for n in names if " " in n or not n.isascii()]
    return names, agencies
