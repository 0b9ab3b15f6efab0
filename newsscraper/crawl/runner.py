"""Run the ``news`` spider in this process: build the settings, crawl, return the report.

Used by ``newsscraper crawl`` (``cli.py``), the tests and the bench. Scrapy's reactor runs once per
process, so :func:`run_crawl` can be called once per process.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from twisted.python.failure import Failure

from newsscraper.extensions.feeds import export_failures
from newsscraper.extensions.progress import counted
from newsscraper.extensions.report import RunReport
from newsscraper.spiders.news import NewsSpider

EXIT_OK = 0
EXIT_NOTHING_CRAWLED = 1
EXIT_MISUSE = 2
EXIT_INTERRUPTED = 3
"""Stopped by SIGINT / SIGTERM (``finish_reason`` ``shutdown``): a scheduler should run it again."""
EXIT_OUTPUT_FAILED = 4
"""A feed exporter failed on an item or could not store its feed (report ``errors`` ``export/...``)."""


def build_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Return ``newsscraper.settings`` with ``overrides`` applied at command-line priority."""
    settings = Settings()
    settings.setmodule("newsscraper.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """What a crawl did."""

    report: dict[str, Any]
    stats: dict[str, Any]
    exit_status: int
    """0 when pages were crawled, 1 when none could be, 3 when interrupted, 4 when a feed export
    failed (``docs/crawling.md``)."""


REFUSAL_HINTS: dict[str, str] = {
    "ssrf": "not a public address; allow a network with --allow-network CIDR (NEWSSCRAPER_ALLOW_NETWORKS)",
    "unresolvable": "the host name did not resolve; check it (behind a proxy: set http_proxy, https_proxy)",
    "proxy": "the HTTP(S) proxy is not at a public address; allow the proxy's network with "
    "--allow-network CIDR (NEWSSCRAPER_ALLOW_NETWORKS); the log's warning names its address",
    "proxy-unresolvable": "the proxy's host name did not resolve; check http_proxy, https_proxy "
    "or the request's meta['proxy']",
    "robots": "robots.txt disallows them; the site's rules are obeyed (ROBOTSTXT_OBEY)",
    "offsite": "off the start URLs' sites; add hosts with -s NEWSSCRAPER_ALLOWED_DOMAINS=host,...",
    "budget": "over the request budget; raise --max-pages (NEWSSCRAPER_MAX_REQUESTS)",
    "closing": "sitemap and feed entries not requested: the run was ending (--max-pages, --timeout, a stop)",
    "listing-budget": "link-found pages of a site whose links gave too few articles; "
    "see NEWSSCRAPER_LISTING_BUDGET(_PER_ARTICLE)",
    "sitemap-depth": "sitemaps nested deeper than NEWSSCRAPER_SITEMAP_DEPTH below the first",
    "sitemap-count": "sitemaps beyond NEWSSCRAPER_MAX_SITEMAPS for the site",
    "feed-count": "feeds beyond NEWSSCRAPER_MAX_FEEDS for the site",
    "links-per-page": "links beyond NEWSSCRAPER_MAX_LINKS_PER_PAGE on one page",
    "scheme": "not http(s)",
    "decompressed-too-large": "bodies over DOWNLOAD_MAXSIZE once decompressed",
    "depth": "deeper than DEPTH_LIMIT link hops",
    "url-too-long": "URLs longer than URLLENGTH_LIMIT",
}
"""What each ``refused`` kind of the run report means, and the setting that changes it."""


def refusal_lines(report: Mapping[str, Any], stats: Mapping[str, Any] | None = None) -> list[str]:
    """One line per kind of refusal in a run report: count, reason and the setting to change.

    With the crawl's ``stats``, the ``robots`` line also says on how many sites robots.txt could
    not be fetched or answered 5xx, which RFC 9309 reads as "disallow all"
    (``downloadermiddlewares/robotstxt.py``): a site that is down is otherwise reported as one
    whose robots.txt forbids the pages.

    >>> refusal_lines({"refused": {"ssrf": 3, "trap/chain": 1}})  # doctest: +NORMALIZE_WHITESPACE
    ['3 requests refused (ssrf): not a public address; allow a network with --allow-network CIDR
      (NEWSSCRAPER_ALLOW_NETWORKS)',
     '1 request refused (trap/chain): URL traps (calendars, endless pagers); see NEWSSCRAPER_TRAP_*']
    """
    lines = []
    for kind, count in sorted(dict(report.get("refused") or {}).items()):
        hint = REFUSAL_HINTS.get(kind)
        if kind.startswith("trap/"):
            hint = "URL traps (calendars, endless pagers); see NEWSSCRAPER_TRAP_*"
        unusable = sum(
            int((stats or {}).get(f"newsscraper/robots/disallow-all-{why}", 0))
            for why in ("unreachable", "5xx")
        )
        if kind == "robots" and unusable:
            hint = (
                "robots.txt disallows them, or could not be fetched or answered 5xx "
                f"(on {counted(unusable, 'site')}), which RFC 9309 reads as disallowing all "
                "(NEWSSCRAPER_ROBOTS_STRICT)"
            )
        lines.append(f"{counted(count, 'request')} refused ({kind})" + (f": {hint}" if hint else ""))
    return lines


FAILURE_NAMES: dict[str, str] = {
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "host not found",
    "DNSLookupError": "host not found",
    "DownloadTimeoutError": "timed out",
    "TimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
    "DownloadFailedError": "connection broken",
    "ResponseFailed": "connection broken",
    "ResponseDataLossError": "body cut short",
    "ConnectionLost": "connection lost",
    "ResponseNeverReceived": "no response",
    # Scrapy cancels a download whose body would pass DOWNLOAD_MAXSIZE (its only routine cause)
    "DownloadCancelledError": "cancelled (over DOWNLOAD_MAXSIZE?)",
    "ContentDecodingError": "Content-Encoding not decodable",
    "RedirectLoopError": "redirect loop",
    "TooManyRedirectsError": "too many redirects",
    "InvalidRedirectError": "redirect to an invalid URL",
    "HeadersTooLargeError": "response headers too large",
}
"""Words for the download exceptions a crawl meets (Scrapy's ``scrapy.exceptions`` wrappers and the
Twisted errors under them); another exception is named by its class."""
FAILURE_KINDS_SHOWN = 4
"""Kinds of failure named in the summary line; the rest are summed as ``other``."""


def failure_lines(stats: Mapping[str, Any]) -> list[str]:
    """Short lines on what failed in a crawl, for stderr: pages that got an HTTP error answer or no
    answer at all (their final failure, not each retry), pages the spider failed on, and feed
    exports that failed; no line when nothing failed.

    The counts are Scrapy's stats: ``httperror/response_ignored_status_count/<status>`` (answers
    that reached the spider as errors, once per page), ``downloader/exception_type_count/<class>``
    less ``retry/reason_count/<class>`` (attempts that were retried), ``spider_exceptions/<class>``
    and the feed exporter's (:func:`export_failures`).

    >>> failure_lines({"httperror/response_ignored_status_count/404": 2,
    ...     "downloader/exception_type_count/scrapy.exceptions.DownloadConnectionRefusedError": 3,
    ...     "retry/reason_count/scrapy.exceptions.DownloadConnectionRefusedError": 2})
    ['3 pages failed: 2 HTTP 404, 1 connection refused']
    >>> failure_lines({"feedexport/failed_count/FileFeedStorage": 1, "retry/max_reached": 0})
    ['1 feed export failed (store-FileFeedStorage): exit status 4']
    """
    kinds: Counter[str] = Counter()
    for key, value in stats.items():
        kind, _, name = key.rpartition("/")
        if kind == "httperror/response_ignored_status_count":
            kinds[f"HTTP {name}"] += int(value)
        elif kind == "downloader/exception_type_count" and not name.endswith("IgnoreRequest"):
            final = int(value) - int(stats.get(f"retry/reason_count/{name}", 0))
            short = name.rsplit(".", 1)[-1]
            kinds[FAILURE_NAMES.get(short, short)] += max(final, 0)
        elif kind == "spider_exceptions" and name != "count":
            kinds[f"{name} while parsing"] += int(value)
    lines = []
    shown = [(kind, n) for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0]
    if shown:
        parts = [f"{n} {kind}" for kind, n in shown[:FAILURE_KINDS_SHOWN]]
        if len(shown) > FAILURE_KINDS_SHOWN:
            parts.append(f"{sum(n for _, n in shown[FAILURE_KINDS_SHOWN:])} other")
        lines.append(f"{counted(sum(n for _, n in shown), 'page')} failed: {', '.join(parts)}")
    if lost := output_failures(stats):
        names = ", ".join(sorted(lost))
        lines.append(
            f"{counted(sum(lost.values()), 'record')} could not be written to the output ({names}): "
            "exit status 4"
        )
    exports = export_failures(dict(stats))
    if exports:
        names = ", ".join(kind.split("/", 1)[1] for kind in exports)
        lines.append(f"{counted(sum(exports.values()), 'feed export')} failed ({names}): exit status 4")
    return lines


def truncated_line(stats: Mapping[str, Any]) -> str | None:
    """How many pages were longer than the extraction reads (``MAX_BYTES``, 10 MiB), held more
    elements than it parses (``MAX_ELEMENTS``), nested deeper than libxml2 reads (``MAX_DEPTH``) or
    held a tag read bare (``MAX_ATTRIBUTES``), ``None`` when none: their records carry the warning
    ``input-truncated``, ``too-many-elements``, ``nesting-too-deep`` or ``too-many-attributes``,
    which no summary line said.

    >>> truncated_line({"newsscraper/input-truncated": 2})  # doctest: +NORMALIZE_WHITESPACE
    '2 pages longer than 10 MiB: only their first 10 MiB were extracted (warning input-truncated
     in the records)'
    >>> truncated_line({"newsscraper/too-many-elements": 1})  # doctest: +NORMALIZE_WHITESPACE
    '1 page of more than 250,000 elements: only its first 250,000 were extracted (warning
     too-many-elements in the record)'
    >>> truncated_line({"newsscraper/nesting-too-deep": 2, "newsscraper/too-many-attributes": 1})
    ... # doctest: +NORMALIZE_WHITESPACE
    '2 pages nested deeper than 256 levels: what lay deeper was left out (warning nesting-too-deep in
     the records); 1 page with a tag of more than 1,000 attributes, read without them (warning
     too-many-attributes in the record)'
    """
    from newsscraper.extraction.html import MAX_ATTRIBUTES, MAX_BYTES, MAX_DEPTH, MAX_ELEMENTS
    from newsscraper.pipelines.extract import (
        NESTING_TOO_DEEP,
        TOO_MANY_ATTRIBUTES,
        TOO_MANY_ELEMENTS,
        TRUNCATED,
    )

    parts = []
    if n := int(stats.get(TRUNCATED, 0)):
        mib = MAX_BYTES // 2**20
        their, records = ("its", "record") if n == 1 else ("their", "records")
        parts.append(
            f"{counted(n, 'page')} longer than {mib} MiB: only {their} first {mib} MiB were extracted "
            f"(warning input-truncated in the {records})"
        )
    if n := int(stats.get(TOO_MANY_ELEMENTS, 0)):
        their, records = ("its", "record") if n == 1 else ("their", "records")
        parts.append(
            f"{counted(n, 'page')} of more than {MAX_ELEMENTS:,} elements: only {their} first "
            f"{MAX_ELEMENTS:,} were extracted (warning too-many-elements in the {records})"
        )
    if n := int(stats.get(NESTING_TOO_DEEP, 0)):
        records = "record" if n == 1 else "records"
        parts.append(
            f"{counted(n, 'page')} nested deeper than {MAX_DEPTH} levels: what lay deeper was left out "
            f"(warning nesting-too-deep in the {records})"
        )
    if n := int(stats.get(TOO_MANY_ATTRIBUTES, 0)):
        records = "record" if n == 1 else "records"
        parts.append(
            f"{counted(n, 'page')} with a tag of more than {MAX_ATTRIBUTES:,} attributes, read without them "
            f"(warning too-many-attributes in the {records})"
        )
    return "; ".join(parts) or None


SELECT_FLAGS = {
    "select/url": "--url-filter",
    "select/date": "--since/--until",
    "select/no-date": "--since/--until",
    "select/lang": "--lang",
    "select/no-lang": "--lang",
}
"""The report's ``drops`` of articles the selection left out (``pipelines/select.py``), and the flag
that set each test."""


def selected_line(report: Mapping[str, Any], flags: Mapping[str, str] = SELECT_FLAGS) -> str | None:
    """How many articles the selection left out, by the report's ``drops``, each kind with what set
    it (``flags``), ``None`` when none: ``crawl --lang de`` on an English site ended with ``0 articles
    written`` and nothing saying why (``fetch`` says it in its line on pages that gave no record).

    >>> selected_line({"drops": {"select/date": 3, "select/no-date": 1, "select/url": 2, "empty": 1}})
    ... # doctest: +NORMALIZE_WHITESPACE
    '6 articles left out by the selection: 3 select/date (--since/--until), 2 select/url (--url-filter),
     1 select/no-date (--since/--until)'
    """
    drops = {k: int(n) for k, n in (report.get("drops") or {}).items() if k in SELECT_FLAGS and int(n) > 0}
    if not drops:
        return None
    kinds = sorted(drops.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = ", ".join(f"{n} {kind} ({flags[kind]})" for kind, n in kinds)
    return f"{counted(sum(drops.values()), 'article')} left out by the selection: {parts}"


# Scrapy's start-up chatter at INFO: the settings dump and component lists. newsscraper's own
# summary is what INFO shows; these stay available at DEBUG.
_CHATTER = (
    "Overridden settings",
    "Enabled addons",
    "Enabled extensions",
    "Enabled downloader middlewares",
    "Enabled spider middlewares",
    "Enabled item pipelines",
    "Versions:",
    "Dumping Scrapy stats",  # the run report says it in order (--report)
    "Scrapy ",  # "Scrapy 2.x started (bot: ...)"
)


_CHATTY_LOGGERS = (
    "scrapy.utils.log",
    "scrapy.addons",
    "scrapy.middleware",
    "scrapy.crawler",
    "scrapy.statscollectors",
)


class _QuietStartup(logging.Filter):
    """Drops Scrapy's start-up INFO lines (:data:`_CHATTER`) unless the log level is DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or not record.name.startswith("scrapy"):
            return True
        return not record.getMessage().startswith(_CHATTER)


_DOWNLOAD_ERROR_LOGGERS = ("scrapy.core.scraper", "scrapy.downloadermiddlewares.robotstxt")


class _NoDownloadTracebacks(logging.Filter):
    """Makes Scrapy's "Error downloading <GET url>" ERROR one line, the reason appended, unless the
    log level is DEBUG. Scrapy attaches the exception's traceback (two chained ones for a refused
    connection): a site that is down printed ~60 lines of Twisted internals per page, though the
    failure is no bug and the summary counts it (:func:`failure_lines`).

    The robots.txt middleware's line names the page that asked for robots.txt, not robots.txt:
    ``Error downloading <GET https://site/>`` though the page itself was never requested. It is
    said as ``Error downloading https://site/robots.txt (for <GET https://site/>)``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith("Error downloading"):
            reason = record.exc_info[1]
            args = record.args
            request = args.get("request") if isinstance(args, Mapping) else None
            if record.name == "scrapy.downloadermiddlewares.robotstxt" and isinstance(request, Request):
                record.msg = f"Error downloading {urljoin(request.url, '/robots.txt')} (for %(request)s)"
                if "f_exception" in args:  # type: ignore[operator]  # a Mapping here
                    record.msg += ": %(f_exception)s"
            record.msg, record.args = record.getMessage(), None
            if reason is not None and not str(reason):
                # a cut body (ResponseDataLossError) or a download over DOWNLOAD_MAXSIZE
                # (DownloadCancelledError) carries no message: the line named no reason at all
                name = type(reason).__name__
                record.msg += f": {name}" + (f": {FAILURE_NAMES[name]}" if name in FAILURE_NAMES else "")
            elif reason is not None and str(reason) not in record.msg:
                record.msg += f": {type(reason).__name__}: {reason}"
            record.exc_info = record.exc_text = None
        return True


def quiet_download_errors() -> None:
    """Make each "Error downloading" ERROR line one line (:class:`_NoDownloadTracebacks`), once per
    process; ``newsscraper crawl`` and ``fetch`` do it below DEBUG, and so does ``scrapy crawl
    news`` (``commands/crawl.py``), whose failed pages printed their tracebacks."""
    for name in _DOWNLOAD_ERROR_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoDownloadTracebacks) for f in logger.filters):
            logger.addFilter(_NoDownloadTracebacks())


def run_crawl(start_urls: Sequence[str], settings: Settings, follow: str = "all") -> CrawlResult:
    """Crawl from ``start_urls`` with ``settings`` until done; return the report.

    ``follow`` is the spider's mode: ``all``, ``entries`` (``--no-follow``) or ``none``
    (``newsscraper fetch``: exactly these pages), see ``newsscraper/spiders/news.py``.
    Raises ``KeyboardInterrupt`` when SIGINT came while the crawl was starting up (once it runs,
    Scrapy's handler stops it after the pages in flight: ``finish_reason`` ``shutdown``, exit 3).
    """
    if str(settings.get("LOG_LEVEL", "INFO")).upper() != "DEBUG":
        # on the loggers that write them (Scrapy replaces its root handler while starting)
        for name in _CHATTY_LOGGERS:
            logging.getLogger(name).addFilter(_QuietStartup())
        quiet_download_errors()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    interrupted: list[bool] = []

    def _ctrl_c_at_startup(failure: Failure) -> Failure | None:
        # SIGINT before Scrapy installs its shutdown handler (while it loads its components) ends
        # the crawl's Deferred with KeyboardInterrupt: Twisted would log it as an "Unhandled error"
        # traceback and the run would exit 1, "nothing could be crawled". Re-raised below instead.
        if isinstance(failure.value, KeyboardInterrupt):
            interrupted.append(True)
            return None
        return failure

    process.crawl(crawler, start=list(start_urls), follow=follow).addErrback(_ctrl_c_at_startup)
    process.start()
    if interrupted:
        raise KeyboardInterrupt
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    report: dict[str, Any] = {}
    assert crawler.extensions is not None
    for ext in crawler.extensions.middlewares:
        if isinstance(ext, RunReport) and ext.report is not None:
            report = ext.report
    return CrawlResult(report, stats, exit_status(stats))


def joined_late(stats: Mapping[str, Any]) -> bool:
    """Whether this worker of a shared crawl (``--frontier``) joined one in progress and found
    nothing left to do: it parsed no page and no page failed, because the other workers had already
    taken every request (the shared dupefilter dropped its start URLs). Not a crawl that could not
    run: that shows in the worker that started it, and in this one's failures.

    >>> joined_late({"newsscraper/frontier/fresh-crawl": False}), joined_late({})
    (True, False)
    >>> joined_late({"newsscraper/frontier/fresh-crawl": False,
    ...     "httperror/response_ignored_status_count/503": 1})
    False
    """
    return (
        stats.get("newsscraper/frontier/fresh-crawl") is False
        and not int(stats.get("newsscraper/pages_parsed", 0) or 0)
        and not failure_lines(stats)
    )


def output_failures(stats: Mapping[str, Any]) -> dict[str, int]:
    """Records the ``-o`` writer could not write, by ``errno`` name (``EFBIG``, ``ENOSPC``).

    >>> output_failures({"newsscraper/errors/output/ENOSPC": 2, "newsscraper/pages_parsed": 5})
    {'ENOSPC': 2}
    """
    prefix = "newsscraper/errors/output/"
    return {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix) and int(v)}


def exit_status(stats: dict[str, Any]) -> int:
    """A finished crawl's exit status from its stats (the table in ``docs/crawling.md``): 4 when a
    feed export failed, 3 when stopped by SIGINT / SIGTERM, 1 when no page was parsed (every
    request refused or failed: a scheduled job must see it) unless a worker of a shared crawl found
    the others had done the work (:func:`joined_late`), 1 too when the shared crawl's Redis failed
    under it (``frontier_lost``), else 0.

    >>> exit_status({"newsscraper/pages_parsed": 3}), exit_status({})
    (0, 1)
    >>> exit_status({"finish_reason": "shutdown"})
    3
    """
    if export_failures(stats) or output_failures(stats):
        return EXIT_OUTPUT_FAILED
    if stats.get("finish_reason") == "shutdown":
        return EXIT_INTERRUPTED
    if stats.get("finish_reason") == "frontier_lost":  # crawl.frontier.LOST_REASON
        return EXIT_NOTHING_CRAWLED
    if joined_late(stats):
        return EXIT_OK
    return EXIT_OK if int(stats.get("newsscraper/pages_parsed", 0)) else EXIT_NOTHING_CRAWLED


class SettingsError(ValueError):
    """A newsscraper setting has a value its component cannot use (the message names it)."""


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def known_setting_names() -> frozenset[str]:
    """The names of Scrapy's settings (``scrapy.settings.default_settings``) and newsscraper's
    (``newsscraper/settings.py``, the frontier add-on's): what ``-s NAME`` is checked against."""
    from scrapy.settings import default_settings

    from newsscraper import settings as defaults
    from newsscraper.crawl.frontier import frontier_settings

    names = {name for module in (default_settings, defaults) for name in dir(module) if name.isupper()}
    return frozenset(names | set(frontier_settings("redis://127.0.0.1:6379/0")) | set(SCRAPY_DEPRECATED))


SCRAPY_DEPRECATED = ("CONCURRENT_REQUESTS_PER_IP",)
"""Settings Scrapy still reads (with a deprecation warning) that ``default_settings`` no longer lists."""


def check_settings(settings: Settings) -> None:
    """Raise :class:`SettingsError` for the first newsscraper setting with an unusable value.

    Checked: unknown ``NEWSSCRAPER_*`` names (a typo would be ignored), the extraction executor and
    its workers, the article thresholds, the writer's interval and format (uncompressed ``jsonl``
    with a state), the request budget, the allowed networks, the URL filter, the date bounds, the
    languages, every ``NEWSSCRAPER_*`` switch (a boolean) and ``LOG_LEVEL``. Without this check a
    bad value switches its component off or fails deep inside the crawl (issue 12). Also run as a
    Scrapy add-on (:class:`SettingsCheckAddon`), so ``scrapy crawl news`` refuses them too.
    """
    import difflib
    import ipaddress
    import re

    from newsscraper.crawl.reader import EXECUTORS
    from newsscraper.output import FORMATS, is_gzip
    from newsscraper.pipelines.select import LANGUAGE_TAG, language_items, parse_bound

    # newsscraper's names, the frontier add-on's among them (set at add-on priority, below the
    # project's: not declared in newsscraper/settings.py)
    known = {name for name in known_setting_names() if name.startswith("NEWSSCRAPER_")}
    for name in settings:
        if name.startswith("NEWSSCRAPER_") and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
            meant = f"; did you mean {close[0]}?" if close else ""
            raise SettingsError(f"unknown setting {name} (see newsscraper/settings.py){meant}")

    def number(name: str, kind: type[int] | type[float], low: float, high: float | None = None) -> None:
        raw = settings.get(name)
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            raise SettingsError(f"{name} must be a number, not {raw!r}") from None
        if value != value:  # NaN passes every bound: a minimum probability of NaN kept no article
            raise SettingsError(f"{name} must be a number, not {raw!r}")
        if value < low or (high is not None and value > high):
            span = f">= {low}" if high is None else f"between {low} and {high}"
            raise SettingsError(f"{name} must be {span}, not {raw!r}")

    executor = settings.get("NEWSSCRAPER_EXTRACT_EXECUTOR")
    if executor not in EXECUTORS:
        raise SettingsError(
            f"NEWSSCRAPER_EXTRACT_EXECUTOR must be one of {', '.join(EXECUTORS)}, not {executor!r}"
        )
    number("NEWSSCRAPER_EXTRACT_WORKERS", int, 1)
    number("NEWSSCRAPER_READ_BUDGET", int, 0)
    number("NEWSSCRAPER_ARTICLE_MIN_PROBABILITY", float, 0.0, 1.0)
    number("NEWSSCRAPER_ARTICLE_MIN_WORDS", int, 0)
    number("NEWSSCRAPER_OUTPUT_PUBLISH_INTERVAL", float, 0.01)
    number("NEWSSCRAPER_MAX_REQUESTS", int, 0)
    number("NEWSSCRAPER_RETRY_AFTER_MAX", float, 0.0)
    number("NEWSSCRAPER_PROGRESS_INTERVAL", float, 0.05)
    for name in sorted(known):
        if name.endswith(("_ENABLED", "_STRICT", "_FULL")):
            try:
                settings.getbool(name)
            except ValueError:
                raise SettingsError(f"{name} must be true or false, not {settings.get(name)!r}") from None
    for cidr in settings.getlist("NEWSSCRAPER_ALLOW_NETWORKS"):
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            raise SettingsError(f"NEWSSCRAPER_ALLOW_NETWORKS: not a network: {cidr!r}") from None
    if settings.get("NEWSSCRAPER_URL_FILTER"):
        try:
            re.compile(settings.get("NEWSSCRAPER_URL_FILTER"))
        except re.error as exc:
            raise SettingsError(
                f"NEWSSCRAPER_URL_FILTER (--url-filter) is not a regular expression: {exc}"
            ) from None
    bounds = {}
    for name, option in (("NEWSSCRAPER_SINCE", "--since"), ("NEWSSCRAPER_UNTIL", "--until")):
        if settings.get(name):
            try:
                bounds[name] = parse_bound(str(settings.get(name)), end=name.endswith("UNTIL"))
            except ValueError as exc:
                raise SettingsError(f"{name} ({option}): {exc}") from None
    if len(bounds) == 2 and bounds["NEWSSCRAPER_SINCE"] > bounds["NEWSSCRAPER_UNTIL"]:
        # an empty window kept no article, with exit status 0, as if the site had none
        raise SettingsError(
            f"NEWSSCRAPER_SINCE (--since) {settings.get('NEWSSCRAPER_SINCE')} is after "
            f"NEWSSCRAPER_UNTIL (--until) {settings.get('NEWSSCRAPER_UNTIL')}: no article could be kept"
        )
    for tag in language_items(settings.get("NEWSSCRAPER_LANGUAGES")):
        if not LANGUAGE_TAG.fullmatch(tag):  # "english" would keep no article, silently
            raise SettingsError(
                f"NEWSSCRAPER_LANGUAGES (--lang): not a language code: {tag!r} (ISO 639 codes: en, de, pt-BR)"
            )
    fmt = settings.get("NEWSSCRAPER_OUTPUT_FORMAT")
    if fmt not in FORMATS:
        raise SettingsError(f"NEWSSCRAPER_OUTPUT_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt != "jsonl" and settings.get("NEWSSCRAPER_STATE_DIR"):
        # the store recovers a killed run from the records found in its JSON Lines output
        raise SettingsError(f"NEWSSCRAPER_STATE_DIR (--state) needs the jsonl output format, not {fmt!r}")
    if settings.get("NEWSSCRAPER_STATE_DIR"):
        from newsscraper.state.store import store_problem

        problem = store_problem(settings.get("NEWSSCRAPER_STATE_DIR"))
        if problem is not None:
            raise SettingsError(f"NEWSSCRAPER_STATE_DIR (--state): {problem}")
    output = settings.get("NEWSSCRAPER_OUTPUT")
    if output and is_gzip(str(output)) and settings.get("NEWSSCRAPER_STATE_DIR"):
        # ... and reads those lines uncompressed (state/store.py)
        raise SettingsError(
            f"NEWSSCRAPER_STATE_DIR (--state) needs an uncompressed JSON Lines output, not {output}: "
            "the state store recovers a killed run from its lines; compress a copy after the run"
        )
    _check_scrapy_types(settings)
    level = str(settings.get("LOG_LEVEL", "INFO")).upper()
    if level not in LOG_LEVELS:
        raise SettingsError(
            f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {settings.get('LOG_LEVEL')!r}"
        )


def _check_scrapy_types(settings: Settings) -> None:
    """Raise :class:`SettingsError` for a Scrapy setting given on the command line (``-s``, at
    ``cmdline`` priority or above) that its component cannot read as the type of Scrapy's default:
    ``-s DOWNLOAD_DELAY=abc`` ended the crawl in a traceback from the downloader (``could not convert
    string to float``), exit status 1. Numbers are checked as floats (Scrapy reads some integer
    defaults with ``getfloat``); an integer default named ``*_ENABLED`` is a switch.

    >>> s = Settings({"DOWNLOAD_DELAY": "0.5", "TELNETCONSOLE_ENABLED": "false"}, priority="cmdline")
    >>> _check_scrapy_types(s)
    >>> s.set("DOWNLOAD_DELAY", "abc", priority="cmdline")
    >>> _check_scrapy_types(s)
    Traceback (most recent call last):
    ...
    newsscraper.crawl.runner.SettingsError: DOWNLOAD_DELAY must be a number, not 'abc'
    """
    from scrapy.settings import SETTINGS_PRIORITIES, default_settings

    for name in sorted(settings):
        if (settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
            continue
        default, raw = getattr(default_settings, name, None), settings.get(name)
        if isinstance(default, bool) or (isinstance(default, int) and name.endswith("_ENABLED")):
            try:
                settings.getbool(name)
            except ValueError:
                raise SettingsError(f"{name} must be true or false, not {raw!r}") from None
        elif isinstance(default, int | float):
            try:
                value = float(raw)
            except (TypeError, ValueError):
                raise SettingsError(f"{name} must be a number, not {raw!r}") from None
            if value != value:  # NaN: `-s CLOSESPIDER_TIMEOUT=nan` closed the spider at once
                raise SettingsError(f"{name} must be a number, not {raw!r}")


class SettingsCheckAddon:
    """Scrapy add-on running :func:`check_settings` once all settings are known (``ADDONS``)."""

    def update_settings(self, settings: Settings) -> None:
        check_settings(settings)
