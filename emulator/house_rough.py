"""The houses with a real house's rough edges (issue 10), apart from the tidy demo houses.

* "Farmhouse" (Erin, owner): null values, a device whose app is still starting (``ready``
  false), sub-capabilities (``measure_power.phase1``, ``onoff.output2``), per-device
  capability options (title, units, decimals), a ``warningMessage``, an icon too large to
  take (about 96 KB), a slow relay, every real address (``localUrlSecure`` distinct from
  ``localUrl``, a ``remoteUrlForwarded``).
* "Attic" (Frank): a Homey Pro (2019) on firmware 4, Web API v2 (``apiVersion`` 2).
* "Cloud home" (Frank): a Homey Cloud (``platform`` cloud), reachable through the relay only.
* "Estate" (Erin, only after ``World.add_large_house``): 300+ devices, for benchmarks.
"""

from __future__ import annotations

from emulator import constants as c
from emulator.builder import (
    Builder,
    add_advanced_flow,
    add_flow,
    add_members,
    battery,
    light,
    socket,
    thermostat,
)
from emulator.homey import Effect, Homey
from emulator.homey_apps import install_apps
from emulator.icons import OVERSIZED_ICON
from emulator.simulation import DAY, Meter, Occasional, Power, Wander

# Names tests like to reach (ids via item_id(FARMHOUSE_ID, "device", NAME)).
THREE_PHASE_METER = "Three-phase meter"
DOUBLE_RELAY = "Double relay"
HEAT_PUMP = "Heat pump"  # ready: false (its app is starting)
OLD_THERMOMETER = "Old thermometer"  # measure_temperature is null
GREENHOUSE_SENSOR = "Greenhouse sensor"  # title/units/decimals overridden, a huge icon
BARN_DOOR = "Barn door sensor"  # has a warningMessage


def build_farmhouse(homey: Homey, seed: int, now: float) -> None:
    homey.layout = "real"
    homey.lan_ip = "192.168.178.23"
    homey.public_ip = "203.0.113.7"
    homey.forward_port = 45443
    homey.relay_latency = 0.4
    b = Builder(homey, seed, now)
    b.zone("Farmhouse", None, "home")
    b.zone("Kitchen", "Farmhouse", "kitchen")
    b.zone("Barn", "Farmhouse", "garage")
    b.zone("Greenhouse", "Farmhouse", "garden")
    meter: dict = {
        "measure_power": (Power(on_watts=2400.0, follows_onoff=False), {"title": "Total power"}),
        "meter_power": Meter(base=18_342.5, mean_watts=2400.0, follows_onoff=False),
    }
    for n in (1, 2, 3):
        meter[f"measure_power.phase{n}"] = (
            Power(on_watts=800.0 + 50 * n, follows_onoff=False),
            {"title": f"Phase {n}", "decimals": 1},
        )
    b.device(THREE_PHASE_METER, "Kitchen", "sensor", "homey:app:com.p1:meter", meter)
    b.device(
        DOUBLE_RELAY,
        "Barn",
        "socket",
        "homey:app:com.shelly:shelly25",
        {
            "onoff": (True, {"title": "Output 1"}),
            "onoff.output2": (False, {"title": "Output 2"}),
            "measure_power": Power(on_watts=60.0),
        },
    )
    b.device(
        HEAT_PUMP,
        "Kitchen",
        "thermostat",
        "homey:app:com.daikin:altherma",
        thermostat(21.0, with_mode=True),
        ready=False,
    )
    b.device(
        OLD_THERMOMETER,
        "Barn",
        "sensor",
        "homey:app:com.fibaro:FGMS-001",
        {"measure_temperature": None, **battery()},
    )
    b.device(
        GREENHOUSE_SENSOR,
        "Greenhouse",
        "sensor",
        "homey:app:com.xiaomi-mi:sensor_ht",
        {
            "measure_temperature": (
                Wander(base=24.0, daily=4.0, wobble=0.8),
                {"title": "Soil temperature", "decimals": 2},
            ),
            "measure_humidity": (
                Wander(base=70, wobble=6, decimals=0, low=0, high=100),
                {"title": "Air moisture", "units": "% RH"},
            ),
        },
        icon=OVERSIZED_ICON,  # its app's icon is a drawing of about 96 KB
    )
    b.device(
        BARN_DOOR,
        "Barn",
        "sensor",
        "homey:app:com.aqara:door",
        {
            "alarm_contact": Occasional(period=900, day_chance=0.07, night_chance=0.005),
            **battery(per_week=3),
        },
        warning_message="Battery almost empty: replace it soon",
    )
    b.device("Kitchen light", "Kitchen", "light", "homey:app:com.ikea.tradfri:bulb", light())
    b.device(
        "Freezer socket", "Barn", "socket", "homey:app:com.fibaro:FGWPx-102", socket(90.0, 3120.4)
    )
    b.variable("Eggs today", "number", None)  # a number variable nobody has set yet
    add_flow(b, "Barn lights off", None, effects=[Effect("onoff", False, device_class="light")])


def build_old_pro(homey: Homey, seed: int, now: float) -> None:
    homey.layout = "real"
    homey.api_version = 2
    homey.model_id = c.OLD_PRO_MODEL_ID
    homey.model_name = c.OLD_PRO_MODEL_NAME
    homey.software_version = c.OLD_PRO_VERSION
    homey.lan_ip = "192.168.1.77"
    b = Builder(homey, seed, now)
    b.zone("Attic flat", None, "home")
    b.device("Attic lamp", "Attic flat", "light", "homey:app:com.klikaanklikuit:bulb", light())
    b.device(
        "Attic radiator",
        "Attic flat",
        "thermostat",
        "homey:app:com.eurotronic:spirit",
        thermostat(18.0, with_mode=False),
    )
    off = [Effect("onoff", False, device_class="light")]
    add_flow(b, "Attic lights off", None, effects=off)
    add_advanced_flow(b, "Attic night", None, effects=off)


def build_cloud_homey(homey: Homey, seed: int, now: float) -> None:
    homey.layout = "real"
    homey.platform = "cloud"
    homey.model_id = c.CLOUD_MODEL_ID
    homey.model_name = c.CLOUD_MODEL_NAME
    homey.software_version = c.CLOUD_VERSION
    b = Builder(homey, seed, now)
    b.zone("Cloud home", None, "home")
    b.device("Hall bulb", "Cloud home", "light", "homey:app:com.philips.hue.zigbee:bulb", light())
    b.device(
        "Hall plug", "Cloud home", "socket", "homey:app:com.fibaro:FGWPx-102", socket(30.0, 55.1)
    )


def rough_homeys(seed: int, now: float) -> list[Homey]:
    farm = Homey(c.FARMHOUSE_ID, "Farmhouse", booted_at=now - 1 * DAY, state_since=now - DAY)
    old = Homey(c.OLD_PRO_ID, "Attic", booted_at=now - 90 * DAY, state_since=now - 90 * DAY)
    cloud = Homey(c.CLOUD_HOMEY_ID, "Cloud home", booted_at=now - 3 * DAY, state_since=now)
    build_farmhouse(farm, seed, now)
    build_old_pro(old, seed, now)
    build_cloud_homey(cloud, seed, now)
    add_members(farm, [(c.ERIN_ID, "Erin", "owner")])
    add_members(old, [(c.FRANK_ID, "Frank", "owner")])
    add_members(cloud, [(c.FRANK_ID, "Frank", "owner")])
    return [farm, old, cloud]


def build_large_house(seed: int, now: float, devices: int = 320) -> Homey:
    """Erin's "Estate": ``devices`` devices over 40 rooms, the mix of a big real install."""
    homey = Homey(c.ESTATE_ID, "Estate", booted_at=now - 30 * DAY, state_since=now - 30 * DAY)
    homey.layout = "real"
    homey.lan_ip = "10.0.0.2"
    b = Builder(homey, seed, now)
    b.zone("Estate", None, "home")
    rooms = [f"Room {n:02d}" for n in range(1, 41)]
    for room in rooms:
        b.zone(room, "Estate", "default")
    kinds = (
        ("light", "homey:app:com.philips.hue.zigbee:bulb", lambda: light(colour=True, on=True)),
        ("socket", "homey:app:com.fibaro:FGWPx-102", lambda: socket(45.0, 210.0)),
        ("thermostat", "homey:app:com.tado2:thermostat", lambda: thermostat(20.0, True)),
        (
            "sensor",
            "homey:app:com.xiaomi-mi:sensor_motion",
            lambda: {
                "alarm_motion": Occasional(day_chance=0.25, night_chance=0.02),
                "measure_luminance": Wander(base=120, wobble=80, decimals=0, low=0, high=2000),
                **battery(),
            },
        ),
    )
    for n in range(devices):
        cls, driver, caps = kinds[n % len(kinds)]
        b.device(f"{cls.title()} {n + 1:03d}", rooms[n % len(rooms)], cls, driver, caps())
    add_members(homey, [(c.ERIN_ID, "Erin", "owner")])
    install_apps(homey)
    return homey
