"""Controls on tiles: each value is checked before anything is sent, the Homey's confirmed
state comes back on the tile, guests are refused server-side."""

from __future__ import annotations

import pytest

from dashboard.models import Dashboard, Tile
from emulator.house import (
    ALL_LIGHTS_OFF,
    CEILING_LIGHT,
    FRONT_DOOR_LOCK,
    LIVING_BLINDS,
    LIVING_THERMOSTAT,
    POND_PUMP,
)
from emulator.world import HOME_ID
from tests.support.boards import control, message, text
from tests.support.tiles import (
    HTMX,
    device_id,
    flow_id,
    home,
    stored_value,
    variable_id,
)


@pytest.fixture
def board_of(db):
    """A stored dashboard on Home with one tile; returns the tile."""

    def make(owner, *, audience=Dashboard.Audience.HOUSEHOLD, **tile) -> Tile:
        dashboard = Dashboard.objects.create(
            household=home(), owner=owner, name="Test", audience=audience
        )
        return Tile.objects.create(dashboard=dashboard, **tile)

    return make


# devices on the default board ------------------------------------------------------------


def test_a_toggle_switches_the_light_and_shows_the_confirmed_state(bob_client):
    assert stored_value("Kitchen lights", "onoff") is False

    response = control(bob_client, "Kitchen lights", "onoff", value="true")

    assert response.status_code == 200
    assert stored_value("Kitchen lights", "onoff") is True
    assert 'aria-checked="true"' in text(response)
    assert f'id="dev-{device_id("Kitchen lights")}"' in text(response)


def test_a_dim_slider_sets_a_percentage(bob_client):
    response = control(bob_client, CEILING_LIGHT, "dim", percent="40")

    assert response.status_code == 200
    assert stored_value(CEILING_LIGHT, "dim") == 0.4
    assert '<strong>40</strong><span class="units">%</span>' in text(response)


def test_the_stepper_sets_the_target_temperature(bob_client):
    response = control(bob_client, LIVING_THERMOSTAT, "target_temperature", value="21")

    assert response.status_code == 200
    assert stored_value(LIVING_THERMOSTAT, "target_temperature") == 21
    assert 'name="value" value="21.5"' in text(response)  # the next + step


def test_window_coverings_go_down_and_to_a_position(bob_client):
    control(bob_client, LIVING_BLINDS, "windowcoverings_state", value="down")
    assert stored_value(LIVING_BLINDS, "windowcoverings_state") == "down"
    assert stored_value(LIVING_BLINDS, "windowcoverings_set") == 0

    response = control(bob_client, LIVING_BLINDS, "windowcoverings_set", percent="35")

    assert stored_value(LIVING_BLINDS, "windowcoverings_set") == 0.35
    # the Homey's confirmed state: setting a position stops the motor
    assert 'value="idle" aria-pressed="true"' in text(response)


def test_volume_is_a_slider(bob_client):
    control(bob_client, "Living room speaker", "volume_set", percent="60")

    assert stored_value("Living room speaker", "volume_set") == 0.6


def test_an_enum_choice_is_sent_by_its_id(bob_client):
    control(bob_client, LIVING_THERMOSTAT, "thermostat_mode", value="auto")

    assert stored_value(LIVING_THERMOSTAT, "thermostat_mode") == "auto"


def test_unlocking_asks_for_confirmation_first(bob_client, homey_requests):
    response = control(bob_client, FRONT_DOOR_LOCK, "locked", value="false")

    assert response.status_code == 200
    assert "Unlock Front door lock?" in text(response)
    assert 'name="confirm" value="1"' in text(response)
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True
    assert homey_requests.writes() == 0


def test_a_confirmed_unlock_unlocks(bob_client):
    response = control(bob_client, FRONT_DOOR_LOCK, "locked", value="false", confirm="1")

    assert response.status_code == 200
    assert stored_value(FRONT_DOOR_LOCK, "locked") is False
    assert "<strong>Unlocked</strong>" in text(response)


def test_arming_the_alarm_asks_for_confirmation(bob_client):
    response = control(bob_client, "Home alarm", "homealarm_state", value="armed")

    assert "Set Home alarm to Armed?" in text(response)
    assert stored_value("Home alarm", "homealarm_state") == "disarmed"


def test_without_htmx_a_control_redirects_back_to_the_board(bob_client):
    response = control(bob_client, "Kitchen lights", "onoff", htmx=False, value="true")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert stored_value("Kitchen lights", "onoff") is True


def test_without_htmx_a_lock_gets_a_confirmation_page(bob_client):
    response = control(bob_client, FRONT_DOOR_LOCK, "locked", htmx=False, value="false")

    assert response.status_code == 200
    assert "<h1>Unlock Front door lock?</h1>" in text(response)
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True


# refusals: nothing is sent ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "capability", "data", "says"),
    [
        (LIVING_THERMOSTAT, "target_temperature", {"value": "40"}, "at most 30"),
        (LIVING_THERMOSTAT, "target_temperature", {"value": "2"}, "at least 5"),
        (LIVING_THERMOSTAT, "target_temperature", {"value": "20.3"}, "steps of 0.5"),
        (LIVING_THERMOSTAT, "target_temperature", {"value": "warm"}, "Enter a number."),
        (CEILING_LIGHT, "dim", {"percent": "140"}, "at most 100%"),
        (CEILING_LIGHT, "onoff", {"value": "maybe"}, "Choose on or off."),
        (LIVING_BLINDS, "windowcoverings_state", {"value": "sideways"}, "not one of the choices"),
        (LIVING_THERMOSTAT, "measure_temperature", {"value": "30"}, "cannot be changed"),
        (CEILING_LIGHT, "no_such_thing", {"value": "1"}, "no such control"),
        (CEILING_LIGHT, "light_hue", {"value": "0.5"}, "no such control"),  # not on this tile
        (POND_PUMP, "onoff", {"value": "false"}, "Pond pump is unavailable"),
    ],
)
def test_a_bad_value_gets_a_message_and_nothing_is_sent(
    bob_client, homey_requests, name, capability, data, says
):
    bob_client.get("/")  # the snapshot is there; count only what the control does
    before = len(homey_requests)

    response = control(bob_client, name, capability, **data)

    assert response.status_code == 422
    assert says in message(response)
    assert f'id="dev-{device_id(name)}"' in text(response)
    assert homey_requests[before:] == []


def test_a_bad_value_without_htmx_comes_back_as_a_message(bob_client):
    response = bob_client.post(
        f"/devices/{device_id(LIVING_THERMOSTAT)}/control",
        {"capability": "target_temperature", "value": "99"},
        follow=True,
    )

    assert "must be at most 30" in text(response)
    assert stored_value(LIVING_THERMOSTAT, "target_temperature") == 20.5


def test_a_guest_is_refused_whatever_they_post(dave_client, homey_requests):
    dave_client.get("/")
    before = len(homey_requests)

    response = control(dave_client, "Kitchen lights", "onoff", value="true")

    assert response.status_code == 403
    assert "not control" in message(response)
    assert stored_value("Kitchen lights", "onoff") is False
    assert homey_requests[before:] == []


def test_a_guest_without_htmx_gets_403(dave_client):
    response = control(dave_client, "Kitchen lights", "onoff", htmx=False, value="true")

    assert response.status_code == 403
    assert stored_value("Kitchen lights", "onoff") is False


def test_a_control_of_another_households_device_is_404(charlie_client):
    response = control(charlie_client, "Kitchen lights", "onoff", value="true")

    assert response.status_code == 404
    assert stored_value("Kitchen lights", "onoff") is False


def test_an_offline_homey_leaves_the_tile_with_a_message(bob_client, emulator_world):
    bob_client.get("/")
    emulator_world.config.offline_hang_seconds = 0
    emulator_world.set_offline(HOME_ID, True)

    response = control(bob_client, "Kitchen lights", "onoff", value="true")

    assert response.status_code == 503
    assert "cannot be reached" in message(response)


def test_a_control_only_accepts_post(bob_client):
    response = bob_client.get(f"/devices/{device_id('Kitchen lights')}/control")

    assert response.status_code == 405


# stored tiles: single values, variables, flows ------------------------------------------------


def tile_control(client, tile: Tile, **data):
    return client.post(f"/tiles/{tile.code}/control", data, **HTMX)


def test_a_single_value_tile_controls_only_its_capability(bob_client, board_of):
    tile = board_of(
        bob_client.user,
        kind=Tile.Kind.CAPABILITY,
        device_id=device_id(CEILING_LIGHT),
        capability_id="dim",
    )

    ok = tile_control(bob_client, tile, capability="dim", percent="20")
    other = tile_control(bob_client, tile, capability="onoff", value="false")

    assert ok.status_code == 200 and stored_value(CEILING_LIGHT, "dim") == 0.2
    assert f'id="tile-{tile.code}"' in text(ok)
    assert other.status_code == 422
    assert stored_value(CEILING_LIGHT, "onoff") is True


def test_a_device_tile_controls_the_capabilities_it_shows(bob_client, board_of):
    tile = board_of(
        bob_client.user,
        kind=Tile.Kind.DEVICE,
        device_id=device_id(CEILING_LIGHT),
        capabilities=["onoff"],
    )

    refused = tile_control(bob_client, tile, capability="dim", percent="20")
    ok = tile_control(bob_client, tile, capability="onoff", value="false")

    assert refused.status_code == 422
    assert ok.status_code == 200
    assert stored_value(CEILING_LIGHT, "onoff") is False


@pytest.mark.parametrize(
    ("name", "posted", "stored"),
    [
        ("Away mode", "true", True),
        ("Heating set point", "21.5", 21.5),
        ("Last person home", "Bob", "Bob"),
    ],
)
def test_a_variable_is_set_by_its_type(bob_client, board_of, emulator_world, name, posted, stored):
    tile = board_of(bob_client.user, kind=Tile.Kind.VARIABLE, variable_id=variable_id(name))

    response = tile_control(bob_client, tile, value=posted)

    assert response.status_code == 200
    assert emulator_world.homeys[HOME_ID].variables[variable_id(name)].value == stored


@pytest.mark.parametrize(
    ("name", "posted", "says"),
    [
        ("Heating set point", "warm", "Enter a number."),
        ("Away mode", "perhaps", "Choose on or off."),
        ("Last person home", "x" * 1001, "at most 1000 characters"),
    ],
)
def test_a_bad_variable_value_is_refused(
    bob_client, board_of, emulator_world, homey_requests, name, posted, says
):
    tile = board_of(bob_client.user, kind=Tile.Kind.VARIABLE, variable_id=variable_id(name))
    bob_client.get(f"/d/{tile.dashboard.code}/")
    before = len(homey_requests)

    response = tile_control(bob_client, tile, value=posted)

    assert response.status_code == 422
    assert says in message(response)
    assert homey_requests[before:] == []


def test_a_flow_button_starts_the_flow(bob_client, board_of, emulator_world):
    tile = board_of(bob_client.user, kind=Tile.Kind.FLOW, flow_id=flow_id(ALL_LIGHTS_OFF))

    response = tile_control(bob_client, tile)

    assert response.status_code == 200
    assert "Started at" in message(response)
    triggered = [f for _t, f in emulator_world.homeys[HOME_ID].triggered]
    assert triggered == [flow_id(ALL_LIGHTS_OFF)]
    assert stored_value(CEILING_LIGHT, "onoff") is False  # the flow did its work


def test_an_advanced_flow_button_starts_the_advanced_flow(bob_client, board_of, emulator_world):
    advanced = flow_id("Evening routine", advanced=True)
    tile = board_of(bob_client.user, kind=Tile.Kind.FLOW, flow_id=advanced, flow_advanced=True)

    response = tile_control(bob_client, tile)

    assert response.status_code == 200
    assert [f for _t, f in emulator_world.homeys[HOME_ID].triggered] == [advanced]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Hallway light on motion", "cannot be started by hand"),
        ("Christmas lights (last year)", "turned off"),
    ],
)
def test_only_enabled_triggerable_flows_start(
    bob_client, board_of, emulator_world, homey_requests, name, says
):
    tile = board_of(bob_client.user, kind=Tile.Kind.FLOW, flow_id=flow_id(name))
    bob_client.get(f"/d/{tile.dashboard.code}/")
    before = len(homey_requests)

    response = tile_control(bob_client, tile)

    assert response.status_code == 422
    assert says in message(response)
    assert homey_requests[before:] == []
    assert emulator_world.homeys[HOME_ID].triggered == []


def test_a_guest_cannot_start_a_flow(dave_client, board_of, emulator_world):
    tile = board_of(dave_client.user, kind=Tile.Kind.FLOW, flow_id=flow_id(ALL_LIGHTS_OFF))

    response = tile_control(dave_client, tile)

    assert response.status_code == 403
    assert emulator_world.homeys[HOME_ID].triggered == []


def test_a_guest_cannot_set_a_variable(dave_client, board_of, emulator_world):
    tile = board_of(dave_client.user, kind=Tile.Kind.VARIABLE, variable_id=variable_id("Away mode"))

    response = tile_control(dave_client, tile, value="true")

    assert response.status_code == 403
    assert emulator_world.homeys[HOME_ID].variables[variable_id("Away mode")].value is False


def test_another_households_tile_control_is_404(charlie_client, bob_client, board_of):
    tile = board_of(bob_client.user, kind=Tile.Kind.FLOW, flow_id=flow_id(ALL_LIGHTS_OFF))

    response = tile_control(charlie_client, tile)

    assert response.status_code == 404


def test_a_private_tile_of_someone_else_is_404(alice_client, bob_client, board_of):
    tile = board_of(
        bob_client.user,
        audience=Dashboard.Audience.PRIVATE,
        kind=Tile.Kind.CAPABILITY,
        device_id=device_id(CEILING_LIGHT),
        capability_id="onoff",
    )

    response = tile_control(alice_client, tile, capability="onoff", value="false")

    assert response.status_code == 404
    assert stored_value(CEILING_LIGHT, "onoff") is True


def test_the_next_poll_of_another_page_carries_the_change(alice_client, bob_client):
    from tests.support.tiles import poll_url, tile_html

    page = alice_client.get("/").content.decode()
    control(bob_client, "Kitchen lights", "onoff", value="true")

    answer = alice_client.get(poll_url(page), **HTMX).content.decode()

    kitchen = tile_html(answer, f"dev-{device_id('Kitchen lights')}")
    assert "<strong>On</strong>" in kitchen
