"""``manage.py runserver`` in demo mode (``make run``): the same development server, which
also serves the Homeys' realtime socket at ``/socket.io/`` (see :mod:`emulator.server`).

The emulator app comes first in ``INSTALLED_APPS`` in demo mode so this command wins; it
extends whichever ``runserver`` comes next (whitenoise's, then staticfiles', then Django's),
the way ``whitenoise.runserver_nostatic`` does.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.servers.basehttp import WSGIServer

from emulator.server import RealtimeRequestHandler, wsgi_app


def _next_runserver() -> type:
    names = [config.name for config in apps.get_app_configs()]
    for name in [*names[names.index("emulator") + 1 :], "django.core"]:
        try:
            return import_module(f"{name}.management.commands.runserver").Command
        except (ImportError, AttributeError):
            continue
    raise ImportError("no runserver command to extend")  # django.core always has one


class RealtimeWSGIServer(WSGIServer):
    """Django's dev server with :class:`RealtimeRequestHandler` (WebSocket upgrades)."""

    def __init__(self, address: Any, handler: type, *args: Any, **kwargs: Any) -> None:
        super().__init__(address, RealtimeRequestHandler, *args, **kwargs)


class Command(_next_runserver()):  # type: ignore[misc]
    server_cls = RealtimeWSGIServer

    def get_handler(self, *args: Any, **options: Any) -> Any:
        return wsgi_app(super().get_handler(*args, **options))
