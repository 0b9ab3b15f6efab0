"""Crawling behind an HTTP proxy (issue 12): requests go through the proxy the environment names,
the SSRF guard does not resolve target names itself (the proxy does, on its network) but still
refuses targets written as non-public addresses and ``localhost`` names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scrapy import Request

from newsscraper.demo import demo_server
from newsscraper.demo.site import article_path, load_stories
from newsscraper.downloadermiddlewares.ssrf import SSRFGuardMiddleware

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=60",
        "-s", "DOWNLOAD_TIMEOUT=10", "-s", "RETRY_ENABLED=False"]  # fmt: skip


def test_fetch_through_a_proxy(tmp_path: Path) -> None:
    story = load_stories()[0]
    # `.invalid` never resolves (RFC 2606): only the proxy can fetch it. The demo server answers any
    # absolute-form request ("GET http://host/path") with its page for the path: a forward proxy.
    target = "http://news.invalid" + article_path(story)
    with demo_server() as proxy:
        env = {**os.environ, "http_proxy": proxy.origin, "no_proxy": ""}
        env.pop("HTTP_PROXY", None)
        cmd = [sys.executable, "-m", "newsscraper.cli", "fetch", target, "http://127.0.0.1:9/x",
               "http://localhost:9/y", *FAST, "-o", str(tmp_path / "out.jsonl"),
               "--report", str(tmp_path / "report.json")]  # fmt: skip
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        hits = [h.path for h in proxy.log]
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [r["url"] for r in records] == [target]
    assert records[0]["headline"] == story["title"]
    # the proxy got the absolute-form requests; the loopback targets never left the crawler
    assert set(hits) == {target, "http://news.invalid/robots.txt"}
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["refused"]["ssrf"] >= 2 and "unresolvable" not in report["refused"]


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


def test_guard_resolves_no_name_behind_a_proxy() -> None:
    import asyncio

    from scrapy.exceptions import IgnoreRequest

    stats = _Stats()
    guard = SSRFGuardMiddleware(stats, proxies={"http": "http://10.0.0.8:3128"})  # type: ignore[arg-type]
    assert guard.proxy_for(Request("http://news.invalid/a")) == "http://10.0.0.8:3128"
    assert guard.proxy_for(Request("https://news.invalid/a")) is None  # no https proxy set
    assert guard.proxy_for(Request("http://news.invalid/a", meta={"proxy": None})) is None
    asyncio.run(guard.process_request(Request("http://news.invalid/a")))  # not resolved: passes
    for url in ("http://169.254.169.254/latest/meta-data/", "http://app.localhost/", "http://[::1]/"):
        try:
            asyncio.run(guard.process_request(Request(url)))
        except IgnoreRequest:
            continue
        raise AssertionError(f"{url} went through the proxy")
    assert stats.values == {"newsscraper/proxied": 1, "newsscraper/refused/ssrf": 3}
