"""A real house's devices, shown honestly: a device still starting up, values nobody knows
yet (null), sub-capabilities (``measure_power.phase1``, ``onoff.output2``), a device's own
capability options (title, units, decimals) and warnings. None of them is "offline".

The Homey is the emulator's Home behind a proxy that rewrites its device list into these
shapes (the JSON a real Homey sends for such devices)."""

from __future__ import annotations

import copy

import pytest

from dashboard.models import Household
from emulator.house import FLOOR_LAMP, TV_SOCKET
from emulator.world import HOME_ID
from tests.support.boards import board
from tests.support.loopback import FaultProxy
from tests.support.tiles import HTMX, device_id, tile_html

LAMP = device_id(FLOOR_LAMP)
SOCKET = device_id(TV_SOCKET)
WHEN = "2026-11-25T11:58:00.000Z"


def capability(cap_id: str, title: str, value, **extra) -> dict:
    base = {"id": cap_id, "type": "number", "title": title, "getable": True, "setable": False}
    return {**base, "value": value, "lastUpdated": WHEN, "options": {}, **extra}


def messy(devices: dict) -> dict:
    devices = copy.deepcopy(devices)
    lamp = devices[LAMP]
    lamp["ready"] = False
    lamp["capabilitiesObj"]["onoff"]["value"] = None
    lamp["capabilitiesObj"]["dim"]["value"] = None
    socket = devices[SOCKET]
    socket["warningMessage"] = "Firmware update available"
    extra = {
        "measure_power.phase1": capability(
            "measure_power.phase1", "Power L1", 231.456, units="W", decimals=1
        ),
        "measure_power.phase2": capability(
            "measure_power.phase2",
            "Power",
            None,
            units="W",
            decimals=2,
            options={"title": {"en": "Power L2"}, "units": "kW", "decimals": 3},
        ),
        "onoff.output2": {
            **capability("onoff.output2", "Output 2", True, setable=True),
            "type": "boolean",
        },
    }
    socket["capabilities"] = [*socket["capabilities"], *extra]
    socket["capabilitiesObj"].update(extra)
    socket["capabilitiesObj"]["measure_power"]["title"] = "Television"
    socket["capabilitiesObj"]["measure_power"]["decimals"] = 0
    return devices


@pytest.fixture
def messy_home(alice_client, emulator_url):
    with FaultProxy(f"{emulator_url}/homey/{HOME_ID}") as proxy:
        proxy.alter(r"/devices/device$", transform=messy)
        Household.objects.filter(homey_id=HOME_ID).update(
            local_url_secure=proxy.url, local_url="", remote_url_forwarded="", remote_url=""
        )
        yield proxy


def value_html(tile: str, capability_id: str) -> str:
    start = tile.index(f'data-capability="{capability_id}"')
    return tile[start : tile.index("</li>", start)]


def test_a_device_starting_up_says_so_and_is_not_offline(alice_client, messy_home):
    tile = tile_html(board(alice_client), f"dev-{LAMP}")

    assert "Starting up" in tile
    assert "is-unavailable" not in tile and "Unavailable" not in tile
    assert "stale since" not in tile
    assert "<strong>–</strong>" in value_html(tile, "dim")  # unknown, not 0 %
    assert 'name="capability"' not in tile  # nothing to set until it is ready


def test_a_device_starting_up_refuses_a_control_without_calling_the_homey(alice_client, messy_home):
    board(alice_client)
    writes = messy_home.count(r"/capability/", method="PUT")

    response = alice_client.post(
        f"/devices/{LAMP}/control", {"capability": "onoff", "value": "true"}, **HTMX
    )

    assert response.status_code == 422
    assert "starting up" in response.content.decode()
    assert messy_home.count(r"/capability/", method="PUT") == writes


def test_sub_capabilities_are_shown_with_their_own_titles_and_controls(alice_client, messy_home):
    tile = tile_html(board(alice_client), f"dev-{SOCKET}")

    phase1 = value_html(tile, "measure_power.phase1")
    assert "Power L1" in phase1 and "231.5" in phase1 and "W" in phase1
    output2 = value_html(tile, "onoff.output2")
    assert "Output 2" in output2
    assert 'value="onoff.output2"' in output2  # its own switch


def test_a_devices_own_capability_options_win(alice_client, messy_home):
    tile = tile_html(board(alice_client), f"dev-{SOCKET}")

    power = value_html(tile, "measure_power")
    assert "Television" in power
    assert "." not in power.split("<strong>")[1].split("</strong>")[0]  # decimals 0
    phase2 = value_html(tile, "measure_power.phase2")
    assert "Power L2" in phase2
    assert "<strong>–</strong>" in phase2 and "kW" not in phase2  # null: no units either


def test_a_warning_is_shown_on_the_tile_without_making_it_unavailable(alice_client, messy_home):
    tile = tile_html(board(alice_client), f"dev-{SOCKET}")

    assert "Firmware update available" in tile
    assert "is-unavailable" not in tile
