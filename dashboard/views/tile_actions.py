"""Tile fragments and the controls on them: capability values, Logic variables, flows.

Every value is checked against the capability or variable (``dashboard.homey.capabilities``)
before anything is sent; a refused value comes back as the tile with a message (422) and the
Homey is not called. Guests and view-only kiosks get 403 whatever they post. After the Homey
accepts, the device is read back so the tile shows the state the Homey confirms.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard import clock, icons, kiosks, snapshot
from dashboard.access import Viewer, ViewerRequest, get_tile_for_viewer, viewer_required
from dashboard.boards import tile_for_device, tile_for_stored
from dashboard.clock_format import clock_time
from dashboard.homey.capabilities import is_sensitive, parse_capability_value, parse_variable_value
from dashboard.homey.errors import (
    AccessDenied,
    InvalidValue,
    NotFound,
    RateLimited,
    Unavailable,
)
from dashboard.homey.types import Capability, Device, Value
from dashboard.models import Tile
from dashboard.presentation import (
    Confirm,
    TileView,
    confirm_question,
    controllable_capabilities,
    plain,
)

Redraw = Callable[[snapshot.Snapshot], TileView]


# fragments -------------------------------------------------------------------------------


def _default_board_device(request: ViewerRequest, viewer, device_id: str):
    """The snapshot and a device of the viewer's default board, or 404."""
    if not viewer.sees_default_board:
        raise Http404
    snap = snapshot.get_snapshot(viewer, request)
    device = snap.devices.get(device_id)
    if device is None:
        raise Http404
    return snap, device


@require_GET
@viewer_required
def device_fragment(request: ViewerRequest, device_id: str) -> HttpResponse:
    viewer = request.viewer
    snap, device = _default_board_device(request, viewer, device_id)
    return _tile(request, tile_for_device(request, viewer, snap, device))


@require_GET
@viewer_required
def tile_fragment(request: ViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    tile = get_tile_for_viewer(viewer, code)
    snap = snapshot.get_snapshot(viewer, request)
    return _tile(request, tile_for_stored(request, viewer, snap, tile))


@require_GET
@viewer_required
def device_icon(request: ViewerRequest, device_id: str) -> HttpResponse:
    """A device's icon (``dashboard.icons``): the Homey's own, cleaned, or a vendored one."""
    viewer = request.viewer
    device = snapshot.get_snapshot(viewer, request).devices.get(device_id)
    if device is None:
        raise Http404
    response = HttpResponse(icons.device_icon(viewer, request, device), "image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# controls --------------------------------------------------------------------------------


@require_POST
@viewer_required
def device_control(request: ViewerRequest, device_id: str) -> HttpResponse:
    """A capability of a device on the default board."""
    viewer = request.viewer
    snap, device = _default_board_device(request, viewer, device_id)

    def redraw(current: snapshot.Snapshot) -> TileView:
        return tile_for_device(request, viewer, current, current.devices.get(device_id, device))

    if not viewer.can_control:
        return _forbidden(request, redraw(snap))
    allowed = controllable_capabilities(device)
    return _control_device(request, viewer, snap, device, allowed, redraw, reverse("home"))


@require_POST
@viewer_required
def tile_control(request: ViewerRequest, code) -> HttpResponse:
    """The control of a stored tile: a capability, a Logic variable or a flow."""
    viewer = request.viewer
    tile = get_tile_for_viewer(viewer, code)
    snap = snapshot.get_snapshot(viewer, request)
    back = reverse("dashboard", args=[tile.dashboard.code])

    def redraw(current: snapshot.Snapshot) -> TileView:
        return tile_for_stored(request, viewer, current, tile)

    if not viewer.can_control:
        return _forbidden(request, redraw(snap))

    if tile.kind == Tile.Kind.VARIABLE:
        return _control_variable(request, viewer, snap, tile, redraw, back)
    if tile.kind == Tile.Kind.FLOW:
        return _trigger_flow(request, viewer, snap, tile, redraw, back)
    device = snap.devices.get(tile.device_id)
    if device is None:
        return _refused(request, redraw(snap), _("This device is no longer on the Homey."), back)
    if tile.kind == Tile.Kind.DEVICE:
        allowed = controllable_capabilities(device, tile.capabilities)
    else:
        allowed = [tile.capability_id]
    return _control_device(request, viewer, snap, device, allowed, redraw, back)


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


def _control_device(
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
        return _refused(request, redraw(snap), _("This tile has no such control."), back)
    if not device.available:
        message = _("%(device)s is unavailable; nothing was sent.") % {"device": device.name}
        return _refused(request, redraw(snap), message, back)
    if not device.ready:
        message = _("%(device)s is starting up; nothing was sent.") % {"device": device.name}
        return _refused(request, redraw(snap), message, back)
    try:
        value = parse_capability_value(capability, raw_value(request.POST))
        also = _also(request.POST, device, capability, allowed)
    except InvalidValue as error:
        return _refused(request, redraw(snap), str(error), back)
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
                return _refused(request, view, refusal, back, status=403)
            return _confirm(request, view, back)

    def set_and_read(homey) -> Device:
        homey.set_capability_value(device.id, capability.id, value)
        for other, other_value in also:
            homey.set_capability_value(device.id, other.id, other_value)
        return homey.get_device(device.id)

    try:
        now_reads = viewer.connection(request).call(set_and_read)
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return _upstream_failed(request, redraw(snap), error, back)
    if viewer.link.verified_for_household:  # what another link says waits for the next read
        snap = snapshot.record_device(viewer.household.pk, now_reads) or snap
    return _done(request, redraw(snap), back)


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


def _control_variable(request, viewer, snap, tile: Tile, redraw: Redraw, back: str):
    variable = snap.variables.get(tile.variable_id)
    if variable is None:
        return _refused(request, redraw(snap), _("This variable is no longer on the Homey."), back)
    try:
        value = parse_variable_value(variable, raw_value(request.POST))
    except InvalidValue as error:
        return _refused(request, redraw(snap), str(error), back)
    try:
        updated = viewer.connection(request).call(
            lambda homey: homey.update_variable(variable.id, value)
        )
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return _upstream_failed(request, redraw(snap), error, back)
    if viewer.link.verified_for_household:
        snap = snapshot.record_variable(viewer.household.pk, updated) or snap
    return _done(request, redraw(snap), back)


def _trigger_flow(request, viewer, snap, tile: Tile, redraw: Redraw, back: str):
    flow = snap.flow(tile.flow_id, advanced=tile.flow_advanced)
    if flow is None:
        return _refused(request, redraw(snap), _("This flow is no longer on the Homey."), back)
    if not flow.enabled:
        return _refused(request, redraw(snap), _("This flow is turned off."), back)
    if not flow.triggerable:
        return _refused(request, redraw(snap), _("This flow cannot be started by hand."), back)
    try:
        viewer.connection(request).call(
            lambda homey: homey.trigger_flow(flow.id, advanced=flow.advanced)
        )
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return _upstream_failed(request, redraw(snap), error, back)
    view = redraw(snap)
    setting = viewer.kiosk.time_format if viewer.kiosk is not None else ""
    view.message = _("Started at %(time)s.") % {"time": clock_time(clock.now(), setting)}
    view.message_level = "info"
    return _done(request, view, back, message=view.message)


# responses -------------------------------------------------------------------------------


def _tile(request: ViewerRequest, view: TileView, status: int = 200) -> HttpResponse:
    return render(request, "dashboard/detail.html#tile", {"tile": view}, status=status)


def _done(request, view: TileView, back: str, message: str = "") -> HttpResponse:
    if request.htmx:
        return _tile(request, view)
    if message:
        messages.success(request, message)
    return redirect(back)


def _refused(request, view: TileView, message: str, back: str, status: int = 422):
    """Nothing was sent: the tile as it is, with why."""
    if request.htmx:
        view.message = message
        return _tile(request, view, status=status)
    messages.error(request, message)
    return redirect(back)


def _forbidden(request: ViewerRequest, view: TileView) -> HttpResponse:
    """Guests and view-only kiosks: refused whatever they post (the tile says why)."""
    if not request.htmx:
        raise PermissionDenied
    view.message = _("You can look at this tile but not control it.")
    return _tile(request, view, status=403)


def _upstream_failed(request, view: TileView, error: Exception, back: str) -> HttpResponse:
    if isinstance(error, RateLimited):
        message, status = _("The Homey asked homeydash to wait; nothing changed."), 503
    elif isinstance(error, Unavailable):
        message, status = _("The Homey cannot be reached; nothing changed."), 503
    elif isinstance(error, AccessDenied):
        message, status = _("The Homey does not allow you to do this."), 403
    elif isinstance(error, NotFound):
        message, status = _("This is no longer on the Homey."), 422
    else:
        message = _("The Homey refused: %(reason)s") % {"reason": str(error)}
        status = 422
    return _refused(request, view, message, back, status=status)


def _confirm(request: ViewerRequest, view: TileView, back: str) -> HttpResponse:
    if request.htmx:
        return _tile(request, view)
    return render(request, "dashboard/confirm.html", {"tile": view, "back": back})
