"""Fixtures for the tile tests.

``homey_requests`` records every request that reaches the emulator's Homey routes (local or
relay), counted at the emulator's door through Django's ``request_started`` signal, which its
in-process threaded server sends for each request it serves.
"""

from __future__ import annotations

import threading

import pytest
from django.core.signals import request_started

from tests.tiles.helpers import RequestLog


@pytest.fixture
def homey_requests():
    seen = RequestLog()
    lock = threading.Lock()

    def record(sender, environ=None, **kwargs):
        path = (environ or {}).get("PATH_INFO", "")
        if path.startswith(("/emulator/homey/", "/emulator/relay/")):
            with lock:
                seen.append((environ["REQUEST_METHOD"], path))

    request_started.connect(record, dispatch_uid="tiles-homey-requests")
    yield seen
    request_started.disconnect(dispatch_uid="tiles-homey-requests")
