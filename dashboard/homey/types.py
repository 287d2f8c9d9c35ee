"""Small frozen dataclasses that remote JSON is parsed into at the boundary.

Parsing is lenient about what it does not need (extra fields, missing optional ones, lists
sent as arrays instead of id-keyed objects) and strict about what it does (ids, types):
a shape it cannot use raises ``UnexpectedResponse``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from dashboard.homey.errors import UnexpectedResponse

Value = bool | int | float | str | None


def parse_time(raw: Any) -> datetime | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        from datetime import UTC

        return datetime.fromtimestamp(raw / 1000, tz=UTC)
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return parse_datetime(raw.replace("Z", "+00:00"))
    except ValueError:
        return None


def _is_value(value: Any) -> bool:
    """A capability value homeydash shows (null and non-finite numbers are not)."""
    return isinstance(value, (bool, int, float, str)) and not (
        isinstance(value, float) and not math.isfinite(value)
    )


def items_of(payload: Any) -> Iterable[Mapping[str, Any]]:
    """A Homey list answer: an object keyed by id (V3), or an array (robustness)."""
    if isinstance(payload, Mapping):
        return [item for item in payload.values() if isinstance(item, Mapping)]
    if isinstance(payload, list):
        return [item for item in payload if isinstance(item, Mapping)]
    raise UnexpectedResponse("expected a list of items")


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    if not math.isfinite(raw):
        return None
    return raw


def _mapping(raw: Any) -> Mapping[str, Any]:
    return raw if isinstance(raw, Mapping) else {}


def _list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else []


def _str(raw: Any) -> str:
    return raw if isinstance(raw, str) else ""


def _text(raw: Any, language: str = "en") -> str:
    """A string, or a translated one (``{"en": "Power", "nl": "Vermogen"}``) in ``language``."""
    if isinstance(raw, Mapping):
        raw = raw.get(language) or raw.get("en") or next(iter(raw.values()), "")
    return _str(raw)


def _require_id(data: Mapping[str, Any], what: str) -> str:
    value = data.get("id") or data.get("_id")
    if not isinstance(value, str) or not value:
        raise UnexpectedResponse(f"{what} without an id")
    return value


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_in: int

    def __repr__(self) -> str:  # never show tokens, even in a debugger or a traceback
        return f"TokenSet(expires_in={self.expires_in})"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TokenSet:
        access = data.get("access_token")
        if not isinstance(access, str) or not access:
            raise UnexpectedResponse("token answer without an access token")
        expires_in = data.get("expires_in")
        if not isinstance(expires_in, int) or isinstance(expires_in, bool) or expires_in <= 0:
            expires_in = 3600
        return cls(access, _str(data.get("refresh_token")), expires_in)


@dataclass(frozen=True)
class HomeyEntry:
    """A Homey as the cloud lists it on ``/user/me``."""

    id: str
    name: str
    role: str
    platform: str
    api_version: int
    online: bool
    local_url_secure: str = ""
    local_url: str = ""
    remote_url_forwarded: str = ""
    remote_url: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HomeyEntry:
        api_version = data.get("apiVersion")
        return cls(
            id=_require_id(data, "Homey"),
            name=_str(data.get("name")) or "Homey",
            role=_str(data.get("role")) or "guest",
            platform=_str(data.get("platform")) or "local",
            api_version=api_version if isinstance(api_version, int) else 0,
            online=data.get("state", "online") != "offline",
            local_url_secure=_str(data.get("localUrlSecure")),
            local_url=_str(data.get("localUrl")),
            remote_url_forwarded=_str(data.get("remoteUrlForwarded")),
            remote_url=_str(data.get("remoteUrl")),
        )


@dataclass(frozen=True)
class AthomUser:
    id: str
    name: str
    email: str
    homeys: tuple[HomeyEntry, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AthomUser:
        if not isinstance(data, Mapping):
            raise UnexpectedResponse("user answer is not an object")
        name = _str(data.get("fullname")) or " ".join(
            part for part in (_str(data.get("firstname")), _str(data.get("lastname"))) if part
        )
        homeys = data.get("homeys")
        if not isinstance(homeys, list):
            raise UnexpectedResponse("user answer without homeys")
        return cls(
            id=_require_id(data, "user"),
            name=name,
            email=_str(data.get("email")),
            homeys=tuple(HomeyEntry.from_json(h) for h in homeys if isinstance(h, Mapping)),
        )


@dataclass(frozen=True)
class EnumValue:
    id: str
    title: str


@dataclass(frozen=True)
class Capability:
    """One entry of a device's ``capabilitiesObj``: its definition and current state."""

    id: str
    type: str
    title: str
    value: Value
    units: str = ""
    decimals: int | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    getable: bool = True
    setable: bool = False
    values: tuple[EnumValue, ...] = ()
    last_updated: datetime | None = None

    @property
    def base_id(self) -> str:
        """``measure_power.phase1`` → ``measure_power``."""
        return self.id.split(".", 1)[0]

    @classmethod
    def from_json(cls, capability_id: str, data: Mapping[str, Any]) -> Capability:
        """A ``capabilitiesObj`` entry. The Homey applies a device's own capability options
        (title, units, decimals, range) to the entry; where it left one in ``options`` only,
        the option is used, as the Homey app shows it."""
        raw_type = _str(data.get("type")) or "string"
        value = data.get("value")
        if not _is_value(value):
            value = None
        options = _mapping(data.get("options"))

        def pick(name: str) -> Any:
            return options[name] if options.get(name) is not None else data.get(name)

        decimals = pick("decimals")
        values = _list(data.get("values"))
        return cls(
            id=_str(data.get("id")) or capability_id,
            type=raw_type,
            title=_text(pick("title")) or capability_id,
            value=value,
            units=_text(pick("units")),
            decimals=decimals
            if isinstance(decimals, int) and not isinstance(decimals, bool)
            else None,
            min=_number(pick("min")),
            max=_number(pick("max")),
            step=_number(pick("step")),
            getable=data.get("getable", True) is not False,
            setable=data.get("setable") is True,
            values=tuple(
                EnumValue(_str(v.get("id")), _str(v.get("title")) or _str(v.get("id")))
                for v in values
                if isinstance(v, Mapping) and isinstance(v.get("id"), str)
            ),
            last_updated=parse_time(data.get("lastUpdated")),
        )


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    zone_id: str
    device_class: str
    capability_ids: tuple[str, ...]
    capabilities: Mapping[str, Capability] = field(hash=False)
    available: bool = True
    ready: bool = True
    unavailable_message: str = ""
    warning_message: str = ""
    app_id: str = ""  # the app whose driver it is ("com.fibaro"), "" when not an app's
    # ``iconObj``: the icon's id and its path on the Homey (``/icon/<id>/icon.svg``).
    icon_id: str = ""
    icon_path: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Device:
        raw_caps = data.get("capabilitiesObj")
        raw_caps = raw_caps if isinstance(raw_caps, Mapping) else {}
        order = [c for c in data.get("capabilities") or [] if isinstance(c, str)]
        order += [c for c in raw_caps if c not in order]
        capabilities = {
            cap_id: Capability.from_json(cap_id, raw_caps[cap_id])
            for cap_id in order
            if isinstance(raw_caps.get(cap_id), Mapping)
        }
        icon = _mapping(data.get("iconObj"))
        return cls(
            id=_require_id(data, "device"),
            name=_str(data.get("name")) or "?",
            device_class=_str(data.get("virtualClass")) or _str(data.get("class")) or "other",
            zone_id=_str(data.get("zone")),
            capability_ids=tuple(c for c in order if c in capabilities),
            capabilities=capabilities,
            available=data.get("available", True) is not False,
            ready=data.get("ready", True) is not False,
            unavailable_message=_str(data.get("unavailableMessage")),
            warning_message=_str(data.get("warningMessage")),
            app_id=_app_of(data),
            icon_id=_str(icon.get("id")),
            icon_path=_str(icon.get("url")),
        )

    def with_value(self, capability_id: Any, value: Any, changed_at: Any) -> Device:
        """This device after a ``capability`` event: the capability's value and time as a
        read would give them then (a capability the device does not have changes nothing)."""
        capability = (
            self.capabilities.get(capability_id) if isinstance(capability_id, str) else None
        )
        if capability is None:
            return self
        capability = replace(
            capability,
            value=value if _is_value(value) else None,
            last_updated=parse_time(changed_at) or capability.last_updated,
        )
        return replace(self, capabilities={**self.capabilities, capability.id: capability})


def _app_of(data: Mapping[str, Any]) -> str:
    """``homey:app:com.fibaro`` from ``ownerUri``, V2's ``driverUri`` or a full ``driverId``."""
    for key in ("ownerUri", "driverUri", "driverId"):
        parts = _str(data.get(key)).split(":")
        if len(parts) >= 3 and parts[:2] == ["homey", "app"] and parts[2]:
            return parts[2]
    return ""


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    parent_id: str
    icon: str = ""
    active: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Zone:
        return cls(
            id=_require_id(data, "zone"),
            name=_str(data.get("name")) or "?",
            parent_id=_str(data.get("parent")),
            icon=_str(data.get("icon")),
            active=data.get("active") is True,
        )


@dataclass(frozen=True)
class Variable:
    """A Logic variable: ``type`` is boolean, number or string."""

    id: str
    name: str
    type: str
    value: Value

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Variable:
        value = data.get("value")
        if not isinstance(value, (bool, int, float, str)):
            value = None
        return cls(
            id=_require_id(data, "variable"),
            name=_str(data.get("name")) or "?",
            type=_str(data.get("type")) or "string",
            value=value,
        )


@dataclass(frozen=True)
class Flow:
    id: str
    name: str
    enabled: bool
    triggerable: bool
    advanced: bool = False
    folder_id: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, advanced: bool = False) -> Flow:
        return cls(
            id=_require_id(data, "flow"),
            name=_str(data.get("name")) or "?",
            enabled=data.get("enabled", True) is not False,
            triggerable=data.get("triggerable") is True,
            advanced=advanced,
            folder_id=_str(data.get("folder")),
        )


@dataclass(frozen=True)
class App:
    """A Homey app (``apps.getApp``): ``state`` is starting, running, stopping, stopped or
    crashed (Web API v2 has no crashed state: a crashed app there is stopped with
    ``crashed`` set, so ``crashed`` is read from both)."""

    id: str
    name: str
    version: str
    state: str
    enabled: bool = True
    crashed: bool = False
    crashed_message: str = ""

    STATES = ("starting", "running", "stopping", "stopped", "crashed")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> App:
        state = _str(data.get("state"))
        crashed = data.get("crashed") is True or state == "crashed"
        return cls(
            id=_require_id(data, "app"),
            name=_text(data.get("name")) or _str(data.get("id")),
            version=_str(data.get("version")),
            state="crashed" if crashed else (state if state in cls.STATES else "stopped"),
            enabled=data.get("enabled", True) is not False,
            crashed=crashed,
            crashed_message=_str(data.get("crashedMessage")),
        )

    @property
    def running(self) -> bool:
        return self.state in ("starting", "running")

    @property
    def down(self) -> bool:
        """Crashed, or stopped while enabled (an app the owner disabled is not a problem)."""
        return self.crashed or (self.enabled and self.state == "stopped")


@dataclass(frozen=True)
class LogEntries:
    """Insights history of one log: points ``(time, value or None)`` oldest first."""

    id: str
    step_ms: int
    points: tuple[tuple[datetime, float | None], ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LogEntries:
        if not isinstance(data, Mapping) or not isinstance(data.get("values"), list):
            raise UnexpectedResponse("insights answer without values")
        points = []
        for point in data["values"]:
            if not isinstance(point, Mapping):
                continue
            when = parse_time(point.get("t"))
            if when is None:
                continue
            raw = point.get("v")
            number = _number(raw)
            value = float(number) if number is not None else None
            points.append((when, value))
        step = data.get("step")
        return cls(
            id=_str(data.get("id")),
            step_ms=step if isinstance(step, int) else 0,
            points=tuple(sorted(points, key=lambda p: p[0])),
        )


@dataclass(frozen=True)
class Session:
    """``sessions/session/me``: who the token is and what it may do."""

    type: str
    user_id: str
    scopes: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Session:
        if not isinstance(data, Mapping):
            raise UnexpectedResponse("session answer is not an object")
        scopes = data.get("intersectedScopes")
        if not isinstance(scopes, list):
            scopes = _list(data.get("scopes"))
        return cls(
            type=_str(data.get("type")),
            user_id=_str(data.get("userId")),
            scopes=tuple(s for s in scopes if isinstance(s, str)),
        )

    def has_scope(self, required: str) -> bool:
        """The official client's prefix rule: ``homey.device`` grants ``homey.device.control``."""
        return any(required == s or required.startswith(s + ".") for s in self.scopes)


@dataclass(frozen=True)
class HomeyUser:
    id: str
    name: str
    role: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HomeyUser:
        return cls(
            id=_require_id(data, "user"),
            name=_str(data.get("name")),
            role=_str(data.get("role")) or "guest",
        )


@dataclass(frozen=True)
class SystemInfo:
    name: str
    timezone: str
    version: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SystemInfo:
        if not isinstance(data, Mapping):
            raise UnexpectedResponse("system answer is not an object")
        return cls(
            name=_str(data.get("name")) or _str(data.get("hostname")),
            timezone=_str(data.get("timezone")),
            version=_str(data.get("homeyVersion")),
        )


# the house: weather, Homey Energy, moods, the timeline ---------------------------------------


@dataclass(frozen=True)
class WeatherHour:
    time: datetime | None
    temperature: float | None
    state: str


@dataclass(frozen=True)
class Weather:
    """``weather.getWeather`` with ``getWeatherHourly`` (their spec gives no schema: only the
    fields read here are used, each may be missing)."""

    temperature: float | None
    state: str
    humidity: float | None = None
    place: str = ""
    hours: tuple[WeatherHour, ...] = ()

    @classmethod
    def from_json(cls, now: Any, hourly: Any) -> Weather:
        if not isinstance(now, Mapping):
            raise UnexpectedResponse("weather answer is not an object")
        hours = tuple(
            WeatherHour(
                time=parse_time(item.get("date")),
                temperature=_number(item.get("temperature")),
                state=_str(item.get("state")),
            )
            for item in (hourly if isinstance(hourly, list) else [])
            if isinstance(item, Mapping)
        )
        return cls(
            temperature=_number(now.get("temperature")),
            state=_str(now.get("state")),
            humidity=_number(now.get("humidity")),
            place=_str(now.get("city")),
            hours=hours,
        )


@dataclass(frozen=True)
class EnergyItem:
    id: str
    name: str
    watts: float
    home_battery: bool = False
    kind: str = "device"  # the report's type: device, generator, cumulative (a whole-house meter)


@dataclass(frozen=True)
class EnergyLive:
    """``energy.getLiveReport``: the house now, in W. ``grid`` is positive when importing."""

    consumed: float | None
    generated: float | None
    grid: float | None
    items: tuple[EnergyItem, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> EnergyLive:
        if not isinstance(data, Mapping):
            raise UnexpectedResponse("live energy report is not an object")

        def watts(key: str) -> float | None:
            part = data.get(key)
            return _number(part.get("W")) if isinstance(part, Mapping) else None

        items = []
        for item in data.get("items") or []:
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                continue
            values = item.get("values")
            value = _number(values.get("W")) if isinstance(values, Mapping) else None
            if value is None:
                continue
            items.append(
                EnergyItem(
                    id=item["id"],
                    name=_str(item.get("name")),
                    watts=value,
                    home_battery=item.get("isHomeBattery") is True,
                    kind=_str(item.get("type")) or "device",
                )
            )
        return cls(
            watts("totalConsumed"), watts("totalGenerated"), watts("totalCumulative"), tuple(items)
        )

    @property
    def battery(self) -> float | None:
        """W into the home batteries (negative: they supply the house); None without any."""
        batteries = [item.watts for item in self.items if item.home_battery]
        return sum(batteries) if batteries else None

    def top_consumers(self, count: int = 3) -> list[EnergyItem]:
        devices = [
            i for i in self.items if i.kind == "device" and not i.home_battery and i.watts > 0
        ]
        return sorted(devices, key=lambda i: i.watts, reverse=True)[:count]


@dataclass(frozen=True)
class EnergyBucket:
    start: datetime | None
    consumed: float
    generated: float


@dataclass(frozen=True)
class EnergyReport:
    """``energy.getReportDay|Week|Month``: electricity per hour or day, in Wh."""

    consumed: float | None
    generated: float | None
    imported: float | None
    exported: float | None
    buckets: tuple[EnergyBucket, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> EnergyReport:
        electricity = data.get("electricity") if isinstance(data, Mapping) else None
        if not isinstance(electricity, Mapping):
            raise UnexpectedResponse("energy report without electricity")

        def wh(part: Any) -> float | None:
            return _number(part.get("Wh")) if isinstance(part, Mapping) else None

        buckets = tuple(
            EnergyBucket(
                start=parse_time(b.get("start")),
                consumed=wh(b.get("consumed")) or 0.0,
                generated=wh(b.get("generated")) or 0.0,
            )
            for b in electricity.get("buckets") or []
            if isinstance(b, Mapping)
        )
        return cls(
            wh(electricity.get("consumed")),
            wh(electricity.get("generated")),
            wh(electricity.get("imported")),
            wh(electricity.get("exported")),
            buckets,
        )


MOOD_TOLERANCE = 0.011


@dataclass(frozen=True)
class Mood:
    """``moods.getMoods``: a zone's mood and the device states it sets."""

    id: str
    name: str
    zone_id: str
    states: tuple[tuple[str, tuple[tuple[str, Value], ...]], ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Mood:
        devices = data.get("devices")
        states = []
        for device_id, entry in devices.items() if isinstance(devices, Mapping) else []:
            state = entry.get("state") if isinstance(entry, Mapping) else None
            if isinstance(state, Mapping):
                values = tuple(
                    (str(k), v) for k, v in state.items() if isinstance(v, (bool, int, float, str))
                )
                states.append((str(device_id), values))
        return cls(
            id=_require_id(data, "mood"),
            name=_str(data.get("name")),
            zone_id=_str(data.get("zone")),
            states=tuple(states),
        )

    def holds(self, devices: Mapping[str, Device]) -> bool:
        """As the Homey app shows a mood on: every device of the mood is in the mood's state
        now (numbers within ``MOOD_TOLERANCE``)."""
        if not self.states:
            return False
        for device_id, states in self.states:
            device = devices.get(device_id)
            if device is None:
                return False
            for capability_id, wanted in states:
                capability = device.capabilities.get(capability_id)
                if capability is None:
                    return False
                have = capability.value
                if isinstance(wanted, bool) or not isinstance(wanted, (int, float)):
                    if have != wanted:
                        return False
                elif not isinstance(have, (int, float)) or abs(have - wanted) > MOOD_TOLERANCE:
                    return False
        return True


@dataclass(frozen=True)
class Notification:
    """``notifications.getNotifications``: one line of the Homey's timeline."""

    id: str
    text: str
    owner: str
    created: datetime | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Notification:
        return cls(
            id=_require_id(data, "notification"),
            text=_str(data.get("excerpt")),
            owner=_str(data.get("ownerName")),
            created=parse_time(data.get("dateCreated")),
        )


@dataclass(frozen=True)
class Image:
    """``images.getImages``: a still a device publishes (a camera's, a doorbell's)."""

    id: str
    owner_uri: str
    url: str
    last_updated: datetime | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Image:
        return cls(
            id=_require_id(data, "image"),
            owner_uri=_str(data.get("ownerUri")),
            url=_str(data.get("url")),
            last_updated=parse_time(data.get("lastUpdated")),
        )

    @property
    def device_id(self) -> str:
        """The device it belongs to ('' when its owner is not a device)."""
        kind, _sep, rest = self.owner_uri.partition("homey:device:")
        return rest if not kind and rest else ""
