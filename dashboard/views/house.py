"""The house tiles of the default board: their fragments, the energy chart's periods, and
setting a mood.

A mood is set only by a viewer who may control devices and whose Homey session has
``homey.mood.set``; anyone else is refused before anything is sent to the Homey. After the
Homey sets it, the mood's devices are read back so the board shows what the Homey confirms.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard import grants, snapshot
from dashboard.access import viewer_required
from dashboard.boards import house_tile
from dashboard.energy_history import PERIODS
from dashboard.homey.errors import AccessDenied, InvalidValue, NotFound, Unavailable
from dashboard.panels import PARTS
from dashboard.views.tiles import _tile, _upstream_failed


def _house_snapshot(request: HttpRequest):
    viewer = request.viewer
    if not viewer.sees_default_board:
        raise Http404
    return viewer, snapshot.get_snapshot(viewer, request)


@require_GET
@viewer_required
def house_fragment(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in PARTS:
        raise Http404
    viewer, snap = _house_snapshot(request)
    period = request.GET.get("period", "day")
    if period not in PERIODS:
        period = "day"
    return _tile(request, house_tile(request, viewer, snap, kind, period))


@require_GET
@viewer_required
def energy_chart(request: HttpRequest) -> HttpResponse:
    """The chart for ``?period=day|week|month`` (anything else: the day)."""
    viewer, snap = _house_snapshot(request)
    period = request.GET.get("period", "day")
    if period not in PERIODS:
        period = "day"
    return _tile(request, house_tile(request, viewer, snap, "energy_chart", period))


@require_POST
@viewer_required
def mood_set(request: HttpRequest, mood_id: str) -> HttpResponse:
    viewer, snap = _house_snapshot(request)
    back = reverse("home")

    def answer(message: str, status: int) -> HttpResponse:
        view = house_tile(request, viewer, snapshot.cached(viewer.household.pk) or snap, "moods")
        if getattr(request, "htmx", False):
            view.message = message
            view.message_level = "error" if status >= 400 else "info"
            return _tile(request, view, status=status)
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
        return _upstream_failed(request, house_tile(request, viewer, snap, "moods"), error, back)
    if viewer.link.verified_for_household:
        for device in devices:
            snapshot.record_device(viewer.household.pk, device)
    return answer(_("Mood %(mood)s is set.") % {"mood": mood.name}, 200)
