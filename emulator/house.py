"""The seeded demo households: "Home" and "Holiday house" (Alice), "Flat" (Charlie).
The tools they are built with are in :mod:`emulator.builder`.

Ids are stable (uuid5 of the Homey id and the item's name, see :func:`item_id`), so tests
can name them; the seed only changes how the values move.
"""

from __future__ import annotations

from emulator import camera
from emulator import constants as c
from emulator.builder import (  # noqa: F401  (item_id re-exported: tests import it from here)
    PROGRAMMATIC,
    Builder,
    add_advanced_flow,
    add_flow,
    add_members,
    battery,
    item_id,
    light,
    socket,
    thermostat,
)
from emulator.homey import Effect, Homey
from emulator.homey_apps import install_apps
from emulator.house_rough import build_large_house, rough_homeys  # noqa: F401
from emulator.moods import Mood
from emulator.scopes import ROLE_SCOPES
from emulator.simulation import (
    DAY,
    Daylight,
    Meter,
    Occasional,
    Power,
    Wander,
)

# Names of a few items tests like to reach (ids via item_id(HOME_ID, "device", NAME)).
LIVING_THERMOSTAT = "Living room thermostat"
FLOOR_LAMP = "Floor lamp"
CEILING_LIGHT = "Ceiling light"
TV_SOCKET = "TV socket"
LIVING_BLINDS = "Living room blinds"
FRONT_DOOR_LOCK = "Front door lock"
POND_PUMP = "Pond pump"  # the unavailable one
ALL_LIGHTS_OFF = "All lights off"


def build_home(homey: Homey, seed: int, now: float) -> None:
    """Alice's main house: 30 devices over a two-floor zone tree."""
    b = Builder(homey, seed, now)
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
        thermostat(20.5, with_mode=True),
        ui_indicator="measure_temperature",
    )
    b.device(
        CEILING_LIGHT,
        "Living room",
        "light",
        hue,
        light(on=True, dim=0.7),
        flags=["zigbee"],
        energy_obj={"approximation": {"usageOn": 9, "usageOff": 0.4}},
    )
    b.device(
        FLOOR_LAMP,
        "Living room",
        "light",
        hue,
        light(colour=True, on=True, dim=0.55),
        color="#F7B500",
        flags=["zigbee"],
    )
    b.device(
        TV_SOCKET,
        "Living room",
        "socket",
        plug,
        socket(85.0, 412.3),
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
            **battery(),
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
    speaker = b.device(
        "Living room speaker",
        "Living room",
        "speaker",
        "homey:app:com.sonos:speaker",
        {
            "speaker_playing": False,
            "speaker_prev": None,
            "speaker_next": None,
            "volume_set": 0.25,
            "volume_mute": False,
            "speaker_track": "Blue in Green",
            "speaker_artist": "Miles Davis",
            "speaker_album": "Kind of Blue",
        },
    )
    homey.images[camera.image_id(speaker.id)] = speaker.id  # its album art

    b.device("Kitchen lights", "Kitchen", "light", hue, light(on=False, dim=1.0))
    b.device(
        "Coffee machine",
        "Kitchen",
        "socket",
        plug,
        socket(1150.0, 231.8, on=False),
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
        {"alarm_water": False, "measure_temperature": Wander(base=19.6, wobble=0.3), **battery()},
        flags=["zwave"],
    )
    b.device(
        "Smoke alarm",
        "Kitchen",
        "sensor",
        "homey:app:com.fibaro:FGSD-002",
        {"alarm_smoke": False, **battery()},
        flags=["zwave"],
    )

    b.device(
        FRONT_DOOR_LOCK,
        "Hallway",
        "lock",
        "homey:app:com.nuki:smartlock",
        {"locked": True, **battery(2)},
    )
    b.device(
        "Front door",
        "Hallway",
        "sensor",
        aqara,
        {
            "alarm_contact": Occasional(period=900, day_chance=0.07, night_chance=0.005),
            **battery(),
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
            **battery(),
        },
    )
    b.device("Hallway light", "Hallway", "light", hue, light(dimmable=False))
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
        {**thermostat(18.0, with_mode=False), **battery()},
    )
    b.device("Bedside lamp", "Bedroom", "light", hue, light(white=True, dim=0.3))
    b.device(
        "Bedroom window",
        "Bedroom",
        "sensor",
        aqara,
        {
            "alarm_contact": Occasional(period=1800, day_chance=0.12, night_chance=0.0),
            **battery(),
        },
    )
    b.device(
        "Kids room night light", "Kids room", "light", hue, light(colour=True, on=False, dim=0.15)
    )
    b.device(
        "Kids room climate",
        "Kids room",
        "sensor",
        aqara,
        {
            "measure_temperature": Wander(base=19.4, daily=0.7, wobble=0.3),
            "measure_humidity": Wander(base=52, daily=3, wobble=4, decimals=0, low=0, high=100),
            **battery(),
        },
    )
    b.device("Bathroom heater", "Bathroom", "heater", plug, socket(1800.0, 96.1, on=False))
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
        light(dimmable=False),
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
        socket(7400.0, 3120.4, on=False),
    )
    b.device(
        "Garage motion",
        "Garage",
        "sensor",
        aqara,
        {
            "alarm_motion": Occasional(period=300, day_chance=0.08, night_chance=0.01),
            **battery(),
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
    add_flow(
        b,
        ALL_LIGHTS_OFF,
        lights,
        effects=[Effect("onoff", False, device_class="light")],
        actions=[{"id": "homey:manager:zones:" + "all_lights_off", "args": {}}],
    )
    add_flow(
        b,
        "Movie time",
        lights,
        effects=[
            Effect("dim", 0.2, device_id=b.dev(CEILING_LIGHT)),
            Effect("dim", 0.3, device_id=b.dev(FLOOR_LAMP)),
            Effect("windowcoverings_state", "down", device_id=b.dev(LIVING_BLINDS)),
        ],
    )
    add_flow(
        b,
        "Good morning",
        None,
        effects=[
            Effect("windowcoverings_state", "up", device_class="windowcoverings"),
            Effect("onoff", True, device_id=b.dev("Kitchen lights")),
        ],
    )
    add_flow(
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
    add_flow(
        b,
        "Welcome home",
        presence,
        effects=[
            Effect("homealarm_state", "disarmed", device_class="homealarm"),
            Effect(variable_id=away, value=False),
        ],
    )
    hallway_motion = b.dev("Hallway motion")
    add_flow(
        b,
        "Hallway light on motion",
        lights,
        triggerable=False,
        trigger={"id": f"homey:device:{hallway_motion}:alarm_motion_true"},
        actions=[{"id": f"homey:device:{b.dev('Hallway light')}:on", "args": {}}],
    )
    add_flow(b, "Christmas lights (last year)", lights, enabled=False)

    add_advanced_flow(
        b,
        "Evening routine",
        None,
        effects=[
            Effect("onoff", True, device_id=b.dev(FLOOR_LAMP)),
            Effect("windowcoverings_state", "down", device_class="windowcoverings"),
        ],
    )
    add_advanced_flow(b, "Night watch", presence, triggerable=False)
    add_advanced_flow(b, "Old heating schedule", None, enabled=False)

    doorbell = b.device(
        "Front door camera",
        "Hallway",
        "doorbell",
        "homey:app:com.ring:doorbell",
        {"alarm_motion": Occasional(day_chance=0.2, night_chance=0.02), **battery()},
    )
    homey.images[camera.image_id(doorbell.id)] = doorbell.id
    ceiling, floor = b.dev(CEILING_LIGHT), b.dev(FLOOR_LAMP)
    add_mood(
        b,
        "Relax",
        "Living room",
        {ceiling: {"onoff": True, "dim": 0.7}, floor: {"onoff": True, "dim": 0.55}},
    )
    add_mood(
        b,
        "Film",
        "Living room",
        {
            ceiling: {"onoff": True, "dim": 0.2},
            floor: {"onoff": True, "dim": 0.3},
            b.dev(TV_SOCKET): {"onoff": True},
        },
    )
    add_mood(
        b,
        "Bright",
        "Living room",
        {ceiling: {"onoff": True, "dim": 1.0}, floor: {"onoff": True, "dim": 1.0}},
    )
    add_mood(b, "Cooking", "Kitchen", {b.dev("Kitchen lights"): {"onoff": True, "dim": 1.0}})
    add_mood(b, "Night", "Bedroom", {b.dev("Bedside lamp"): {"onoff": False}})


def add_mood(b: Builder, name: str, zone: str, devices: dict[str, dict]) -> None:
    """A mood of ``zone``: the device states it sets (see :mod:`emulator.moods`)."""
    mood_id = item_id(b.homey.id, "mood", name)
    b.homey.moods[mood_id] = Mood(mood_id, name, item_id(b.homey.id, "zone", zone), devices)


def build_holiday_house(homey: Homey, seed: int, now: float) -> None:
    """Alice's small second home."""
    b = Builder(homey, seed, now)
    b.zone("Holiday house", None, "home")
    b.zone("Living area", "Holiday house", "living")
    b.zone("Sleeping loft", "Holiday house", "bed")
    b.device(
        "Stove thermostat",
        "Living area",
        "thermostat",
        "homey:app:com.tado2:thermostat",
        thermostat(15.0, with_mode=True),
    )
    b.device(
        "Reading lamp",
        "Living area",
        "light",
        "homey:app:com.ikea.tradfri:bulb",
        light(white=True),
    )
    b.device(
        "Cabin door",
        "Living area",
        "lock",
        "homey:app:com.nuki:smartlock",
        {"locked": True, **battery()},
    )
    b.device(
        "Loft motion",
        "Sleeping loft",
        "sensor",
        "homey:app:com.xiaomi-mi:sensor_motion",
        {"alarm_motion": Occasional(day_chance=0.02, night_chance=0.0), **battery()},
    )
    b.device(
        "Boiler socket",
        "Living area",
        "socket",
        "homey:app:com.fibaro:FGWPx-102",
        socket(1200.0, 55.0, on=False),
        virtual_class="boiler",
    )
    b.variable("Occupied", "boolean", False)
    arrival = b.folder("Arrival")
    add_advanced_flow(
        b, "Cabin arrival", arrival, effects=[Effect("onoff", True, device_class="light")]
    )
    add_flow(
        b,
        "Warm up the cabin",
        arrival,
        effects=[Effect("target_temperature", 20.0, device_class="thermostat")],
    )
    add_mood(b, "Reading", "Living area", {b.dev("Reading lamp"): {"onoff": True, "dim": 0.8}})


def build_flat(homey: Homey, seed: int, now: float) -> None:
    """Charlie's flat: another household, for isolation tests."""
    b = Builder(homey, seed, now)
    b.zone("Flat", None, "home")
    b.zone("Lounge", "Flat", "living")
    b.zone("Sleeping room", "Flat", "bed")
    b.device(
        "Lounge lamp",
        "Lounge",
        "light",
        "homey:app:com.ikea.tradfri:bulb",
        light(on=True, dim=0.5),
    )
    b.device(
        "Lounge thermostat",
        "Lounge",
        "thermostat",
        "homey:app:com.tado2:thermostat",
        thermostat(19.5, with_mode=False),
    )
    b.device(
        "Desk socket", "Lounge", "socket", "homey:app:com.fibaro:FGWPx-102", socket(140.0, 77.7)
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
    add_advanced_flow(b, "Bedtime", evening, effects=[Effect("onoff", False, device_class="light")])
    add_flow(b, "Lights out", evening, effects=[Effect("onoff", False, device_class="light")])
    add_mood(b, "Cosy", "Lounge", {b.dev("Lounge lamp"): {"onoff": True, "dim": 0.3}})


def build_homeys(seed: int, now: float) -> dict[str, Homey]:
    """All demo Homeys, freshly built for ``seed`` at emulator time ``now``."""
    home = Homey(c.HOME_ID, "Home", booted_at=now - 6 * DAY, state_since=now - 6 * DAY)
    holiday = Homey(
        c.HOLIDAY_ID, "Holiday house", booted_at=now - 20 * DAY, state_since=now - 20 * DAY
    )
    flat = Homey(c.FLAT_ID, "Flat", booted_at=now - 2 * DAY, state_since=now - 2 * DAY)
    # Distinct LAN addresses: each real address maps to one loopback path (emulator.network).
    holiday.lan_ip, flat.lan_ip = "192.168.0.20", "10.0.1.15"
    build_home(home, seed, now)
    build_holiday_house(holiday, seed, now)
    build_flat(flat, seed, now)
    add_members(
        home,
        [(c.ALICE_ID, "Alice", "owner"), (c.BOB_ID, "Bob", "user"), (c.DAVE_ID, "Dave", "guest")],
    )
    add_members(holiday, [(c.ALICE_ID, "Alice", "owner")])
    add_members(flat, [(c.CHARLIE_ID, "Charlie", "owner")])
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
    homeys = (home, holiday, flat, *rough_homeys(seed, now))
    for homey in homeys:
        install_apps(homey)
    return {h.id: h for h in homeys}
