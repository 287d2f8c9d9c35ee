"""Insights: logs, entries per resolution, and agreement with the devices."""

from __future__ import annotations

import pytest

from emulator.house import LIVING_THERMOSTAT, TV_SOCKET
from emulator.insights import RESOLUTIONS
from tests.support.tiles import device_id

THERMOSTAT = device_id(LIVING_THERMOSTAT)
TEMPERATURE_LOG = f"homey:device:{THERMOSTAT}:measure_temperature"


def entries(emu, token, log_id, resolution=None):
    uri = ":".join(log_id.split(":")[:3])
    query = {"resolution": resolution} if resolution else {}
    return emu.get(f"insights/log/{uri}/{log_id}/entry", token, params=query)


def test_every_numeric_capability_and_boolean_alarm_has_a_log(emu, alice):
    logs = emu.get("insights/log", alice).json()
    devices = emu.get("devices/device", alice).json()
    for device in devices.values():
        for cid, state in device["capabilitiesObj"].items():
            logged = state["type"] == "number" or cid.startswith("alarm_")
            if logged:
                assert f"homey:device:{device['id']}:{cid}" in logs, cid
    log = logs[TEMPERATURE_LOG]
    assert log["ownerUri"] == f"homey:device:{THERMOSTAT}"
    assert (log["ownerId"], log["type"], log["units"], log["decimals"]) == (
        "measure_temperature",
        "number",
        "°C",
        1,
    )
    motion = next(v for k, v in logs.items() if k.endswith(":alarm_motion"))
    assert motion["type"] == "boolean" and motion["titleTrue"] and motion["titleFalse"]


def test_a_single_log_by_full_id(emu, alice):
    log = emu.get(f"insights/log/{TEMPERATURE_LOG}", alice).json()
    assert log["id"] == TEMPERATURE_LOG
    assert emu.get("insights/log/homey:device:nope:x", alice).status_code == 404


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_entries_have_the_documented_shape_for_every_resolution(emu, alice, resolution):
    response = entries(emu, alice, TEMPERATURE_LOG, resolution)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"id", "uri", "start", "end", "step", "values", "lastValue", "updatesIn"}
    assert body["id"] == TEMPERATURE_LOG and body["uri"] == f"homey:device:{THERMOSTAT}"
    assert isinstance(body["step"], int) and 0 < body["updatesIn"] <= body["step"]
    if resolution not in ("today", "thisWeek", "thisMonth", "thisYear"):
        assert body["values"], resolution
    for point in body["values"]:
        assert set(point) == {"t", "v"} and point["t"].endswith("Z")
        assert body["start"] <= point["t"] <= body["end"]


def test_last_24_hours_has_288_five_minute_points(emu, alice):
    body = entries(emu, alice, TEMPERATURE_LOG, "last24Hours").json()
    assert body["step"] == 300_000 and len(body["values"]) == 288
    assert body["end"] == "2026-11-25T12:00:00.000Z"


def test_the_last_point_and_last_value_agree_with_the_device(emu, alice, emulator_world, clock):
    clock.shift(37)
    device = emu.get(f"devices/device/{THERMOSTAT}", alice).json()
    current = device["capabilitiesObj"]["measure_temperature"]["value"]
    body = entries(emu, alice, TEMPERATURE_LOG, "lastHour").json()
    assert body["lastValue"] == current
    assert body["values"][-1]["v"] == current
    assert emu.get(f"insights/log/{TEMPERATURE_LOG}", alice).json()["lastValue"] == current


def test_history_shows_a_socket_being_switched_off(emu, alice, emulator_world, clock):
    socket = device_id(TV_SOCKET)
    emu.put(f"devices/device/{socket}/capability/onoff", alice, {"value": False})
    clock.shift(30 * 60)
    body = entries(emu, alice, f"homey:device:{socket}:measure_power", "lastHour").json()
    values = [p["v"] for p in body["values"]]
    assert values[0] > 50 and values[-1] < 1
    onoff = entries(emu, alice, f"homey:device:{socket}:onoff", "lastHour").json()
    assert [p["v"] for p in onoff["values"]] == [True, False]


def test_boolean_logs_come_as_change_points(emu, alice):
    logs = emu.get("insights/log", alice).json()
    motion = next(k for k in logs if k.endswith(":alarm_motion"))
    values = [p["v"] for p in entries(emu, alice, motion, "last24Hours").json()["values"]]
    assert True in values and False in values
    assert all(a != b for a, b in zip(values, values[1:], strict=False))


def test_the_v2_entry_path_is_404_on_a_v3_homey(emu, alice):
    uri = f"homey:device:{THERMOSTAT}"
    response = emu.get(f"insights/log/{uri}/measure_temperature/entry", alice)
    assert response.status_code == 404


def test_an_unknown_resolution_is_400(emu, alice):
    assert entries(emu, alice, TEMPERATURE_LOG, "lastDecade").status_code == 400


def test_history_is_the_same_function_as_the_current_value(emu, alice, emulator_world, clock):
    body = entries(emu, alice, TEMPERATURE_LOG, "last6Hours").json()
    at_1115 = next(p for p in body["values"] if p["t"] == "2026-11-25T11:15:00.000Z")["v"]
    clock.shift(-45 * 60)
    device = emu.get(f"devices/device/{THERMOSTAT}", alice).json()
    assert device["capabilitiesObj"]["measure_temperature"]["value"] == at_1115
