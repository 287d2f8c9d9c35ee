"""One emulated Homey Pro: its items, sessions, API keys, and the rules that change them.

Times are UTC epoch seconds (floats) of the emulator clock. Nothing here knows about HTTP;
``homey_views`` turns :class:`HomeyError` into the Homey's JSON error body.
"""

from __future__ import annotations

import secrets
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulator import scopes as scope_rules
from emulator.capabilities import CapabilityDef, InvalidValue, check_value, definition
from emulator.constants import HOMEY_MODEL_ID, HOMEY_MODEL_NAME, HOMEY_VERSION, TIMEZONE
from emulator.simulation import Signal, last_change


class HomeyError(Exception):
    """An error a Homey answers with ``{"error", "error_description", "statusCode"}``."""

    def __init__(self, status: int, message: str, description: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.description = description or message


def iso(t: float | None) -> str | None:
    """Epoch seconds → ``2026-11-25T12:00:00.000Z`` (what a Homey sends)."""
    if t is None:
        return None
    d = datetime.fromtimestamp(t, UTC)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def new_token() -> str:
    """A session token / API key: three colon-separated parts, like a Homey's."""
    return f"{uuid.uuid4()}:{uuid.uuid4()}:{secrets.token_hex(20)}"


# --------------------------------------------------------------------------- items


@dataclass
class Capability:
    """A capability on a device: the system definition, per-device overrides, and either a
    stored value history (set-able / constant) or a simulated :class:`Signal`."""

    id: str
    overrides: dict[str, Any] = field(default_factory=dict)
    signal: Signal | None = None
    history: list[tuple[float, Any]] = field(default_factory=list)

    @property
    def defn(self) -> CapabilityDef:
        return definition(self.id)

    def attr(self, name: str) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        return getattr(self.defn, name)


@dataclass
class Device:
    id: str
    name: str
    zone: str
    cls: str
    driver_id: str
    capabilities: dict[str, Capability]
    virtual_class: str | None = None
    icon: str = "0e9a2c1b8f4d4e7a9b3c5d6e7f8a9b0c"
    color: str | None = None
    note: str | None = None
    flags: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    energy_obj: dict[str, Any] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    available: bool = True
    unavailable_message: str | None = None
    ui_indicator: str | None = None
    seed: int = 1
    installed_at: float = 0.0
    version: int = 0
    cache: dict[str, tuple[float, int, Any, float]] = field(default_factory=dict)

    # History protocol for simulation.Signal
    @property
    def key(self) -> str:
        return self.id

    @property
    def owner_uri(self) -> str:
        return "homey:app:" + self.driver_id.split(":")[2]

    @property
    def uri(self) -> str:
        return f"homey:device:{self.id}"

    def events(self, capability_id: str) -> list[tuple[float, Any]]:
        cap = self.capabilities.get(capability_id)
        return cap.history if cap else []

    def stored_at(self, capability_id: str, t: float) -> Any:
        history = self.events(capability_id)
        if not history:
            return None
        i = bisect_right(history, t, key=lambda e: e[0])
        return history[max(0, i - 1)][1]

    # Values
    def value_at(self, capability_id: str, t: float) -> Any:
        cap = self.capabilities[capability_id]
        if cap.signal is not None:
            return cap.signal.value(self, capability_id, t)
        return self.stored_at(capability_id, t)

    def value_and_updated(self, capability_id: str, now: float) -> tuple[Any, float]:
        """The value now and when it last actually changed (cached per minute walk)."""
        cap = self.capabilities[capability_id]
        if cap.signal is None:
            return self._stored_value_and_updated(cap, now)
        cached = self.cache.get(capability_id)
        value = cap.signal.value(self, capability_id, now)
        if cached and cached[1] == self.version and cached[0] <= now:
            t0, _, old_value, old_changed = cached
            changed = last_change(cap.signal, self, capability_id, now, t0, value)
            if changed is None:
                changed = old_changed if value == old_value else t0
        else:
            changed = last_change(cap.signal, self, capability_id, now, self.installed_at, value)
            if changed is None:
                changed = self.installed_at
        self.cache[capability_id] = (now, self.version, value, changed)
        return value, changed

    def _stored_value_and_updated(self, cap: Capability, now: float) -> tuple[Any, float]:
        history = cap.history
        i = max(1, bisect_right(history, now, key=lambda e: e[0]))
        value = history[i - 1][1]
        changed = history[0][0]
        for j in range(i - 1, 0, -1):
            if history[j][1] != history[j - 1][1]:
                changed = history[j][0]
                break
        return value, changed

    def record(self, capability_id: str, value: Any, now: float) -> None:
        """Store a value set at ``now`` (keeps the history sorted; drops later entries when
        the clock was moved back)."""
        history = self.capabilities[capability_id].history
        while history and history[-1][0] > now:
            history.pop()
        history.append((now, value))
        self.version += 1


@dataclass
class Zone:
    id: str
    name: str
    parent: str | None
    icon: str = "default"


@dataclass
class Variable:
    id: str
    name: str
    type: str
    value: Any

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "value": self.value}


@dataclass
class Effect:
    """What triggering a flow does: set ``capability`` to ``value`` on every device of
    ``device_class`` (or the single ``device_id``), or set logic variable ``variable_id``."""

    capability: str | None = None
    value: Any = None
    device_class: str | None = None
    device_id: str | None = None
    variable_id: str | None = None


@dataclass
class Flow:
    id: str
    name: str
    folder: str | None
    enabled: bool
    triggerable: bool
    trigger: dict[str, Any]
    conditions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "folder": self.folder,
            "enabled": self.enabled,
            "triggerable": self.triggerable,
            "trigger": self.trigger,
            "conditions": self.conditions,
            "actions": self.actions,
        }


@dataclass
class AdvancedFlow:
    id: str
    name: str
    folder: str | None
    enabled: bool
    triggerable: bool
    cards: dict[str, dict[str, Any]]
    effects: list[Effect] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "folder": self.folder,
            "enabled": self.enabled,
            "triggerable": self.triggerable,
            "cards": self.cards,
        }


@dataclass
class HomeyUser:
    """A user on this Homey: the Homey-local uuid, the Athom id and the role."""

    id: str
    athom_id: str
    name: str
    role: str
    avatar: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "athomId": self.athom_id,
            "avatar": self.avatar,
            "enabled": True,
            "enabledUntil": None,
            "present": True,
            "asleep": False,
            "verified": True,
            "inviteUrl": None,
            "localUsername": None,
            "properties": {},
        }


@dataclass
class Session:
    """A login session (``OAUTH``) or an API key (``PAT``) on this Homey."""

    id: str
    token: str
    type: str  # OAUTH | PAT
    user_id: str  # HomeyUser.id
    scopes: list[str]
    created_at: float
    expires_at: float | None = None
    client_id: str | None = None
    client_name: str | None = None
    name: str | None = None  # PATs only


# --------------------------------------------------------------------------- the Homey


@dataclass
class Homey:
    """State of one Homey Pro. Callers hold the world lock."""

    id: str
    name: str
    language: str = "en"
    devices: dict[str, Device] = field(default_factory=dict)
    zones: dict[str, Zone] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    advanced_flows: dict[str, AdvancedFlow] = field(default_factory=dict)
    flow_folders: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, HomeyUser] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)  # by token
    triggered: list[tuple[float, str]] = field(default_factory=list)
    booted_at: float = 0.0
    state_since: float = 0.0

    # -- users, sessions, scopes ------------------------------------------------------

    def user_by_athom_id(self, athom_id: str) -> HomeyUser | None:
        return next((u for u in self.users.values() if u.athom_id == athom_id), None)

    def set_role(self, athom_id: str, name: str, role: str) -> HomeyUser:
        """Give ``athom_id`` ``role`` here (adding the user if needed; role None removes)."""
        user = self.user_by_athom_id(athom_id)
        if user is None:
            user = HomeyUser(id=str(uuid.uuid4()), athom_id=athom_id, name=name, role=role)
            self.users[user.id] = user
        user.role = role
        return user

    def remove_user(self, athom_id: str) -> None:
        user = self.user_by_athom_id(athom_id)
        if user is not None:
            del self.users[user.id]

    def login(
        self,
        athom_id: str,
        scopes: list[str],
        now: float,
        lifetime: float,
        client_id: str | None,
        client_name: str | None,
    ) -> str:
        user = self.user_by_athom_id(athom_id)
        if user is None:
            raise HomeyError(401, "Not A User", "This account is not a user of this Homey")
        token = new_token()
        self.sessions[token] = Session(
            id=str(uuid.uuid4()),
            token=token,
            type="OAUTH",
            user_id=user.id,
            scopes=list(scopes),
            created_at=now,
            expires_at=now + lifetime,
            client_id=client_id,
            client_name=client_name,
        )
        return token

    def authenticate(self, token: str | None, now: float) -> Session:
        """The live session for a bearer token, or 401."""
        if not token:
            raise HomeyError(401, "Invalid Session", "Missing Authorization header")
        session = self.sessions.get(token)
        if session is None:
            raise HomeyError(401, "Invalid Session", "Unknown or revoked session token")
        if session.expires_at is not None and now >= session.expires_at:
            del self.sessions[token]
            raise HomeyError(401, "Invalid Session", "Session expired")
        if session.user_id not in self.users:
            raise HomeyError(401, "Invalid Session", "The user was removed from this Homey")
        return session

    def intersected_scopes(self, session: Session) -> list[str]:
        role = self.users[session.user_id].role
        return scope_rules.intersect(session.scopes, scope_rules.role_scopes(role))

    def require(self, session: Session, required: tuple[str, ...]) -> None:
        """403 ``Missing Scopes`` unless the session holds one of ``required``."""
        if required and not scope_rules.allows(self.intersected_scopes(session), required):
            raise HomeyError(403, "Missing Scopes", "Missing Scopes: " + ", ".join(required))

    def expire_sessions(self) -> int:
        """Drop every login session (API keys stay valid). Returns how many went."""
        gone = [t for t, s in self.sessions.items() if s.type != "PAT"]
        for token in gone:
            del self.sessions[token]
        return len(gone)

    def session_json(self, session: Session) -> dict[str, Any]:
        user = self.users[session.user_id]
        return {
            "id": session.id,
            "type": session.type,
            "userId": user.id,
            "userName": user.name,
            "userAthomId": user.athom_id,
            "clientId": session.client_id,
            "clientName": session.client_name,
            "scopes": session.scopes,
            "intersectedScopes": self.intersected_scopes(session),
            "createdAt": iso(session.created_at),
            "expiresAt": iso(session.expires_at),
        }

    # -- API keys -----------------------------------------------------------------------

    def _require_owner_login(self, session: Session) -> None:
        if session.type == "PAT":
            raise HomeyError(
                403, "Invalid Session Type", "API keys cannot manage API keys; sign in as the owner"
            )
        if self.users[session.user_id].role != "owner":
            raise HomeyError(403, "Must Be Owner", "Only the owner of this Homey can do this")

    def list_pats(self, session: Session) -> dict[str, dict[str, Any]]:
        self._require_owner_login(session)
        return {
            s.id: self.pat_json(s)
            for s in self.sessions.values()
            if s.type == "PAT" and s.user_id == session.user_id
        }

    def create_pat(
        self,
        session: Session,
        name: Any,
        scopes: Any,
        now: float,
        token: str | None = None,
        pat_id: str | None = None,
    ) -> dict[str, Any]:
        self._require_owner_login(session)
        if not isinstance(name, str) or not name.strip():
            raise HomeyError(400, "Missing Parameter: name")
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise HomeyError(400, "Invalid Parameter: scopes", "scopes must be an array of strings")
        unknown = [s for s in scopes if not scope_rules.is_known(s)]
        if unknown:
            raise HomeyError(400, "Invalid Scope", "Unknown scopes: " + ", ".join(unknown))
        pat = self.add_pat(session.user_id, name.strip(), scopes, now, token=token, pat_id=pat_id)
        return {**self.pat_json(pat), "token": pat.token}

    def add_pat(
        self,
        user_id: str,
        name: str,
        scopes: list[str],
        now: float,
        token: str | None = None,
        pat_id: str | None = None,
    ) -> Session:
        pat = Session(
            id=pat_id or str(uuid.uuid4()),
            token=token or new_token(),
            type="PAT",
            user_id=user_id,
            scopes=list(scopes),
            created_at=now,
            name=name,
        )
        self.sessions[pat.token] = pat
        return pat

    def delete_pat(self, session: Session, pat_id: str) -> None:
        self._require_owner_login(session)
        for token, s in list(self.sessions.items()):
            if s.type == "PAT" and s.id == pat_id and s.user_id == session.user_id:
                del self.sessions[token]
                return
        raise HomeyError(404, f"Not Found: PersonalAccessToken with ID {pat_id}")

    @staticmethod
    def pat_json(pat: Session) -> dict[str, Any]:
        return {
            "id": pat.id,
            "name": pat.name,
            "scopes": pat.scopes,
            "createdAt": iso(pat.created_at),
        }

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
            "warningMessage": None,
            "ready": True,
            "repair": False,
            "unpair": False,
            "images": [],
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
            "homeyVersion": HOMEY_VERSION,
            "homeyModelId": HOMEY_MODEL_ID,
            "homeyModelName": HOMEY_MODEL_NAME,
            "platform": "local",
            "platformVersion": 2,
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


_COMPONENTS = (
    ("toggle", ("onoff", "locked", "volume_mute", "speaker_playing")),
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
