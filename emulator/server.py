"""A threaded WSGI server on a background thread (tests, benches, ``python -m emulator``)."""

from __future__ import annotations

import threading
from wsgiref.simple_server import WSGIRequestHandler

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.servers.basehttp import WSGIRequestHandler as DjangoRequestHandler


class QuietHandler(DjangoRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def make_server(host: str = "127.0.0.1", port: int = 0, quiet: bool = True) -> ThreadedWSGIServer:
    """A threaded server serving Django (whatever settings are configured)."""
    handler: type[WSGIRequestHandler] = QuietHandler if quiet else DjangoRequestHandler
    server = ThreadedWSGIServer((host, port), handler, allow_reuse_address=True)
    server.daemon_threads = True
    server.set_app(WSGIHandler())
    return server


def serve_in_background(host: str = "127.0.0.1", port: int = 0) -> ThreadedWSGIServer:
    """Start :func:`make_server` on a daemon thread; ``server.server_address`` has the port."""
    server = make_server(host, port)
    threading.Thread(target=server.serve_forever, name="emulator-http", daemon=True).start()
    return server
