"""``/emulator/_control`` answers the machine itself only: the demo may listen on the LAN."""

from __future__ import annotations

import pytest
import requests
from django.test import Client

from emulator.constants import HOME_ID


@pytest.mark.parametrize("address", ["192.168.1.20", "10.0.0.7", "fd00::5", "203.0.113.9"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_client_on_the_network_cannot_read_or_steer_the_emulator(emulator_world, address, method):
    client = Client(REMOTE_ADDR=address)
    response = getattr(client, method)(
        "/emulator/_control",
        data={"faults": {HOME_ID: {"offline": True}}},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "devices" not in response.content.decode()
    assert not emulator_world.state()["faults"]


def test_a_request_a_proxy_forwarded_from_the_network_is_refused(emu, emulator_world):
    response = requests.post(
        f"{emu.url}/_control",
        json={"faults": {HOME_ID: {"offline": True}}},
        headers={"X-Forwarded-For": "192.168.1.20"},
        timeout=10,
    )
    assert response.status_code == 403
    assert not emulator_world.state()["faults"]


def test_the_machine_itself_steers_the_emulator_over_loopback(emu, emulator_world):
    response = requests.post(
        f"{emu.url}/_control", json={"faults": {HOME_ID: {"offline": True}}}, timeout=10
    )
    assert response.status_code == 200
    assert emulator_world.state()["faults"][HOME_ID]["offline"] is True
    assert Client(REMOTE_ADDR="::1").get("/emulator/_control").status_code == 200
