"""The house tiles: the default board's fragments and energy chart periods, setting a mood,
camera stills and a speaker's album art, for the default board and for stored tiles.

A stored tile is reached only through a dashboard the viewer may see (``get_tile_for_viewer``);
the default board's house only by a viewer who sees that board. Setting a mood is checked and
sent in ``dashboard.controls`` (guests and view-only kiosks are refused before anything is
sent); pictures are passed through by ``dashboard.stills`` with the viewer's own link.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard import grants, panels, snapshot
from dashboard.access import Viewer, ViewerRequest, get_tile_for_viewer, viewer_required
from dashboard.boards import house_tile, tile_for_stored
from dashboard.controls import set_mood
from dashboard.models import Tile
from dashboard.presentation import TileView
from dashboard.stills import ART_CACHE_SECONDS, pass_still
from dashboard.tile_responses import tile_response


def _house_snapshot(request: ViewerRequest) -> tuple[Viewer, snapshot.Snapshot]:
    """The default board's house: 404 for a kiosk showing a stored dashboard."""
    viewer = request.viewer
    if not viewer.sees_default_board:
        raise Http404
    return viewer, snapshot.get_snapshot(viewer, request)


def _stored(request: ViewerRequest, code, kind: str) -> tuple[Viewer, snapshot.Snapshot, Tile]:
    """A stored house tile of ``kind`` on a dashboard the viewer sees, or 404."""
    viewer = request.viewer
    tile = get_tile_for_viewer(viewer, code)
    if tile.kind != kind:
        raise Http404
    return viewer, snapshot.get_snapshot(viewer, request), tile


def _house_fragment(request: ViewerRequest, kind: str) -> HttpResponse:
    viewer, snap = _house_snapshot(request)
    period = panels.asked_period(request.GET)
    return tile_response(request, house_tile(request, viewer, snap, kind, period))


@require_GET
@viewer_required
def house_fragment(request: ViewerRequest, kind: str) -> HttpResponse:
    if kind not in panels.PARTS:
        raise Http404
    return _house_fragment(request, kind)


@require_GET
@viewer_required
def energy_chart(request: ViewerRequest) -> HttpResponse:
    """The chart for ``?period=day|week|month`` (anything else: the day)."""
    return _house_fragment(request, "energy_chart")


@require_POST
@viewer_required
def mood_set(request: ViewerRequest, mood_id: str) -> HttpResponse:
    viewer, snap = _house_snapshot(request)

    def redraw(current: snapshot.Snapshot) -> TileView:
        return house_tile(request, viewer, current, "moods")

    return set_mood(request, viewer, snap, mood_id, redraw, reverse("home"))


@require_POST
@viewer_required
def tile_mood_set(request: ViewerRequest, code, mood_id: str) -> HttpResponse:
    """A mood set from a stored moods tile (of one zone: only that zone's moods)."""
    viewer, snap, tile = _stored(request, code, Tile.Kind.MOODS)

    def redraw(current: snapshot.Snapshot) -> TileView:
        return tile_for_stored(request, viewer, current, tile)

    back = reverse("dashboard", args=[tile.dashboard.code])
    return set_mood(request, viewer, snap, mood_id, redraw, back, tile.zone_id)


@require_GET
@viewer_required
def camera_fragment(request: ViewerRequest, image_id: str) -> HttpResponse:
    """A camera tile; ``?refresh=`` (the tile's button) makes its still a new one."""
    viewer, snap = _house_snapshot(request)
    if image_id not in panels.camera_tiles(viewer, request, snap):
        raise Http404
    nonce = panels.asked_refresh(request.GET)
    return tile_response(request, panels.camera_tile(viewer, request, snap, image_id, nonce))


@require_GET
@viewer_required
def camera_still(request: ViewerRequest, image_id: str) -> HttpResponse:
    viewer, snap = _house_snapshot(request)
    if image_id not in panels.camera_tiles(viewer, request, snap):
        raise Http404
    return _still(request, viewer, snap, image_id)


@require_GET
@viewer_required
def tile_camera_still(request: ViewerRequest, code) -> HttpResponse:
    """The still of a stored camera tile: its image, if the Homey still has it and lets the
    viewer read devices."""
    viewer, snap, tile = _stored(request, code, Tile.Kind.CAMERA)
    image = snap.images.get(tile.image_id)
    shown = panels.camera_tiles(viewer, request, snap)
    if image is None or image.id not in shown:
        raise Http404
    return _still(request, viewer, snap, image.id)


def _still(
    request: ViewerRequest, viewer: Viewer, snap: snapshot.Snapshot, image_id: str
) -> HttpResponse:
    image = snap.images[image_id]
    key = f"camera-still:{viewer.link.code}:{image_id}"
    failed = _("The camera's picture cannot be fetched right now.")
    return pass_still(request, viewer, image, key, failed, fresh="r" in request.GET)


@require_GET
@viewer_required
def album_art(request: ViewerRequest, device_id: str) -> HttpResponse:
    """A speaker's album art, as a camera still is passed through: with the viewer's own
    link, cached per link and cover (``panels.art_version``), within the same budget."""
    viewer = request.viewer
    snap = snapshot.get_snapshot(viewer, request)
    device = snap.devices.get(device_id)
    image = panels.album_art(snap, device) if device is not None else None
    if device is None or image is None or not grants.may_read(viewer, request, "images"):
        raise Http404
    key = f"album-art:{viewer.link.code}:{image.id}:{panels.art_version(device, image)}"
    failed = _("The album art cannot be fetched right now.")
    return pass_still(request, viewer, image, key, failed, seconds=ART_CACHE_SECONDS)
