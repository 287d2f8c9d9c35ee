"""homeydash against the emulator's rough houses and faults (``emulator/README.md``: real
addresses with per-address modes, faults per operation, the messy Farmhouse, strict paths,
a client secret changed at Athom): every one through real HTTP, as a real Homey would."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from dashboard import icons, snapshot
from dashboard.connection import address_cache_key
from dashboard.models import Account, Dashboard, Household
from emulator.house import LIVING_THERMOSTAT, item_id
from emulator.world import HOME_ID
from tests.support.cast import person, sign_in
from tests.support.tiles import (
    HTMX,
    device_id,
    make_due,
    poll_url,
    stored_value,
    tile_html,
    variable_id,
)

try:  # the emulator's rough houses and per-operation faults
    from emulator.constants import FARMHOUSE_ID
    from emulator.house_rough import (
        BARN_DOOR,
        DOUBLE_RELAY,
        GREENHOUSE_SENSOR,
        HEAT_PUMP,
        OLD_THERMOMETER,
        THREE_PHASE_METER,
    )
    from emulator.world import OperationFault
except ImportError:
    pytest.skip("this emulator has no rough houses yet", allow_module_level=True)

erin_client = person("erin@example.com", homey="Farmhouse")


def farm(name: str) -> str:
    return item_id(FARMHOUSE_ID, "device", name)


def value_html(tile: str, capability_id: str) -> str:
    start = tile.index(f'data-capability="{capability_id}"')
    return tile[start : tile.index("</li>", start)]


@pytest.fixture
def farmhouse(erin_client) -> str:
    response = erin_client.get("/")
    assert response.status_code == 200
    return response.content.decode()


# the messy house ---------------------------------------------------------------------------


def test_a_device_still_starting_up_says_so_and_offers_no_control(farmhouse):
    tile = tile_html(farmhouse, f"dev-{farm(HEAT_PUMP)}")

    assert "Starting up" in tile
    assert "is-unavailable" not in tile
    assert 'name="capability"' not in tile


def test_an_unknown_value_is_a_dash_without_units(farmhouse):
    value = value_html(tile_html(farmhouse, f"dev-{farm(OLD_THERMOMETER)}"), "measure_temperature")

    assert "<strong>–</strong>" in value and "°C" not in value


def test_sub_capabilities_show_with_their_own_titles(farmhouse):
    tile = tile_html(farmhouse, f"dev-{farm(THREE_PHASE_METER)}")

    assert "Total power" in value_html(tile, "measure_power")
    for n in (1, 2, 3):
        phase = value_html(tile, f"measure_power.phase{n}")
        assert f"Phase {n}" in phase
        assert re.search(r"<strong>[\d,.]+\.\d</strong>", phase)  # 1 decimal, as overridden


def test_a_devices_own_title_units_and_decimals_win(farmhouse):
    tile = tile_html(farmhouse, f"dev-{farm(GREENHOUSE_SENSOR)}")

    soil = value_html(tile, "measure_temperature")
    assert "Soil temperature" in soil
    assert re.search(r"<strong>\d+\.\d\d</strong>", soil)
    moisture = value_html(tile, "measure_humidity")
    assert "Air moisture" in moisture and "% RH" in moisture


def test_an_icon_too_large_is_refused_and_the_icon_of_its_kind_shows(erin_client, farmhouse):
    tile = tile_html(farmhouse, f"dev-{farm(GREENHOUSE_SENSOR)}")
    href = re.search(r'<svg class="tile-icon"[^>]*><use href="([^"]+)"', tile).group(1)
    assert href.startswith(f"/devices/{farm(GREENHOUSE_SENSOR)}/icon.svg?v=")

    response = erin_client.get(href.split("#")[0])

    assert response.status_code == 200
    # the Homey's drawing is over 64 KB: not taken; a thermometer, as for any temperature sensor
    assert response.content.decode() == icons.fallback_svg("thermostat")
    assert len(response.content) < 4096


def test_a_warning_shows_on_a_tile_that_still_works(farmhouse):
    tile = tile_html(farmhouse, f"dev-{farm(BARN_DOOR)}")

    assert "Battery almost empty" in tile
    assert "is-unavailable" not in tile


def test_the_second_output_of_a_relay_is_switched_by_its_own_control(erin_client, farmhouse):
    relay = farm(DOUBLE_RELAY)
    assert stored_value(DOUBLE_RELAY, "onoff.output2", FARMHOUSE_ID) is False

    response = erin_client.post(
        f"/devices/{relay}/control", {"capability": "onoff.output2", "value": "true"}, **HTMX
    )

    assert response.status_code == 200
    assert stored_value(DOUBLE_RELAY, "onoff.output2", FARMHOUSE_ID) is True
    assert stored_value(DOUBLE_RELAY, "onoff", FARMHOUSE_ID) is True  # output 1 untouched


def test_a_variable_nobody_has_set_shows_empty(erin_client, farmhouse):
    made = erin_client.post("/dashboards/new", {"name": "Eggs", "audience": "private"})
    dashboard = Dashboard.objects.get(code=made.headers["Location"].split("/")[2])
    source = item_id(FARMHOUSE_ID, "variable", "Eggs today")
    erin_client.post(f"/d/{dashboard.code}/tiles/add", {"kind": "variable", "source": source})

    response = erin_client.get(f"/d/{dashboard.code}/")

    assert response.status_code == 200
    assert "Eggs today" in response.content.decode()


# addresses -----------------------------------------------------------------------------


def chosen_strategy() -> str:
    household = Household.objects.get(homey_id=FARMHOUSE_ID)
    return cache.get(address_cache_key(household))["strategy"]


def test_on_a_lan_the_secure_local_address_is_used(farmhouse):
    assert chosen_strategy() == "localSecure"


def test_on_a_vps_where_lan_addresses_hang_the_relay_is_used(erin_client, emulator_world):
    emulator_world.config.offline_hang_seconds = 4
    for field in ("localUrlSecure", "localUrl", "remoteUrlForwarded"):
        emulator_world.faults.homey(FARMHOUSE_ID).addresses[field] = "hang"

    response = erin_client.get("/")

    assert response.status_code == 200
    assert "cannot be reached" not in response.content.decode()
    assert chosen_strategy() == "cloud"


def test_a_refusing_secure_address_falls_to_the_first_other_answer(erin_client, emulator_world):
    emulator_world.config.offline_hang_seconds = 4
    addresses = emulator_world.faults.homey(FARMHOUSE_ID).addresses
    addresses["localUrlSecure"] = "refuse"
    addresses["remoteUrlForwarded"] = addresses["remoteUrl"] = "hang"

    assert erin_client.get("/").status_code == 200

    assert chosen_strategy() == "local"


# faults per operation, on Home --------------------------------------------------------------


def test_one_failing_operation_marks_only_its_tiles_stale(alice_client, emulator_world, clock):
    made = alice_client.post("/dashboards/new", {"name": "Mixed", "audience": "private"})
    dashboard = Dashboard.objects.get(code=made.headers["Location"].split("/")[2])
    for kind, source in (
        ("device", device_id(LIVING_THERMOSTAT)),
        ("variable", variable_id("Away mode")),
    ):
        alice_client.post(f"/d/{dashboard.code}/tiles/add", {"kind": kind, "source": source})
    page = alice_client.get(f"/d/{dashboard.code}/").content.decode()
    emulator_world.faults.homey(HOME_ID).operations["getVariables"] = OperationFault(status=500)
    make_due(clock)

    body = alice_client.get(poll_url(page), **HTMX).content.decode()

    assert "stale since" in body
    assert "cannot be reached" not in body
    shown = alice_client.get(f"/d/{dashboard.code}/").content.decode()
    classes = re.findall(r'<article id="tile-[^"]+" class="([^"]+)"', shown)
    assert sorted(classes) == [
        "tile tile-device size-small is-busy",
        "tile tile-variable size-small is-stale",
    ]


def test_a_429_on_the_devices_is_obeyed_and_shown_as_stale(
    alice_client, emulator_world, clock, homey_requests
):
    page = alice_client.get("/").content.decode()
    emulator_world.faults.homey(HOME_ID).operations["getDevices"] = OperationFault(
        status=429, retry_after=90
    )
    make_due(clock)
    body = alice_client.get(poll_url(page), **HTMX).content.decode()
    fetches = homey_requests.devices_fetches()

    for _ in range(8):
        clock.shift(10)
        alice_client.get(poll_url(page), **HTMX)

    assert "stale since" in body and "wait before asking again" in body
    assert "cannot be reached" not in body
    assert homey_requests.devices_fetches() == fetches  # nothing asked for 80 s of 90


# strict paths and a changed client secret ------------------------------------------------


def test_every_request_is_at_a_path_a_strict_homey_accepts(alice_client, emulator_world):
    emulator_world.config.strict_paths = True
    made = alice_client.post("/dashboards/new", {"name": "All", "audience": "private"})
    dashboard = Dashboard.objects.get(code=made.headers["Location"].split("/")[2])
    alice_client.post(
        f"/d/{dashboard.code}/tiles/add", {"kind": "variable", "source": variable_id("Away mode")}
    )

    page = alice_client.get(f"/d/{dashboard.code}/")

    assert page.status_code == 200
    snap = snapshot.cached(Household.objects.get(homey_id=HOME_ID).pk)
    assert snap.loaded and snap.stale_since is None and not snap.parts_stale
    assert snap.zones and snap.flows and snap.advanced_flows and snap.variables


def test_a_client_secret_changed_at_athom_is_a_configuration_problem(
    db, emulator_url, homey_settings, emulator_world
):
    client = Client()
    user = sign_in(client, emulator_url, "bob@example.com")
    emulator_world.control({"client_secret": {"client": "homeydash-demo", "secret": "rotated"}})
    Account.objects.filter(user=user).update(access_expires=None)

    response = client.get("/")

    assert response.headers["Location"] == "/signin-again/"
    health = Client().get("/healthz")
    assert health.status_code == 503
    assert health.json()["problems"][0]["id"] == "athom_client_refused"
