"""What a tile shows and which control it offers, computed from the snapshot.

Templates receive small objects with text ready to print (formatted with the active locale)
and the name of the control to draw; they make no decisions of their own. Form values are
plain machine text (``21.5``, ``true``), never localised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard.homey.capabilities import enum_title, is_alarm, is_percent, is_sensitive
from dashboard.homey.types import Capability, Device, Flow, Variable
from dashboard.models import Tile

if TYPE_CHECKING:
    from dashboard.panels import PanelView

# Shown as the battery badge in a tile's header, or not at all, unless chosen for the tile.
BATTERY = "measure_battery"
HIDDEN_BY_DEFAULT = {
    "measure_battery",
    "alarm_battery",
    "light_hue",
    "light_saturation",
    "light_temperature",
    "light_mode",
}
LOW_BATTERY = 20

# A boolean's state as people say it: (true, false).
BOOLEAN_TEXT = {
    "onoff": (gettext_lazy("On"), gettext_lazy("Off")),
    "locked": (gettext_lazy("Locked"), gettext_lazy("Unlocked")),
    "alarm_motion": (gettext_lazy("Motion"), gettext_lazy("No motion")),
    "alarm_contact": (gettext_lazy("Open"), gettext_lazy("Closed")),
    "alarm_water": (gettext_lazy("Water detected"), gettext_lazy("Dry")),
    "alarm_smoke": (gettext_lazy("Smoke detected"), gettext_lazy("No smoke")),
    "alarm_co": (gettext_lazy("CO detected"), gettext_lazy("No CO")),
    "alarm_tamper": (gettext_lazy("Tampered"), gettext_lazy("OK")),
    "alarm_battery": (gettext_lazy("Battery low"), gettext_lazy("Battery OK")),
    "volume_mute": (gettext_lazy("Muted"), gettext_lazy("Sound on")),
    "speaker_playing": (gettext_lazy("Playing"), gettext_lazy("Paused")),
}
# What the button does, from the current state: (when true, when false).
ACTION_TEXT = {
    "onoff": (gettext_lazy("Turn off"), gettext_lazy("Turn on")),
    "locked": (gettext_lazy("Unlock"), gettext_lazy("Lock")),
    "volume_mute": (gettext_lazy("Unmute"), gettext_lazy("Mute")),
    "speaker_playing": (gettext_lazy("Pause"), gettext_lazy("Play")),
}
DEFAULT_ACTION = (gettext_lazy("Turn off"), gettext_lazy("Turn on"))
# Alarms that are an emergency (red, and a banner on every board); motion and contact are not.
EMERGENCIES = {"alarm_smoke", "alarm_co", "alarm_water", "alarm_fire", "alarm_heat", "alarm_gas"}
COLOUR_CAPABILITIES = ("light_hue", "light_saturation", "light_temperature", "light_mode")
MEDIA_CAPABILITIES = (
    "speaker_playing",
    "speaker_prev",
    "speaker_next",
    "speaker_track",
    "speaker_artist",
    "speaker_album",
)
# A hue's name for screen readers: (name, hue 0..1).
COLOUR_NAMES = (
    (gettext_lazy("Red"), 0.0),
    (gettext_lazy("Orange"), 0.08),
    (gettext_lazy("Yellow"), 0.15),
    (gettext_lazy("Green"), 0.33),
    (gettext_lazy("Cyan"), 0.5),
    (gettext_lazy("Blue"), 0.64),
    (gettext_lazy("Purple"), 0.77),
    (gettext_lazy("Pink"), 0.9),
)
# A colour light's swatches, one tap each: (name, hue 0..1, saturation 0..1). The whites come
# first (what a household picks most) and are colours too (a low saturation), so they work on
# any colour light, with or without modes.
SWATCHES = (
    (gettext_lazy("Warm white"), 0.08, 0.45),
    (gettext_lazy("Cool white"), 0.0, 0.0),
    (gettext_lazy("Red"), 0.0, 1.0),
    (gettext_lazy("Orange"), 0.08, 1.0),
    (gettext_lazy("Yellow"), 0.15, 1.0),
    (gettext_lazy("Green"), 0.33, 1.0),
    (gettext_lazy("Cyan"), 0.5, 1.0),
    (gettext_lazy("Blue"), 0.64, 1.0),
    (gettext_lazy("Purple"), 0.77, 1.0),
    (gettext_lazy("Pink"), 0.9, 1.0),
)
WHITE_BELOW = 0.2  # a saturation under this is white light
ALARM_TEXT = (gettext_lazy("Alarm"), gettext_lazy("OK"))
YES_NO = (gettext_lazy("Yes"), gettext_lazy("No"))


# values ----------------------------------------------------------------------------------


def plain(number: float) -> str:
    """A number as form text: ``21.5``, ``0.45``, ``20``."""
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(capability: Capability, number: float) -> str:
    """``number`` as people read it, in the active locale (``21,5`` in Dutch)."""
    if is_percent(capability):
        return number_format(round(number * 100), 0)
    decimals = capability.decimals
    if decimals is None:
        decimals = 0 if float(number).is_integer() else 2
    return number_format(round(number, decimals), decimals)


def boolean_text(capability: Capability, value: bool) -> str:
    pair = BOOLEAN_TEXT.get(capability.base_id) or (ALARM_TEXT if is_alarm(capability) else YES_NO)
    return str(pair[0] if value else pair[1])


def action_text(capability: Capability, value: bool) -> str:
    return str(ACTION_TEXT.get(capability.base_id, DEFAULT_ACTION)[0 if value else 1])


def says_its_state(capability: Capability) -> bool:
    """A boolean whose text says all ("Off", "Unlocked"): shown without its title, which
    would read backwards ("Turned on: Off"). Sub-capabilities keep theirs ("Output 2")."""
    return (
        capability.type == "boolean"
        and capability.id == capability.base_id
        and (capability.base_id in BOOLEAN_TEXT or is_alarm(capability))
    )


def value_text(capability: Capability) -> str:
    value = capability.value
    if value is None:
        return "–"
    if capability.type == "boolean" and isinstance(value, bool):
        return boolean_text(capability, value)
    if capability.type == "number" and isinstance(value, (int, float)):
        return format_number(capability, value)
    if capability.type == "enum":
        return enum_title(capability, value)
    return str(value)


def units_text(capability: Capability) -> str:
    return "%" if is_percent(capability) else capability.units


def control_for(capability: Capability) -> str:
    """The control drawn for a capability (empty when it cannot be set)."""
    if not capability.setable:
        return ""
    base = capability.base_id
    if base == "locked":
        return "lock"
    if base == "button":
        return "button"
    if capability.type == "boolean":
        return "toggle"
    if base == "windowcoverings_state":
        return "cover"
    if capability.type == "enum":
        return "choice"
    if capability.type == "number":
        if is_percent(capability):
            return "slider"
        if capability.min is not None and capability.max is not None:
            return "stepper"
        return "number"
    if capability.type == "string":
        return "text"
    return ""


@dataclass
class Choice:
    value: str
    title: str
    selected: bool


@dataclass
class ValueView:
    """One capability on a tile: its text, and the control for it."""

    id: str
    title: str
    kind: str
    text: str
    units: str
    alert: bool = False
    changed_at: datetime | None = None
    state_only: bool = False  # the text says it all: the title is for screen readers only
    control: str = ""
    sensitive: bool = False
    on: bool = False
    next_value: str = ""
    next_text: str = ""
    percent: int = 0
    input_value: str = ""
    minimum: str = ""
    maximum: str = ""
    step: str = ""
    down_value: str = ""
    up_value: str = ""
    at_minimum: bool = False
    at_maximum: bool = False
    choices: list[Choice] = field(default_factory=list)


def value_view(capability: Capability, *, controls: bool) -> ValueView:
    view = ValueView(
        id=capability.id,
        title=capability.title or capability.id,
        kind=capability.type,
        text=value_text(capability),
        units=units_text(capability) if capability.value is not None else "",
        alert=is_alarm(capability) and capability.value is True,
        changed_at=capability.last_updated,
        sensitive=is_sensitive(capability),
        state_only=says_its_state(capability),
    )
    value = capability.value
    if capability.type == "boolean":
        view.on = value is True
    if not controls:
        return view
    view.control = control_for(capability)
    if view.control in ("toggle", "lock"):
        view.next_value = "false" if view.on else "true"
        view.next_text = action_text(capability, view.on)
    elif view.control == "button":
        view.next_value = "true"
    elif view.control == "slider":
        view.percent = round(value * 100) if isinstance(value, (int, float)) else 0
    elif view.control in ("stepper", "number"):
        _number_inputs(view, capability)
    elif view.control in ("cover", "choice"):
        view.choices = [Choice(c.id, c.title, c.id == value) for c in capability.values]
    elif view.control == "text":
        view.input_value = value if isinstance(value, str) else ""
    return view


def _number_inputs(view: ValueView, capability: Capability) -> None:
    low, high = capability.min, capability.max
    step = capability.step or (10.0**-capability.decimals if capability.decimals else 1.0)
    value = capability.value if isinstance(capability.value, (int, float)) else None
    view.input_value = plain(value) if value is not None else ""
    view.minimum = plain(low) if low is not None else ""
    view.maximum = plain(high) if high is not None else ""
    view.step = plain(step) if capability.step or capability.decimals is not None else "any"
    if value is None:
        value = low if low is not None else 0.0
    view.at_minimum = low is not None and value <= low
    view.at_maximum = high is not None and value >= high
    down, up = value - step, value + step
    if low is not None:
        down, up = max(low, down), max(low, up)
    if high is not None:
        down, up = min(high, down), min(high, up)
    view.down_value, view.up_value = plain(down), plain(up)


# tiles -----------------------------------------------------------------------------------


@dataclass
class Confirm:
    """A pending sensitive change: nothing is sent until it is confirmed."""

    capability_id: str
    value: str
    question: str
    pin: bool = False  # a kiosk that asks for its PIN first


@dataclass
class VariableView:
    id: str
    name: str
    type: str
    text: str
    on: bool = False
    control: str = ""
    next_value: str = ""
    input_value: str = ""


@dataclass
class Swatch:
    """A colour one tap away: what it sets, how it is drawn, whether the light shows it."""

    name: str
    hue: str
    saturation: str
    fill: str  # CSS colour text for the SVG ``fill`` attribute (no inline style)
    selected: bool = False


@dataclass
class ColourView:
    """A colour light's controls: swatches, a hue slider (at the light's saturation, or full
    when it is white), a saturation slider, warm↔cool, the mode."""

    hue: ValueView | None = None
    hue_name: str = ""  # the colour's name, for screen readers
    hue_saturation: str = "1"  # what the hue slider posts as the saturation
    saturation: ValueView | None = None
    swatches: list[Swatch] = field(default_factory=list)
    temperature: ValueView | None = None
    mode: ValueView | None = None


@dataclass
class MediaView:
    """A speaker: what plays (with its album art), play/pause, previous/next."""

    playing: bool = False
    track: str = ""
    artist: str = ""
    album: str = ""
    play_capability: str = ""
    play_value: str = ""
    play_text: str = ""
    previous: str = ""
    next: str = ""
    art_url: str = ""  # the album art through homeydash, when the Homey gives one


@dataclass
class TileView:
    dom_id: str
    kind: str
    title: str
    sources: frozenset[str]
    tile: Tile | None = None
    subtitle: str = ""  # where it comes from, when another tile on the board reads alike
    control_url: str = ""
    fragment_url: str = ""
    can_control: bool = False
    stale_since: datetime | None = None
    message: str = ""
    message_level: str = "error"
    confirm: Confirm | None = None
    missing: bool = False
    unavailable: bool = False
    unavailable_message: str = ""
    not_ready: bool = False
    warning: str = ""
    values: list[ValueView] = field(default_factory=list)
    battery: ValueView | None = None
    battery_low: bool = False
    variable: VariableView | None = None
    flow: Flow | None = None
    history: object | None = None
    size: str = ""
    icon_href: str = ""
    icon_colour: str = ""  # a colour light's colour (an SVG presentation attribute)
    state: str = ""  # on, open, unlocked, alarm, motion, unavailable: the tile's colour
    changed_at: datetime | None = None
    changed_details: list[tuple[str, datetime]] = field(default_factory=list)
    colour: ColourView | None = None
    media: MediaView | None = None
    panel: PanelView | None = None  # a house tile's view

    @property
    def template(self) -> str:
        return "tiles/_error.html" if self.missing else f"tiles/_{self.kind}.html"

    @property
    def alert(self) -> bool:
        return any(value.alert for value in self.values)

    @property
    def busy(self) -> bool:
        """Many controls: the tile takes two grid rows so its row stays compact."""
        lines = len(self.values) + sum(
            1 + len(v.choices) // 3 for v in self.values if v.control not in ("", "toggle", "lock")
        )
        lines += 3 if self.media else 0
        lines += 3 if self.colour else 0
        return lines >= 5

    @property
    def status_text(self) -> str:
        """The state for the colour-blind and screen readers, beside the colour."""
        return str(STATE_TEXT.get(self.state, ""))

    @property
    def value(self) -> ValueView | None:
        """The single value of a capability or history tile."""
        return self.values[0] if self.values else None


STATE_TEXT = {
    "alarm": gettext_lazy("Alarm"),
    "unlocked": gettext_lazy("Unlocked"),
    "open": gettext_lazy("Open"),
    "unavailable": gettext_lazy("Unavailable"),
}


def tile_state(device: Device, capabilities: list[Capability]) -> str:
    """Which state colours the tile: the most pressing of what it shows."""
    if not device.available:
        return "unavailable"
    on = {c.base_id for c in capabilities if c.value is True}
    if any(is_alarm(c) and c.value is True and c.base_id in EMERGENCIES for c in capabilities):
        return "alarm"
    if "locked" in {c.base_id for c in capabilities if c.value is False}:
        return "unlocked"
    if "alarm_contact" in on:
        return "open"
    if on & {"alarm_motion", "alarm_tamper", "alarm_generic"}:
        return "motion"
    if on & {"onoff", "speaker_playing"}:
        return "on"
    return ""


def controllable_capabilities(device: Device, chosen: list[str] | None = None) -> list[str]:
    """What a device tile may set: what it shows, and a shown light's colour and a shown
    speaker's media controls."""
    shown = [c.id for c in device_capabilities(device, chosen)]
    if not chosen or {"onoff", "dim"} & set(chosen):
        shown += [c for c in COLOUR_CAPABILITIES if c in device.capabilities]
    if not chosen or "speaker_playing" in chosen:
        shown += [c for c in MEDIA_CAPABILITIES if c in device.capabilities]
    return shown


def device_capabilities(device: Device, chosen: list[str] | None = None) -> list[Capability]:
    """The capabilities a device tile shows: the chosen ones in their order, else the device's
    own (without the battery, shown as a badge, and colour details)."""
    if chosen:
        return [device.capabilities[c] for c in chosen if c in device.capabilities]
    return [device.capabilities[c] for c in device.capability_ids if c not in HIDDEN_BY_DEFAULT]


def fill_device(view: TileView, device: Device, capabilities: list[Capability]) -> TileView:
    # A device still starting up (not ``ready``) is there, not offline: its values are shown
    # as they are (often none yet), and nothing can be set until its driver is ready.
    controls = view.can_control and device.available and device.ready
    whole_device = view.kind == "device"
    shown = {c.base_id for c in capabilities}
    view.state = tile_state(device, capabilities)
    if whole_device and "speaker_playing" in shown:
        view.media = media_view(device, controls=controls)
        capabilities = [c for c in capabilities if c.base_id not in MEDIA_CAPABILITIES]
    if (
        whole_device
        and controls
        and "light_hue" in device.capabilities
        and shown & {"onoff", "dim"}
    ):
        view.colour = colour_view(device)
    view.values = [value_view(c, controls=controls) for c in capabilities]
    view.icon_colour = light_colour(device)
    view.changed_details = [
        (c.title or c.id, c.last_updated) for c in capabilities if c.last_updated is not None
    ]
    view.changed_at = max((when for _, when in view.changed_details), default=None)
    view.unavailable = not device.available
    view.not_ready = device.available and not device.ready
    view.unavailable_message = device.unavailable_message
    view.warning = device.warning_message
    battery = device.capabilities.get(BATTERY)
    low_alarm = device.capabilities.get("alarm_battery")
    view.battery_low = low_alarm is not None and low_alarm.value is True
    if battery is not None and isinstance(battery.value, (int, float)):
        view.battery = value_view(battery, controls=False)
        view.battery_low = view.battery_low or battery.value < LOW_BATTERY
    return view


def light_colour(device: Device) -> str:
    """A lit colour light's colour as CSS text (``hsl(216 100% 50%)``), else "" (then the
    icon takes the "on" colour: a white light, in white mode or nearly unsaturated, would
    otherwise be drawn grey, as if it were off)."""
    caps = device.capabilities
    onoff, hue, saturation, mode = (
        caps.get(name) for name in ("onoff", "light_hue", "light_saturation", "light_mode")
    )
    if onoff is None or onoff.value is not True or hue is None:
        return ""
    if mode is not None and mode.value == "temperature":
        return ""
    if not isinstance(hue.value, (int, float)) or isinstance(hue.value, bool):
        return ""
    sat = _number(saturation)
    if sat is not None and sat < WHITE_BELOW:
        return ""
    return hsl_text(hue.value, 1.0 if sat is None else sat)


def _number(capability: Capability | None) -> float | None:
    if capability is None or isinstance(capability.value, bool):
        return None
    return capability.value if isinstance(capability.value, (int, float)) else None


def _hue_distance(a: float, b: float) -> float:
    return min(abs(a - b), 1 - abs(a - b))


def hsl_text(hue: float, saturation: float) -> str:
    """``hsl(216 100% 50%)``: a hue and saturation (0..1) as CSS colour text."""
    hue = min(max(hue, 0.0), 1.0)
    saturation = min(max(saturation, 0.0), 1.0)
    return f"hsl({round(hue * 360)} {round(saturation * 100)}% 50%)"


def swatches(device: Device, *, with_saturation: bool) -> list[Swatch]:
    """The swatches, the one the light shows now marked (none while it is in white mode).
    A light whose saturation cannot be set gets the full colours only."""
    caps = device.capabilities
    hue, saturation = _number(caps.get("light_hue")), _number(caps.get("light_saturation"))
    mode = caps.get("light_mode")
    in_colour = hue is not None and (mode is None or mode.value in ("color", None))
    found = []
    for name, swatch_hue, swatch_saturation in SWATCHES:
        if not with_saturation and swatch_saturation < 1:
            continue
        selected = (
            in_colour
            and abs((1.0 if saturation is None else saturation) - swatch_saturation) < 0.05
        )
        if selected and swatch_saturation > 0 and hue is not None:
            selected = _hue_distance(hue, swatch_hue) < 0.02
        # the whites are drawn as a pale tint, so they show on a white tile
        lightness = 50 if swatch_saturation == 1 else 88
        fill = f"hsl({round(swatch_hue * 360)} {round(swatch_saturation * 100)}% {lightness}%)"
        found.append(Swatch(str(name), plain(swatch_hue), plain(swatch_saturation), fill, selected))
    return found


def colour_view(device: Device) -> ColourView:
    caps = device.capabilities
    view = ColourView()
    hue = caps.get("light_hue")
    saturation = caps.get("light_saturation")
    if hue is not None and hue.setable:
        view.hue = value_view(hue, controls=True)
        current = _number(hue) or 0.0
        view.hue_name = str(min(COLOUR_NAMES, key=lambda c: _hue_distance(c[1], current))[0])
    if saturation is not None and saturation.setable:
        view.saturation = value_view(saturation, controls=True)
        # moving the hue keeps the light's saturation, unless it is (nearly) white
        now_saturation = _number(saturation)
        if now_saturation is not None and now_saturation >= WHITE_BELOW:
            view.hue_saturation = plain(now_saturation)
    if view.hue is not None:
        view.swatches = swatches(device, with_saturation=view.saturation is not None)
    temperature = caps.get("light_temperature")
    if temperature is not None and temperature.setable:
        view.temperature = value_view(temperature, controls=True)
    mode = caps.get("light_mode")
    if mode is not None and mode.setable:
        view.mode = value_view(mode, controls=True)
    return view


def media_view(device: Device, *, controls: bool) -> MediaView:
    caps = device.capabilities

    def text(name: str) -> str:
        cap = caps.get(name)
        return cap.value if cap is not None and isinstance(cap.value, str) else ""

    playing = caps["speaker_playing"]
    view = MediaView(
        playing=playing.value is True,
        track=text("speaker_track"),
        artist=text("speaker_artist"),
        album=text("speaker_album"),
    )
    if not controls:
        return view
    if playing.setable:
        view.play_capability = playing.id
        view.play_value = "false" if view.playing else "true"
        view.play_text = action_text(playing, view.playing)
    for name in ("speaker_prev", "speaker_next"):
        cap = caps.get(name)
        if cap is not None and cap.setable:
            setattr(view, "previous" if name == "speaker_prev" else "next", cap.id)
    return view


def fill_variable(view: TileView, variable: Variable) -> TileView:
    value = variable.value
    if variable.type == "boolean":
        text = str(YES_NO[0] if value is True else YES_NO[1])
    elif variable.type == "number" and isinstance(value, (int, float)):
        decimals = 0 if float(value).is_integer() else None
        text = number_format(value, decimals)
    else:
        text = "" if value is None else str(value)
    var = VariableView(variable.id, variable.name, variable.type, text)
    if variable.type == "boolean":
        var.on = value is True
    if view.can_control:
        if variable.type == "boolean":
            var.control = "toggle"
            var.next_value = "false" if var.on else "true"
        elif variable.type in ("number", "string"):
            var.control = variable.type
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                var.input_value = plain(value)
            else:
                var.input_value = "" if value is None else str(value)
    view.variable = var
    return view


def confirm_question(device: Device, capability: Capability, value) -> str:
    if capability.base_id == "locked":
        template = _("Lock %(device)s?") if value else _("Unlock %(device)s?")
        return template % {"device": device.name}
    return _("Set %(device)s to %(value)s?") % {
        "device": device.name,
        "value": enum_title(capability, value) if capability.type == "enum" else str(value),
    }
