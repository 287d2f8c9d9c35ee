"""The house tiles of the default board: their fragments, the energy chart's periods, setting
a mood, camera stills and album art passed through.

A mood is set only by a viewer who may control devices and whose Homey session has
``homey.mood.set``; anyone else is refused before anything is sent to the Homey. After the
Homey sets it, the mood's devices are read back so the board shows what the Homey confirms.

A camera still, and a speaker's album art, is fetched by the server with the viewer's own
link (their own rights on the Homey) and passed through at a homeydash URL: the browser never
sees the Homey's address or a token. Each still is kept ``STILL_CACHE_SECONDS`` per link (one
upstream read however many screens show it), a cover ``ART_CACHE_SECONDS`` per link and
track; each viewer may ask ``STILL_BUDGET`` times a minute (then 429), and only a plain image
of at most ``STILL_MAX_BYTES`` from the Homey's image path is passed on
(``HomeyClient.get_image_still``); the Homey gets the usual timeout.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard import grants, panels, snapshot
from dashboard.access import Viewer, ViewerRequest, viewer_required
from dashboard.attempts import AttemptBudget, client_address
from dashboard.boards import house_tile
from dashboard.energy_history import PERIODS
from dashboard.homey.errors import (
    AccessDenied,
    HomeyError,
    InvalidValue,
    NotFound,
    RateLimited,
    Unavailable,
)
from dashboard.homey.types import Image
from dashboard.panels import PARTS
from dashboard.tile_responses import tile_response, upstream_failed

STILL_CACHE_SECONDS = 5
ART_CACHE_SECONDS = 60  # a cover is named by what plays: it changes with the track
STILL_BUDGET = AttemptBudget("camera-still", limit=30, window=60)


def _house_snapshot(request: ViewerRequest):
    viewer = request.viewer
    if not viewer.sees_default_board:
        raise Http404
    return viewer, snapshot.get_snapshot(viewer, request)


@require_GET
@viewer_required
def house_fragment(request: ViewerRequest, kind: str) -> HttpResponse:
    if kind not in PARTS:
        raise Http404
    viewer, snap = _house_snapshot(request)
    period = request.GET.get("period", "day")
    if period not in PERIODS:
        period = "day"
    return tile_response(request, house_tile(request, viewer, snap, kind, period))


@require_GET
@viewer_required
def energy_chart(request: ViewerRequest) -> HttpResponse:
    """The chart for ``?period=day|week|month`` (anything else: the day)."""
    viewer, snap = _house_snapshot(request)
    period = request.GET.get("period", "day")
    if period not in PERIODS:
        period = "day"
    return tile_response(request, house_tile(request, viewer, snap, "energy_chart", period))


@require_POST
@viewer_required
def mood_set(request: ViewerRequest, mood_id: str) -> HttpResponse:
    viewer, snap = _house_snapshot(request)
    back = reverse("home")

    def answer(message: str, status: int) -> HttpResponse:
        view = house_tile(request, viewer, snapshot.cached(viewer.household.pk) or snap, "moods")
        if getattr(request, "htmx", False):
            view.message = message
            view.message_level = "error" if status >= 400 else "info"
            return tile_response(request, view, status=status)
        if status >= 400:
            if status == 403:
                raise PermissionDenied
            messages.error(request, message)
        else:
            messages.success(request, message)
        return redirect(back)

    if not grants.may_set_mood(viewer, request):
        return answer(_("You can look at the moods but not set them."), 403)
    mood = snap.moods.get(mood_id)
    if mood is None:
        return answer(_("This mood is no longer on the Homey."), 422)

    def set_and_read(homey):
        homey.set_mood(mood.id)
        return [homey.get_device(device_id) for device_id, _states in mood.states]

    try:
        devices = viewer.connection(request).call(set_and_read)
    except (InvalidValue, NotFound, AccessDenied, Unavailable) as error:
        return upstream_failed(request, house_tile(request, viewer, snap, "moods"), error, back)
    if viewer.link.verified_for_household:
        for device in devices:
            snapshot.record_device(viewer.household.pk, device)
    return answer(_("Mood %(mood)s is set.") % {"mood": mood.name}, 200)


@require_GET
@viewer_required
def camera_fragment(request: ViewerRequest, image_id: str) -> HttpResponse:
    """A camera tile; ``?refresh=`` (the tile's button) makes its still a new one."""
    viewer, snap = _house_snapshot(request)
    if image_id not in panels.camera_tiles(viewer, request, snap):
        raise Http404
    nonce = request.GET.get("refresh", "")
    nonce = nonce if nonce.isdigit() and len(nonce) <= 12 else ""
    return tile_response(request, panels.camera_tile(viewer, request, snap, image_id, nonce))


@require_GET
@viewer_required
def camera_still(request: ViewerRequest, image_id: str) -> HttpResponse:
    viewer, snap = _house_snapshot(request)
    if image_id not in panels.camera_tiles(viewer, request, snap):
        raise Http404
    image = snap.images[image_id]
    key = f"camera-still:{viewer.link.code}:{image_id}"
    failed = _("The camera's picture cannot be fetched right now.")
    return _pass_still(request, viewer, image, key, failed, fresh="r" in request.GET)


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
    return _pass_still(request, viewer, image, key, failed, seconds=ART_CACHE_SECONDS)


def _pass_still(
    request: ViewerRequest,
    viewer: Viewer,
    image: Image,
    key: str,
    failed: str,
    *,
    fresh: bool = False,
    seconds: int = STILL_CACHE_SECONDS,
) -> HttpResponse:
    """The picture at ``image.url``, fetched with the viewer's link (see the module's notes)."""
    if not STILL_BUDGET.spend(f"{viewer.link.code}:{client_address(request)}"):
        return _no_still(_("Too many pictures asked for; wait a minute."), 429, retry=60)
    found = None if fresh else cache.get(key)
    if found is None:
        try:
            found = viewer.connection(request).call(lambda h: h.get_image_still(image.url))
        except RateLimited as error:
            return _no_still(_("The Homey asked to wait."), 503, retry=int(error.retry_after))
        except HomeyError:
            return _no_still(failed, 502)
        cache.set(key, found, seconds)
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, max-age=5"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def _no_still(message: str, status: int, retry: int = 0) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    if retry:
        response["Retry-After"] = str(max(retry, 1))
    return response
