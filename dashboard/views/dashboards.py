"""Boards: the Homey's default dashboard, stored dashboards, and the poll that keeps them live.

These views serve people and paired kiosks alike (``viewer_required``); a kiosk screen can
include ``dashboard/detail.html#board`` with the same context.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard import clock, snapshot, subscriber
from dashboard.access import Viewer, ViewerRequest, get_dashboard_for_viewer, viewer_required
from dashboard.boards import build_board, layout_stamp
from dashboard.models import Dashboard
from dashboard.snapshot import get_snapshot, poll_snapshot


def board_context(request: ViewerRequest, viewer: Viewer, dashboard: Dashboard | None) -> dict:
    """What ``dashboard/detail.html`` and its ``board`` partial need."""
    snap = get_snapshot(viewer, request)
    subscriber.watch(viewer, request)
    _use_homey_timezone(viewer)  # the first fetch may just have learnt it
    board = build_board(
        request, viewer, snap, dashboard, poll_seconds=settings.HOMEYDASH_POLL_SECONDS
    )
    return {"board": board, "viewer": viewer}


def _use_homey_timezone(viewer: Viewer) -> None:
    tzinfo = viewer.tzinfo()
    if tzinfo is not None:
        timezone.activate(tzinfo)


def _board_page(request: ViewerRequest, dashboard: Dashboard | None) -> HttpResponse:
    """A board as a page of its own, with the header's dashboard switcher for people."""
    viewer = request.viewer
    context = board_context(request, viewer, dashboard)
    context["nav_dashboards"] = list(viewer.dashboards()) if viewer.kiosk is None else None
    return render(request, "dashboard/detail.html", context)


@require_GET
@viewer_required
def home(request: ViewerRequest) -> HttpResponse:
    """The default dashboard: every device of the chosen Homey, grouped by zone."""
    viewer = request.viewer
    kiosk_board = viewer.kiosk.dashboard if viewer.kiosk is not None else None
    if kiosk_board is not None:  # a kiosk paired to one dashboard sees only that one
        return redirect("dashboard", code=kiosk_board.code)
    return _board_page(request, None)


@require_GET
@viewer_required
def dashboard_detail(request: ViewerRequest, code) -> HttpResponse:
    return _board_page(request, get_dashboard_for_viewer(request.viewer, code))


def _number(raw: str | None) -> int:
    try:
        return int(raw or 0)
    except ValueError:
        return 0


def _alert_due(raw: str | None) -> bool:
    """A door or window the page saw open becomes an alert now (``a``: when, in seconds)."""
    due = _number(raw)
    return 0 < due <= clock.now().timestamp()


@require_GET
@viewer_required
def board_poll(request: ViewerRequest, code=None) -> HttpResponse:
    """The tiles that changed since version ``v`` as out-of-band swaps, or 204.

    ``l`` is the layout stamp of a stored dashboard: when it was edited elsewhere the whole
    board comes back.
    """
    viewer = request.viewer
    if code is None:
        if not viewer.sees_default_board:
            raise Http404
        dashboard = None
    else:
        dashboard = get_dashboard_for_viewer(viewer, code)
    held, held_layout = _number(request.GET.get("v")), _number(request.GET.get("l"))
    same_layout = held_layout == layout_stamp(dashboard)
    subscriber.watch(viewer, request)
    if viewer.kiosk is not None and snapshot.apps_due(viewer):
        snapshot.read_apps_for(viewer, request)  # the wall screen's health alert stays current
    snap = poll_snapshot(viewer, request, held)
    if snap is None and same_layout:
        # Nothing changed; a door the page saw open may have become an alert since.
        snap = snapshot.cached(viewer.household.pk) if _alert_due(request.GET.get("a")) else None
        if snap is None:
            return HttpResponse(status=204)
    if snap is None:
        snap = get_snapshot(viewer, request)
    _use_homey_timezone(viewer)
    board = build_board(
        request,
        viewer,
        snap,
        dashboard,
        held=held,
        held_layout=held_layout,
        poll_seconds=settings.HOMEYDASH_POLL_SECONDS,
    )
    return render(request, "dashboard/detail.html#poll", {"board": board, "viewer": viewer})
