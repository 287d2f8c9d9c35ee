"""Fixtures for every test. The fixtures and helpers themselves live in ``tests/support/``:

``support/emulator.py``    ``clock``, ``emulator_url``, ``emulator_world``; ``Emu`` (the
                           emulator's routes over HTTP)
``support/cast.py``        the named cast (``alice_client``, ``bob_client``, ``dave_client``,
                           ``charlie_client``), ``sign_in``, ``password_tokens``
``support/tiles.py``       emulator ids, tile HTML, polls; ``homey_requests``
``support/kiosk.py``       ``new_kiosk``, ``tablet``, ``pair``
``support/realtime.py``    ``wait_until``, ``live``, ``sockets``, ``listener``
``support/loopback.py``    hanging/refusing ports and ``FaultProxy``
``support/impostor.py``    a Homey that lies about who it is
``support/signin_flow.py`` "Sign in with Homey" hop by hop
``support/spec.py``        Athom's official specifications (fidelity tests)
``support/authorise.py``   the emulator's authorise and consent pages, driven as a browser
``support/boards.py``      dashboards, tiles and controls over HTTP (``create``, ``control``...)
``support/wall.py``        a wall tablet in the real browser (e2e: ``alice``, ``tablet``, ``pair``)
``support/axe.py``         axe-core's accessibility rules run in a page (e2e)
``support/deployment.py``  gunicorn workers and ``python -m emulator`` as processes (integration)
``support/people.py``      people and their open, polling pages on such a deployment

Folder conftests hold only what changes the behaviour of their folder (autouse switches).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.support.cast import alice_client, bob_client, charlie_client, dave_client  # noqa: F401
from tests.support.emulator import (  # noqa: F401
    clock_fixture,
    emulator_url_fixture,
    emulator_world_fixture,
)
from tests.support.kiosk import new_kiosk, tablet  # noqa: F401
from tests.support.tiles import homey_requests  # noqa: F401


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _realtime_switch(settings):
    """Interval reads only: the realtime subscriber is tested in tests/realtime/."""
    settings.HOMEYDASH_REALTIME = False


@pytest.fixture
def homey_settings(settings, emulator_url, emulator_world):
    """Point homeydash at the emulator's cloud, with short timeouts."""
    settings.ATHOM_API_URL = f"{emulator_url}/cloud"
    settings.HOMEYDASH_HTTP_TIMEOUT = 3
    return settings
