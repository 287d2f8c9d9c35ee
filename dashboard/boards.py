"""A dashboard as tiles: the Homey's default board (devices by zone) or a stored one.

``build_board`` turns a snapshot into ``Board``/``TileView`` objects for the templates. With
``held`` (the version a page holds) only the tiles whose sources changed since are built;
``Board.full`` then says whether the page needs the whole board instead (its layout changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard import clock, energy_history, grants, history, homey_health, icons, panels
from dashboard.access import Viewer
from dashboard.homey.types import Device, Zone
from dashboard.models import Dashboard, Tile
from dashboard.presentation import TileView, device_capabilities, fill_device, fill_variable
from dashboard.snapshot import Snapshot, source_key

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SLOW_POLL_FACTOR = 12
SLOW_POLL_MINIMUM = 60
DEFAULT_OPEN_ALERT_MINUTES = 10
ALERT_TEXT = {
    "alarm_smoke": gettext_lazy("Smoke: %(device)s"),
    "alarm_co": gettext_lazy("Carbon monoxide: %(device)s"),
    "alarm_water": gettext_lazy("Water: %(device)s"),
    "alarm_fire": gettext_lazy("Fire: %(device)s"),
}
ALARM_STATES = ("armed", "partially_armed")
ALERT_ICONS = {
    "alarm_smoke": "smoke",
    "alarm_fire": "smoke",
    "alarm_co": "co",
    "alarm_water": "water",
    "open": "contact",
}


@dataclass
class Alert:
    """Something the whole household should see now, on every board and wall screen.
    ``urgent`` ones wake a night-dimmed wall screen until they clear."""

    device_id: str
    text: str
    kind: str
    urgent: bool = True
    since: datetime | None = None

    @property
    def icon(self) -> str:
        """Its symbol in the vendored icons (``dashboard.icons.SPRITE``)."""
        return ALERT_ICONS.get(self.kind, "homealarm")


def alerts_of(snap: Snapshot, open_minutes: int) -> tuple[list[Alert], datetime | None]:
    """The household's alerts now, and when the next open door or window becomes one."""
    now = clock.now()
    found: list[Alert] = []
    due: datetime | None = None
    for device in sorted(snap.devices.values(), key=lambda d: d.name.lower()):
        caps = device.capabilities
        for capability in caps.values():
            base, on = capability.base_id, capability.value is True
            if base in ALERT_TEXT and on:
                text = ALERT_TEXT[base] % {"device": device.name}
                found.append(Alert(device.id, text, base, since=capability.last_updated))
            elif base == "alarm_generic" and on and device.device_class == "homealarm":
                text = _("%(device)s: the alarm is going off") % {"device": device.name}
                found.append(Alert(device.id, text, "alarm", since=capability.last_updated))
            elif base == "homealarm_state" and capability.value in ALARM_STATES:
                text = _("%(device)s is armed") % {"device": device.name}
                found.append(Alert(device.id, text, "armed", urgent=False))
            elif base == "alarm_contact" and on and capability.last_updated is not None:
                becomes = capability.last_updated + timedelta(minutes=open_minutes)
                if becomes <= now:
                    text = _("%(device)s has been open since %(time)s") % {
                        "device": device.name,
                        "time": time_format(timezone.localtime(capability.last_updated), "H:i"),
                    }
                    found.append(Alert(device.id, text, "open", since=capability.last_updated))
                else:
                    due = becomes if due is None else min(due, becomes)
    found.sort(key=lambda alert: not alert.urgent)
    return found, due


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
    problem: StrOrPromise
    groups: list[Group] = field(default_factory=list)
    full: bool = True
    # a wall screen's notice in its header: what is wrong with the Homey (owners' and
    # managers' kiosks only; ``shows_health`` says the screen has the notice, empty or not)
    health: list[homey_health.Problem] = field(default_factory=list)
    shows_health: bool = False
    alerts: list[Alert] = field(default_factory=list)
    alert_due: datetime | None = None

    @property
    def urgent(self) -> bool:
        return any(alert.urgent for alert in self.alerts)

    # the kiosk header's weather, when it is to be drawn (whole board, or it changed)
    weather: panels.WeatherView | None = None

    @property
    def slow_poll_seconds(self) -> int:
        return max(self.poll_seconds * SLOW_POLL_FACTOR, SLOW_POLL_MINIMUM)

    @property
    def poll_query(self) -> str:
        query = f"v={self.version}&l={self.layout}"
        if self.alert_due is not None:  # ask again then, even if nothing else changed
            query += f"&a={int(self.alert_due.timestamp())}"
        return query

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
    since = held or 0  # when ``held`` is None or 0 the board is ``full`` anyway
    everything = full or snap.stale_version > since

    def wanted(sources: frozenset[str]) -> bool:
        return everything or any(snap.changed_since(source, since) for source in sources)

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
        shows_health=_shows_health(viewer),
    )
    if board.shows_health:
        board.health = homey_health.problems(snap)
    minutes = dashboard.open_alert_minutes if dashboard else DEFAULT_OPEN_ALERT_MINUTES
    board.alerts, board.alert_due = alerts_of(snap, minutes)
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
            if wanted(panels.camera_sources(image_id))
        ]
        if house:
            board.groups.insert(0, Group("house", _("At home"), house))
    else:
        stored = list(dashboard.tiles.all())
        subtitles = distinguishing_subtitles(stored, snap)
        tiles = []
        for tile in stored:
            if wanted(sources_of(tile) | art_sources(snap, tile.device_id)):
                view = maker.stored(tile)
                view.subtitle = subtitles.get(tile.pk, "")
                tiles.append(view)
        board.groups = [Group("tiles", "", tiles)] if stored else []
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
                if wanted(device_sources(snap, device.id))
            ]
            groups.append(Group(zone_id or "other", title, tiles))
    return groups


def art_sources(snap: Snapshot, device_id: str) -> frozenset[str]:
    """The images a device's tile shows (a speaker's album art): the tile is drawn again when
    the Homey changes one, which can be a moment after the track itself changed."""
    if not device_id:
        return frozenset()
    return frozenset(f"camera:{i.id}" for i in snap.images.values() if i.device_id == device_id)


def device_sources(snap: Snapshot, device_id: str) -> frozenset[str]:
    return frozenset({source_key("device", device_id)}) | art_sources(snap, device_id)


def sources_of(tile: Tile) -> frozenset[str]:
    """What a stored tile reads: its item, and the optional part it comes in (``part:<name>``)."""
    if tile.kind in panels.PARTS:
        return panels.sources(tile.kind)
    if tile.kind == Tile.Kind.CAMERA:
        return panels.camera_sources(tile.image_id)
    part = part_of(tile)
    if tile.kind == Tile.Kind.VARIABLE:
        return frozenset({source_key("variable", tile.variable_id), source_key("part", part)})
    if tile.kind == Tile.Kind.FLOW:
        prefix = "advancedflow" if tile.flow_advanced else "flow"
        return frozenset({source_key(prefix, tile.flow_id), source_key("part", part)})
    return frozenset({source_key("device", tile.device_id)})


def plain_title(tile: Tile, snap: Snapshot) -> str:
    """The title a stored tile carries on the board: its own, or its item's name."""
    if tile.title:
        return tile.title
    if tile.kind in panels.PARTS:
        zone = snap.zones.get(tile.zone_id) if tile.zone_id else None
        title = str(panels.TITLES[tile.kind])
        return f"{title} · {zone.name}" if zone else title
    if tile.kind == Tile.Kind.CAMERA:
        image = snap.images.get(tile.image_id)
        device = snap.devices.get(image.device_id) if image else None
        return device.name if device else ""
    if tile.kind == Tile.Kind.VARIABLE:
        variable = snap.variables.get(tile.variable_id)
        return variable.name if variable else ""
    if tile.kind == Tile.Kind.FLOW:
        flow = snap.flow(tile.flow_id, advanced=tile.flow_advanced)
        return flow.name if flow else ""
    device = snap.devices.get(tile.device_id)
    return device.name if device else ""


def distinguishing_subtitles(tiles: list[Tile], snap: Snapshot) -> dict[int, str]:
    """For tiles that would carry the same title, a line saying where each comes from
    (zone, device, value); ``{tile.pk: subtitle}``, only for those tiles."""
    titles: dict[str, list[Tile]] = defaultdict(list)
    for tile in tiles:
        titles[plain_title(tile, snap).casefold()].append(tile)
    subtitles = {}
    for alike in titles.values():
        if len(alike) < 2:
            continue
        for tile in alike:
            subtitles[tile.pk] = source_description(tile, snap)
    return subtitles


def source_description(tile: Tile, snap: Snapshot) -> str:
    """Where a tile's value comes from, as people name it: "Kitchen · Fridge · Power"."""
    if tile.kind == Tile.Kind.VARIABLE:
        return _("Logic variable")
    if tile.kind == Tile.Kind.FLOW:
        return _("Advanced Flow") if tile.flow_advanced else _("Flow")
    if tile.kind in panels.PARTS:
        return str(tile.get_kind_display())
    device_id = tile.device_id
    if tile.kind == Tile.Kind.CAMERA:
        image = snap.images.get(tile.image_id)
        device_id = image.device_id if image else ""
    device = snap.devices.get(device_id)
    if device is None:
        return ""
    zone = snap.zones.get(device.zone_id)
    # the device's name only where the tile's title is not already it
    named = device.name.casefold() == plain_title(tile, snap).casefold()
    parts = [zone.name if zone else "", "" if named else device.name]
    if tile.kind in (Tile.Kind.CAPABILITY, Tile.Kind.HISTORY):
        capability = device.capabilities.get(tile.capability_id)
        parts.append(capability.title if capability and capability.title else tile.capability_id)
    return " · ".join(part for part in parts if part)


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
            sources=device_sources(self.snap, device.id),
            control_url=reverse("device_control", args=[device.id]),
            fragment_url=reverse("device_fragment", args=[device.id]),
            **self._common(),
        )
        view.icon_href = icons.href(device)
        return self._with_art(fill_device(view, device, device_capabilities(device)), device)

    def _with_art(self, view: TileView, device: Device) -> TileView:
        """A speaker's tile shows its album art when the Homey gives one (the browser asks
        homeydash for it, never the Homey)."""
        if view.media is None:
            return view
        image = panels.album_art(self.snap, device)
        if image is None or not grants.may_read(self.viewer, self.request, "images"):
            return view
        version = panels.art_version(device, image)
        view.media.art_url = f"{reverse('album_art', args=[device.id])}?v={version}"
        return view

    def stored(self, tile: Tile, period: str = "day", nonce: str = "") -> TileView:
        """A stored tile (``period``: an energy chart's; ``nonce``: a camera's new still)."""
        view = TileView(
            dom_id=f"tile-{tile.code}",
            kind=tile.kind,
            title=tile.title,
            sources=sources_of(tile),
            tile=tile,
            size=tile.size,
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
        if tile.kind in panels.PARTS:
            return self._house(view, tile, period)
        if tile.kind == Tile.Kind.CAMERA:
            return self._camera(view, tile, nonce)
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
        view.icon_href = icons.href(device)
        if tile.kind == Tile.Kind.DEVICE:
            chosen = device_capabilities(device, tile.capabilities)
            return self._with_art(fill_device(view, device, chosen), device)
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

    def _house(self, view: TileView, tile: Tile, period: str) -> TileView:
        snap = self.snap
        if tile.zone_id and tile.zone_id not in snap.zones and "zones" not in snap.parts_stale:
            return self._gone(view, _("This zone is no longer on the Homey."))
        panels.fill_panel(view, tile.kind, self.viewer, self.request, snap, tile.zone_id, tile.code)
        view.title = plain_title(tile, snap)
        if tile.kind == Tile.Kind.ENERGY_CHART:
            url = reverse("tile_fragment", args=[tile.code])
            add_chart(view, self.viewer, self.request, period, url)
        return view

    def _camera(self, view: TileView, tile: Tile, nonce: str) -> TileView:
        if panels.camera_denied(view, self.viewer, self.request) is not None:
            view.title = view.title or _("Camera")
            return view
        if tile.image_id not in panels.camera_images(self.snap):
            return self._gone(view, _("This camera is no longer on the Homey."))
        still = reverse("tile_camera_still", args=[tile.code])
        return panels.fill_camera(view, self.snap, tile.image_id, still, nonce)


def house_tile(
    request: HttpRequest, viewer: Viewer, snap: Snapshot, kind: str, period: str = "day"
) -> TileView:
    """A house tile of the default board (weather, energy, its chart, moods, the timeline)."""
    view = panels.panel_tile(kind, viewer, request, snap)
    if kind == "energy_chart":
        add_chart(view, viewer, request, period)
    return view


def add_chart(
    view: TileView, viewer: Viewer, request: HttpRequest, period: str, url: str = ""
) -> TileView:
    """The energy chart of ``period`` in ``view`` (read on demand: ``energy_history``)."""
    panel = view.panel
    if panel is None or panel.denied:
        return view
    found = energy_history.report(viewer, request, period, panels.now_in(viewer))
    if found.report is None:
        panel.empty = _("Homey Energy has no report to show right now.")
    else:
        panel.chart = panels.chart_view(found.report, period, url)
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


def tile_for_stored(
    request: HttpRequest,
    viewer: Viewer,
    snap: Snapshot,
    tile: Tile,
    period: str = "day",
    nonce: str = "",
) -> TileView:
    view = TileMaker(request, viewer, snap).stored(tile, period, nonce)
    view.subtitle = distinguishing_subtitles(list(tile.dashboard.tiles.all()), snap).get(
        tile.pk, ""
    )
    return view
