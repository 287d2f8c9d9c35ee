"""Values that move: deterministic per (seed, device, capability, minute)."""

from __future__ import annotations

from emulator.constants import HOME_ID
from emulator.house import item_id
from tests.support.emulator import FROZEN_AT
from tests.support.tiles import device_id

AIR = device_id("Living room air")
MOTION = device_id("Hallway motion")


def values(emu, token) -> dict[tuple[str, str], object]:
    devices = emu.get("devices/device", token).json()
    return {
        (d["id"], cid): c["value"]
        for d in devices.values()
        for cid, c in d["capabilitiesObj"].items()
    }


def air(emu, token, capability="measure_co2"):
    return emu.get(f"devices/device/{AIR}", token).json()["capabilitiesObj"][capability]


def test_values_move_when_the_clock_advances(emu, alice, emulator_world, clock):
    before = values(emu, alice)
    clock.shift(3 * 3600)
    after = values(emu, alice)
    moved = [k for k in before if before[k] != after[k]]
    assert any(k[1] == "measure_temperature" for k in moved)
    assert any(k[1] == "measure_power" for k in moved)
    assert any(k[1] in ("measure_co2", "measure_humidity") for k in moved)


def test_the_same_seed_and_time_give_the_same_values(emu, alice, emulator_world, clock):
    clock.shift(5000)
    first = values(emu, alice)
    clock.move_to(FROZEN_AT)
    emulator_world.reset(seed=1)
    clock.shift(5000)
    token = emu.session("alice@example.com")
    assert values(emu, token) == first


def test_another_seed_gives_other_values(emu, alice, emulator_world, clock):
    first = values(emu, alice)
    clock.move_to(FROZEN_AT)
    emulator_world.reset(seed=2)
    token = emu.session("alice@example.com")
    assert values(emu, token) != first


def test_values_hold_within_a_minute_and_last_updated_is_a_minute_boundary(
    emu, alice, emulator_world, clock
):
    clock.shift(60 * 45 + 1)
    co2 = air(emu, alice)
    clock.shift(50)
    again = air(emu, alice)
    assert again["value"] == co2["value"] and again["lastUpdated"] == co2["lastUpdated"]
    assert co2["lastUpdated"].endswith(":00.000Z")
    assert co2["lastUpdated"] <= "2026-11-25T12:45:00.000Z"


def test_last_updated_is_when_the_value_last_changed(emu, alice, emulator_world, clock):
    states = []
    for _ in range(30):
        states.append(air(emu, alice, "measure_temperature"))
        clock.shift(60)
    for previous, current in zip(states, states[1:], strict=False):
        if current["value"] == previous["value"]:
            assert current["lastUpdated"] == previous["lastUpdated"]
        else:
            assert current["lastUpdated"] > previous["lastUpdated"]


def test_motion_fires_now_and_then_and_makes_its_zone_active(emu, alice, emulator_world, clock):
    seen = set()
    zone_id = item_id(HOME_ID, "zone", "Hallway")
    active_seen = False
    for _ in range(80):
        device = emu.get(f"devices/device/{MOTION}", alice).json()
        motion = device["capabilitiesObj"]["alarm_motion"]["value"]
        seen.add(motion)
        zone = emu.get(f"zones/zone/{zone_id}", alice).json()
        assert zone["active"] == motion or any(
            o != f"homey:device:{MOTION}:alarm_motion" for o in zone["activeOrigins"]
        )
        active_seen |= zone["active"]
        clock.shift(180)
    assert seen == {True, False} and active_seen


def test_temperatures_follow_the_day(emu, alice, emulator_world, clock):
    station = device_id("Weather station")
    temps = []
    for _hour in range(24):
        device = emu.get(f"devices/device/{station}", alice).json()
        temps.append(device["capabilitiesObj"]["measure_temperature"]["value"])
        clock.shift(3600)
    assert max(temps) - min(temps) > 3


def test_a_real_clock_follows_wall_time(emu, emulator_world):
    emu.control(clock={"mode": "real"})
    state = emu.control(clock={"set": "2030-01-01T00:00:00Z"})
    assert state["clock"]["mode"] == "real"
    assert state["clock"]["now"].startswith("2030-01-01T00:00:0")
    assert emulator_world.clock.now().year == 2030
