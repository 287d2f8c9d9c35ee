"""Devices: shapes, capability reads and writes, validation and side effects."""

from __future__ import annotations

import time

import pytest

from emulator.constants import HOME_ID
from emulator.house import (
    CEILING_LIGHT,
    FLOOR_LAMP,
    FRONT_DOOR_LOCK,
    LIVING_BLINDS,
    LIVING_THERMOSTAT,
    POND_PUMP,
    TV_SOCKET,
)
from tests.support.tiles import device_id

NOW = "2026-11-25T12:00:00.000Z"


def cap(emu, token, name, capability):
    device = emu.get(f"devices/device/{device_id(name)}", token).json()
    return device["capabilitiesObj"][capability]


def put(emu, token, name, capability, body):
    return emu.put(f"devices/device/{device_id(name)}/capability/{capability}", token, body)


def test_home_has_at_least_25_devices_keyed_by_id_over_a_zone_tree(emu, alice):
    devices = emu.get("devices/device", alice).json()
    assert len(devices) >= 25
    zones = emu.get("zones/zone", alice).json()
    assert all(d["zone"] in zones for d in devices.values())
    names = {z["name"] for z in zones.values()}
    assert {
        "Home",
        "Ground floor",
        "Living room",
        "Kitchen",
        "Hallway",
        "First floor",
        "Bedroom",
        "Kids room",
        "Bathroom",
        "Garden",
        "Garage",
    } <= names
    classes = {d["class"] for d in devices.values()}
    assert {
        "thermostat",
        "light",
        "socket",
        "sensor",
        "lock",
        "windowcoverings",
        "speaker",
        "homealarm",
    } <= classes
    capabilities = {c for d in devices.values() for c in d["capabilities"]}
    assert {
        "target_temperature",
        "measure_temperature",
        "thermostat_mode",
        "measure_humidity",
        "measure_co2",
        "onoff",
        "dim",
        "light_hue",
        "light_saturation",
        "light_temperature",
        "light_mode",
        "measure_power",
        "meter_power",
        "alarm_motion",
        "alarm_contact",
        "alarm_smoke",
        "alarm_water",
        "locked",
        "windowcoverings_state",
        "windowcoverings_set",
        "volume_set",
        "volume_mute",
        "speaker_playing",
        "homealarm_state",
        "measure_battery",
        "alarm_battery",
    } <= capabilities


def test_the_holiday_house_and_the_flat_are_small(emu):
    holiday = emu.session("alice@example.com", "6650f1e1d1c1b1a191817161")
    assert 4 <= len(emu.get("devices/device", holiday, "6650f1e1d1c1b1a191817161").json()) <= 6
    flat = emu.session("charlie@example.com", "6650f2e2d2c2b2a292827262")
    assert 3 <= len(emu.get("devices/device", flat, "6650f2e2d2c2b2a292827262").json()) <= 6


def test_one_device_is_unavailable_with_a_message(emu, alice):
    pump = emu.get(f"devices/device/{device_id(POND_PUMP)}", alice).json()
    assert pump["available"] is False and "unreachable" in pump["unavailableMessage"]
    refused = put(emu, alice, POND_PUMP, "onoff", {"value": False})
    assert refused.status_code == 400


def test_a_thermostat_has_range_step_and_a_mode_enum(emu, alice):
    target = cap(emu, alice, LIVING_THERMOSTAT, "target_temperature")
    assert (target["min"], target["max"], target["step"], target["units"]) == (5, 30, 0.5, "°C")
    assert target["setable"] and target["decimals"] == 1
    mode = cap(emu, alice, LIVING_THERMOSTAT, "thermostat_mode")
    assert [v["id"] for v in mode["values"]] == ["auto", "heat", "cool", "off"]
    measure = cap(emu, alice, LIVING_THERMOSTAT, "measure_temperature")
    assert measure["setable"] is False and measure["chartType"]


def test_get_capability_value_returns_the_value(emu, alice):
    url = f"devices/device/{device_id(FRONT_DOOR_LOCK)}/capability/locked"
    assert emu.get(url, alice).json() is True


def test_setting_a_value_answers_with_transaction_and_updates_value_and_last_updated(emu, alice):
    response = put(
        emu,
        alice,
        CEILING_LIGHT,
        "dim",
        {"value": 0.4, "transactionId": "t-1", "opts": {"duration": 500}},
    )
    assert response.status_code == 200
    assert response.json() == {
        "transactionId": "t-1",
        "transactionTime": 1795608000000,
        "value": 0.4,
    }
    state = cap(emu, alice, CEILING_LIGHT, "dim")
    assert state["value"] == 0.4 and state["lastUpdated"] == NOW


def test_setting_the_same_value_again_keeps_last_updated(emu, alice, emulator_world, clock):
    put(emu, alice, CEILING_LIGHT, "onoff", {"value": False})
    clock.shift(120)
    put(emu, alice, CEILING_LIGHT, "onoff", {"value": False})
    assert cap(emu, alice, CEILING_LIGHT, "onoff")["lastUpdated"] == NOW


def test_a_set_value_stays_while_time_passes(emu, alice, emulator_world, clock):
    put(emu, alice, LIVING_THERMOSTAT, "target_temperature", {"value": 22.5})
    clock.shift(6 * 3600)
    assert cap(emu, alice, LIVING_THERMOSTAT, "target_temperature")["value"] == 22.5


@pytest.mark.parametrize(
    ("name", "capability", "body", "status", "words"),
    [
        (CEILING_LIGHT, "dim", {"value": "high"}, 400, "expected number"),
        (CEILING_LIGHT, "dim", {"value": True}, 400, "expected number"),
        (CEILING_LIGHT, "onoff", {"value": 1}, 400, "expected boolean"),
        (CEILING_LIGHT, "dim", {"value": 1.5}, 400, "maximum"),
        (LIVING_THERMOSTAT, "target_temperature", {"value": 4.5}, 400, "minimum"),
        (LIVING_THERMOSTAT, "target_temperature", {"value": 30.5}, 400, "maximum"),
        (LIVING_THERMOSTAT, "thermostat_mode", {"value": "turbo"}, 400, "not one of"),
        (LIVING_THERMOSTAT, "measure_temperature", {"value": 20}, 400, "Not Setable"),
        (CEILING_LIGHT, "volume_set", {"value": 0.5}, 404, "Capability"),
        (CEILING_LIGHT, "dim", {}, 400, "value"),
    ],
)
def test_a_bad_capability_value_is_refused(emu, alice, name, capability, body, status, words):
    response = put(emu, alice, name, capability, body)
    assert response.status_code == status
    error = response.json()
    assert words in error["error"] and error["statusCode"] == status
    assert error["error_description"]


def test_an_unknown_device_is_404(emu, alice):
    response = emu.put(
        "devices/device/00000000-0000-4000-8000-000000000000/capability/onoff",
        alice,
        {"value": True},
    )
    assert response.status_code == 404
    assert emu.get("devices/device/nope", alice).status_code == 404


def test_a_socket_turned_off_drops_its_power_to_about_zero(emu, alice, emulator_world, clock):
    assert cap(emu, alice, TV_SOCKET, "measure_power")["value"] > 50
    put(emu, alice, TV_SOCKET, "onoff", {"value": False})
    power = cap(emu, alice, TV_SOCKET, "measure_power")
    assert power["value"] < 1 and power["lastUpdated"] == NOW
    clock.shift(3600)
    assert cap(emu, alice, TV_SOCKET, "measure_power")["value"] < 1


def test_the_energy_meter_only_counts_while_the_socket_is_on(emu, alice, emulator_world, clock):
    put(emu, alice, TV_SOCKET, "onoff", {"value": False})
    before = cap(emu, alice, TV_SOCKET, "meter_power")["value"]
    clock.shift(3 * 3600)
    assert cap(emu, alice, TV_SOCKET, "meter_power")["value"] == before
    put(emu, alice, TV_SOCKET, "onoff", {"value": True})
    clock.shift(3 * 3600)
    assert cap(emu, alice, TV_SOCKET, "meter_power")["value"] == pytest.approx(
        before + 0.26, abs=0.02
    )


def test_blinds_going_up_or_down_move_the_position(emu, alice):
    put(emu, alice, LIVING_BLINDS, "windowcoverings_state", {"value": "down"})
    assert cap(emu, alice, LIVING_BLINDS, "windowcoverings_set")["value"] == 0.0
    put(emu, alice, LIVING_BLINDS, "windowcoverings_state", {"value": "up"})
    assert cap(emu, alice, LIVING_BLINDS, "windowcoverings_set")["value"] == 1.0
    put(emu, alice, LIVING_BLINDS, "windowcoverings_set", {"value": 0.5})
    assert cap(emu, alice, LIVING_BLINDS, "windowcoverings_state")["value"] == "idle"


def test_the_lock_obeys(emu, alice):
    put(emu, alice, FRONT_DOOR_LOCK, "locked", {"value": False})
    assert cap(emu, alice, FRONT_DOOR_LOCK, "locked")["value"] is False


def test_dimming_a_light_turns_it_on_and_colour_switches_the_mode(emu, alice):
    put(emu, alice, FLOOR_LAMP, "onoff", {"value": False})
    put(emu, alice, FLOOR_LAMP, "dim", {"value": 0.3})
    assert cap(emu, alice, FLOOR_LAMP, "onoff")["value"] is True
    put(emu, alice, FLOOR_LAMP, "light_saturation", {"value": 0.9})
    assert cap(emu, alice, FLOOR_LAMP, "light_mode")["value"] == "color"
    put(emu, alice, FLOOR_LAMP, "light_temperature", {"value": 0.1})
    assert cap(emu, alice, FLOOR_LAMP, "light_mode")["value"] == "temperature"


def test_a_new_thermostat_target_pulls_the_room_temperature_along(
    emu, alice, emulator_world, clock
):
    start = cap(emu, alice, LIVING_THERMOSTAT, "measure_temperature")["value"]
    put(emu, alice, LIVING_THERMOSTAT, "target_temperature", {"value": 25.0})
    clock.shift(10 * 60)
    partway = cap(emu, alice, LIVING_THERMOSTAT, "measure_temperature")["value"]
    clock.shift(4 * 3600)
    warm = cap(emu, alice, LIVING_THERMOSTAT, "measure_temperature")["value"]
    assert start < partway < warm
    assert warm == pytest.approx(25.0, abs=0.3)


def test_thermostat_off_lets_the_room_cool(emu, alice, emulator_world, clock):
    put(emu, alice, LIVING_THERMOSTAT, "thermostat_mode", {"value": "off"})
    clock.shift(5 * 3600)
    assert cap(emu, alice, LIVING_THERMOSTAT, "measure_temperature")["value"] < 17


def test_a_device_list_for_30_devices_is_fast(emu, alice):
    emu.get("devices/device", alice)
    started = time.perf_counter()
    for _ in range(5):
        assert emu.get("devices/device", alice).status_code == 200
    assert (time.perf_counter() - started) / 5 < 0.1


def test_every_home_device_is_in_a_zone_of_home(emu, alice):
    devices = emu.get("devices/device", alice).json()
    zones = emu.get("zones/zone", alice, HOME_ID).json()
    root = [z for z in zones.values() if z["parent"] is None]
    assert [z["name"] for z in root] == ["Home"]
    assert all(d["zone"] in zones for d in devices.values())
