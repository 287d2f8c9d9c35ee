"""The things a Homey holds: devices and their capabilities, zones, variables, flows.

Plain dataclasses with the few rules that belong to one item (a device's value history).
Times are UTC epoch seconds (floats) of the emulator clock.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulator.capabilities import CapabilityDef, definition
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
    ready: bool = True  # False while its app is still starting (the Homey shows a spinner)
    warning_message: str | None = None
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
