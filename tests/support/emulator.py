"""The emulator over real HTTP: fixtures (imported by ``tests/conftest.py``) and ``Emu``.

``clock``          function: the one clock homeydash and the in-process emulator share,
                   a time-machine traveller standing at 2026-11-25T12:00:00Z. ``clock.shift(s)``
                   moves both. Browser tests (marker ``e2e``) start there too but let it tick,
                   since a page polls in real time.
``emulator_url``   session: a threaded WSGI server on 127.0.0.1 (random port) serving the
                   project (which mounts the emulator at /emulator/); returns
                   ``http://127.0.0.1:<port>/emulator``.
``emulator_world`` function: the world reset with seed 1 on the shared clock, no faults;
                   yields :class:`emulator.world.World`.
``Emu``            the emulator's cloud, local and relay routes, and ``/_control``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import requests
import time_machine

from emulator.constants import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PASSWORD, HOME_ID

DEMO_AUTH = (DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
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


@dataclass
class Emu:
    """The emulator under test: its base URL and a few shortcuts."""

    url: str

    @property
    def cloud(self) -> str:
        return f"{self.url}/cloud"

    def local(self, homey_id: str = HOME_ID) -> str:
        return f"{self.url}/homey/{homey_id}"

    def relay(self, homey_id: str = HOME_ID) -> str:
        return f"{self.url}/relay/{homey_id}"

    def api(self, path: str, homey_id: str = HOME_ID) -> str:
        return f"{self.local(homey_id)}/api/manager/{path}"

    def token(self, **form: str) -> requests.Response:
        return requests.post(f"{self.cloud}/oauth2/token", data=form, auth=DEMO_AUTH, timeout=10)

    def password_tokens(self, email: str) -> dict:
        response = self.token(grant_type="password", username=email, password=DEMO_PASSWORD)
        assert response.status_code == 200, response.text
        return response.json()

    def delegation(self, access_token: str) -> str:
        response = requests.post(
            f"{self.cloud}/delegation/token?audience=homey",
            json={},
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def login(self, jwt: str, homey_id: str = HOME_ID) -> requests.Response:
        return requests.post(self.api("users/login", homey_id), json={"token": jwt}, timeout=10)

    def session(self, email: str, homey_id: str = HOME_ID) -> str:
        """A Homey session token for ``email`` (password grant → delegation → login)."""
        access = self.password_tokens(email)["access_token"]
        response = self.login(self.delegation(access), homey_id)
        assert response.status_code == 200, response.text
        return response.json()

    def get(self, path: str, token: str, homey_id: str = HOME_ID, **kw) -> requests.Response:
        return requests.get(self.api(path, homey_id), headers=_auth(token), timeout=10, **kw)

    def put(self, path: str, token: str, body, homey_id: str = HOME_ID) -> requests.Response:
        return requests.put(self.api(path, homey_id), json=body, headers=_auth(token), timeout=10)

    def post(self, path: str, token: str, body=None, homey_id: str = HOME_ID) -> requests.Response:
        return requests.post(self.api(path, homey_id), json=body, headers=_auth(token), timeout=10)

    def delete(self, path: str, token: str, homey_id: str = HOME_ID) -> requests.Response:
        return requests.delete(self.api(path, homey_id), headers=_auth(token), timeout=10)

    def control(self, **ops) -> dict:
        response = requests.post(f"{self.url}/_control", json=ops, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def hidden_inputs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
