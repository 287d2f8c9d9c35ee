"""The seeded demo households: "Home" and "Holiday house" (Alice), "Flat" (Charlie).

Ids are stable (uuid5 of the Homey id and the item's name, see :func:`item_id`), so tests
can name them; the seed only changes how the values move.
"""

from __future__ import annotations

import uuid
from typing import Any

from emulator import constants as c
from emulator.homey import (
    AdvancedFlow,
    Capability,
    Device,
    Effect,
    Flow,
    Homey,
    Variable,
    Zone,
)
from emulator.scopes import ROLE_SCOPES
from emulator.simulation import (
    DAY,
    Battery,
    Daylight,
    Meter,
    Occasional,
    Power,
    Signal,
    ThermostatTemperature,
    Wander,
    unit_hash,
)

_NAMESPACE = uuid.UUID("7d3f3a52-7c1e-4f0e-9a57-2f0f6c1d9b11")


def item_id(homey_id: str, kind: str, name: str) -> str:
    """The stable uuid of the ``kind`` ("device", "zone", ...) called ``name`` on a Homey."""
    return str(uuid.uuid5(_NAMESPACE, f"{homey_id}/{kind}/{name}"))


# Names of a few items tests like to reach (ids via item_id(HOME_ID, "device", NAME)).
LIVING_THERMOSTAT = "Living room thermostat"
FLOOR_LAMP = "Floor lamp"
CEILING_LIGHT = "Ceiling light"
TV_SOCKET = "TV socket"
LIVING_BLINDS = "Living room blinds"
FRONT_DOOR_LOCK = "Front door lock"
POND_PUMP = "Pond pump"  # the unavailable one
ALL_LIGHTS_OFF = "All lights off"


class _Builder:
    """Small helper that keeps the house definitions below readable."""

    def __init__(self, homey: Homey, seed: int, now: float) -> None:
        self.homey = homey
        self.seed = seed
        self.now = now
        self.installed_at = now - 400 * DAY

    def zone(self, name: str, parent: str | None, icon: str) -> str:
        zid = item_id(self.homey.id, "zone", name)
        parent_id = item_id(self.homey.id, "zone", parent) if parent else None
        self.homey.zones[zid] = Zone(zid, name, parent_id, icon)
        return zid

    def device(
        self, name: str, zone: str, cls: str, driver: str, caps: dict[str, Any], **extra: Any
    ) -> Device:
        did = item_id(self.homey.id, "device", name)
        capabilities: dict[str, Capability] = {}
        for n, (cid, spec) in enumerate(caps.items()):
            overrides: dict[str, Any] = {}
            if isinstance(spec, tuple):
                spec, overrides = spec
            cap = Capability(cid, overrides=overrides)
            if isinstance(spec, Signal):
                cap.signal = spec
            else:
                # A stored value: it was last changed some hours or days ago.
                ago = 3600 + unit_hash(self.seed, f"{did}:{cid}:set", n) * 9 * DAY
                cap.history = [(self.now - ago, spec)]
            capabilities[cid] = cap
        device = Device(
            id=did,
            name=name,
            zone=item_id(self.homey.id, "zone", zone),
            cls=cls,
            driver_id=driver,
            capabilities=capabilities,
            seed=self.seed,
            installed_at=self.installed_at,
            data={"id": uuid.uuid5(_NAMESPACE, did).hex[:16]},
            **extra,
        )
        self.homey.devices[did] = device
        return device

    def variable(self, name: str, type_: str, value: Any) -> str:
        vid = item_id(self.homey.id, "variable", name)
        self.homey.variables[vid] = Variable(vid, name, type_, value)
        return vid

    def folder(self, name: str) -> str:
        fid = item_id(self.homey.id, "flowfolder", name)
        self.homey.flow_folders[fid] = {"id": fid, "name": name, "parent": None}
        return fid

    def dev(self, name: str) -> str:
        return item_id(self.homey.id, "device", name)


PROGRAMMATIC = {"id": "homey:manager:flow:programmatic_trigger"}


def _battery(per_week: int = 1) -> dict[str, Signal]:
    return {
        "measure_battery": Battery(per_week=per_week),
        "alarm_battery": Battery(per_week=per_week, low_alarm=True),
    }


def _light(
    dimmable: bool = True,
    colour: bool = False,
    white: bool = False,
    on: bool = False,
    dim: float = 0.8,
) -> dict[str, Any]:
    caps: dict[str, Any] = {"onoff": on}
    if dimmable:
        caps["dim"] = dim
    if colour:
        caps.update(light_hue=0.08, light_saturation=0.6)
    if colour or white:
        caps["light_temperature"] = 0.45
    if colour:
        caps["light_mode"] = "temperature"
    return caps


def _socket(watts: float, kwh: float, on: bool = True) -> dict[str, Any]:
    return {
        "onoff": on,
        "measure_power": Power(on_watts=watts),
        "meter_power": Meter(base=kwh, mean_watts=watts),
    }


def _thermostat(target: float, with_mode: bool) -> dict[str, Any]:
    caps: dict[str, Any] = {
        "target_temperature": (target, {"min": 5, "max": 30, "step": 0.5}),
        "measure_temperature": ThermostatTemperature(has_mode=with_mode),
    }
    if with_mode:
        caps["thermostat_mode"] = "heat"
    return caps


def build_home(homey: Homey, seed: int, now: float) -> None:
    """Alice's main house: 30 devices over a two-floor zone tree."""
    b = _Builder(homey, seed, now)
    b.zone("Home", None, "home")
    b.zone("Ground floor", "Home", "stairs-down")
    b.zone("Living room", "Ground floor", "living")
    b.zone("Kitchen", "Ground floor", "kitchen")
    b.zone("Hallway", "Ground floor", "hallway")
    b.zone("First floor", "Home", "stairs-up")
    b.zone("Bedroom", "First floor", "bed")
    b.zone("Kids room", "First floor", "bedKids")
    b.zone("Bathroom", "First floor", "bathroom")
    b.zone("Garden", "Home", "garden")
    b.zone("Garage", "Home", "garage")

    tado = "homey:app:com.tado2:thermostat"
    hue = "homey:app:com.philips.hue.zigbee:bulb"
    plug = "homey:app:com.fibaro:FGWPx-102"
    aqara = "homey:app:com.xiaomi-mi:sensor_motion"
    netatmo = "homey:app:com.netatmo:station"

    b.device(
        LIVING_THERMOSTAT,
        "Living room",
        "thermostat",
        tado,
        _thermostat(20.5, with_mode=True),
        ui_indicator="measure_temperature",
    )
    b.device(
        CEILING_LIGHT,
        "Living room",
        "light",
        hue,
        _light(on=True, dim=0.7),
        flags=["zigbee"],
        energy_obj={"approximation": {"usageOn": 9, "usageOff": 0.4}},
    )
    b.device(
        FLOOR_LAMP,
        "Living room",
        "light",
        hue,
        _light(colour=True, on=True, dim=0.55),
        color="#F7B500",
        flags=["zigbee"],
    )
    b.device(
        TV_SOCKET,
        "Living room",
        "socket",
        plug,
        _socket(85.0, 412.3),
        virtual_class="tv",
        flags=["zwave", "zwaveRoot"],
        settings={"led_ring": True},
    )
    b.device(
        "Living room air",
        "Living room",
        "sensor",
        netatmo,
        {
            "measure_temperature": Wander(base=20.8, daily=0.8, wobble=0.4),
            "measure_humidity": Wander(base=47, daily=4, wobble=3, decimals=0, low=0, high=100),
            "measure_co2": Wander(
                base=620, daily=180, peak_hour=20, wobble=90, decimals=0, low=400
            ),
        },
        ui_indicator="measure_co2",
    )
    b.device(
        "Living room motion",
        "Living room",
        "sensor",
        aqara,
        {
            "alarm_motion": Occasional(day_chance=0.25, night_chance=0.02),
            "measure_luminance": Daylight(peak=450),
            **_battery(),
        },
        flags=["zigbee"],
    )
    b.device(
        LIVING_BLINDS,
        "Living room",
        "windowcoverings",
        "homey:app:com.somfy.tahoma:roller_shutter",
        {"windowcoverings_state": "idle", "windowcoverings_set": 1.0},
    )
    b.device(
        "Living room speaker",
        "Living room",
        "speaker",
        "homey:app:com.sonos:speaker",
        {"speaker_playing": False, "volume_set": 0.25, "volume_mute": False},
    )

    b.device("Kitchen lights", "Kitchen", "light", hue, _light(on=False, dim=1.0))
    b.device(
        "Coffee machine",
        "Kitchen",
        "socket",
        plug,
        _socket(1150.0, 231.8, on=False),
        virtual_class="coffeemachine",
    )
    b.device(
        "Fridge",
        "Kitchen",
        "socket",
        plug,
        {
            "onoff": True,
            "measure_power": Power(on_watts=95.0, standby=2.1, cycle=0.4),
            "meter_power": Meter(base=1204.6, mean_watts=40.0),
        },
        virtual_class="fridge",
    )
    b.device(
        "Kitchen water sensor",
        "Kitchen",
        "sensor",
        "homey:app:com.fibaro:FGFS-101",
        {"alarm_water": False, "measure_temperature": Wander(base=19.6, wobble=0.3), **_battery()},
        flags=["zwave"],
    )
    b.device(
        "Smoke alarm",
        "Kitchen",
        "sensor",
        "homey:app:com.fibaro:FGSD-002",
        {"alarm_smoke": False, **_battery()},
        flags=["zwave"],
    )

    b.device(
        FRONT_DOOR_LOCK,
        "Hallway",
        "lock",
        "homey:app:com.nuki:smartlock",
        {"locked": True, **_battery(2)},
    )
    b.device(
        "Front door",
        "Hallway",
        "sensor",
        aqara,
        {
            "alarm_contact": Occasional(period=900, day_chance=0.07, night_chance=0.005),
            **_battery(),
        },
    )
    b.device(
        "Hallway motion",
        "Hallway",
        "sensor",
        aqara,
        {
            "alarm_motion": Occasional(day_chance=0.3, night_chance=0.03),
            "measure_temperature": Wander(base=18.9, daily=0.6, wobble=0.3),
            **_battery(),
        },
    )
    b.device("Hallway light", "Hallway", "light", hue, _light(dimmable=False))
    b.device(
        "Home alarm",
        "Hallway",
        "homealarm",
        "homey:app:com.ring:alarm",
        {"homealarm_state": "disarmed"},
    )

    b.device(
        "Bedroom radiator",
        "Bedroom",
        "thermostat",
        "homey:app:com.danfoss:ally",
        {**_thermostat(18.0, with_mode=False), **_battery()},
    )
    b.device("Bedside lamp", "Bedroom", "light", hue, _light(white=True, dim=0.3))
    b.device(
        "Bedroom window",
        "Bedroom",
        "sensor",
        aqara,
        {
            "alarm_contact": Occasional(period=1800, day_chance=0.12, night_chance=0.0),
            **_battery(),
        },
    )
    b.device(
        "Kids room night light", "Kids room", "light", hue, _light(colour=True, on=False, dim=0.15)
    )
    b.device(
        "Kids room climate",
        "Kids room",
        "sensor",
        aqara,
        {
            "measure_temperature": Wander(base=19.4, daily=0.7, wobble=0.3),
            "measure_humidity": Wander(base=52, daily=3, wobble=4, decimals=0, low=0, high=100),
            **_battery(),
        },
    )
    b.device("Bathroom heater", "Bathroom", "heater", plug, _socket(1800.0, 96.1, on=False))
    b.device(
        "Bathroom climate",
        "Bathroom",
        "sensor",
        aqara,
        {
            "measure_temperature": Wander(base=21.2, daily=0.9, peak_hour=7.5, wobble=0.4),
            "measure_humidity": Wander(
                base=63, daily=10, peak_hour=7.5, wobble=6, decimals=0, low=0, high=100
            ),
        },
    )

    b.device(
        "Garden lights",
        "Garden",
        "light",
        "homey:app:nl.klikaanklikuit:plug",
        _light(dimmable=False),
    )
    b.device(
        "Weather station",
        "Garden",
        "sensor",
        netatmo,
        {
            "measure_temperature": Wander(base=6.5, daily=3.5, wobble=1.2),
            "measure_humidity": Wander(base=82, daily=-9, wobble=5, decimals=0, low=0, high=100),
            "measure_luminance": Daylight(peak=12000),
        },
    )
    b.device(
        POND_PUMP,
        "Garden",
        "socket",
        plug,
        {"onoff": True, "measure_power": 0.0},
        available=False,
        unavailable_message="Device is unreachable. Check its power and Z-Wave range.",
    )
    b.device(
        "Car charger",
        "Garage",
        "evcharger",
        "homey:app:com.easee:charger",
        _socket(7400.0, 3120.4, on=False),
    )
    b.device(
        "Garage motion",
        "Garage",
        "sensor",
        aqara,
        {
            "alarm_motion": Occasional(period=300, day_chance=0.08, night_chance=0.01),
            **_battery(),
        },
    )
    b.device(
        "Smart meter",
        "Garage",
        "sensor",
        "homey:app:com.p1:dsmr",
        {
            "measure_power": Power(on_watts=420.0, wobble=0.6, follows_onoff=False),
            "meter_power": Meter(base=18432.7, mean_watts=380.0, follows_onoff=False),
            "meter_gas": Meter(base=2861.4, mean_watts=50.0, follows_onoff=False),
        },
        energy_obj={"cumulative": True},
        ui_indicator="measure_power",
    )

    away = b.variable("Away mode", "boolean", False)
    b.variable("Guests staying", "boolean", False)
    b.variable("Heating set point", "number", 20.5)
    b.variable("Last person home", "string", "Alice")
    b.variable("Wake-up time", "string", "07:00")

    lights = b.folder("Lighting")
    presence = b.folder("Presence")
    _flow(
        b,
        ALL_LIGHTS_OFF,
        lights,
        effects=[Effect("onoff", False, device_class="light")],
        actions=[{"id": "homey:manager:zones:" + "all_lights_off", "args": {}}],
    )
    _flow(
        b,
        "Movie time",
        lights,
        effects=[
            Effect("dim", 0.2, device_id=b.dev(CEILING_LIGHT)),
            Effect("dim", 0.3, device_id=b.dev(FLOOR_LAMP)),
            Effect("windowcoverings_state", "down", device_id=b.dev(LIVING_BLINDS)),
        ],
    )
    _flow(
        b,
        "Good morning",
        None,
        effects=[
            Effect("windowcoverings_state", "up", device_class="windowcoverings"),
            Effect("onoff", True, device_id=b.dev("Kitchen lights")),
        ],
    )
    _flow(
        b,
        "Leaving home",
        presence,
        effects=[
            Effect("onoff", False, device_class="light"),
            Effect("locked", True, device_class="lock"),
            Effect("homealarm_state", "armed", device_class="homealarm"),
            Effect(variable_id=away, value=True),
        ],
    )
    _flow(
        b,
        "Welcome home",
        presence,
        effects=[
            Effect("homealarm_state", "disarmed", device_class="homealarm"),
            Effect(variable_id=away, value=False),
        ],
    )
    hallway_motion = b.dev("Hallway motion")
    _flow(
        b,
        "Hallway light on motion",
        lights,
        triggerable=False,
        trigger={"id": f"homey:device:{hallway_motion}:alarm_motion_true"},
        actions=[{"id": f"homey:device:{b.dev('Hallway light')}:on", "args": {}}],
    )
    _flow(b, "Christmas lights (last year)", lights, enabled=False)

    _advanced(
        b,
        "Evening routine",
        None,
        effects=[
            Effect("onoff", True, device_id=b.dev(FLOOR_LAMP)),
            Effect("windowcoverings_state", "down", device_class="windowcoverings"),
        ],
    )
    _advanced(b, "Night watch", presence, triggerable=False)
    _advanced(b, "Old heating schedule", None, enabled=False)


def build_holiday_house(homey: Homey, seed: int, now: float) -> None:
    """Alice's small second home."""
    b = _Builder(homey, seed, now)
    b.zone("Holiday house", None, "home")
    b.zone("Living area", "Holiday house", "living")
    b.zone("Sleeping loft", "Holiday house", "bed")
    b.device(
        "Stove thermostat",
        "Living area",
        "thermostat",
        "homey:app:com.tado2:thermostat",
        _thermostat(15.0, with_mode=True),
    )
    b.device(
        "Reading lamp",
        "Living area",
        "light",
        "homey:app:com.ikea.tradfri:bulb",
        _light(white=True),
    )
    b.device(
        "Cabin door",
        "Living area",
        "lock",
        "homey:app:com.nuki:smartlock",
        {"locked": True, **_battery()},
    )
    b.device(
        "Loft motion",
        "Sleeping loft",
        "sensor",
        "homey:app:com.xiaomi-mi:sensor_motion",
        {"alarm_motion": Occasional(day_chance=0.02, night_chance=0.0), **_battery()},
    )
    b.device(
        "Boiler socket",
        "Living area",
        "socket",
        "homey:app:com.fibaro:FGWPx-102",
        _socket(1200.0, 55.0, on=False),
        virtual_class="boiler",
    )
    b.variable("Occupied", "boolean", False)
    arrival = b.folder("Arrival")
    _advanced(b, "Cabin arrival", arrival, effects=[Effect("onoff", True, device_class="light")])
    _flow(
        b,
        "Warm up the cabin",
        arrival,
        effects=[Effect("target_temperature", 20.0, device_class="thermostat")],
    )


def build_flat(homey: Homey, seed: int, now: float) -> None:
    """Charlie's flat: another household, for isolation tests."""
    b = _Builder(homey, seed, now)
    b.zone("Flat", None, "home")
    b.zone("Lounge", "Flat", "living")
    b.zone("Sleeping room", "Flat", "bed")
    b.device(
        "Lounge lamp",
        "Lounge",
        "light",
        "homey:app:com.ikea.tradfri:bulb",
        _light(on=True, dim=0.5),
    )
    b.device(
        "Lounge thermostat",
        "Lounge",
        "thermostat",
        "homey:app:com.tado2:thermostat",
        _thermostat(19.5, with_mode=False),
    )
    b.device(
        "Desk socket", "Lounge", "socket", "homey:app:com.fibaro:FGWPx-102", _socket(140.0, 77.7)
    )
    b.device(
        "Bedroom climate",
        "Sleeping room",
        "sensor",
        "homey:app:com.xiaomi-mi:sensor_ht",
        {
            "measure_temperature": Wander(base=18.7, daily=0.5, wobble=0.3),
            "measure_humidity": Wander(base=55, wobble=4, decimals=0, low=0, high=100),
        },
    )
    b.variable("Cleaning day", "string", "Friday")
    evening = b.folder("Evening")
    _advanced(b, "Bedtime", evening, effects=[Effect("onoff", False, device_class="light")])
    _flow(b, "Lights out", evening, effects=[Effect("onoff", False, device_class="light")])


def _flow(
    b: _Builder,
    name: str,
    folder: str | None,
    *,
    enabled: bool = True,
    triggerable: bool = True,
    trigger: dict[str, Any] | None = None,
    actions: list[dict[str, Any]] | None = None,
    effects: list[Effect] | None = None,
) -> None:
    fid = item_id(b.homey.id, "flow", name)
    effects = effects or []
    if actions is None:
        actions = [
            {"id": f"homey:device:{e.device_id}:{e.capability}", "args": {"value": e.value}}
            if e.device_id
            else {
                "id": "homey:manager:logic:variable_set"
                if e.variable_id
                else f"homey:manager:zones:{e.device_class}_{e.capability}",
                "args": {"value": e.value},
            }
            for e in effects
        ]
    b.homey.flows[fid] = Flow(
        id=fid,
        name=name,
        folder=folder,
        enabled=enabled,
        triggerable=triggerable,
        trigger=trigger or dict(PROGRAMMATIC),
        conditions=[],
        actions=actions,
        effects=effects,
    )


def _advanced(
    b: _Builder,
    name: str,
    folder: str | None,
    *,
    enabled: bool = True,
    triggerable: bool = True,
    effects: list[Effect] | None = None,
) -> None:
    fid = item_id(b.homey.id, "advancedflow", name)
    trigger_card = item_id(b.homey.id, "card", name + "/trigger")
    action_card = item_id(b.homey.id, "card", name + "/action")
    trigger_id = (
        "homey:manager:flow:programmatic_trigger"
        if triggerable
        else "homey:manager:cron:time_exactly"
    )
    cards = {
        trigger_card: {
            "id": trigger_id,
            "ownerUri": "homey:manager:flow" if triggerable else "homey:manager:cron",
            "type": "trigger",
            "x": 100,
            "y": 100,
            "args": {},
            "outputSuccess": [action_card],
        },
        action_card: {
            "id": "homey:manager:notifications:create_notification",
            "ownerUri": "homey:manager:notifications",
            "type": "action",
            "x": 400,
            "y": 100,
            "args": {"text": name},
        },
    }
    b.homey.advanced_flows[fid] = AdvancedFlow(
        id=fid,
        name=name,
        folder=folder,
        enabled=enabled,
        triggerable=triggerable,
        cards=cards,
        effects=effects or [],
    )


def _members(homey: Homey, members: list[tuple[str, str, str]]) -> None:
    for athom_id, name, role in members:
        user = homey.set_role(athom_id, name, role)
        user.id = item_id(homey.id, "user", athom_id)
    homey.users = {u.id: u for u in homey.users.values()}


def build_homeys(seed: int, now: float) -> dict[str, Homey]:
    """All demo Homeys, freshly built for ``seed`` at emulator time ``now``."""
    home = Homey(c.HOME_ID, "Home", booted_at=now - 6 * DAY, state_since=now - 6 * DAY)
    holiday = Homey(
        c.HOLIDAY_ID, "Holiday house", booted_at=now - 20 * DAY, state_since=now - 20 * DAY
    )
    flat = Homey(c.FLAT_ID, "Flat", booted_at=now - 2 * DAY, state_since=now - 2 * DAY)
    build_home(home, seed, now)
    build_holiday_house(holiday, seed, now)
    build_flat(flat, seed, now)
    _members(
        home,
        [(c.ALICE_ID, "Alice", "owner"), (c.BOB_ID, "Bob", "user"), (c.DAVE_ID, "Dave", "guest")],
    )
    _members(holiday, [(c.ALICE_ID, "Alice", "owner")])
    _members(flat, [(c.CHARLIE_ID, "Charlie", "owner")])
    alice_home = home.user_by_athom_id(c.ALICE_ID)
    assert alice_home is not None
    home.add_pat(
        alice_home.id,
        c.DEMO_PAT_NAME,
        list(ROLE_SCOPES["user"]),
        now - 30 * DAY,
        token=c.DEMO_PAT_TOKEN,
        pat_id=c.DEMO_PAT_ID,
    )
    return {h.id: h for h in (home, holiday, flat)}
