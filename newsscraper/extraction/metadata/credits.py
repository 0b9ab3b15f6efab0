"""Credits: sort the names a page credits into people, organisations and news agencies.

Every source of names (JSON-LD ``author``, meta tags, bylines) feeds one :class:`Credits`; people
are kept in page order without duplicates (``type`` "Person"); organisations (the site itself,
"BBC News") only serve when nobody is named, as ``type`` "Organization"; collective credits
("Our Foreign Staff") are dropped, unless the page's data declares them or they name the site
itself ("The Upwork Team" on upwork.com), which makes them the site's credit, an organisation.
"""

from __future__ import annotations

import re

from newsscraper.extraction.metadata.authors import agency_name, clean_name, is_role, parse_byline
from newsscraper.extraction.metadata.title import norm
from newsscraper.items import Author

# Words that make a credited name an organisation ("Example News Network", "GitLab Inc").
_ORG_WORD = re.compile(
    r"\b(?:news|media|press|staff|team|desk|editorial|editors|redaktion|rédaction|redacción"
    r"|redazione|foundation|inc|ltd|llc|gmbh|group|organi[sz]ation|magazine|newspaper|times"
    r"|post|journal|daily|network|tv|radio|agency|online|contributors|wikimedia|\.com)\b",
    re.I,
)
# Collective credits that name no one ("Our Foreign Staff", "Telegraph Reporters"): dropped.
_COLLECTIVE = re.compile(
    r"\b(?:staff|reporters|correspondents|writers|editorial|editors|newsroom|desk)\b|^(?:our|the)\s",
    re.I,
)
_HANDLE = re.compile(r"@?[\w.\-]{3,30}")
"""One CMS account name: letters, digits, ``._-``, no space."""
_LOWER_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){1,2}")
"""Two or three words of letters only: the shape of a person's name."""
_ALPHA = re.compile(r"[^\W\d_]")
_NON_WORD = re.compile(r"\W+")
MAX_DECLARED_CHARS = 60
"""A declared credit longer than this is a sentence, not a desk's or an account's name."""
URLISH = re.compile(r"^(?:(?:https?:)?//|www\.)\S+$|^\S+\.(?:com|org|net)/\S*$", re.I)
"""A value that is only a URL (``article:author`` often holds a profile link)."""


class Credits:
    """Names credited by the page: people first, organisations only as a last resort."""

    def __init__(self, site_words: list[list[str]]) -> None:
        self.site_words = site_words
        self.people: list[Author] = []
        self.orgs: list[Author] = []
        self.agencies: list[str] = []
        self.accounts: list[Author] = []
        """Declared account names ("q_admin"): credited only when nothing else is."""

    def add(self, raw: str, url: str | None = None, *, org: bool = False, declared: bool = False) -> None:
        """File one credit (a byline, a meta value, a JSON-LD name); ``org`` when declared so;
        ``declared`` for the page's structured data (JSON-LD, meta tags), whose collective
        credits ("TOI Lifestyle Desk") and account names ("q_admin") are kept as last resorts."""
        if URLISH.search(raw.strip()):
            return
        agency = agency_name(raw)
        if agency is not None:
            if agency and agency not in self.agencies:
                self.agencies.append(agency)
            return
        if org:
            self._put(self.orgs, raw.strip(), url)
            return
        names, agencies = parse_byline(raw)
        self.agencies.extend(a for a in agencies if a not in self.agencies)
        if declared and not names and not agencies:
            self._declared_only(raw)
        for name in names:
            name, is_site = self._without_site(name)
            if _COLLECTIVE.search(name):
                if declared or is_site:
                    # declared, or naming the site itself ("The Upwork Team" on upwork.com): the
                    # site's own collective credit, an organisation for pages naming no person
                    self._put(self.orgs, name, url if len(names) == 1 else None)
                continue  # a visible "Our Foreign Staff" byline names no one
            collective = is_site or _ORG_WORD.search(name)
            self._put(self.orgs if collective else self.people, name, url if len(names) == 1 else None)

    def _declared_only(self, raw: str) -> None:
        """A declared credit that no byline rule reads as a name: a desk or a team ("Staff
        Clinician", "team") is an organisation; one account name ("q_admin", "h.szeyee") is
        kept apart, for pages that credit nothing else."""
        value = " ".join(raw.split()).strip(" |,;")
        if not value or len(value) > MAX_DECLARED_CHARS or not _ALPHA.search(value):
            return
        if _HANDLE.fullmatch(value):
            if value.casefold() not in {a.name.casefold() for a in self.accounts}:
                self.accounts.append(Author(name=value, type="Person"))
        elif value.islower() and _LOWER_NAME.fullmatch(value) and clean_name(value.title()):
            # "annette thurmon": a name the page's data holds in lower case, which a visible
            # byline rule reads as a sentence fragment; the data says it is the author.
            self._put(self.people, value, None)
        elif self._without_site(value)[1]:
            self._put(self.orgs, value, None)  # the site itself credited ("98 Buck Social")
        elif _COLLECTIVE.search(value) or _ORG_WORD.search(value) or is_role(value):
            # "SFist Contributor", "Community Editor": a role credited in the page's data in
            # place of a name is the site's collective credit.
            self._put(self.orgs, value, None)

    def _without_site(self, name: str) -> tuple[str, bool]:
        """``name`` without a trailing site name ("Kevin McCoy USA TODAY"), and whether what is
        left is only the site ("CNN Business" on cnn.com)."""
        words = name.split()
        low = [norm(w) for w in words]
        for site in self.site_words:
            n = len(site)
            for i in range(len(low) - n + 1):
                if low[i : i + n] == site:
                    if i >= 2 and i + n == len(low):
                        return " ".join(words[:i]), False
                    return name, True
            if len(low) < n and low == site[: len(low)]:
                return name, True  # "Business Insider" on "Business Insider Deutschland"
        return name, False

    def _put(self, target: list[Author], name: str, url: str | None) -> None:
        key = _NON_WORD.sub("", name.casefold())
        for known in target:
            if _NON_WORD.sub("", known.name.casefold()) == key:
                known.url = known.url or url
                return
        kind = "Person" if target is self.people else "Organization"
        target.append(Author(name=name, url=url, type=kind))
