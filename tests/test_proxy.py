"""Crawling behind an HTTP proxy (issue 12): requests go through the proxy the environment names,
the SSRF guard does not resolve target names itself (the proxy does, on its network) but still
refuses targets written as non-public addresses and ``localhost`` names, and checks the proxy's own
address like any target's (a loopback proxy needs ``--allow-network``)."""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
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
        # the proxy is on 127.0.0.1: allowed; the targets on 127.0.0.2 and localhost are not
        cmd = [sys.executable, "-m", "newsscraper.cli", "fetch", target, "http://127.0.0.2:9/x",
               "http://localhost:9/y", *FAST, "-o", str(tmp_path / "out.jsonl"),
               "--allow-network", "127.0.0.1/32", "--report", str(tmp_path / "report.json")]  # fmt: skip
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
    assert "proxy" not in report["refused"]


def test_loopback_proxy_refused_without_allow_network(tmp_path: Path) -> None:
    target = "http://news.invalid" + article_path(load_stories()[0])
    with demo_server() as proxy:
        env = {**os.environ, "http_proxy": proxy.origin, "no_proxy": ""}
        env.pop("HTTP_PROXY", None)
        cmd = [sys.executable, "-m", "newsscraper.cli", "fetch", target, *FAST,
               "-o", str(tmp_path / "out.jsonl"), "--report", str(tmp_path / "report.json")]  # fmt: skip
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        hits = [h.path for h in proxy.log]
    assert hits == []  # not even robots.txt went to the refused proxy
    assert proc.returncode == 1, proc.stderr
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["refused"].get("proxy", 0) >= 1 and "ssrf" not in report["refused"]
    host = proxy.origin.split("//")[1].rsplit(":", 1)[0]
    # the stderr says what was refused and which network to allow
    assert "refused (proxy)" in proc.stderr and "--allow-network" in proc.stderr
    assert f"--allow-network {host}/32" in proc.stderr


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


def test_guard_resolves_no_name_behind_a_proxy() -> None:
    import asyncio

    from scrapy.exceptions import IgnoreRequest

    stats = _Stats()
    guard = SSRFGuardMiddleware(stats, ["10.0.0.8/32"], {"http": "http://10.0.0.8:3128"})  # type: ignore[arg-type]
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


def test_guard_checks_the_proxy_address(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from scrapy.exceptions import IgnoreRequest
    from twisted.internet import defer

    from newsscraper.downloadermiddlewares import ssrf

    # name lookups answered in the calling thread (no reactor runs here), from a fixed table
    names = {"proxy.example": ["10.0.0.8"], "proxy.invalid": []}
    lookups: list[str] = []

    def lookup(host: str) -> list[ssrf.IPAddress]:
        lookups.append(host)
        return [ipaddress.ip_address(a) for a in names[host]]

    monkeypatch.setattr(ssrf, "deferToThread", lambda f, *a: defer.succeed(f(*a)))
    monkeypatch.setattr(ssrf, "_lookup", lookup)

    def outcome(guard: SSRFGuardMiddleware, request: Request) -> str:
        try:
            asyncio.run(guard.process_request(request))
        except IgnoreRequest as e:
            assert "pw@" not in str(e)  # credentials stay out of logs and reports
            return str(e).split("(", 1)[1].split(")", 1)[0]
        return "passed"

    target = "http://news.invalid/a"
    for allow, proxy, expected in [
        ((), "http://127.0.0.1:3128", "proxy"),
        ((), "http://user:pw@127.0.0.1:3128", "proxy"),
        (("127.0.0.0/8",), "http://127.0.0.1:3128", "passed"),
        (("127.0.0.0/8",), "http://user:pw@127.0.0.1:3128", "passed"),
        (("10.0.0.0/8",), "127.0.0.1:3128", "proxy"),  # scheme-less, as HttpProxyMiddleware takes it
        ((), "http://[::1]:3128", "proxy"),
        ((), "http://proxy.localhost:3128", "proxy"),
        ((), "http://8.8.8.8:3128", "passed"),
        ((), "http://proxy.invalid:3128", "proxy-unresolvable"),
        ((), "http://proxy.example:3128", "proxy"),
        (("10.0.0.0/24",), "http://proxy.example:3128", "passed"),
    ]:
        stats = _Stats()
        guard = SSRFGuardMiddleware(stats, allow=allow)  # type: ignore[arg-type]
        got = [outcome(guard, Request(target, meta={"proxy": proxy})) for _ in range(2)]
        assert got == [expected, expected], (allow, proxy)
        if expected != "passed":
            assert stats.values == {f"newsscraper/refused/{expected}": 2}
    # the proxy's name was looked up once per guard, though two requests went through it
    assert lookups == ["proxy.invalid", "proxy.example", "proxy.example"]
