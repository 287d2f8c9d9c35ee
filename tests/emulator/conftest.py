"""Helpers for the emulator's own tests: everything goes over real HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import requests

from emulator.constants import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PASSWORD, HOME_ID
from emulator.house import item_id

DEMO_AUTH = (DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)


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


@pytest.fixture
def emu(emulator_url, emulator_world) -> Emu:
    return Emu(emulator_url)


@pytest.fixture
def alice(emu) -> str:
    """Alice's (owner) session token on Home."""
    return emu.session("alice@example.com")


@pytest.fixture
def bob(emu) -> str:
    return emu.session("bob@example.com")


@pytest.fixture
def dave(emu) -> str:
    return emu.session("dave@example.com")


def device_id(name: str, homey_id: str = HOME_ID) -> str:
    return item_id(homey_id, "device", name)


def hidden_inputs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
