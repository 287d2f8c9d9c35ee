"""Helpers for the board, poll and control tests: emulator ids, request logs, tile HTML.

``homey_requests`` (fixture) records every request that reaches the emulator's Homey routes
(local or relay), counted at the emulator's door through Django's ``request_started`` signal,
which its in-process threaded server sends for each request it serves.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.signals import request_started

from dashboard import snapshot
from dashboard.models import Household
from emulator.house import item_id
from emulator.world import FLAT_ID, HOME_ID

HTMX = {"HTTP_HX_REQUEST": "true"}


def device_id(name: str, homey: str = HOME_ID) -> str:
    return item_id(homey, "device", name)


def variable_id(name: str, homey: str = HOME_ID) -> str:
    return item_id(homey, "variable", name)


def flow_id(name: str, homey: str = HOME_ID, *, advanced: bool = False) -> str:
    return item_id(homey, "advancedflow" if advanced else "flow", name)


def home() -> Household:
    return Household.objects.get(homey_id=HOME_ID)


def flat() -> Household:
    return Household.objects.get(homey_id=FLAT_ID)


def make_due(clock) -> None:
    """Let time pass until every part of the snapshot is due for a refresh (a minute)."""
    clock.shift(snapshot.SLOW_SECONDS)


def stored_value(name: str, capability: str, homey: str = HOME_ID):
    """The value the emulated Homey holds now (its own state, read in-process)."""
    from emulator.world import get_world

    world = get_world()
    with world.lock:
        device = world.homeys[homey].devices[device_id(name, homey)]
        return device.value_and_updated(capability, world.now())[0]


class RequestLog(list):
    def count(self, method: str, pattern: str) -> int:  # type: ignore[override]
        return sum(1 for m, path in self if m == method and re.search(pattern, path))

    def devices_fetches(self) -> int:
        return self.count("GET", r"/api/manager/devices/device/?$")

    def writes(self) -> int:
        return sum(1 for m, _path in self if m in ("PUT", "POST") and "/users/login" not in _path)


def tile_html(html: str, dom_id: str) -> str:
    """The outer HTML of the tile ``dom_id`` ('' when it is not there)."""
    match = re.search(rf'<article id="{re.escape(dom_id)}".*?</article>', html, re.S)
    return match.group(0) if match else ""


def tile_ids(html: str) -> list[str]:
    return re.findall(r'<article id="([^"]+)"', html)


def poll_url(html: str) -> str:
    match = re.search(r'id="poller"[^>]*hx-get="([^"]+)"', html)
    assert match, "no poller on the page"
    return match.group(1).replace("&amp;", "&")


def held_version(html: str) -> int:
    return int(parse_qs(urlparse(poll_url(html)).query)["v"][0])


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
