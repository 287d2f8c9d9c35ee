"""The dashboard editor's helpers: how the edit page lists tiles, what it offers to add,
and the tile made from a choice (the views in ``views/editing.py`` stay views)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dashboard.boards import zone_order
from dashboard.models import Dashboard, Tile
from dashboard.snapshot import Snapshot
from dashboard.tiles import device_capabilities


def tile_row(tile: Tile, snap: Snapshot) -> dict:
    """A tile as the edit page lists it: what it shows, and for a device its capabilities."""
    device = snap.devices.get(tile.device_id) if tile.device_id else None
    label = tile.title
    capabilities = []
    if tile.kind == Tile.Kind.VARIABLE:
        variable = snap.variables.get(tile.variable_id)
        label = label or (variable.name if variable else _("Unknown variable"))
    elif tile.kind == Tile.Kind.FLOW:
        flow = snap.flow(tile.flow_id, advanced=tile.flow_advanced)
        label = label or (flow.name if flow else _("Unknown flow"))
    elif device is None:
        label = label or _("Unknown device")
    else:
        label = label or device.name
        if tile.kind != Tile.Kind.DEVICE:
            capability = device.capabilities.get(tile.capability_id)
            label = f"{label} · {capability.title if capability else tile.capability_id}"
        else:
            shown = {c.id for c in device_capabilities(device, tile.capabilities)}
            capabilities = [
                {"id": c.id, "title": c.title or c.id, "checked": c.id in shown}
                for c in device.capabilities.values()
            ]
    return {"tile": tile, "label": label, "capabilities": capabilities}


def tile_choices(snap: Snapshot) -> dict[str, list[tuple[str, str]]]:
    """What can be added, from the Homey's own lists: ``{kind: [(source, label)]}``."""
    zones = {zone.id: zone.name for zone in snap.zones.values()}
    order = {zone.id: n for n, zone in enumerate(zone_order(snap.zones))}
    devices = sorted(
        snap.devices.values(), key=lambda d: (order.get(d.zone_id, len(order)), d.name.lower())
    )
    device_choices, value_choices, history_choices = [], [], []
    for device in devices:
        where = zones.get(device.zone_id, "")
        name = f"{where} · {device.name}" if where else device.name
        device_choices.append((device.id, name))
        for capability in device.capabilities.values():
            source = f"{device.id}/{capability.id}"
            value_choices.append((source, f"{name} · {capability.title or capability.id}"))
            if capability.type == "number" and capability.getable:
                history_choices.append((source, f"{name} · {capability.title or capability.id}"))
    flows = [
        *((f"flow/{f.id}", f.name) for f in snap.flows.values() if f.enabled and f.triggerable),
        *(
            (f"advancedflow/{f.id}", f"{f.name} ({_('Advanced Flow')})")
            for f in snap.advanced_flows.values()
            if f.enabled and f.triggerable
        ),
    ]
    types = {"boolean": _("yes/no"), "number": _("number"), "string": _("text")}
    variables = [(v.id, f"{v.name} ({types.get(v.type, v.type)})") for v in snap.variables.values()]
    return {
        "device": device_choices,
        "capability": value_choices,
        "history": history_choices,
        "variable": sorted(variables, key=lambda c: c[1].lower()),
        "flow": sorted(flows, key=lambda c: c[1].lower()),
    }


def new_tile(dashboard: Dashboard, kind: str, source: str, snap: Snapshot) -> Tile | None:
    """The tile for ``source`` (as offered by ``tile_choices``), or None if it is not there."""
    if source not in {value for value, _label in tile_choices(snap).get(kind, [])}:
        return None
    tile = Tile(dashboard=dashboard, kind=kind)
    if kind == Tile.Kind.DEVICE:
        tile.device_id = source
    elif kind in (Tile.Kind.CAPABILITY, Tile.Kind.HISTORY):
        tile.device_id, tile.capability_id = source.split("/", 1)
    elif kind == Tile.Kind.VARIABLE:
        tile.variable_id = source
    elif kind == Tile.Kind.FLOW:
        prefix, tile.flow_id = source.split("/", 1)
        tile.flow_advanced = prefix == "advancedflow"
    return tile
