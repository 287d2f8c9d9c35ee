"""The tools the demo houses are built with (:mod:`emulator.house` holds the houses).

Ids are stable (uuid5 of the Homey id and the item's name, see :func:`item_id`).
"""

from __future__ import annotations

import uuid
from typing import Any

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
from emulator.icons import icon_id
from emulator.simulation import DAY, Battery, Meter, Power, Signal, ThermostatTemperature, unit_hash

_NAMESPACE = uuid.UUID("7d3f3a52-7c1e-4f0e-9a57-2f0f6c1d9b11")


def item_id(homey_id: str, kind: str, name: str) -> str:
    """The stable uuid of the ``kind`` ("device", "zone", ...) called ``name`` on a Homey."""
    return str(uuid.uuid5(_NAMESPACE, f"{homey_id}/{kind}/{name}"))


class Builder:
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
        extra.setdefault("icon", icon_id(driver))
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


def battery(per_week: int = 1) -> dict[str, Signal]:
    return {
        "measure_battery": Battery(per_week=per_week),
        "alarm_battery": Battery(per_week=per_week, low_alarm=True),
    }


def light(
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


def socket(watts: float, kwh: float, on: bool = True) -> dict[str, Any]:
    return {
        "onoff": on,
        "measure_power": Power(on_watts=watts),
        "meter_power": Meter(base=kwh, mean_watts=watts),
    }


def thermostat(target: float, with_mode: bool) -> dict[str, Any]:
    caps: dict[str, Any] = {
        "target_temperature": (target, {"min": 5, "max": 30, "step": 0.5}),
        "measure_temperature": ThermostatTemperature(has_mode=with_mode),
    }
    if with_mode:
        caps["thermostat_mode"] = "heat"
    return caps


def add_flow(
    b: Builder,
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


def add_advanced_flow(
    b: Builder,
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


def add_members(homey: Homey, members: list[tuple[str, str, str]]) -> None:
    for athom_id, name, role in members:
        user = homey.set_role(athom_id, name, role)
        user.id = item_id(homey.id, "user", athom_id)
    homey.users = {u.id: u for u in homey.users.values()}
