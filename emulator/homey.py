"""One emulated Homey Pro: its items and the rules that change them (sessions and API keys
are in :mod:`emulator.sessions`, the item types in :mod:`emulator.items`).

Times are UTC epoch seconds (floats) of the emulator clock. Nothing here knows about HTTP;
``homey_views`` turns :class:`HomeyError` into the Homey's JSON error body.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from emulator.capabilities import InvalidValue, check_value
from emulator.constants import HOMEY_MODEL_ID, HOMEY_MODEL_NAME, HOMEY_VERSION, TIMEZONE
from emulator.items import (  # noqa: F401  (re-exported: they used to live here)
    AdvancedFlow,
    Capability,
    Device,
    Effect,
    Flow,
    HomeyError,
    Variable,
    Zone,
    iso,
)
from emulator.moods import Mood
from emulator.sessions import HomeyUser, Session, SessionRules, new_token  # noqa: F401

# --------------------------------------------------------------------------- the Homey


@dataclass
class Homey(SessionRules):
    """State of one Homey Pro. Callers hold the world lock."""

    id: str
    name: str
    language: str = "en"
    devices: dict[str, Device] = field(default_factory=dict)
    zones: dict[str, Zone] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    advanced_flows: dict[str, AdvancedFlow] = field(default_factory=dict)
    apps: dict[str, Any] = field(default_factory=dict)  # id → emulator.homey_apps.App
    flow_folders: dict[str, dict[str, Any]] = field(default_factory=dict)
    moods: dict[str, Mood] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # image id → the device it belongs to
    users: dict[str, HomeyUser] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)  # by token
    triggered: list[tuple[float, str]] = field(default_factory=list)
    booted_at: float = 0.0
    state_since: float = 0.0
    # What kind of Homey and where the cloud says it lives (see emulator.network).
    platform: str = "local"  # "local" (Homey Pro) or "cloud" (Homey Cloud)
    api_version: int = 3
    model_id: str = HOMEY_MODEL_ID
    model_name: str = HOMEY_MODEL_NAME
    software_version: str = HOMEY_VERSION
    layout: str = "legacy"  # "legacy": /emulator/homey|relay/<id>; "real": emulator.network
    lan_ip: str = "192.168.1.50"
    public_ip: str | None = None  # set: a forwarded port (remoteUrlForwarded)
    forward_port: int = 45443
    relay_latency: float = 0.0  # seconds the Athom relay adds to each request
    down_until: float = 0.0  # rebooting until then (emulator clock)

    @property
    def platform_version(self) -> int:
        """Homey Cloud is platform version 1; a Homey Pro (Early 2023) 2, older Pros 1."""
        return 2 if self.platform == "local" and self.model_id == HOMEY_MODEL_ID else 1

    def rebooting(self, now: float) -> bool:
        return now < self.down_until

    def reboot(self, now: float, seconds: float) -> None:
        """Go away for ``seconds`` (every address fails), then come back with uptime 0."""
        self.down_until = now + seconds
        self.booted_at = now + seconds
        self.state_since = now

    # -- devices ----------------------------------------------------------------------

    def device(self, device_id: str) -> Device:
        device = self.devices.get(device_id)
        if device is None:
            raise HomeyError(404, f"Not Found: Device with ID {device_id}")
        return device

    def capability_json(self, device: Device, cap: Capability, now: float) -> dict[str, Any]:
        d = cap.defn
        value, changed = device.value_and_updated(cap.id, now)
        obj: dict[str, Any] = {
            "id": cap.id,
            "type": d.type,
            "iconObj": None,
            "title": cap.attr("title"),
            "desc": None,
            "getable": d.getable,
            "setable": d.setable,
            "insights": d.insights,
            "units": cap.attr("units"),
            "value": value if d.getable else None,
            "lastUpdated": iso(changed),
            "options": dict(cap.overrides.get("options", {})),
        }
        if d.type == "number":
            obj["decimals"] = cap.attr("decimals")
            for name in ("min", "max", "step"):
                if cap.attr(name) is not None:
                    obj[name] = cap.attr(name)
            if d.chart_type:
                obj["chartType"] = d.chart_type
        if d.type == "enum":
            obj["values"] = [{"id": i, "title": t} for i, t in d.values]
        if d.type == "boolean" and d.insights:
            obj["insightsTitleTrue"] = d.title_true
            obj["insightsTitleFalse"] = d.title_false
        return obj

    def device_json(self, device: Device, now: float) -> dict[str, Any]:
        caps = {cid: self.capability_json(device, c, now) for cid, c in device.capabilities.items()}
        last_seen = max((c["lastUpdated"] for c in caps.values()), default=None)
        return {
            "id": device.id,
            "name": device.name,
            "driverId": device.driver_id,
            "ownerUri": device.owner_uri,
            "zone": device.zone,
            "note": device.note,
            "data": device.data,
            "icon": None,
            "iconOverride": None,
            "iconObj": {"id": device.icon, "url": f"/icon/{device.icon}/icon.svg"},
            "class": device.cls,
            "virtualClass": device.virtual_class,
            "capabilities": list(device.capabilities),
            "capabilitiesObj": caps,
            "settings": device.settings,
            "settingsObj": bool(device.settings),
            "flags": device.flags,
            "energy": None,
            "energyObj": device.energy_obj,
            "ui": _ui(device),
            "uiIndicator": device.ui_indicator,
            "available": device.available,
            "unavailableMessage": device.unavailable_message,
            "warningMessage": device.warning_message,
            "ready": device.ready,
            "repair": False,
            "unpair": False,
            "images": [],  # the spec allows only empty objects here: images are in getImages
            "color": device.color,
            "lastSeenAt": last_seen if device.available else iso(device.installed_at),
        }

    def set_capability(self, device_id: str, capability_id: str, value: Any, now: float) -> Any:
        """Validate and apply a capability value, with the side effects a real device has."""
        device = self.device(device_id)
        cap = device.capabilities.get(capability_id)
        if cap is None:
            raise HomeyError(404, f"Not Found: Capability {capability_id} on device {device_id}")
        if not cap.defn.setable:
            raise HomeyError(400, f"Capability Not Setable: {capability_id}")
        if not device.available:
            raise HomeyError(400, f"Device Unavailable: {device.unavailable_message or ''}".strip())
        try:
            check_value(
                capability_id,
                value,
                minimum=cap.attr("min"),
                maximum=cap.attr("max"),
                cap_type=cap.defn.type,
                enum_ids=[i for i, _ in cap.defn.values],
            )
        except InvalidValue as exc:
            raise HomeyError(400, str(exc)) from None
        self._apply(device, capability_id, value, now)
        return value

    def _apply(self, device: Device, capability_id: str, value: Any, now: float) -> None:
        caps = device.capabilities
        if capability_id == "button":
            device.version += 1
            return
        if capability_id in ("speaker_prev", "speaker_next"):
            self._skip(device, 1 if capability_id == "speaker_next" else -1, now)
            return
        device.record(capability_id, value, now)

        def also(cid: str, v: Any) -> None:
            if cid in caps and device.stored_at(cid, now) != v:
                device.record(cid, v, now)

        if capability_id == "dim":
            also("onoff", value > 0)
        elif capability_id in ("light_hue", "light_saturation"):
            also("light_mode", "color")
        elif capability_id == "light_temperature":
            also("light_mode", "temperature")
        elif capability_id == "windowcoverings_state" and value in ("up", "down"):
            also("windowcoverings_set", 1.0 if value == "up" else 0.0)
        elif capability_id == "windowcoverings_set":
            also("windowcoverings_state", "idle")
        elif capability_id == "volume_set" and value > 0:
            also("volume_mute", False)

    def _skip(self, device: Device, step: int, now: float) -> None:
        """A speaker's previous/next: the next track of its small playlist (its album art
        follows, see :mod:`emulator.camera`)."""
        device.version += 1
        if "speaker_track" not in device.capabilities:
            return
        titles = [track for track, _, _ in PLAYLIST]
        current = device.stored_at("speaker_track", now)
        index = titles.index(current) if current in titles else -step
        track, artist, album = PLAYLIST[(index + step) % len(PLAYLIST)]
        device.record("speaker_track", track, now)
        for capability, value in (("speaker_artist", artist), ("speaker_album", album)):
            if capability in device.capabilities:
                device.record(capability, value, now)

    # -- flows --------------------------------------------------------------------------

    def trigger_flow(self, flow_id: str, now: float, *, advanced: bool) -> None:
        flows: dict[str, Any] = self.advanced_flows if advanced else self.flows
        flow = flows.get(flow_id)
        kind = "AdvancedFlow" if advanced else "Flow"
        if flow is None:
            raise HomeyError(404, f"Not Found: {kind} with ID {flow_id}")
        if not flow.enabled:
            raise HomeyError(400, f"{kind} Is Disabled", f"{kind} {flow.name!r} is disabled")
        if not flow.triggerable:
            raise HomeyError(
                400,
                f"{kind} Is Not Triggerable",
                f"{kind} {flow.name!r} cannot be started manually",
            )
        self.triggered.append((now, flow_id))
        for effect in flow.effects:
            self._run_effect(effect, now)

    def _run_effect(self, effect: Effect, now: float) -> None:
        if effect.variable_id:
            variable = self.variables.get(effect.variable_id)
            if variable is not None:
                variable.value = effect.value
            return
        for device in self.devices.values():
            if not device.available or effect.capability not in device.capabilities:
                continue
            if effect.device_id and device.id != effect.device_id:
                continue
            if effect.device_class and device.cls != effect.device_class:
                continue
            assert effect.capability is not None
            self._apply(device, effect.capability, effect.value, now)

    # -- logic --------------------------------------------------------------------------

    def variable(self, variable_id: str) -> Variable:
        variable = self.variables.get(variable_id)
        if variable is None:
            raise HomeyError(404, f"Not Found: Variable with ID {variable_id}")
        return variable

    def update_variable(self, variable_id: str, patch: Any) -> Variable:
        variable = self.variable(variable_id)
        if not isinstance(patch, dict):
            raise HomeyError(400, "Invalid Parameter: variable", "The body must be an object")
        if "value" in patch:
            _check_variable_value(variable.type, patch["value"])
        if "name" in patch and (not isinstance(patch["name"], str) or not patch["name"]):
            raise HomeyError(400, "Invalid Parameter: name", "name must be a non-empty string")
        if "value" in patch:
            variable.value = patch["value"]
        if "name" in patch:
            variable.name = patch["name"]
        return variable

    def create_variable(self, body: Any) -> Variable:
        if not isinstance(body, dict):
            raise HomeyError(400, "Invalid Parameter: variable", "The body must be an object")
        for name in ("name", "type", "value"):
            if name not in body:
                raise HomeyError(400, f"Missing Parameter: {name}")
        if body["type"] not in ("string", "number", "boolean"):
            raise HomeyError(
                400, "Invalid Parameter: type", "type must be one of string, number, boolean"
            )
        if not isinstance(body["name"], str) or not body["name"]:
            raise HomeyError(400, "Invalid Parameter: name", "name must be a non-empty string")
        _check_variable_value(body["type"], body["value"])
        variable = Variable(str(uuid.uuid4()), body["name"], body["type"], body["value"])
        self.variables[variable.id] = variable
        return variable

    def delete_variable(self, variable_id: str) -> None:
        self.variable(variable_id)
        del self.variables[variable_id]

    # -- zones --------------------------------------------------------------------------

    def zone_json(self, zone: Zone, now: float) -> dict[str, Any]:
        origins: list[str] = []
        changed: list[float] = []
        for device in self.devices.values():
            if device.zone == zone.id and "alarm_motion" in device.capabilities:
                value, t = device.value_and_updated("alarm_motion", now)
                changed.append(t)
                if value:
                    origins.append(f"{device.uri}:alarm_motion")
        return {
            "id": zone.id,
            "name": zone.name,
            "parent": zone.parent,
            "icon": zone.icon,
            "active": bool(origins),
            "activeOrigins": origins,
            "activeLastUpdated": iso(max(changed)) if changed else None,
        }

    # -- system -------------------------------------------------------------------------

    def system_info(self, now: float) -> dict[str, Any]:
        return {
            "name": self.name,
            "hostname": f"homey-{self.id}",
            "cloudId": self.id,
            "homeyVersion": self.software_version,
            "homeyModelId": self.model_id,
            "homeyModelName": self.model_name,
            "platform": self.platform,
            "platformVersion": self.platform_version,
            "arch": "arm64",
            "uptime": int(max(0.0, now - self.booted_at)),
            "timezone": TIMEZONE,
            "language": self.language,
            "date": iso(now),
            "devmode": False,
        }


def _check_variable_value(var_type: str, value: Any) -> None:
    ok = {
        "boolean": isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "string": isinstance(value, str),
    }[var_type]
    if not ok:
        raise HomeyError(
            400, "Invalid Value", f"Invalid value for a variable of type {var_type}: {value!r}"
        )


PLAYLIST = (
    ("Blue in Green", "Miles Davis", "Kind of Blue"),
    ("Take Five", "The Dave Brubeck Quartet", "Time Out"),
    ("Naima", "John Coltrane", "Giant Steps"),
)

_COMPONENTS = (
    ("toggle", ("onoff", "locked", "volume_mute")),
    (
        "media",
        (
            "speaker_playing",
            "speaker_prev",
            "speaker_next",
            "speaker_track",
            "speaker_artist",
            "speaker_album",
        ),
    ),
    ("slider", ("dim", "windowcoverings_set", "volume_set")),
    ("color", ("light_hue", "light_saturation", "light_temperature", "light_mode")),
    ("thermostat", ("target_temperature", "thermostat_mode")),
    ("ternary", ("windowcoverings_state",)),
    ("picker", ("homealarm_state",)),
    ("battery", ("measure_battery", "alarm_battery")),
)


def _ui(device: Device) -> dict[str, Any]:
    caps = list(device.capabilities)
    components = []
    used: set[str] = set()
    for component, members in _COMPONENTS:
        mine = [c for c in caps if c in members]
        if mine:
            components.append({"id": component, "capabilities": mine})
            used.update(mine)
    sensors = [c for c in caps if c not in used and c != "button"]
    if sensors:
        components.append({"id": "sensor", "capabilities": sensors})
    ui: dict[str, Any] = {"components": components, "componentsStartAt": 0}
    for quick in ("onoff", "locked", "windowcoverings_state", "button"):
        if quick in caps:
            ui["quickAction"] = quick
            break
    return ui
