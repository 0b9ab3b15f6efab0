"""Scrapy settings of newsscraper: every default of the crawler in one place.

Project settings carry the ``NEWSSCRAPER_`` prefix; optional components have an ``..._ENABLED``
switch. ``newsscraper crawl`` and ``scrapy crawl news`` both start from this module; command-line
flags override it (``newsscraper.crawl.runner.build_settings``). See ``docs/crawling.md``.
"""

from newsscraper import __version__

BOT_NAME = "newsscraper"
SPIDER_MODULES = ["newsscraper.spiders"]
NEWSPIDER_MODULE = "newsscraper.spiders"
# our `crawl` replaces Scrapy's: `scrapy crawl news` exits 4 when a feed export fails (commands/crawl.py)
COMMANDS_MODULE = "newsscraper.commands"

# --- identity and politeness -------------------------------------------------------------------
USER_AGENT = f"newsscraper/{__version__} (+https://github.com/newsscraper/newsscraper)"
ROBOTSTXT_OBEY = True
# RFC 9309: robots.txt answering 5xx or unreachable means "disallow all"; 4xx means "allow all".
NEWSSCRAPER_ROBOTS_STRICT = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4  # a news site's CMS is often slow; 4 in flight is polite
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30  # seconds; slow article pages rarely take over 10 s, 30 s leaves room
DNS_TIMEOUT = 10
RETRY_ENABLED = True
RETRY_TIMES = 2  # capped retries: a third failure is counted, not retried
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# a page given up is counted in the summary ("1 page failed: ..."); a page that got no answer is
# also named in one ERROR line, "Error downloading", so Scrapy's own "Gave up retrying" line
# (ERROR by default) named it twice; --log-level INFO shows it, as it shows the HTTP errors' lines
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
NEWSSCRAPER_RETRY_AFTER_ENABLED = True
NEWSSCRAPER_RETRY_AFTER_MAX = 120.0  # seconds; a longer Retry-After gives the page up (counted)
REDIRECT_MAX_TIMES = 5  # RFC 9309 and browsers stop at 5-20; news CMSs need at most 2-3
NEWSSCRAPER_MAX_REQUESTS = 0  # hard cap on requests sent (--max-pages); 0 = none
COOKIES_ENABLED = False  # no sessions: cookies only create session-id URLs and paywall states
# Scrapy's HTTP/1.1 handler whose pool keeps its idle connections: Scrapy's closed and reopened one
# for ~3 requests in 5 on a loopback site (crawl/handler.py)
DOWNLOAD_HANDLERS = {
    "http": "newsscraper.crawl.handler.PooledHTTP11DownloadHandler",
    "https": "newsscraper.crawl.handler.PooledHTTP11DownloadHandler",
}

# --- safety ------------------------------------------------------------------------------------
TELNETCONSOLE_ENABLED = False
# Scrapy's RemoteControl runs Python code sent to a local HTTP port and writes its token to a job
# file (left behind by killed runs): off, like the telnet console.
REMOTE_CONTROL_ENABLED = False
NEWSSCRAPER_SSRF_ENABLED = True
NEWSSCRAPER_ALLOW_NETWORKS: list[str] = []  # CIDRs exempt from the SSRF guard, e.g. ["127.0.0.0/8"]
NEWSSCRAPER_OFFSITE_ENABLED = True
NEWSSCRAPER_ALLOWED_DOMAINS: list[str] = []  # extra hosts besides the start URLs' sites
# Largest body accepted, compressed or not (Scrapy enforces it on Content-Encoding too). Big news
# pages weigh 1-3 MB of HTML; 16 MB leaves room for sitemaps (the sitemap protocol caps them at 50 MB
# uncompressed, but news sitemaps hold at most 1,000 URLs).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
NEWSSCRAPER_SNIFF_GZIP_ENABLED = True  # gunzip bodies that are gzip without Content-Encoding (bounded)
URLLENGTH_LIMIT = 2000
DEPTH_LIMIT = 6  # link-following hops from a start, section or feed page; sitemaps reset depth
DEPTH_PRIORITY = 1  # breadth-first-ish: sections before deep pagination
# Discovery bounds per site (spiders/news.py; issue 13): sitemap nesting, sitemaps, feeds, and the
# links of one page that become requests. Declared here so that -s can set them (unknown
# NEWSSCRAPER_* names are refused at start-up: crawl.runner.check_settings).
NEWSSCRAPER_SITEMAP_DEPTH = 3
NEWSSCRAPER_MAX_SITEMAPS = 1000
NEWSSCRAPER_MAX_FEEDS = 50
NEWSSCRAPER_MAX_LINKS_PER_PAGE = 2000
NEWSSCRAPER_LISTING_BUDGET = 50  # listing pages per site before articles count; 0: off
NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE = 2  # listing pages each article of the site earns
NEWSSCRAPER_TRAPS_ENABLED = True
NEWSSCRAPER_TRAP_CHAIN_LIMIT = 4  # same-shape pages reached from same-shape pages (calendars, pagers)
NEWSSCRAPER_TRAP_PATH_REPEAT = 2  # a path segment seen more than twice: /a/b/a/b/a/...
NEWSSCRAPER_TRAP_MAX_SEGMENTS = 12  # deeper paths are generated, not written by editors

# --- downloader middlewares (ours replace Scrapy's offsite, robots and retry) -------------------
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newsscraper.downloadermiddlewares.scheme.SchemeMiddleware": 40,
    "newsscraper.downloadermiddlewares.canonical.CanonicalUrlMiddleware": 45,
    "newsscraper.downloadermiddlewares.offsite.OffsiteMiddleware": 50,
    "newsscraper.downloadermiddlewares.ssrf.SSRFGuardMiddleware": 60,
    "newsscraper.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,
    "newsscraper.downloadermiddlewares.retry.RetryAfterMiddleware": 550,
    # Scrapy's place; a redirect loop or an over-long chain is a failed page, said (redirect.py)
    "newsscraper.downloadermiddlewares.redirect.RedirectMiddleware": 600,
    "newsscraper.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    # below HttpCompressionMiddleware (590): sees the body after Content-Encoding was undone
    "newsscraper.downloadermiddlewares.sniffgzip.SniffedGzipMiddleware": 585,
    # Scrapy's, on the page's first 16 KiB: it decoded the whole body and kept that copy (metarefresh.py)
    "newsscraper.downloadermiddlewares.metarefresh.HeadMetaRefreshMiddleware": 580,
    # last before the network: only requests that really go out spend the budget
    "newsscraper.downloadermiddlewares.budget.RequestBudgetMiddleware": 960,
    # issue 5: If-None-Match / If-Modified-Since from the state store; 304 and stale sitemap
    # <lastmod> become skips. NotConfigured unless NEWSSCRAPER_STATE_DIR is set (and not --full).
    "newsscraper.downloadermiddlewares.conditional.ConditionalRequestMiddleware": 575,
}
SPIDER_MIDDLEWARES = {
    "newsscraper.spidermiddlewares.traps.TrapMiddleware": 850,
    # link requests per site, earned by the articles the site gives (held before the dupefilter)
    "newsscraper.spidermiddlewares.linkbudget.LinkBudgetMiddleware": 870,
    # issue 5: remembers each URL's sitemap <lastmod> before the dupefilter; NotConfigured w/o state
    "newsscraper.spidermiddlewares.lastmod.ListedLastmodMiddleware": 860,
}

# --- items ---------------------------------------------------------------------------------------
# newsscraper's own stages run first, at 10-60, on the fetched page; the last one hands the record
# on as an ``Article`` item (``CrawledArticle``), which every pipeline from 61 on and the feed
# exports receive: put your own pipelines at 100-899 (they run before the writer at 900).
ITEM_PIPELINES = {
    "newsscraper.pipelines.extract.ExtractPipeline": 10,
    "newsscraper.pipelines.classify.ArticleFilterPipeline": 20,
    # --url-filter, --since/--until, --lang: NotConfigured unless one of them is set
    "newsscraper.pipelines.select.SelectPipeline": 25,
    "newsscraper.pipelines.validate.ValidatePipeline": 30,
    "newsscraper.pipelines.dedupe.DedupePipeline": 40,
    # scheduled crawls (issue 5): NotConfigured without NEWSSCRAPER_STATE_DIR
    "newsscraper.pipelines.incremental.IncrementalPipeline": 50,
    "newsscraper.pipelines.article.ArticleItemPipeline": 60,
    "newsscraper.pipelines.jsonlines.JsonLinesWriterPipeline": 900,
}
# Extraction runs in a pool of 2 threads: inline it stalls the reactor up to 1.8 s a page, threaded
# the worst stall is ~20-80 ms at a higher page rate than worker processes on 2 cores
# (bench/crawl_reactor_lag.py; figures in docs/crawling.md). "process" suits many-core machines.
NEWSSCRAPER_EXTRACT_EXECUTOR = "thread"
NEWSSCRAPER_EXTRACT_WORKERS = 2  # threads or processes; calibration in crawl/reader.py
# bytes of page bodies read at once: reading takes ~13x the page, so two 15 MiB pages wait for each
# other (peak RSS, bench/crawl_memory.py); one page always goes in. 0: no limit
NEWSSCRAPER_READ_BUDGET = 16 * 1024 * 1024
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for the output of every response, 404s included. The news
# spider's output is requests (scheduled at once, nothing to wait for) and at most one item, last: one
# task does the same work; 100 cost the reactor ~3 ms a response, 16 still ~1.3 ms (bench/crawl_compare.py)
CONCURRENT_ITEMS = 1
NEWSSCRAPER_ARTICLE_MIN_PROBABILITY = 0.5  # combined article score; calibration in pipelines/classify.py
NEWSSCRAPER_ARTICLE_MIN_WORDS = 40  # shortest aeb article bodies: 69 words; listing leftovers < 20
NEWSSCRAPER_DEDUPE_ENABLED = True
# Selection (pipelines/select.py), all off by default:
NEWSSCRAPER_URL_FILTER: str | None = None  # regular expression the record's URL must match
NEWSSCRAPER_SINCE: str | None = None  # ISO 8601: earliest datePublished kept
NEWSSCRAPER_UNTIL: str | None = None  # ISO 8601: latest datePublished kept (a bare day: all of it)
NEWSSCRAPER_LANGUAGES: str | None = None  # "en,de": inLanguage primary subtags kept
NEWSSCRAPER_OUTPUT: str | None = None  # JSON Lines path; the writer is off without it
# jsonl, json, csv, markdown, txt or html (newsscraper/output.py); the journal stays JSON Lines
NEWSSCRAPER_OUTPUT_FORMAT = "jsonl"
NEWSSCRAPER_OUTPUT_PUBLISH_INTERVAL = 2.0  # seconds between crash-safe snapshots of the output

# --- feed exports (-O out.jsonl, FEEDS): they receive the Article items ----------------------------
FEED_EXPORT_ENCODING = "utf-8"  # as our writer: UTF-8, not ASCII-escaped
# Scrapy's CSV and XML exporters write nested fields as Python reprs: ours write JSON cells / elements
FEED_EXPORTERS = {
    "csv": "newsscraper.exporters.ArticleCsvItemExporter",
    "xml": "newsscraper.exporters.ArticleXmlItemExporter",
}

# --- run report ----------------------------------------------------------------------------------
EXTENSIONS = {
    # the lag monitor first: its spider_closed handler must run before the report's
    "newsscraper.extensions.reactorlag.ReactorLagMonitor": 490,
    "newsscraper.extensions.report.RunReport": 500,
    # the extraction worker pool: pages are parsed once, there (crawl/reader.py)
    "newsscraper.crawl.reader.PageReader": 100,
    # Scrapy's feed exports, with their errors counted so that they fail the run
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newsscraper.extensions.feeds.CheckedFeedExporter": 0,
    # a live line on a terminal's stderr; `newsscraper crawl` / `fetch` switch it on
    "newsscraper.extensions.progress.ProgressLine": 510,
    # start-up objects frozen, young objects collected less often while the crawl runs
    "newsscraper.extensions.gctuning.GcTuning": 520,
}
NEWSSCRAPER_PROGRESS_ENABLED = False  # off under `scrapy crawl`, whose log shares stderr
NEWSSCRAPER_PROGRESS_INTERVAL = 1.0  # seconds between rewrites of the progress line
NEWSSCRAPER_REPORT: str | None = None  # JSON path of the run report; the report is kept in memory anyway
NEWSSCRAPER_REACTOR_LAG_ENABLED = True
NEWSSCRAPER_GC_TUNING_ENABLED = True  # cheaper garbage collection while crawling (extensions/gctuning.py)
LOG_LEVEL = "INFO"
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"  # drops are expected (listings...); the report counts them

# --- issue 5: scheduled crawls: state, incremental runs, shared frontier ------------------------
# State store directory (SQLite) kept between runs: --state DIR. Without it nothing is remembered
# and every article is emitted (the components above raise NotConfigured).
NEWSSCRAPER_STATE_DIR: str | None = None
NEWSSCRAPER_STATE_FULL = False  # --full: re-emit every article (the state is still updated)
# --frontier redis://HOST:PORT/DB: scrapy-redis scheduler + dupefilter shared by N workers; the
# add-on applies newsscraper.crawl.frontier.frontier_settings() when it is set, and does nothing otherwise.
NEWSSCRAPER_FRONTIER: str | None = None
NEWSSCRAPER_FRONTIER_CRAWL = "default"  # names the shared crawl (Redis key prefix)
ADDONS = {
    "newsscraper.crawl.frontier.FrontierAddon": 0,
    # refuses unknown NEWSSCRAPER_* names and unusable values before anything starts
    "newsscraper.crawl.runner.SettingsCheckAddon": 10,
}
