"""The loopback server (newsscraper.demo.server.SiteServer) speaks HTTP/1.1 with persistent
connections as real sites do: every response (200, 404, redirect, empty) is framed by
Content-Length on one reused connection, and request bodies or HTTP/1.0 clients never hang it."""

from __future__ import annotations

import gzip
import http.client
import socket
from collections.abc import Iterator

import pytest

from newsscraper.demo.server import SiteServer
from newsscraper.demo.site import Page

ROUTES = {
    "/": Page(body=b"<html><body><a href='/a'>a</a></body></html>"),
    "/empty": Page(body=b""),
    "/moved": Page(body=b"", status=301, headers={"Location": "/"}),
    "/gz": Page(body=b"<p>zipped</p>", gzip=True),
}


@pytest.fixture()
def server() -> Iterator[SiteServer]:
    with SiteServer(ROUTES) as srv:
        yield srv


def _get(conn: http.client.HTTPConnection, path: str, body: bytes | None = None) -> http.client.HTTPResponse:
    conn.request("GET", path, body=body)
    return conn.getresponse()


def test_one_connection_serves_every_kind_of_response(server: SiteServer) -> None:
    host, port = server.origin.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    seen = []
    for path in ["/", "/missing", "/moved", "/empty", "/gz", "/"]:
        response = _get(conn, path)
        body = response.read()
        if path == "/gz":
            assert gzip.decompress(body) == b"<p>zipped</p>"
        assert response.version == 11
        assert response.headers["Content-Length"] == str(len(body))
        assert not response.will_close
        seen.append((path, response.status, conn.sock))
    conn.close()
    assert [s for _, s, _ in seen] == [200, 404, 301, 200, 200, 200]
    assert len({id(sock) for *_, sock in seen}) == 1  # never reconnected
    assert [h.path for h in server.log] == ["/", "/missing", "/moved", "/empty", "/gz", "/"]


def test_request_body_is_read_or_closes_the_connection(server: SiteServer) -> None:
    host, port = server.origin.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    response = _get(conn, "/", body=b"x" * 1000)  # with Content-Length: read and dropped
    response.read()
    assert response.status == 200 and not response.will_close
    assert _get(conn, "/empty").status == 200  # the body was not taken for the next request
    conn.close()
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("GET", "/")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders(b"5\r\nhello\r\n0\r\n\r\n")
    response = conn.getresponse()
    response.read()
    assert response.status == 200 and response.will_close  # chunked body not parsed: connection ends
    conn.close()


def test_http10_client_gets_a_closed_connection(server: SiteServer) -> None:
    host, port = server.origin.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /missing HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):  # ends: the server closes after one response
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404")
    assert f"Content-Length: {len(body)}".encode() in head
