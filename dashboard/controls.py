"""Carrying out a tile's control: a capability value, a Logic variable, a flow, a mood.

Every value is checked against the capability or variable (``dashboard.homey.capabilities``)
before anything is sent; a refused value comes back as the tile with a message (422) and the
Homey is not called. After the Homey accepts, the device or variable is read back so the tile
shows the state the Homey confirms. The views that call these (``views/tile_actions.py``) have
already loaded the tile for the viewer and refused those who may not control.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext as _

from dashboard import clock, grants, kiosks, snapshot
from dashboard.access import Viewer, ViewerRequest
from dashboard.clock_format import clock_time
from dashboard.homey.capabilities import is_sensitive, parse_capability_value, parse_variable_value
from dashboard.homey.errors import AccessDenied, InvalidValue, NotFound, Unavailable
from dashboard.homey.types import Capability, Device, Value
from dashboard.models import Tile
from dashboard.presentation import Confirm, TileView, confirm_question, plain
from dashboard.tile_responses import confirm, done, forbidden, refused, upstream_failed

Redraw = Callable[[snapshot.Snapshot], TileView]


def raw_value(data: QueryDict) -> str:
    """The posted value; a slider posts ``percent`` (0..100) instead."""
    value = data.get("value")
    if value is not None:
        return value
    percent = data.get("percent")
    if percent is not None:
        return f"{percent}%"
    return ""


def form_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain(value)
    return "" if value is None else str(value)


def control_device(
    request: ViewerRequest,
    viewer: Viewer,
    snap: snapshot.Snapshot,
    device: Device,
    allowed: list[str],
    redraw: Redraw,
    back: str,
) -> HttpResponse:
    capability_id = request.POST.get("capability", "")
    capability = device.capabilities.get(capability_id)
    if capability is None or capability_id not in allowed:
        return refused(request, redraw(snap), _("This tile has no such control."), back)
    if not device.available:
        message = _("%(device)s is unavailable; nothing was sent.") % {"device": device.name}
        return refused(request, redraw(snap), message, back)
    if not device.ready:
        message = _("%(device)s is starting up; nothing was sent.") % {"device": device.name}
        return refused(request, redraw(snap), message, back)
    try:
        value = parse_capability_value(capability, raw_value(request.POST))
        also = _also(request.POST, device, capability, allowed)
    except InvalidValue as error:
        return refused(request, redraw(snap), str(error), back)
    if is_sensitive(capability):
        # Locks and alarm states: a second tap, and on a kiosk that asks for it the PIN for
        # unlocking and the alarm, never for locking (checked here, with attempt limiting,
        # before anything is sent).
        needs_pin = kiosks.pin_required(viewer.kiosk) and not (
            capability.base_id == "locked" and value is True
        )
        confirmed = request.POST.get("confirm") == "1"
        refusal = (
            kiosks.check_pin(viewer.kiosk, request.POST.get("pin", ""))
            if (confirmed and needs_pin and viewer.kiosk is not None)
            else ""
        )
        if not confirmed or refusal:
            view = redraw(snap)
            question = confirm_question(device, capability, value)
            view.confirm = Confirm(capability.id, form_value(value), question, pin=needs_pin)
            if refusal:
                return refused(request, view, refusal, back, status=403)
            return confirm(request, view, back)

    def set_and_read(homey) -> Device:
        homey.set_capability_value(device.id, capability.id, value)
        for other, other_value in also:
            homey.set_capability_value(device.id, other.id, other_value)
        return homey.get_device(device.id)

    try:
        now_reads = viewer.connection(request).call(set_and_read)
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return upstream_failed(request, redraw(snap), error, back)
    if viewer.link.verified_for_household:  # what another link says waits for the next read
        snap = snapshot.record_device(viewer.household.pk, now_reads) or snap
    return done(request, redraw(snap), back)


# The light mode a colour or a warmth needs.
MODE_FOR = {"light_hue": "color", "light_saturation": "color", "light_temperature": "temperature"}


def _also(
    data: QueryDict, device: Device, capability: Capability, allowed: list[str]
) -> list[tuple[Capability, Value]]:
    """What goes with a colour, checked like the value itself before anything is sent: the hue
    slider and the swatches post a saturation with the hue, and a colour or a warmth puts a
    light with modes in the matching mode when it is not in it yet (not every driver does
    that by itself)."""
    also: list[tuple[Capability, Value]] = []
    if "saturation" in data:
        saturation = device.capabilities.get("light_saturation")
        if capability.base_id != "light_hue" or saturation is None or saturation.id not in allowed:
            raise InvalidValue(_("This tile has no such control."))
        also.append((saturation, parse_capability_value(saturation, data["saturation"])))
    mode = device.capabilities.get("light_mode")
    wanted = MODE_FOR.get(capability.id)
    if (
        wanted is not None
        and mode is not None
        and mode.id in allowed
        and mode.setable
        and mode.value != wanted
        and any(choice.id == wanted for choice in mode.values)
    ):
        also.append((mode, wanted))
    return also


def control_variable(
    request: ViewerRequest,
    viewer: Viewer,
    snap: snapshot.Snapshot,
    tile: Tile,
    redraw: Redraw,
    back: str,
) -> HttpResponse:
    variable = snap.variables.get(tile.variable_id)
    if variable is None:
        return refused(request, redraw(snap), _("This variable is no longer on the Homey."), back)
    try:
        value = parse_variable_value(variable, raw_value(request.POST))
    except InvalidValue as error:
        return refused(request, redraw(snap), str(error), back)
    try:
        updated = viewer.connection(request).call(
            lambda homey: homey.update_variable(variable.id, value)
        )
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return upstream_failed(request, redraw(snap), error, back)
    if viewer.link.verified_for_household:
        snap = snapshot.record_variable(viewer.household.pk, updated) or snap
    return done(request, redraw(snap), back)


def trigger_flow(
    request: ViewerRequest,
    viewer: Viewer,
    snap: snapshot.Snapshot,
    tile: Tile,
    redraw: Redraw,
    back: str,
) -> HttpResponse:
    flow = snap.flow(tile.flow_id, advanced=tile.flow_advanced)
    if flow is None:
        return refused(request, redraw(snap), _("This flow is no longer on the Homey."), back)
    if not flow.enabled:
        return refused(request, redraw(snap), _("This flow is turned off."), back)
    if not flow.triggerable:
        return refused(request, redraw(snap), _("This flow cannot be started by hand."), back)
    try:
        viewer.connection(request).call(
            lambda homey: homey.trigger_flow(flow.id, advanced=flow.advanced)
        )
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return upstream_failed(request, redraw(snap), error, back)
    view = redraw(snap)
    setting = viewer.kiosk.time_format if viewer.kiosk is not None else ""
    view.message = _("Started at %(time)s.") % {"time": clock_time(clock.now(), setting)}
    view.message_level = "info"
    return done(request, view, back, message=view.message)


def set_mood(
    request: ViewerRequest,
    viewer: Viewer,
    snap: snapshot.Snapshot,
    mood_id: str,
    redraw: Redraw,
    back: str,
    zone_id: str = "",
) -> HttpResponse:
    """Set a mood (``zone_id``: a tile of that zone's moods only). Only a viewer who may
    control devices and whose Homey session has ``homey.mood.set``; anyone else is refused
    before anything is sent. The mood's devices are read back afterwards."""
    if not grants.may_set_mood(viewer, request):
        return forbidden(request, redraw(snap), _("You can look at the moods but not set them."))
    mood = snap.moods.get(mood_id)
    if mood is None:
        return refused(request, redraw(snap), _("This mood is no longer on the Homey."), back)
    if zone_id and mood.zone_id != zone_id:
        return refused(request, redraw(snap), _("This tile has no such control."), back)

    def set_and_read(homey) -> list[Device]:
        homey.set_mood(mood.id)
        return [homey.get_device(device_id) for device_id, _states in mood.states]

    try:
        devices = viewer.connection(request).call(set_and_read)
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return upstream_failed(request, redraw(snap), error, back)
    if viewer.link.verified_for_household:
        for device in devices:
            snap = snapshot.record_device(viewer.household.pk, device) or snap
    view = redraw(snapshot.cached(viewer.household.pk) or snap)
    view.message = _("Mood %(mood)s is set.") % {"mood": mood.name}
    view.message_level = "info"
    return done(request, view, back, message=view.message)
