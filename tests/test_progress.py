"""The live progress line of ``newsscraper crawl`` (``extensions/progress.py``): rewritten in place on
a terminal's stderr, absent when stderr is a pipe; a crawl of the demo site under a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsscraper.extensions.progress import CLEAR, ProgressLine, progress_line

# a 50 ms delay per request keeps the demo crawl (~35 requests) over a second long: without it a
# fast crawl (kept-alive connections) could end before a second tick on a loaded machine
ARGS = ["--demo", "-s", "NEWSSCRAPER_PROGRESS_INTERVAL=0.1", "-s", "CLOSESPIDER_TIMEOUT=60",
        "-s", "DOWNLOAD_DELAY=0.05", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False"]  # fmt: skip


def _crawl(tmp_path: Path, terminal: bool) -> tuple[int, str]:
    tmp_path.mkdir()
    cmd = [sys.executable, "-m", "newsscraper.cli", "crawl", *ARGS, "-o", str(tmp_path / "out.jsonl")]
    if not terminal:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        return done.returncode, done.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, cwd=tmp_path)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")


def test_progress_line_on_a_terminal_only(tmp_path: Path) -> None:
    code, shown = _crawl(tmp_path / "tty", terminal=True)
    assert code == 0, shown
    lines = [part for part in shown.split(CLEAR) if part.startswith("newsscraper: ")]
    assert len(lines) >= 2, shown  # rewritten in place, several times
    fetched = [int(line.split()[1]) for line in lines]
    assert fetched == sorted(fetched) and fetched[-1] > 0
    assert "Traceback" not in shown
    # cleared before the summary, which starts on a clean line
    assert "newsscraper crawl: " in shown.rsplit(CLEAR, 1)[-1]
    code, piped = _crawl(tmp_path / "pipe", terminal=False)
    assert code == 0, piped
    assert CLEAR not in piped and "pages/min" not in piped


def test_progress_line_figures() -> None:
    stats = {"downloader/response_count": 1, "downloader/exception_type_count/twisted.TimeoutError": 2}
    assert progress_line(stats, 100.0, 100.0) == (
        "newsscraper: 1 page, 0 articles, 2 errors, 0 refused, 0 pages/min"
    )


def _shown_on_terminal(columns: int, stats: dict[str, int]) -> tuple[str, str]:
    """What :meth:`ProgressLine.show` writes to a pseudo-terminal ``columns`` wide (0: a size
    nobody set), and the line."""
    master, slave = pty.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24 if columns else 0, columns, 0, 0))
        with open(slave, "w", encoding="utf-8", closefd=False) as stream:
            progress = ProgressLine(SimpleNamespace(get_stats=lambda: stats), stream=stream)  # type: ignore[arg-type]
            progress.show()
        shown = os.read(master, 4096).decode()
        return shown, progress_line(stats, progress.started, time.time())
    finally:
        os.close(slave)
        os.close(master)


def test_progress_line_is_cut_to_the_width_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    stats = {"newsscraper/articles_written": 12, "newsscraper/refused/offsite": 3}  # no pages: rate 0
    # a pseudo-terminal whose size nobody set says 0 columns: no width, not a width of 0 (the
    # line lost its last character), so 80 columns, as shutil.get_terminal_size says
    shown, line = _shown_on_terminal(0, stats)
    assert shown == CLEAR + line and len(line) < 80
    shown, line = _shown_on_terminal(len(line) + 1, stats)  # it fits, the last column left free
    assert shown == CLEAR + line
    shown, line = _shown_on_terminal(40, stats)  # narrower: cut, the last column left free
    assert shown == CLEAR + line[:39]
