"""The default dashboard: every device of the Homey, grouped by zone, each value as people
read it (units, decimals, percentages, booleans, alarms, enums, battery, age, unavailable)."""

from __future__ import annotations

import re

from dashboard import snapshot
from emulator.house import (
    CEILING_LIGHT,
    FRONT_DOOR_LOCK,
    LIVING_BLINDS,
    LIVING_THERMOSTAT,
    POND_PUMP,
)
from emulator.world import HOME_ID
from tests.support.boards import board
from tests.support.tiles import device_id, home, tile_html, tile_ids


def tile(page: str, name: str) -> str:
    html = tile_html(page, f"dev-{device_id(name)}")
    assert html, f"no tile for {name}"
    return html


def value(html: str, capability: str) -> str:
    match = re.search(rf'data-capability="{capability}".*?</li>', html, re.S)
    assert match, f"no {capability} on the tile"
    return match.group(0)


def shown(html: str, capability: str) -> str:
    """The value text of ``capability``, units included, tags stripped."""
    text = re.search(
        r'class="value-text">(.*?)</span>\s*(<time|</li|<form)', value(html, capability), re.S
    )
    return re.sub(r"<[^>]+>", "", text.group(1)).replace("&nbsp;", " ").strip()


def test_it_shows_every_device_of_the_homey(alice_client, emulator_world):
    page = board(alice_client)

    devices = emulator_world.homeys[HOME_ID].devices
    device_tiles = [i for i in tile_ids(page) if i.startswith("dev-")]
    assert sorted(device_tiles) == sorted(f"dev-{d}" for d in devices)


def test_devices_are_grouped_by_zone_in_tree_order(alice_client):
    page = board(alice_client)

    titles = re.findall(r'<h2 class="zone-title">([^<]+)</h2>', page)
    assert titles.pop(0) == "At home"  # the house tiles come first
    # depth first: First floor (Bathroom, Bedroom, Kids room), Garage, Garden, Ground floor...
    assert titles == [
        "Bathroom",
        "Bedroom",
        "Kids room",
        "Garage",
        "Garden",
        "Hallway",
        "Kitchen",
        "Living room",
    ]
    living = page.split('<h2 class="zone-title">Living room</h2>')[1].split("</section>")[0]
    assert f"dev-{device_id(LIVING_THERMOSTAT)}" in living
    assert f"dev-{device_id('Fridge')}" not in living


def test_numbers_have_their_units_and_decimals(alice_client):
    thermostat = tile(board(alice_client), LIVING_THERMOSTAT)

    assert shown(thermostat, "target_temperature") == "20.5 °C"
    assert re.fullmatch(r"\d+\.\d °C", shown(thermostat, "measure_temperature"))


def test_numbers_follow_the_visitors_locale(alice_client):
    thermostat = tile(board(alice_client, HTTP_ACCEPT_LANGUAGE="nl"), LIVING_THERMOSTAT)

    assert shown(thermostat, "target_temperature") == "20,5 °C"


def test_zero_to_one_values_show_as_percentages(alice_client):
    page = board(alice_client)

    assert shown(tile(page, CEILING_LIGHT), "dim") == "70%"
    assert shown(tile(page, LIVING_BLINDS), "windowcoverings_set") == "100%"
    assert shown(tile(page, "Living room speaker"), "volume_set") == "25%"


def test_booleans_read_as_words(alice_client):
    page = board(alice_client)

    assert shown(tile(page, CEILING_LIGHT), "onoff") == "On"
    assert shown(tile(page, "Kitchen lights"), "onoff") == "Off"
    assert shown(tile(page, FRONT_DOOR_LOCK), "locked") == "Locked"


def test_an_active_alarm_gets_alert_styling(alice_client, emulator_world):
    quiet = tile(board(alice_client), "Kitchen water sensor")
    assert shown(quiet, "alarm_water") == "Dry"
    assert "is-alert" not in quiet
    with emulator_world.lock:
        sensor = emulator_world.homeys[HOME_ID].devices[device_id("Kitchen water sensor")]
        sensor.record("alarm_water", True, emulator_world.now())
    snapshot.forget(home().pk)

    wet = tile(board(alice_client), "Kitchen water sensor")

    assert shown(wet, "alarm_water") == "Water detected"
    assert 'class="tile tile-device state-alarm is-alert' in wet
    assert 'class="value value-boolean is-alert is-state" data-capability="alarm_water"' in wet


def test_enums_show_their_titles(alice_client):
    page = board(alice_client)

    assert shown(tile(page, LIVING_THERMOSTAT), "thermostat_mode") == "Heat"
    assert shown(tile(page, LIVING_BLINDS), "windowcoverings_state") == "Idle"
    assert shown(tile(page, "Home alarm"), "homealarm_state") == "Disarmed"


def test_battery_level_is_a_badge(alice_client):
    lock = tile(board(alice_client), FRONT_DOOR_LOCK)

    assert re.search(r'<span class="battery"[^>]*>.*?\d+%</span>', lock)
    assert 'data-capability="measure_battery"' not in lock


def test_a_tile_says_once_when_it_last_changed_and_each_value_on_demand(alice_client, clock):
    # The emulator stamped the temperature at 11:59; homeydash and the Homey agree it is 12:00.
    thermostat = tile(board(alice_client), LIVING_THERMOSTAT)

    times = re.findall(
        r'<time class="changed" datetime="([^"]+)" title="([^"]*)">([^<]*)<', thermostat
    )
    assert len(times) == 1
    when, details, text = times[0]
    assert (when, text) == ("2026-11-25T11:59:00+00:00", "1\xa0minute ago")
    assert re.search(r"(^|\n)Temperature: 11/25/2026 \d", details)
    assert "Target temperature: " in details
    assert "<time" not in value(thermostat, "measure_temperature")


def test_an_unavailable_device_shows_its_message_and_no_controls(alice_client):
    pump = tile(board(alice_client), POND_PUMP)

    assert "is-unavailable" in pump
    assert (
        'Unavailable: <span class="unavailable-message">Device is unreachable. Check its power'
        " and Z-Wave range.</span>"
    ) in pump
    assert "<form" not in pump


def test_members_get_controls_matching_each_capability(bob_client):
    page = board(bob_client)

    thermostat = tile(page, LIVING_THERMOSTAT)
    assert 'class="control control-stepper"' in value(thermostat, "target_temperature")
    assert 'name="value" value="20"' in thermostat and 'name="value" value="21"' in thermostat
    assert "<form" not in value(thermostat, "measure_temperature")
    assert 'class="control control-toggle"' in value(tile(page, CEILING_LIGHT), "onoff")
    assert 'type="range" name="percent"' in value(tile(page, CEILING_LIGHT), "dim")
    assert 'class="control control-cover"' in tile(page, LIVING_BLINDS)
    assert 'class="control control-lock"' in tile(page, FRONT_DOOR_LOCK)
    assert 'type="range"' in value(tile(page, "Living room speaker"), "volume_set")


def test_guests_see_values_but_no_controls(dave_client):
    page = board(dave_client)

    assert shown(tile(page, CEILING_LIGHT), "dim") == "70%"
    assert "<form" not in page.split('<section id="board"')[1]


def test_the_page_learns_the_homeys_timezone(alice_client):
    board(alice_client)

    assert home().timezone == "Europe/Amsterdam"
