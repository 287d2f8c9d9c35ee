"""The dashboard editor's helpers: how the edit page lists tiles, what it offers to add, the
tile made from a choice, and the changes to a dashboard's tiles with what they tell people (the
views in ``views/editing.py`` stay views)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.http import QueryDict
from django.utils.translation import gettext as _

from dashboard import panels
from dashboard.boards import distinguishing_subtitles, plain_title, zone_order
from dashboard.models import Dashboard, Tile
from dashboard.presentation import device_capabilities
from dashboard.snapshot import Snapshot


def tiles_context(
    dashboard: Dashboard, snap: Snapshot, opened: Tile | None = None, **more: object
) -> dict:
    """What the edit page's tile list needs (``opened``: the tile whose settings stay open)."""
    return {
        "dashboard": dashboard,
        "rows": tile_rows(dashboard, snap),
        "opened": opened.code if opened else None,
        "sizes": Tile.Size.choices,
        **more,
    }


def tile_rows(dashboard: Dashboard, snap: Snapshot) -> list[dict]:
    """The edit page's list; tiles that would read alike get where they come from beside."""
    tiles = list(dashboard.tiles.all())
    subtitles = distinguishing_subtitles(tiles, snap)
    rows = [tile_row(tile, snap) for tile in tiles]
    for row in rows:
        row["subtitle"] = subtitles.get(row["tile"].pk, "")
    return rows


def tile_row(tile: Tile, snap: Snapshot) -> dict:
    """A tile as the edit page lists it: what it shows, and for a device its capabilities."""
    device = snap.devices.get(tile.device_id) if tile.device_id else None
    label = tile.title
    capabilities = []
    if tile.kind in HOUSE_KINDS:
        label = plain_title(tile, snap) or _("Unknown camera")
    elif tile.kind == Tile.Kind.VARIABLE:
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


Choices = list[tuple[str, list[tuple[str, str]]]]
HOUSE = "house"  # the add form of the house tiles: its source names the kind
HOUSE_KINDS = (*panels.PARTS, Tile.Kind.CAMERA)


def tile_choices(snap: Snapshot) -> dict[str, Choices]:
    """What can be added, from the Homey's own lists, grouped as the edit page shows them:
    ``{kind: [(group, [(source, label)])]}``; devices by zone, values by zone and device."""
    zones = {zone.id: zone.name for zone in snap.zones.values()}
    order = {zone.id: n for n, zone in enumerate(zone_order(snap.zones))}
    devices = sorted(
        snap.devices.values(), key=lambda d: (order.get(d.zone_id, len(order)), d.name.lower())
    )
    device_choices: dict[str, list[tuple[str, str]]] = {}
    value_choices: Choices = []
    history_choices: Choices = []
    for device in devices:
        where = zones.get(device.zone_id, "") or _("Other devices")
        device_choices.setdefault(where, []).append((device.id, device.name))
        group = f"{where} · {device.name}"
        values, numbers = [], []
        for capability in device.capabilities.values():
            source = f"{device.id}/{capability.id}"
            title = capability.title or capability.id
            values.append((source, title))
            if capability.type == "number" and capability.getable:
                numbers.append((source, title))
        if values:
            value_choices.append((group, values))
        if numbers:
            history_choices.append((group, numbers))
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
        "device": list(device_choices.items()),
        "capability": value_choices,
        "history": history_choices,
        "variable": [("", sorted(variables, key=lambda c: c[1].lower()))] if variables else [],
        "flow": [("", sorted(flows, key=lambda c: c[1].lower()))] if flows else [],
        HOUSE: house_choices(snap, zones, order),
    }


def house_choices(snap: Snapshot, zones: dict[str, str], order: dict[str, int]) -> Choices:
    """The house tiles: weather and energy, moods (all, or a zone's), the timeline, and a
    camera per device image (a speaker's album art is on the speaker's tile). Offered whether
    or not a viewer may read them: the tile then says so to whoever may not."""
    kind = dict(Tile.Kind.choices)
    mood_zones = sorted(
        {mood.zone_id for mood in snap.moods.values() if mood.zone_id in zones},
        key=lambda zone_id: order.get(zone_id, len(order)),
    )
    cameras = [
        (f"camera/{i}", snap.devices[snap.images[i].device_id].name)
        for i in panels.camera_images(snap)
    ]
    groups: Choices = [
        (
            _("At home"),
            [(k, str(kind[k])) for k in ("weather", "energy", "energy_chart", "timeline")],
        ),
        (
            str(kind["moods"]),
            [("moods", _("All moods")), *((f"moods/{z}", zones[z]) for z in mood_zones)],
        ),
    ]
    if cameras:
        groups.append((_("Cameras"), cameras))
    return groups


def new_tile(dashboard: Dashboard, kind: str, source: str, snap: Snapshot) -> Tile | None:
    """The tile for ``source`` (as offered by ``tile_choices``), or None if it is not there."""
    offered = {
        value for _group, options in tile_choices(snap).get(kind, []) for value, _ in options
    }
    if source not in offered:
        return None
    tile = Tile(dashboard=dashboard, kind=kind)
    if kind == HOUSE:
        tile.kind, _sep, item = source.partition("/")
        if tile.kind == Tile.Kind.MOODS:
            tile.zone_id = item
        elif tile.kind == Tile.Kind.CAMERA:
            tile.image_id = item
    elif kind == Tile.Kind.DEVICE:
        tile.device_id = source
    elif kind in (Tile.Kind.CAPABILITY, Tile.Kind.HISTORY):
        tile.device_id, tile.capability_id = source.split("/", 1)
    elif kind == Tile.Kind.VARIABLE:
        tile.variable_id = source
    elif kind == Tile.Kind.FLOW:
        prefix, tile.flow_id = source.split("/", 1)
        tile.flow_advanced = prefix == "advancedflow"
    return tile


def tile_label(tile: Tile, snap: Snapshot) -> str:
    return tile_row(tile, snap)["label"]


def append_tile(dashboard: Dashboard, tile: Tile, snap: Snapshot) -> str:
    """Save ``tile`` last on ``dashboard``; what to tell the person."""
    last = dashboard.tiles.aggregate(last=Max("position"))["last"]
    tile.position = 0 if last is None else last + 1
    tile.save()
    dashboard.touch()
    count = dashboard.tiles.count()
    return _("Added “%(tile)s” as tile %(position)d of %(count)d.") % {
        "tile": tile_label(tile, snap),
        "position": count,
        "count": count,
    }


def move_tile(tile: Tile, direction: str, snap: Snapshot) -> str:
    """One place ``up`` or ``down`` (anything else: none); positions are renumbered 0..n-1."""
    step = {"up": -1, "down": 1}.get(direction)
    with transaction.atomic():
        tiles = list(tile.dashboard.tiles.select_for_update())
        index = next(n for n, t in enumerate(tiles) if t.pk == tile.pk)
        if step is not None and 0 <= index + step < len(tiles):
            tiles[index], tiles[index + step] = tiles[index + step], tiles[index]
        renumber(tiles)
    tile.dashboard.touch()
    return moved(tile, tiles, snap)


def reorder(dashboard: Dashboard, codes: list[str]) -> list[Tile] | None:
    """The tiles in the order of ``codes`` (every tile's code exactly once), saved; None
    (nothing changed) when ``codes`` is anything else."""
    with transaction.atomic():
        tiles = list(dashboard.tiles.select_for_update())
        by_code = {str(tile.code): tile for tile in tiles}
        if len(codes) != len(tiles) or set(codes) != set(by_code):
            return None
        ordered = [by_code[each] for each in codes]
        renumber(ordered)
    dashboard.touch()
    return ordered


def renumber(tiles: list[Tile]) -> None:
    for position, each in enumerate(tiles):
        if each.position != position:
            Tile.objects.filter(pk=each.pk).update(position=position)


def moved(tile: Tile, tiles: list[Tile], snap: Snapshot) -> str:
    position = next(n for n, t in enumerate(tiles) if t.pk == tile.pk) + 1
    return _("“%(tile)s” is now tile %(position)d of %(count)d.") % {
        "tile": tile_label(tile, snap),
        "position": position,
        "count": len(tiles),
    }


def tune_tile(tile: Tile, data: QueryDict, snap: Snapshot) -> bool:
    """A tile's own title, its size and, for a device tile, which capabilities it shows;
    False (nothing saved) when the size is not one offered."""
    size = data.get("size", tile.size)
    if size not in Tile.Size.values:
        return False
    tile.title = data.get("title", "").strip()[:80]
    tile.size = size
    fields = ["title", "size"]
    if tile.kind == Tile.Kind.DEVICE:
        device = snap.devices.get(tile.device_id)
        chosen = set(data.getlist("capabilities"))
        if device is not None:
            tile.capabilities = [c for c in device.capability_ids if c in chosen]
            fields.append("capabilities")
    tile.save(update_fields=fields)
    tile.dashboard.touch()
    return True
