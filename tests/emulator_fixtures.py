"""The emulator fixtures, imported by ``tests/conftest.py``.

``clock``          function: the one clock homeydash and the in-process emulator share,
                   a time-machine traveller standing at 2026-11-25T12:00:00Z. ``clock.shift(s)``
                   moves both. Browser tests (marker ``e2e``) start there too but let it tick,
                   since a page polls in real time.
``emulator_url``   session: a threaded WSGI server on 127.0.0.1 (random port) serving the
                   project (which mounts the emulator at /emulator/); returns
                   ``http://127.0.0.1:<port>/emulator``.
``emulator_world`` function: the world reset with seed 1 on the shared clock, no faults;
                   yields :class:`emulator.world.World`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

FROZEN_AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(name="clock")
def clock_fixture(request) -> Iterator[time_machine.Traveller]:
    tick = request.node.get_closest_marker("e2e") is not None
    with time_machine.travel(FROZEN_AT, tick=tick) as traveller:
        yield traveller


@pytest.fixture(scope="session", name="emulator_url")
def emulator_url_fixture() -> Iterator[str]:
    from emulator.server import serve_in_background

    server = serve_in_background("127.0.0.1", 0)
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/emulator"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(name="emulator_world")
def emulator_world_fixture(clock):
    from emulator.world import get_world

    world = get_world()
    world.reset(seed=1)
    yield world
    world.reset(seed=1)
