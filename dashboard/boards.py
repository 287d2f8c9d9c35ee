"""A dashboard as tiles: the Homey's default board (devices by zone) or a stored one.

``build_board`` turns a snapshot into ``Board``/``TileView`` objects for the templates. With
``held`` (the version a page holds) only the tiles whose sources changed since are built;
``Board.full`` then says whether the page needs the whole board instead (its layout changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from dashboard import energy_history, grants, history, homey_health, panels
from dashboard.access import Viewer
from dashboard.homey.types import Device, Zone
from dashboard.models import Dashboard, Tile
from dashboard.snapshot import Snapshot, source_key
from dashboard.tiles import TileView, device_capabilities, fill_device, fill_variable

SLOW_POLL_FACTOR = 12
SLOW_POLL_MINIMUM = 60


@dataclass
class Group:
    id: str
    title: str
    tiles: list[TileView] = field(default_factory=list)


@dataclass
class Board:
    dashboard: Dashboard | None
    title: str
    version: int
    layout: int
    poll_url: str
    poll_seconds: int
    can_control: bool
    may_edit: bool
    loaded: bool
    stale_since: datetime | None
    problem: str
    groups: list[Group] = field(default_factory=list)
    full: bool = True
    # a wall screen's alert: what is wrong with the Homey (owners' and managers' kiosks only)
    health: list[homey_health.Problem] = field(default_factory=list)
    # the kiosk header's weather, when it is to be drawn (whole board, or it changed)
    weather: panels.WeatherView | None = None

    @property
    def slow_poll_seconds(self) -> int:
        return max(self.poll_seconds * SLOW_POLL_FACTOR, SLOW_POLL_MINIMUM)

    @property
    def poll_query(self) -> str:
        return f"v={self.version}&l={self.layout}"

    def tiles(self) -> Iterator[TileView]:
        for group in self.groups:
            yield from group.tiles


def layout_stamp(dashboard: Dashboard | None) -> int:
    return dashboard.layout_version if dashboard is not None else 0


def build_board(
    request: HttpRequest,
    viewer: Viewer,
    snap: Snapshot,
    dashboard: Dashboard | None = None,
    *,
    held: int | None = None,
    held_layout: int | None = None,
    poll_seconds: int = 5,
) -> Board:
    """The board for ``dashboard`` (None: the default board) from ``snap``.

    With ``held`` only changed tiles are built, unless the page must be redrawn whole.
    """
    layout = layout_stamp(dashboard)
    full = (
        held is None
        or held <= 0
        or held > snap.version
        or (dashboard is None and snap.structure_version > held)
        or (held_layout is not None and held_layout != layout)
    )
    everything = full or snap.stale_version > held

    def wanted(sources: frozenset[str]) -> bool:
        return everything or any(snap.changed_since(source, held) for source in sources)

    board = Board(
        dashboard=dashboard,
        title=dashboard.name if dashboard else viewer.household.name,
        version=snap.version,
        layout=layout,
        poll_url=reverse("dashboard_poll", args=[dashboard.code])
        if dashboard
        else reverse("board_poll"),
        poll_seconds=poll_seconds,
        can_control=viewer.can_control,
        may_edit=dashboard is not None and viewer.may_edit(dashboard),
        loaded=snap.loaded,
        stale_since=snap.stale_since,
        problem=snap.problem,
        full=full,
        health=homey_health.problems(snap) if _shows_health(viewer) else [],
    )
    maker = TileMaker(request, viewer, snap)
    if dashboard is None:
        board.groups = default_groups(snap, maker, wanted)
        house = [
            house_tile(request, viewer, snap, kind)
            for kind in panels.house_kinds(viewer, request, snap)
            if wanted(panels.sources(kind))
        ]
        house += [
            panels.camera_tile(viewer, request, snap, image_id)
            for image_id in panels.camera_tiles(viewer, request, snap)
            if wanted(frozenset({f"camera:{image_id}", "part:images"}))
        ]
        if house:
            board.groups.insert(0, Group("house", _("At home"), house))
    else:
        tiles = [maker.stored(tile) for tile in dashboard.tiles.all() if wanted(sources_of(tile))]
        board.groups = [Group("tiles", "", tiles)]
    board.weather = _header_weather(request, viewer, snap, full, wanted)
    return board


def _shows_health(viewer: Viewer) -> bool:
    """The alert is for wall screens (a person's page stays calm; their account page has
    the list), and only for those an owner or manager set up."""
    return viewer.kiosk is not None and homey_health.visible_to(viewer)


def zone_order(zones: dict[str, Zone]) -> list[Zone]:
    """Zones depth first from the root(s), siblings by name: the Homey app's tree order."""
    children: dict[str, list[Zone]] = defaultdict(list)
    for zone in zones.values():
        parent = zone.parent_id if zone.parent_id in zones else ""
        children[parent].append(zone)
    ordered: list[Zone] = []
    stack = sorted(children[""], key=lambda z: z.name.lower(), reverse=True)
    while stack:
        zone = stack.pop()
        ordered.append(zone)
        stack.extend(sorted(children[zone.id], key=lambda z: z.name.lower(), reverse=True))
    return ordered


def default_groups(snap: Snapshot, maker: TileMaker, wanted) -> list[Group]:
    by_zone: dict[str, list[Device]] = defaultdict(list)
    for device in sorted(snap.devices.values(), key=lambda d: d.name.lower()):
        zone_id = device.zone_id if device.zone_id in snap.zones else ""
        by_zone[zone_id].append(device)
    groups = []
    zones = [(zone.id, zone.name) for zone in zone_order(snap.zones)]
    for zone_id, title in [*zones, ("", _("Other devices"))]:
        devices = by_zone.get(zone_id)
        if devices:
            tiles = [
                maker.device(device)
                for device in devices
                if wanted(frozenset({source_key("device", device.id)}))
            ]
            groups.append(Group(zone_id or "other", title, tiles))
    return groups


def sources_of(tile: Tile) -> frozenset[str]:
    """What a stored tile reads: its item, and the optional part it comes in (``part:<name>``)."""
    part = part_of(tile)
    if tile.kind == Tile.Kind.VARIABLE:
        return frozenset({source_key("variable", tile.variable_id), source_key("part", part)})
    if tile.kind == Tile.Kind.FLOW:
        prefix = "advancedflow" if tile.flow_advanced else "flow"
        return frozenset({source_key(prefix, tile.flow_id), source_key("part", part)})
    return frozenset({source_key("device", tile.device_id)})


def part_of(tile: Tile) -> str:
    """The snapshot's optional part a stored tile depends on ('' for devices: not optional)."""
    if tile.kind == Tile.Kind.VARIABLE:
        return "variables"
    if tile.kind == Tile.Kind.FLOW:
        return "advanced_flows" if tile.flow_advanced else "flows"
    return ""


class TileMaker:
    """Builds tile views for one viewer and snapshot."""

    def __init__(self, request: HttpRequest, viewer: Viewer, snap: Snapshot) -> None:
        self.request = request
        self.viewer = viewer
        self.snap = snap

    def _common(self) -> dict:
        return {"can_control": self.viewer.can_control, "stale_since": self.snap.stale_since}

    def device(self, device: Device) -> TileView:
        """A device on the default board."""
        view = TileView(
            dom_id=f"dev-{device.id}",
            kind="device",
            title=device.name,
            sources=frozenset({source_key("device", device.id)}),
            control_url=reverse("device_control", args=[device.id]),
            fragment_url=reverse("device_fragment", args=[device.id]),
            **self._common(),
        )
        return fill_device(view, device, device_capabilities(device))

    def stored(self, tile: Tile) -> TileView:
        view = TileView(
            dom_id=f"tile-{tile.code}",
            kind=tile.kind,
            title=tile.title,
            sources=sources_of(tile),
            tile=tile,
            control_url=reverse("tile_control", args=[tile.code]),
            fragment_url=reverse("tile_fragment", args=[tile.code]),
            **self._common(),
        )
        part = part_of(tile)
        if part and view.stale_since is None:
            # This part failed on its own: only the tiles that read it are stale.
            view.stale_since = self.snap.parts_stale.get(part)
        if tile.kind == Tile.Kind.VARIABLE:
            return self._variable(view, tile)
        if tile.kind == Tile.Kind.FLOW:
            return self._flow(view, tile)
        return self._device(view, tile)

    def _gone(self, view: TileView, message: str) -> TileView:
        view.missing = True
        if not self.snap.loaded:
            message = _("Waiting for the Homey to answer.")
        elif view.stale_since is not None:
            message = _("The Homey did not send this part of its state; trying again.")
        view.message = message
        view.title = view.title or _("Unknown")
        return view

    def _device(self, view: TileView, tile: Tile) -> TileView:
        device = self.snap.devices.get(tile.device_id)
        if device is None:
            return self._gone(view, _("This device is no longer on the Homey."))
        view.title = view.title or device.name
        if tile.kind == Tile.Kind.DEVICE:
            return fill_device(view, device, device_capabilities(device, tile.capabilities))
        capability = device.capabilities.get(tile.capability_id)
        if capability is None:
            return self._gone(view, _("This device no longer has this value."))
        fill_device(view, device, [capability])
        if tile.kind == Tile.Kind.HISTORY:
            view.history = history.sparkline(
                self.viewer,
                self.request,
                device.id,
                capability,
                offline=self.snap.stale_since is not None,
            )
        return view

    def _variable(self, view: TileView, tile: Tile) -> TileView:
        variable = self.snap.variables.get(tile.variable_id)
        if variable is None:
            return self._gone(view, _("This variable is no longer on the Homey."))
        view.title = view.title or variable.name
        return fill_variable(view, variable)

    def _flow(self, view: TileView, tile: Tile) -> TileView:
        flow = self.snap.flow(tile.flow_id, advanced=tile.flow_advanced)
        if flow is None:
            return self._gone(view, _("This flow is no longer on the Homey."))
        view.title = view.title or flow.name
        view.flow = flow
        view.can_control = view.can_control and flow.enabled and flow.triggerable
        return view


def house_tile(
    request: HttpRequest, viewer: Viewer, snap: Snapshot, kind: str, period: str = "day"
) -> TileView:
    """A house tile (weather, energy, its chart, moods, the timeline) for this viewer."""
    view = panels.panel_tile(kind, viewer, request, snap)
    panel = view.panel
    if kind == "energy_chart" and not panel.denied:
        found = energy_history.report(viewer, request, period, panels.now_in(viewer))
        if found.report is None:
            panel.empty = _("Homey Energy has no report to show right now.")
        else:
            panel.chart = panels.chart_view(found.report, period)
        view.stale_since = view.stale_since or found.stale_since
    return view


def _header_weather(request, viewer, snap, full: bool, wanted) -> panels.WeatherView | None:
    """The kiosk header's weather: on a whole board, or in a poll when it changed."""
    if viewer.kiosk is None or snap.weather is None:
        return None
    if not (full or wanted(frozenset({"weather"}))):
        return None
    if not grants.may_read(viewer, request, "weather"):
        return None
    return panels.weather_view(snap.weather)


def tile_for_device(request: HttpRequest, viewer: Viewer, snap: Snapshot, device: Device):
    return TileMaker(request, viewer, snap).device(device)


def tile_for_stored(request: HttpRequest, viewer: Viewer, snap: Snapshot, tile: Tile):
    return TileMaker(request, viewer, snap).stored(tile)
