"""Crash-safe JSON Lines writer: the output file never holds a torn or invalid line, even after
``kill -9``.

Why not feed exports: ``FEEDS`` writes through a buffered file object, which flushes at arbitrary
byte boundaries, so a killed crawl leaves a half-written last line; and even an unbuffered
``write(2)`` of a line longer than a memory page can stop half-way when SIGKILL arrives (the kernel
checks for fatal signals between pages). Only ``rename(2)`` is atomic. So:

1. every record is appended, as one complete line, to a journal ``OUT.jsonl.part``, locked by the
   run from open to end (one writer per output: :func:`_own_journal`);
2. a *publish* copies the journal's complete lines into ``OUT.jsonl.tmp``, fsyncs it and renames it
   over ``OUT.jsonl`` (then fsyncs the folder). Readers and killed runs only ever see whole snapshots;
3. publishes happen every ``NEWSSCRAPER_OUTPUT_PUBLISH_INTERVAL`` seconds once the journal holds a
   record and grew by at least a quarter of the published size (so copying stays O(n) overall: a
   geometric series), and at close, after which the journal is removed. Nothing is published at
   open: until the first record is, the previous run's output stays as it was (as a feed export
   opens its file only at its first item). A crawl that wrote no record and parsed no page, or
   was stopped (SIGINT, SIGTERM), does not publish at close either (:meth:`AtomicJsonLines.discard`):
   a scheduled run that could not reach its site leaves the last good output in place, where an
   empty snapshot would have replaced it (Scrapy's ``FEED_STORE_EMPTY = False`` for such runs). A
   crawl that parsed pages and found no article still publishes its empty output: that is its
   answer (with ``--state``: nothing new).

With another output format (``NEWSSCRAPER_OUTPUT_FORMAT``, ``--format``: ``json``, ``csv``,
``markdown``, ``txt``, ``html``; ``newsscraper/output.py``) the journal stays JSON Lines and each
publish renders its complete lines in that format into ``OUT.tmp`` before the rename, so the output
is always a whole document (a closed JSON array, a finished HTML page).

An output named ``*.gz`` (``OUT.jsonl.gz``, ``OUT.csv.gz``: the format is the name's before
``.gz``, ``output.format_of``) is gzip-compressed (the standard library's ``gzip``), with the same
guarantee: each snapshot is compressed into ``OUT.gz.tmp``, fsynced and renamed over the output, so
the output is always a complete gzip file of complete lines; the journal stays uncompressed JSON
Lines. A JSON Lines snapshot copies the previous snapshot's bytes as they are and compresses only
the lines since, as one more gzip member (RFC 1952 §2.2: a gzip file is a series of members;
``gzip -d``, ``zcat``, Python's ``gzip`` and Go's read them all), so each line is compressed once;
the last publish, at close, compresses the whole journal into one member, for readers that stop
after the first (Rust's ``flate2::read::GzDecoder``). Other formats are rendered and compressed
whole at each publish.

A kill loses at most the records since the last publish; they are still in the journal until the
next run on the output starts and empties it (a crawl with ``--state`` emits them again: only
published records are committed, ``state/crawl.py``). Before
each publish the signal :data:`newsscraper.signals.records_publishing` is sent; after it,
:data:`newsscraper.signals.records_published` with the identities of the newly published records
(``identities=list[str | None], path=str``) — the point where a record counts as written.

What it adds over feed exports, which work too (``-O out.jsonl``, ``FEEDS``: they receive the same
``Article`` items, see ``pipelines/article.py``): this crash safety; the output replaced as a whole
by each run; and the signals above, which scheduled crawls need to commit only what was really
written (``state/crawl.py``). It is the default output of ``newsscraper crawl -o``.
"""

from __future__ import annotations

import errno
import fcntl
import gzip
import io
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any, BinaryIO, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import LoopingCall
from twisted.internet.threads import deferToThreadPool
from twisted.python.failure import Failure
from twisted.python.threadpool import ThreadPool

from newsscraper.crawl.item import PageItem
from newsscraper.exceptions import OutputBusyError
from newsscraper.items import Article
from newsscraper.output import FORMATS, RecordWriter, write_record_line
from newsscraper.signals import records_published, records_publishing

OUTPUT_ERRORS = "newsscraper/errors/output/"
"""Stats prefix: records the writer could not append to its journal, by ``errno`` name."""

GROWTH_FACTOR = 0.25
"""Publish only once the unpublished bytes reach this share of the published size (amortised O(n))."""
_Sink = BinaryIO | gzip.GzipFile
"""Where a snapshot is written: the new file, or a gzip member on it."""
GZIP_LEVEL = 6
"""zlib's own default level for a ``.gz`` output: ``gzip`` and Scrapy's ``GzipPlugin`` default to 9,
which came out 0.8 % smaller for 1.4 times the CPU (spent in the reactor's thread) on 20 MB of the
WCXB pages' HTML (level 1: 22 % larger, 0.4 times the CPU)."""


class AtomicJsonLines:
    """Journal + atomic snapshots of a JSON Lines file (usable without Scrapy), or of a file in
    another of ``output.FORMATS`` rendered from the journal (``fmt``; ``ValueError`` if unknown);
    gzip-compressed when ``path`` ends with ``.gz`` (any case). :meth:`append` and
    :meth:`publish` may be called from different threads (a lock keeps lines whole and each
    snapshot's count of records and identities consistent)."""

    def __init__(self, path: Path, fmt: str = "jsonl"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
        self.path = path
        self.format = fmt
        self.journal_path = journal_of(path)
        self.tmp_path = path.with_name(path.name + ".tmp")
        self.compressed = path.name.lower().endswith(".gz")
        self._snapshot: BinaryIO | None = None  # the published .gz file, open: its members are kept
        path.parent.mkdir(parents=True, exist_ok=True)
        self._journal = _own_journal(self.journal_path, path)
        self.written = 0  # bytes of complete lines in the journal
        self.published = 0  # bytes of the journal visible in the output
        self.records = 0
        self._pending: list[str | None] = []
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any], identity: str | None = None) -> None:
        """Append one record (a complete line) to the journal."""
        with self._lock:
            try:
                size = write_record_line(self._journal, record)
            except BaseException:
                # a line cut by an unserialisable value: the journal ends at the last complete line
                self._journal.seek(self.written)
                self._journal.truncate()
                raise
            self.written += size
            self.records += 1
            self._pending.append(identity)

    def due(self) -> bool:
        """Return whether enough new bytes wait for a publish to be worth its copy."""
        new = self.written - self.published
        return new > 0 and new >= GROWTH_FACTOR * self.published

    def publish(self, final: bool = False) -> list[str | None]:
        """Atomically replace the output with all complete lines written so far (``final``: the
        last publish, which compresses a ``.gz`` output as one gzip member)."""
        with self._lock:
            return self._publish(final)

    def _publish(self, final: bool) -> list[str | None]:
        self._journal.flush()
        size = self.written
        with open(self.journal_path, "rb") as src, open(self.tmp_path, "wb") as dst:
            if not self.compressed:
                self._write(src, size, dst)
            elif self.format == "jsonl" and self._snapshot is not None and not final:
                # the members published so far as they are, then the new lines as one more member
                self._snapshot.seek(0)
                shutil.copyfileobj(self._snapshot, dst)
                src.seek(self.published)
                with self._member(dst) as member:
                    _copy(src, size - self.published, member)
            else:
                with self._member(dst) as member:
                    self._write(src, size, member)
            dst.flush()
            os.fsync(dst.fileno())
        snapshot = open(self.tmp_path, "rb") if self.compressed and not final else None  # noqa: SIM115
        os.replace(self.tmp_path, self.path)
        _fsync_dir(self.path.parent)
        if self._snapshot is not None:
            self._snapshot.close()
        self._snapshot = snapshot  # the file just published, whatever later replaces its name
        self.published = size
        done, self._pending = self._pending, []
        return done

    def _member(self, dst: BinaryIO) -> gzip.GzipFile:
        """A gzip member written to ``dst`` (left open when the member is closed), named after the
        output without ``.gz``, with no time stamp: the same records give the same bytes."""
        return gzip.GzipFile(self.path.name[:-3], "wb", GZIP_LEVEL, dst, mtime=0)

    def _write(self, src: BinaryIO, size: int, dst: _Sink) -> None:
        """The journal's first ``size`` bytes (complete lines) to ``dst``, in ``self.format``."""
        if self.format == "jsonl":
            _copy(src, size, dst)
        else:
            self._render(src, size, dst)

    def _render(self, src: BinaryIO, size: int, dst: _Sink) -> None:
        """Write the journal's first ``size`` bytes (complete lines) to ``dst`` in ``self.format``."""
        text = io.TextIOWrapper(dst, encoding="utf-8", newline="\n", write_through=True)
        writer = RecordWriter(text, self.format)
        remaining = size  # complete lines up to here; a line after it may still be half written
        for line in src:
            if remaining <= 0:
                break
            remaining -= len(line)
            writer.write_record(json.loads(line))
        writer.close()
        text.detach()  # leave dst open: the caller syncs and closes it

    def close(self) -> list[str | None]:
        """Publish what is left and remove the journal."""
        done = self.publish(final=True)
        self._release()
        return done

    def discard(self) -> None:
        """Remove the journal and publish nothing: the output stays as it was (the previous run's,
        or none). For a run that wrote no record; ``ValueError`` if a record was written."""
        with self._lock:
            if self.records:
                raise ValueError(f"{self.records} records written: close() publishes them")
            self._release()

    def _release(self) -> None:
        """Remove the journal, then close it: unlinked while still locked, so a run that opens the
        path later makes a journal of its own (:func:`_own_journal`), never this one's."""
        self.journal_path.unlink(missing_ok=True)
        self._journal.close()


def journal_of(output: Path) -> Path:
    """The journal of ``output``: ``OUT.part`` beside it."""
    return output.with_name(output.name + ".part")


def output_busy(output: Path) -> bool:
    """Whether another run is writing ``output`` (holds its journal's lock, :func:`_own_journal`):
    the CLI's check before a crawl starts, so that the refusal is one line, not a traceback out of
    the pipeline's ``open_spider`` (which still refuses, for ``scrapy crawl``)."""
    try:
        with open(journal_of(output), "rb") as f:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False  # the shared lock goes with the file
    except FileNotFoundError:
        return False


def _own_journal(journal: Path, output: Path) -> BinaryIO:
    """The journal ``journal`` of ``output``, opened empty and locked for this run
    (``flock(2)``, exclusive, released when the file is closed or the process dies).

    Two runs given the same output (a cron job overlapping the one before) appended to one
    journal and published from it: their lines tore each other. The second now fails at once with
    :class:`OutputBusyError`, leaving the first's journal and output as they were: the journal is
    truncated only once the lock is held. A lock taken on a journal the holder removed between
    this open and the lock (it finished) is given up and the path opened again.
    """
    while True:
        f = open(journal, "ab")  # noqa: SIM115 - returned open; "ab": nothing truncated before the lock
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.close()
            raise OutputBusyError(
                f"{output} is being written by another run (its journal {journal} is locked)"
            ) from None
        except BaseException:
            f.close()
            raise
        try:
            same = os.stat(journal).st_ino == os.fstat(f.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            f.truncate(0)
            return f
        f.close()


def _copy(src: BinaryIO, size: int, dst: _Sink) -> None:
    """Copy ``size`` bytes from ``src``'s position to ``dst``, a MiB at a time."""
    remaining = size
    while remaining:
        chunk = src.read(min(remaining, 1 << 20))
        if not chunk:
            break
        dst.write(chunk)
        remaining -= len(chunk)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _crawling(crawler: Crawler) -> bool:
    """Whether ``crawler`` runs a crawl (has an engine; a unit test's bare crawler has none)."""
    try:
        return crawler.engine is not None
    except RuntimeError:  # Scrapy 2.13+: "Crawler.engine is not set yet"
        return False


class JsonLinesWriterPipeline:
    """Write each item (an ``Article``, or any item ItemAdapter reads) to ``NEWSSCRAPER_OUTPUT``
    through :class:`AtomicJsonLines`, in ``NEWSSCRAPER_OUTPUT_FORMAT`` (JSON Lines by default).
    In a crawl, records are built and appended in a thread of the writer's own, in the order the
    items come; publishes stay in the reactor thread. A record being appended while a publish
    runs was claimed in the state store before it (the incremental pipeline runs earlier), so the
    store's sync on ``records_publishing`` still covers every record the publish makes visible."""

    def __init__(
        self, path: Path, interval: float, stats: StatsCollector, sigs: SignalManager, fmt: str = "jsonl"
    ):
        self.path = path
        self.format = fmt
        self.interval = interval
        self.stats = stats
        self.signals = sigs
        self.out: AtomicJsonLines | None = None
        self._loop: LoopingCall | None = None
        self._last = 0.0
        self.crawler: Crawler | None = None
        self._thread: ThreadPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("NEWSSCRAPER_OUTPUT")
        if not path:
            raise NotConfigured
        assert crawler.stats is not None
        interval = crawler.settings.getfloat("NEWSSCRAPER_OUTPUT_PUBLISH_INTERVAL", 2.0)
        fmt = crawler.settings.get("NEWSSCRAPER_OUTPUT_FORMAT") or "jsonl"
        pipe = cls(Path(path), interval, crawler.stats, crawler.signals, fmt)
        pipe.crawler = crawler
        return pipe

    def open_spider(self) -> None:
        self.out = AtomicJsonLines(self.path, self.format)
        self._loop = LoopingCall(self._tick)
        self._loop.start(self.interval, now=False)
        if self.crawler is not None and _crawling(self.crawler):
            # records are built and written in a thread of their own, one at a time in the order
            # they come: serialising them was ~6 % of the reactor thread's CPU (py-spy,
            # bench/crawl_compare.py --real). Without a running crawl (unit tests): inline.
            self._thread = ThreadPool(minthreads=1, maxthreads=1, name="newsscraper-writer")
            self._thread.start()

    async def process_item(self, item: Any) -> Any:
        if self.out is None or not ItemAdapter.is_item(item):
            return item
        if isinstance(item, PageItem) and item.record is None:
            return item  # a page not handed on as an Article (pipelines reordered), not validated
        try:
            if self._thread is None:
                self._write(self.out, item)
            else:
                from twisted.internet import reactor  # here: importing it at module level would install one

                await maybe_deferred_to_future(
                    deferToThreadPool(reactor, self._thread, self._write, self.out, item)
                )
        except OSError as error:
            # A full disk or a file size limit: counted, so the crawl exits 4
            # (crawl.runner.output_failures); it exited 0 with the records missing.
            name = errno.errorcode.get(error.errno or 0, type(error).__name__)
            self.stats.inc_value(OUTPUT_ERRORS + name)
            raise
        self.stats.inc_value("newsscraper/articles_written")
        return item

    @staticmethod
    def _write(out: AtomicJsonLines, item: Any) -> None:
        """Build ``item``'s record and append it to ``out`` (in the writer's thread)."""
        if isinstance(item, PageItem):
            record = item.record
            assert record is not None
        else:
            record = item.to_dict() if isinstance(item, Article) else ItemAdapter(item).asdict()
        out.append(record, getattr(item, "identity", None))

    def _tick(self) -> None:
        if self.out is not None and self.out.due() and self._before_publish():
            self._announce(self.out.publish())

    def _before_publish(self) -> bool:
        """Send ``records_publishing``; ``False`` when a receiver failed (the state store could not
        sync: a full disk). Publishing then would put records in the output whose decisions are
        not on disk, and the next run would emit them again (4 of 30 twice under ``ulimit -f``)."""
        results = self.signals.send_catch_log(signal=records_publishing, path=str(self.path))
        if any(isinstance(result, Failure) for _, result in results):
            self.stats.inc_value(OUTPUT_ERRORS + "state-sync")
            return False
        return True

    def _announce(self, identities: list[str | None]) -> None:
        if identities:
            self.stats.inc_value("newsscraper/publishes")
            self.signals.send_catch_log(signal=records_published, identities=identities, path=str(self.path))

    def close_spider(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self._thread is not None:
            self._thread.stop()  # every item was written: Scrapy closes pipelines once they are done
            self._thread = None
        if self.out is not None:
            if not self._before_publish():
                # Left unpublished, as by a killed run: the next run forgets these decisions and
                # emits the records again (docs/scheduling.md, "Interrupted runs").
                self.out = None
                return
            if self._keeps_previous(self.out):
                self.out.discard()
                self.stats.set_value("newsscraper/output_kept", True)
            else:
                self._announce(self.out.close())
            self.out = None

    def _keeps_previous(self, out: AtomicJsonLines) -> bool:
        """Whether the crawl's output is left as it was instead of replaced by an empty one: no
        record was written, and the crawl parsed no page (every start URL refused or unreachable:
        exit status 1) or was stopped from outside (SIGINT, SIGTERM: ``Crawler.crawling`` is
        already false when the pipelines close, while a crawl that finishes or meets a
        ``CLOSESPIDER_*`` limit still crawls). Outside a crawl (a unit test's bare crawler), no.
        A worker that joined a shared crawl with nothing left to do parsed no page but exits 0
        (``crawl.runner.joined_late``): its empty output is published, as its status says."""
        from newsscraper.crawl.runner import joined_late

        if out.records or self.crawler is None or not _crawling(self.crawler):
            return False
        if not self.crawler.crawling:
            return True
        parsed = int(self.stats.get_value("newsscraper/pages_parsed", 0) or 0)
        return not parsed and not joined_late(self.stats.get_stats())
