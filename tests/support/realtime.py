"""Waiting for the realtime subscriber: ``wait_until``, ``live``, ``sockets``, ``listener``."""

from __future__ import annotations

import time

from dashboard import snapshot, subscriber
from tests.support.emulator import Emu
from tests.support.tiles import home

WAIT = 15


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
