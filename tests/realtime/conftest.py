"""The realtime subscriber against the emulator's socket: real threads, real sockets.

The subscriber's threads read the database on their own connections, so these tests use
``transactional_db``; each stops the process's supervisor (giving its leases back) at the end.
"""

from __future__ import annotations

import time

import pytest

from dashboard import snapshot, subscriber
from tests.emulator.conftest import Emu
from tests.tiles.conftest import homey_requests  # noqa: F401
from tests.tiles.helpers import home

WAIT = 15


@pytest.fixture(autouse=True)
def _realtime_switch(settings, transactional_db, emulator_world, monkeypatch):
    settings.HOMEYDASH_REALTIME = True
    monkeypatch.setattr(subscriber, "RETRY_SECONDS", (0.2, 0.5, 1))
    yield
    subscriber.supervisor().stop()


@pytest.fixture
def emu(emulator_url) -> Emu:
    return Emu(emulator_url)


def wait_until(predicate, timeout: float = WAIT, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def live() -> bool:
    snap = snapshot.cached(home().pk)
    return snap is not None and snapshot.is_live(snap)


def sockets(emu: Emu, homey_id: str) -> int:
    return emu.control()["homeys"][homey_id]["sockets"]


def listener() -> subscriber.Listener:
    """This process's listener for Home, once its supervisor has started it."""
    listeners = subscriber.supervisor().listeners
    wait_until(lambda: home().pk in listeners, what="the listener to start")
    return listeners[home().pk]
