"""The house on the wall: the weather, Homey Energy, moods and the timeline as tiles.

Each is computed from the snapshot for one viewer; the Homey's scopes for that viewer decide
whether it is shown (``dashboard.grants``): without them the tile holds a sentence instead.
Text is formatted here in the active locale; numbers for SVG are plain machine text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dashboard import clock, grants
from dashboard.energy_history import PERIODS
from dashboard.homey.types import Device, EnergyLive, EnergyReport, Image, Mood, Weather
from dashboard.presentation import TileView, plain

if TYPE_CHECKING:
    from dashboard.snapshot import Snapshot

NEW_SECONDS = 10 * 60
TIMELINE_LENGTH = 8
FORECAST_HOURS = 6

WEATHER_STATES = {
    "clear": (gettext_lazy("Clear"), "☀"),
    "clouds": (gettext_lazy("Cloudy"), "☁"),
    "rain": (gettext_lazy("Rain"), "🌧"),
    "drizzle": (gettext_lazy("Drizzle"), "🌦"),
    "snow": (gettext_lazy("Snow"), "❄"),
    "thunderstorm": (gettext_lazy("Thunderstorm"), "⛈"),
    "mist": (gettext_lazy("Mist"), "🌫"),
    "fog": (pgettext_lazy("weather", "Fog"), "🌫"),
}

DENIED = {
    "weather": gettext_lazy("The Homey does not share its weather with you."),
    "energy": gettext_lazy("The Homey does not share its energy use with you."),
    "moods": gettext_lazy("The Homey does not show you its moods."),
    "timeline": gettext_lazy("The Homey does not share its timeline with you."),
    "images": gettext_lazy("The Homey does not show you its cameras."),
}
UNKNOWN = gettext_lazy("homeydash cannot check with the Homey yet whether you may see this.")
TITLES = {
    "weather": gettext_lazy("Weather"),
    "energy": gettext_lazy("Energy"),
    "energy_chart": gettext_lazy("Energy use"),
    "moods": gettext_lazy("Moods"),
    "timeline": gettext_lazy("Timeline"),
}
# kind → (snapshot part, source its tile redraws on)
PARTS = {
    "weather": ("weather", "weather"),
    "energy": ("energy", "energy"),
    "energy_chart": ("energy", "energy-report"),
    "moods": ("moods", "moods"),
    "timeline": ("notifications", "timeline"),
}
GRANT_OF = {"notifications": "timeline"}


def asked_period(query: QueryDict) -> str:
    """The energy chart's period a request asks for (``?period=``; anything else: the day)."""
    period = query.get("period", "day")
    return period if period in PERIODS else "day"


def asked_refresh(query: QueryDict) -> str:
    """A camera tile's ``?refresh=`` (its button): a number that makes the still a new one."""
    nonce = query.get("refresh", "")
    return nonce if nonce.isdigit() and len(nonce) <= 12 else ""


def degrees(value: float | None) -> str:
    return "–" if value is None else f"{number_format(round(value, 1), 1)} °C"


def power(watts: float | None) -> str:
    if watts is None:
        return "–"
    if abs(watts) >= 1000:
        return f"{number_format(round(watts / 1000, 1), 1)} kW"
    return f"{number_format(round(watts), 0)} W"


def energy_text(wh: float | None) -> str:
    return "–" if wh is None else f"{number_format(round(wh / 1000, 1), 1)} kWh"


def weather_state(state: str) -> tuple[str, str]:
    found = WEATHER_STATES.get(state.lower())
    return (str(found[0]), found[1]) if found else (state, "")


# the views templates read ------------------------------------------------------------------


@dataclass
class HourView:
    time: str
    temperature: str
    symbol: str


@dataclass
class WeatherView:
    temperature: str
    state: str
    symbol: str
    high: str
    low: str
    place: str
    hours: list[HourView] = field(default_factory=list)


@dataclass
class Consumer:
    name: str
    power: str


@dataclass
class EnergyView:
    use: str
    solar: str
    grid: str
    grid_direction: str  # "import", "export" or ""
    battery: str = ""
    battery_direction: str = ""  # "charging", "discharging" or ""
    consumers: list[Consumer] = field(default_factory=list)


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    kind: str  # "use" or "solar"
    label: str


@dataclass
class ChartView:
    period: str
    periods: list[tuple[str, str, str]]  # (value, label, url)
    bars: list[Bar]
    width: int
    height: int
    used: str
    generated: str
    summary: str


@dataclass
class MoodButton:
    id: str
    name: str
    active: bool
    url: str


@dataclass
class MoodZone:
    name: str
    moods: list[MoodButton]


@dataclass
class MoodsView:
    zones: list[MoodZone]
    can_set: bool
    named_zones: bool = True  # False for one zone's tile, whose title names the zone


@dataclass
class TimelineEntry:
    text: str
    owner: str
    time: str
    new: bool


@dataclass
class CameraView:
    src: str
    alt: str
    refresh_url: str
    updated: str


@dataclass
class PanelView:
    """What a house tile holds: one of the views, or the sentence that stands in for it."""

    kind: str
    denied: str = ""
    empty: str = ""
    weather: WeatherView | None = None
    energy: EnergyView | None = None
    chart: ChartView | None = None
    moods: MoodsView | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)
    camera: CameraView | None = None


# building --------------------------------------------------------------------------------


def weather_view(weather: Weather) -> WeatherView:
    state, symbol = weather_state(weather.state)
    today = timezone.localdate(clock.now())
    temps = [weather.temperature] if weather.temperature is not None else []
    temps += [
        hour.temperature
        for hour in weather.hours
        if hour.time
        and hour.temperature is not None
        and timezone.localtime(hour.time).date() == today
    ]
    view = WeatherView(
        temperature=degrees(weather.temperature),
        state=state,
        symbol=symbol,
        high=degrees(max(temps)) if temps else "–",
        low=degrees(min(temps)) if temps else "–",
        place=weather.place,
    )
    for hour in weather.hours[:FORECAST_HOURS]:
        if hour.time is not None:
            view.hours.append(
                HourView(
                    time_format(timezone.localtime(hour.time), "H:i"),
                    degrees(hour.temperature),
                    weather_state(hour.state)[1],
                )
            )
    return view


def energy_view(live: EnergyLive) -> EnergyView:
    grid = live.grid
    view = EnergyView(
        use=power(live.consumed),
        solar=power(live.generated),
        grid=power(abs(grid)) if grid is not None else "–",
        grid_direction="" if not grid else ("import" if grid > 0 else "export"),
        consumers=[Consumer(item.name, power(item.watts)) for item in live.top_consumers()],
    )
    battery = live.battery
    if battery is not None:
        view.battery = power(abs(battery))
        view.battery_direction = (
            "" if not battery else ("charging" if battery > 0 else "discharging")
        )
    return view


def moods_view(snap, can_set: bool, zone_id: str = "", code: UUID | None = None) -> MoodsView:
    """The moods by zone (``zone_id``: that zone's only); a stored tile's (``code``) set
    through that tile."""
    by_zone: dict[str, list[Mood]] = {}
    for mood in sorted(snap.moods.values(), key=lambda m: m.name.lower()):
        if not zone_id or mood.zone_id == zone_id:
            by_zone.setdefault(mood.zone_id, []).append(mood)
    zones = []
    for each, moods in by_zone.items():
        zone = snap.zones.get(each)
        buttons = [
            MoodButton(m.id, m.name, m.holds(snap.devices), mood_url(m.id, code)) for m in moods
        ]
        zones.append(MoodZone(zone.name if zone else _("Other moods"), buttons))
    zones.sort(key=lambda z: z.name.lower())
    return MoodsView(zones, can_set, named_zones=not zone_id)


def mood_url(mood_id: str, code: UUID | None = None) -> str:
    if code is None:
        return reverse("mood_set", args=[mood_id])
    return reverse("tile_mood_set", args=[code, mood_id])


def timeline_view(notifications) -> list[TimelineEntry]:
    now = clock.now()
    entries = []
    for item in notifications[:TIMELINE_LENGTH]:
        created = item.created
        entries.append(
            TimelineEntry(
                text=item.text,
                owner=item.owner,
                time=time_format(timezone.localtime(created), "H:i") if created else "",
                new=created is not None and now - created < timedelta(seconds=NEW_SECONDS),
            )
        )
    return entries


def chart_view(report: EnergyReport, period: str, url: str = "") -> ChartView:
    """The chart; its period links ask ``url`` (default: the default board's chart)."""
    width, height, gap = 240, 64, 1
    buckets = report.buckets
    top = max([max(b.consumed, b.generated) for b in buckets] + [1.0])
    step = width / max(len(buckets), 1)
    bars = []
    for n, bucket in enumerate(buckets):
        for kind, value, shift in (("use", bucket.consumed, 0.0), ("solar", bucket.generated, 0.5)):
            h = height * value / top
            bars.append(
                Bar(
                    x=plain(round(n * step + shift * step, 2)),
                    y=plain(round(height - h, 2)),
                    width=plain(round(max(step / 2 - gap, 0.5), 2)),
                    height=plain(round(h, 2)),
                    kind=kind,
                    label=energy_text(value),
                )
            )
    labels = {"day": _("Day"), "week": _("Week"), "month": _("Month")}
    url = url or reverse("energy_chart")
    used, generated = energy_text(report.consumed), energy_text(report.generated)
    return ChartView(
        period=period,
        periods=[(p, str(label), f"{url}?period={p}") for p, label in labels.items()],
        bars=bars,
        width=width,
        height=height,
        used=used,
        generated=generated,
        summary=_("%(used)s used, %(generated)s generated")
        % {"used": used, "generated": generated},
    )


def panel_tile(kind: str, viewer, request, snap) -> TileView:
    """The default board's house tile ``kind`` for this viewer, from the snapshot (the chart:
    see ``dashboard.energy_history``)."""
    view = TileView(
        dom_id=f"house-{kind.replace('_', '-')}",
        kind="panel",
        title=str(TITLES[kind]),
        sources=sources(kind),
        can_control=viewer.can_control,
        stale_since=snap.stale_since,
        fragment_url=reverse("house_fragment", args=[kind]),
    )
    return fill_panel(view, kind, viewer, request, snap)


def fill_panel(
    view: TileView, kind: str, viewer, request, snap, zone_id: str = "", code: UUID | None = None
) -> TileView:
    """Fill ``view`` as the house tile ``kind``; a stored tile (``code``) may hold one zone's
    moods (``zone_id``) and its moods are set through it."""
    part, source = PARTS[kind]
    view.kind = "panel"
    view.stale_since = view.stale_since or snap.parts_stale.get(part)
    panel = PanelView(kind=kind)
    view.panel = panel
    grant = GRANT_OF.get(part, part)
    if not grants.may_read(viewer, request, grant):
        # Refused, or the Homey could not say: nothing is shown without its word.
        panel.denied = str(DENIED[grant] if grants.refused(viewer, request, grant) else UNKNOWN)
        view.stale_since = None
        return view
    if kind == "weather":
        if snap.weather is None:
            panel.empty = _("The Homey has no weather to show yet.")
        else:
            panel.weather = weather_view(snap.weather)
    elif kind == "energy":
        if snap.energy is None:
            panel.empty = _("Homey Energy has nothing to show yet.")
        else:
            panel.energy = energy_view(snap.energy)
    elif kind == "moods":
        moods = moods_view(snap, grants.may_set_mood(viewer, request), zone_id, code)
        if not moods.zones:
            panel.empty = (
                _("This zone has no moods yet.") if zone_id else _("This Homey has no moods yet.")
            )
        else:
            panel.moods = moods
    elif kind == "timeline":
        if not snap.notifications:
            panel.empty = _("Nothing on the timeline yet.")
        else:
            panel.timeline = timeline_view(snap.notifications)
    return view


def sources(kind: str) -> frozenset[str]:
    part, source = PARTS[kind]
    return frozenset({source, f"part:{part}"})


def plays_media(device: Device) -> bool:
    """A speaker (or any media player): the image it publishes is its album art."""
    return "speaker_playing" in device.capabilities or "speaker_track" in device.capabilities


def album_art(snap: Snapshot, device: Device) -> Image | None:
    """The album art a media device publishes through ManagerImages, if any."""
    if not plays_media(device):
        return None
    return next((i for i in snap.images.values() if i.device_id == device.id), None)


def art_version(device: Device, image: Image) -> str:
    """Names one cover: what plays and when the Homey last changed the image. A new track
    is a new name even before the next full read brings the image's new ``lastUpdated``."""
    playing = [
        str(device.capabilities[c].value) if c in device.capabilities else ""
        for c in ("speaker_track", "speaker_artist", "speaker_album")
    ]
    stamp = image.last_updated.isoformat() if image.last_updated else ""
    text = "\n".join([*playing, stamp])
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


def camera_tiles(viewer, request, snap) -> list[str]:
    """The images the default board shows (``camera_images``), when the Homey lets the viewer
    read devices."""
    if not grants.may_read(viewer, request, "images"):
        return []
    return camera_images(snap)


def camera_images(snap) -> list[str]:
    """The cameras: images of devices on the Homey (a speaker's album art is on its own tile
    instead), by their device's name."""
    images = [
        i
        for i in snap.images.values()
        if i.device_id in snap.devices and not plays_media(snap.devices[i.device_id])
    ]
    return [i.id for i in sorted(images, key=lambda i: snap.devices[i.device_id].name.lower())]


def camera_tile(viewer, request, snap, image_id: str, nonce: str = "") -> TileView:
    """A camera still on the default board."""
    fragment = reverse("camera_fragment", args=[image_id])
    view = TileView(
        dom_id=f"camera-{image_id}",
        kind="panel",
        title="",
        sources=camera_sources(image_id),
        stale_since=snap.stale_since,
        fragment_url=fragment,
    )
    still = reverse("camera_still", args=[image_id])
    return fill_camera(view, snap, image_id, still, nonce)


def camera_sources(image_id: str) -> frozenset[str]:
    return frozenset({f"camera:{image_id}", "part:images"})


def fill_camera(view: TileView, snap, image_id: str, still: str, nonce: str = "") -> TileView:
    """``view`` as the camera ``image_id``'s still: the homeydash URL ``still`` that passes it
    through (never the Homey's); the refresh button asks the tile's fragment for a new one."""
    image = snap.images[image_id]
    device = snap.devices.get(image.device_id)
    name = device.name if device else _("Camera")
    version = int(image.last_updated.timestamp()) if image.last_updated else 0
    query = f"v={version}" + (f"&r={nonce}" if nonce else "")
    view.kind = "panel"
    view.title = view.title or name
    view.stale_since = view.stale_since or snap.parts_stale.get("images")
    updated = time_format(timezone.localtime(image.last_updated), "H:i:s") if version else ""
    view.panel = PanelView(
        kind="camera",
        camera=CameraView(
            src=f"{still}?{query}",
            alt=_("Latest picture from %(name)s") % {"name": name},
            refresh_url=f"{view.fragment_url}?refresh={int(clock.epoch())}",
            updated=updated,
        ),
    )
    return view


def camera_denied(view: TileView, viewer, request) -> TileView | None:
    """``view`` holding the sentence in place of a camera, when the Homey does not let the
    viewer read devices (None when it does)."""
    if grants.may_read(viewer, request, "images"):
        return None
    view.kind = "panel"
    refused = grants.refused(viewer, request, "images")
    view.panel = PanelView(kind="camera", denied=str(DENIED["images"] if refused else UNKNOWN))
    view.stale_since = None
    return view


def house_kinds(viewer, request, snap) -> list[str]:
    """The house tiles the default board shows: those with something in them, or a
    sentence for a viewer the Homey does not show them to."""
    kinds = []
    present = {
        "weather": snap.weather is not None,
        "energy": snap.energy is not None,
        "energy_chart": snap.energy is not None,
        "moods": bool(snap.moods),
        "timeline": bool(snap.notifications),
    }
    for kind, there in present.items():
        part = PARTS[kind][0]
        if there or (
            kind != "energy_chart" and grants.refused(viewer, request, GRANT_OF.get(part, part))
        ):
            kinds.append(kind)
    return kinds


def now_in(viewer) -> datetime:
    tz = viewer.tzinfo()
    return clock.now().astimezone(tz) if tz else timezone.localtime(clock.now())
