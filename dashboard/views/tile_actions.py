"""Tile fragments and the controls on them: capability values, Logic variables, flows.

The views load what is asked for through the viewer (the default board's device, or a stored
tile the viewer may see) and refuse guests and view-only kiosks (403 whatever they post); the
control itself is checked, sent and read back in ``dashboard.controls``.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard import icons, panels, snapshot
from dashboard.access import Viewer, ViewerRequest, get_tile_for_viewer, viewer_required
from dashboard.boards import tile_for_device, tile_for_stored
from dashboard.controls import control_device, control_variable, trigger_flow
from dashboard.homey.types import Device
from dashboard.models import Tile
from dashboard.presentation import TileView, controllable_capabilities
from dashboard.tile_responses import forbidden, refused, tile_response

DEVICE_KINDS = (Tile.Kind.DEVICE, Tile.Kind.CAPABILITY, Tile.Kind.HISTORY)

# fragments -------------------------------------------------------------------------------


def _default_board_device(
    request: ViewerRequest, viewer: Viewer, device_id: str
) -> tuple[snapshot.Snapshot, Device]:
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
    return tile_response(request, tile_for_device(request, viewer, snap, device))


@require_GET
@viewer_required
def tile_fragment(request: ViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    tile = get_tile_for_viewer(viewer, code)
    snap = snapshot.get_snapshot(viewer, request)
    # an energy chart's period and a camera's refresh button ask through the fragment
    period, nonce = panels.asked_period(request.GET), panels.asked_refresh(request.GET)
    return tile_response(request, tile_for_stored(request, viewer, snap, tile, period, nonce))


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
        return forbidden(request, redraw(snap))
    allowed = controllable_capabilities(device)
    return control_device(request, viewer, snap, device, allowed, redraw, reverse("home"))


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
        return forbidden(request, redraw(snap))

    if tile.kind == Tile.Kind.VARIABLE:
        return control_variable(request, viewer, snap, tile, redraw, back)
    if tile.kind == Tile.Kind.FLOW:
        return trigger_flow(request, viewer, snap, tile, redraw, back)
    if tile.kind not in DEVICE_KINDS:  # the house tiles have controls of their own
        return refused(request, redraw(snap), _("This tile has no such control."), back)
    device = snap.devices.get(tile.device_id)
    if device is None:
        return refused(request, redraw(snap), _("This device is no longer on the Homey."), back)
    if tile.kind == Tile.Kind.DEVICE:
        allowed = controllable_capabilities(device, tile.capabilities)
    else:
        allowed = [tile.capability_id]
    return control_device(request, viewer, snap, device, allowed, redraw, back)
