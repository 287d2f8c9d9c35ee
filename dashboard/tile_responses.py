"""How a tile's view answers: the tile fragment itself, or, without htmx, a redirect with a
message. Shared by every view that redraws a tile after a request (controls, moods, house
tiles); a refusal never sends anything to the Homey.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dashboard.access import ViewerRequest
from dashboard.homey.errors import AccessDenied, NotFound, RateLimited, Unavailable
from dashboard.presentation import TileView


def tile_response(request: ViewerRequest, view: TileView, status: int = 200) -> HttpResponse:
    """The tile's fragment (``dashboard/detail.html#tile``)."""
    return render(request, "dashboard/detail.html#tile", {"tile": view}, status=status)


def done(request: ViewerRequest, view: TileView, back: str, message: str = "") -> HttpResponse:
    if request.htmx:
        return tile_response(request, view)
    if message:
        messages.success(request, message)
    return redirect(back)


def refused(
    request: ViewerRequest, view: TileView, message: str, back: str, status: int = 422
) -> HttpResponse:
    """Nothing was sent: the tile as it is, with why."""
    if request.htmx:
        view.message = message
        return tile_response(request, view, status=status)
    messages.error(request, message)
    return redirect(back)


def forbidden(request: ViewerRequest, view: TileView, message: str = "") -> HttpResponse:
    """Guests and view-only kiosks: refused whatever they post (the tile says why)."""
    if not request.htmx:
        raise PermissionDenied
    view.message = message or _("You can look at this tile but not control it.")
    return tile_response(request, view, status=403)


def upstream_failed(
    request: ViewerRequest, view: TileView, error: Exception, back: str
) -> HttpResponse:
    """The Homey did not do it: the tile with what it said, in people's words."""
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
    return refused(request, view, message, back, status=status)


def confirm(request: ViewerRequest, view: TileView, back: str) -> HttpResponse:
    """A second tap (and maybe a PIN) before a lock or alarm is changed."""
    if request.htmx:
        return tile_response(request, view)
    return render(request, "dashboard/confirm.html", {"tile": view, "back": back})
