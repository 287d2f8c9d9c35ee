"""A threaded WSGI server on a background thread (tests, benches, ``python -m emulator``),
which also serves the Homeys' realtime socket (:mod:`emulator.realtime`) at ``/socket.io/``.

WebSockets on a threaded WSGI server: python-engineio 3.x has no WebSocket driver for its
``threading`` mode, so :class:`WebSocketWSGI` is one, built on ``simple-websocket`` (the
library python-engineio 4 uses for the same job), and :class:`RealtimeRequestHandler` hands
an upgrade request the raw connection instead of letting wsgiref write a response.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import simple_websocket
import socketio
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.servers.basehttp import WSGIRequestHandler as DjangoRequestHandler

from emulator import realtime

SOCKET_PATH = "socket.io"


class WebSocketWSGI:
    """The ``websocket`` entry of an Engine.IO async driver: a WSGI app running
    ``handler(ws)`` over a WebSocket, where ``ws`` has ``wait()``, ``send()``, ``close()``."""

    def __init__(self, handler: Callable[[WebSocketWSGI], Any]) -> None:
        self.handler = handler
        self.ws: simple_websocket.Server | None = None

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        self.ws = simple_websocket.Server(environ)
        try:
            self.handler(self)
        finally:
            self.close()
        return []

    def wait(self) -> str | bytes | None:
        try:
            return self.ws.receive()  # type: ignore[union-attr]
        except simple_websocket.ConnectionClosed:
            return None

    def send(self, message: str | bytes) -> None:
        self.ws.send(message)  # type: ignore[union-attr]

    def close(self) -> None:
        with contextlib.suppress(simple_websocket.ConnectionClosed):  # closed already
            self.ws.close()  # type: ignore[union-attr]


realtime.sio.eio._async = {**realtime.sio.eio._async, "websocket": WebSocketWSGI}


def wsgi_app(app: Callable | None = None) -> socketio.WSGIApp:
    """``app`` (default: Django) with the realtime socket at ``/socket.io/``."""
    return socketio.WSGIApp(realtime.sio, app or WSGIHandler(), socketio_path=SOCKET_PATH)


class RealtimeRequestHandler(DjangoRequestHandler):
    """Django's dev request handler, plus WebSocket upgrades on ``/socket.io/``: the socket
    is given to the app (in the environ, where simple-websocket looks for it) and the
    connection ends with the WebSocket."""

    quiet = False

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        upgrade = self.headers.get("Upgrade", "").lower() == "websocket"
        if not upgrade or not self.path.startswith(f"/{SOCKET_PATH}/"):
            return True
        environ = self.get_environ()
        environ["werkzeug.socket"] = self.connection
        self.server.get_app()(environ, lambda *args, **kwargs: None)
        self.close_connection = True
        return False  # the response, if any, was the WebSocket's

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.quiet:
            super().log_message(format, *args)


class QuietHandler(RealtimeRequestHandler):
    quiet = True


def make_server(host: str = "127.0.0.1", port: int = 0, quiet: bool = True) -> ThreadedWSGIServer:
    """A threaded server serving Django (whatever settings are configured) and the socket."""
    handler = QuietHandler if quiet else RealtimeRequestHandler
    server = ThreadedWSGIServer((host, port), handler, allow_reuse_address=True)
    server.daemon_threads = True
    server.set_app(wsgi_app())
    return server


def serve_in_background(host: str = "127.0.0.1", port: int = 0) -> ThreadedWSGIServer:
    """Start :func:`make_server` on a daemon thread; ``server.server_address`` has the port."""
    server = make_server(host, port)
    threading.Thread(target=server.serve_forever, name="emulator-http", daemon=True).start()
    return server
