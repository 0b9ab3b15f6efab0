"""State store: decisions, versions, near-duplicates, recovery of killed runs, concurrent workers."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsscraper.state import StateStore, content_fingerprint
from newsscraper.state.store import lastmod_is_older

WORDS = (  # noqa: SIM905 - one readable sentence
    "the central bank raised interest rates by a quarter point on thursday citing persistent "
    "inflation in services and a tight labour market while signalling that further increases "
    "would depend on incoming data about wages energy prices and consumer spending over the "
    "coming months analysts had expected the move after a string of strong employment reports"
).split()


def body(seed: int, n: int = 120) -> str:
    """A deterministic article body; different seeds give different stories."""
    return " ".join(
        WORDS[(i * (seed + 1) + seed) % len(WORDS)] + str(i % 7 if seed else "") for i in range(n)
    )


def rec(url: str, text: str, headline: str = "Rates rise") -> dict[str, Any]:
    return {"url": url, "canonicalUrl": url, "headline": headline, "articleBody": text}


def test_new_unchanged_changed_versions(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    first = store.claim(rec("https://n.test/a", body(1)), etag='"v1"')
    assert (first.status, first.emit, first.version) == ("new", True, 1)
    # Before the record is committed the store doesn't know the article yet.
    assert store.article(first.key) is None
    assert store.commit_keys([first.key]) == 1
    row = store.article(first.key)
    assert row is not None and row["version"] == 1 and row["etag"] == '"v1"'
    assert store.validators("https://n.test/a") is not None

    same = store.claim(rec("https://n.test/a", body(1) + "  "))
    assert (same.status, same.emit, same.version) == ("unchanged", False, 1)

    edited = store.claim(rec("https://n.test/a", body(1) + " Correction: a half point."))
    assert (edited.status, edited.emit, edited.version) == ("changed", True, 2)
    assert edited.previous_fingerprint == first.fingerprint
    store.commit_keys([edited.key])
    row = store.article(first.key)
    assert row is not None and row["version"] == 2
    assert row["previous_fingerprint"] == first.fingerprint
    store.finish_run()
    assert store.counts()["pending"] == 0 and store.integrity_ok()


def test_full_mode_re_emits_unchanged(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.commit_keys([store.claim(rec("https://n.test/a", body(1))).key])
    store.close()
    full = StateStore(tmp_path, full=True)
    full.begin_run()
    again = full.claim(rec("https://n.test/a", body(1)))
    assert (again.status, again.emit, again.version) == ("unchanged", True, 1)


def test_near_duplicate_marked_not_dropped(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    original = store.claim(rec("https://a.test/wire", body(3), "Bank lifts rates"))
    copy = store.claim(rec("https://b.test/copy", body(3) + " Staff writer contributed.", "Rates up"))
    other = store.claim(rec("https://a.test/other", body(5), "Different story"))
    assert original.near_duplicate_of is None
    assert copy.status == "new" and copy.emit
    assert copy.near_duplicate_of == "https://a.test/wire"
    assert other.near_duplicate_of is None


def test_uncommitted_claim_is_forgotten_by_finish(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.claim(rec("https://n.test/a", body(1)))
    store.finish_run(commit=False)
    store.begin_run()
    assert store.claim(rec("https://n.test/a", body(1))).status == "new"


KILLED_RUN = textwrap.dedent(
    """
    import json, os, sys
    from newsscraper.state import StateStore
    store = StateStore(sys.argv[1])
    out = sys.argv[2]
    store.begin_run(out)
    records = json.loads(sys.argv[3])
    with open(out, "w") as fh:
        for i, r in enumerate(records):
            store.claim(r)
            line = json.dumps(r) + "\\n"
            fh.write(line if i < 2 else line[:20])   # the third line is torn by the "kill"
        fh.flush()
    os._exit(137)  # dies without committing anything
    """
)


def test_recover_killed_run_commits_only_what_is_on_disk(tmp_path: Path) -> None:
    records = [rec(f"https://n.test/{i}", body(i)) for i in range(3)]
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(tmp_path / "state"), str(out), json.dumps(records)],
        check=False,
    )
    assert proc.returncode == 137
    store = StateStore(tmp_path / "state")
    assert store.counts()["pending"] == 3
    store.begin_run()
    assert store.recover() == {"committed": 2, "forgotten": 1}
    decisions = [store.claim(r) for r in records]
    assert [d.status for d in decisions] == ["unchanged", "unchanged", "new"]
    assert store.integrity_ok()


WORKER = textwrap.dedent(
    """
    import json, sys
    from newsscraper.state import StateStore
    store = StateStore(sys.argv[1])
    store.begin_run()
    emitted = []
    for i in range(int(sys.argv[2]), int(sys.argv[3])):
        r = {"url": f"https://n.test/{i}", "headline": str(i), "articleBody": f"story {i}"}
        d = store.claim(r)
        if d.emit:
            emitted.append(d.key)
    store.commit_keys(emitted)
    store.finish_run()
    print(json.dumps(emitted))
    """
)


def test_two_workers_never_emit_the_same_article(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path), lo, hi], stdout=subprocess.PIPE, text=True
        )
        for lo, hi in (("0", "60"), ("20", "80"))
    ]
    outputs = [json.loads(p.communicate(timeout=60)[0]) for p in procs]
    emitted = outputs[0] + outputs[1]
    assert len(emitted) == len(set(emitted)) == 80
    assert StateStore(tmp_path).counts()["articles"] == 80


def test_lastmod_comparison(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.commit_keys([store.claim(rec("https://n.test/a", body(1))).key])
    seen = store.validators("https://n.test/a")
    now = datetime.now(UTC)
    assert lastmod_is_older(seen, now - timedelta(days=1))
    assert not lastmod_is_older(seen, now + timedelta(minutes=5))
    assert not lastmod_is_older(None, now - timedelta(days=1))
    assert not lastmod_is_older(seen, None)


def test_fingerprint_ignores_layout_whitespace_only() -> None:
    a = content_fingerprint(rec("u", "One.\n\nTwo."))
    assert a == content_fingerprint(rec("u", "One. Two."))
    assert a != content_fingerprint(rec("u", "One. Two!"))


def test_sitemap_dates_count_only_for_the_run_that_read_them(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.remember_lastmod("https://n.test/a", "2026-11-01")
    assert store.listed_lastmod("https://n.test/a") == "2026-11-01"
    assert store.listed_lastmod("https://n.test/b") is None
    store.finish_run()
    # The next run must not trust the date an earlier sitemap gave: the page may have changed since.
    store.begin_run()
    assert store.listed_lastmod("https://n.test/a") is None
