"""The realtime subscriber against the emulator's socket: real threads, real sockets.

The subscriber's threads read the database on their own connections, so these tests use
``transactional_db``; each stops the process's supervisor (giving its leases back) at the end.
"""

from __future__ import annotations

import pytest

from dashboard import subscriber
from tests.support.emulator import Emu


@pytest.fixture(autouse=True)
def _realtime_switch(settings, transactional_db, emulator_world, monkeypatch):
    settings.HOMEYDASH_REALTIME = True
    monkeypatch.setattr(subscriber, "RETRY_SECONDS", (0.2, 0.5, 1))
    yield
    subscriber.supervisor().stop()


@pytest.fixture
def emu(emulator_url) -> Emu:
    return Emu(emulator_url)
