"""System capability definitions (homey-api.md §4.6, after node-homey-lib) and value checks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CapabilityDef:
    """A system capability: what a device's ``capabilitiesObj`` entry starts from."""

    id: str
    type: str  # boolean | number | string | enum
    title: str
    getable: bool = True
    setable: bool = False
    units: str | None = None
    decimals: int | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    values: tuple[tuple[str, str], ...] = ()
    chart_type: str | None = None
    insights: bool = False
    title_true: str | None = None
    title_false: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _num(cid: str, title: str, **kw: Any) -> CapabilityDef:
    kw.setdefault("chart_type", "spline")
    kw.setdefault("insights", True)
    return CapabilityDef(cid, "number", title, **kw)


def _bool(cid: str, title: str, t: str, f: str, **kw: Any) -> CapabilityDef:
    kw.setdefault("insights", True)
    return CapabilityDef(cid, "boolean", title, title_true=t, title_false=f, **kw)


def _enum(cid: str, title: str, values: tuple[tuple[str, str], ...]) -> CapabilityDef:
    return CapabilityDef(cid, "enum", title, setable=True, values=values)


_DEFS = [
    _bool("onoff", "Turned on", "Turned on", "Turned off", setable=True),
    _num(
        "dim", "Dim level", setable=True, units="%", decimals=2, min=0, max=1, chart_type="stepLine"
    ),
    _num("light_hue", "Hue", setable=True, decimals=2, min=0, max=1),
    _num(
        "light_saturation",
        "Color saturation",
        setable=True,
        decimals=2,
        min=0,
        max=1,
    ),
    _num(
        "light_temperature",
        "Color temperature",
        setable=True,
        decimals=2,
        min=0,
        max=1,
    ),
    _enum("light_mode", "Light mode", (("color", "Color"), ("temperature", "Temperature"))),
    _num("measure_temperature", "Temperature", units="°C", decimals=1),
    _num(
        "target_temperature",
        "Target temperature",
        setable=True,
        units="°C",
        decimals=1,
        min=4,
        max=35,
        chart_type="stepLine",
    ),
    _enum(
        "thermostat_mode",
        "Thermostat mode",
        (("auto", "Automatic"), ("heat", "Heat"), ("cool", "Cool"), ("off", "Off")),
    ),
    _num("measure_humidity", "Humidity", units="%", decimals=0, min=0, max=100),
    _num("measure_co2", "CO2", units="ppm", decimals=0),
    _num("measure_luminance", "Luminance", units="lx", decimals=0),
    _num("measure_power", "Power", units="W", decimals=1, chart_type="stepLine"),
    _num("meter_power", "Energy", units="kWh", decimals=2, chart_type="column"),
    _num("measure_voltage", "Voltage", units="V", decimals=1),
    _num("measure_current", "Current", units="A", decimals=2),
    _num("meter_gas", "Gas", units="m³", decimals=3, min=0, chart_type="column"),
    _num(
        "measure_battery", "Battery", units="%", decimals=0, min=0, max=100, chart_type="stepLine"
    ),
    _bool("alarm_motion", "Motion alarm", "Motion", "No motion"),
    _bool("alarm_contact", "Contact alarm", "Open", "Closed"),
    _bool("alarm_tamper", "Tamper alarm", "Tampered", "Not tampered"),
    _bool("alarm_smoke", "Smoke alarm", "Smoke", "No smoke"),
    _bool("alarm_water", "Water alarm", "Water", "No water"),
    _bool("alarm_co", "CO alarm", "CO", "No CO"),
    _bool("alarm_battery", "Battery alarm", "Low battery", "Battery OK"),
    _bool("alarm_generic", "Generic alarm", "Alarm", "No alarm"),
    _enum(
        "windowcoverings_state",
        "Window coverings state",
        (("up", "Up"), ("idle", "Idle"), ("down", "Down")),
    ),
    _num(
        "windowcoverings_set",
        "Window coverings position",
        setable=True,
        units="%",
        decimals=2,
        min=0,
        max=1,
    ),
    _num("volume_set", "Volume", setable=True, units="%", decimals=2, min=0, max=1),
    _bool("volume_mute", "Mute", "Muted", "Unmuted", setable=True, insights=False),
    _bool("speaker_playing", "Playing", "Playing", "Paused", setable=True, insights=False),
    CapabilityDef("speaker_prev", "boolean", "Previous", getable=False, setable=True),
    CapabilityDef("speaker_next", "boolean", "Next", getable=False, setable=True),
    CapabilityDef("speaker_track", "string", "Track"),
    CapabilityDef("speaker_artist", "string", "Artist"),
    CapabilityDef("speaker_album", "string", "Album"),
    _bool("locked", "Locked", "Locked", "Unlocked", setable=True),
    _enum(
        "homealarm_state",
        "Home alarm state",
        (("armed", "Armed"), ("disarmed", "Disarmed"), ("partially_armed", "Partially armed")),
    ),
    CapabilityDef("button", "boolean", "Button", getable=False, setable=True),
]

CAPABILITIES: dict[str, CapabilityDef] = {d.id: d for d in _DEFS}


def definition(capability_id: str) -> CapabilityDef:
    """The system definition for ``capability_id``; sub-capabilities (``measure_power.l1``)
    use their base id."""
    return CAPABILITIES[capability_id.split(".", 1)[0]]


class InvalidValue(ValueError):
    """A value a capability refuses (answered with 400)."""


def check_value(
    capability_id: str,
    value: Any,
    *,
    minimum: float | None,
    maximum: float | None,
    cap_type: str,
    enum_ids: list[str],
) -> Any:
    """Validate ``value`` for a capability as a Homey does; return it (ints stay ints)."""
    if cap_type == "boolean":
        if not isinstance(value, bool):
            raise InvalidValue(
                f"Invalid value for capability {capability_id}: expected boolean, "
                f"got {_type_name(value)}"
            )
    elif cap_type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidValue(
                f"Invalid value for capability {capability_id}: expected number, "
                f"got {_type_name(value)}"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValue(f"Invalid value for capability {capability_id}: not a number")
        if minimum is not None and value < minimum:
            raise InvalidValue(
                f"Value {value} is below the minimum of {_fmt(minimum)} for {capability_id}"
            )
        if maximum is not None and value > maximum:
            raise InvalidValue(
                f"Value {value} is above the maximum of {_fmt(maximum)} for {capability_id}"
            )
    elif cap_type == "enum":
        if not isinstance(value, str):
            raise InvalidValue(
                f"Invalid value for capability {capability_id}: expected string, "
                f"got {_type_name(value)}"
            )
        if value not in enum_ids:
            raise InvalidValue(
                f"Invalid value for capability {capability_id}: {value!r} is not one of "
                + ", ".join(enum_ids)
            )
    elif cap_type == "string" and not isinstance(value, str):
        raise InvalidValue(
            f"Invalid value for capability {capability_id}: expected string, "
            f"got {_type_name(value)}"
        )
    return value


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _fmt(x: float) -> str:
    return f"{x:g}"
