"""Tiny real HTTP servers on 127.0.0.1 for the rough edges of real networks.

``hanging()``   a port that accepts connections and never answers (a LAN address seen from
                a VPS, a Homey stuck mid-reboot).
``refusing()``  a port nobody listens on: connections are refused at once.
``FaultProxy``  a reverse proxy in front of the emulator that answers chosen paths itself
                (a status, a Retry-After, a hang) or alters the emulator's headers, and
                forwards everything else unchanged. Real sockets, real HTTP: nothing in
                homeydash is replaced.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import requests

# requests decodes a gzipped answer (homeydash's GZipMiddleware also runs in the emulator), so
# the proxy passes it on decoded, without its Content-Encoding.
HOP_HEADERS = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "server",
    "date",
}


@contextmanager
def hanging() -> Iterator[str]:
    """``http://127.0.0.1:<port>``: connections are accepted, nothing is ever answered."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def refusing() -> str:
    """``http://127.0.0.1:<port>`` of a port that was free a moment ago: refused."""
    return f"http://127.0.0.1:{free_port()}"


@dataclass
class Rule:
    pattern: str
    method: str = ""
    status: int = 0
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0
    delay: float = 0.0
    drop_headers: tuple[str, ...] = ()
    set_headers: dict[str, str] = field(default_factory=dict)
    # rewrites the JSON the emulator answered (a messier Homey than the emulator's house)
    transform: Callable[[Any], Any] | None = None

    def matches(self, method: str, path: str) -> bool:
        return (not self.method or self.method == method) and re.search(self.pattern, path)


class FaultProxy:
    """``with FaultProxy(upstream) as proxy:`` then ``proxy.url`` stands for ``upstream``.

    ``proxy.fail(r"/logic/variable$", status=404)``, ``proxy.fail(..., hang=5)`` (no answer),
    ``proxy.alter(r"/system/ping", delay=0.3)`` (a slow answer),
    ``proxy.alter(r"/devices/device$", transform=func)`` (a rewritten JSON answer),
    ``proxy.alter(r"/system/ping", drop_headers=("X-Homey-ID",))``; ``proxy.clear()``.
    ``proxy.seen`` lists ``(method, path)`` of every request, answered or forwarded.
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.rules: list[Rule] = []
        self.seen: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.url = ""

    def fail(self, pattern: str, *, method: str = "", status: int = 0, **kwargs) -> Rule:
        rule = Rule(pattern, method=method, status=status, **kwargs)
        with self.lock:
            self.rules.append(rule)
        return rule

    def alter(self, pattern: str, **kwargs) -> Rule:
        return self.fail(pattern, **kwargs)

    def clear(self) -> None:
        with self.lock:
            self.rules.clear()

    def count(self, pattern: str, method: str = "GET") -> int:
        with self.lock:
            return sum(1 for m, p in self.seen if m == method and re.search(pattern, p))

    def __enter__(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _handle(self) -> None:
                method = self.command
                path = urlsplit(self.path).path
                with proxy.lock:
                    proxy.seen.append((method, path))
                    rule = next((r for r in proxy.rules if r.matches(method, path)), None)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if rule is not None and rule.delay:
                    time.sleep(rule.delay)
                if rule is not None and rule.hang:
                    time.sleep(rule.hang)
                    self.close_connection = True
                    return
                if rule is not None and rule.status:
                    self._answer(rule.status, rule.body.encode(), rule.headers)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                upstream = requests.request(
                    method,
                    proxy.upstream + self.path,
                    headers=headers,
                    data=body,
                    timeout=30,
                    allow_redirects=False,
                )
                out = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_HEADERS}
                content = upstream.content
                if rule is not None and rule.transform is not None:
                    content = json.dumps(rule.transform(upstream.json())).encode()
                if rule is not None:
                    drop = {name.lower() for name in rule.drop_headers}
                    out = {k: v for k, v in out.items() if k.lower() not in drop}
                    out.update(rule.set_headers)
                self._answer(upstream.status_code, content, out)

            def _answer(self, status: int, content: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                headers = {"Content-Type": "application/json", **headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
