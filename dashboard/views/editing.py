"""Making dashboards: create, rename, share, delete; add, remove, reorder and tune tiles.

Any member may make personal dashboards (guests too; theirs are view-only like everything
they see). Shared dashboards are edited by the Homey's owners and managers (``may_edit``).
Tiles are picked from what the Homey has now (the snapshot), so a tile never points at
something that was not there; the changes themselves are made in ``dashboard.editor``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dashboard import editor
from dashboard.access import (
    ViewerRequest,
    get_dashboard_for_editor,
    get_tile_for_editor,
    viewer_required,
)
from dashboard.forms import DashboardForm
from dashboard.models import Dashboard, Tile
from dashboard.snapshot import Snapshot, get_snapshot


def _snapshot(request: ViewerRequest) -> Snapshot:
    return get_snapshot(request.viewer, request)


@require_http_methods(["GET", "POST"])
@viewer_required(kiosks=False)
def dashboard_new(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    if not viewer.may_create_dashboards:
        raise PermissionDenied
    form = DashboardForm(request.POST or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        dashboard = form.save()
        messages.success(request, _("Dashboard created. Add some tiles."))
        return redirect("dashboard_edit", code=dashboard.code)
    return render(request, "dashboard/new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@viewer_required(kiosks=False)
def dashboard_edit(request: ViewerRequest, code) -> HttpResponse:
    dashboard = get_dashboard_for_editor(request.viewer, code)
    form = DashboardForm(request.POST or None, instance=dashboard, viewer=request.viewer)
    if request.method == "POST" and form.is_valid():
        form.save()
        dashboard.touch()
        messages.success(request, _("Saved."))
        return redirect("dashboard_edit", code=dashboard.code)
    snap = _snapshot(request)
    context = editor.tiles_context(dashboard, snap, form=form, choices=editor.tile_choices(snap))
    return render(request, "dashboard/edit.html", {**context, "kinds": Tile.Kind})


@require_POST
@viewer_required(kiosks=False)
def dashboard_delete(request: ViewerRequest, code) -> HttpResponse:
    dashboard = get_dashboard_for_editor(request.viewer, code)
    name = dashboard.name
    dashboard.delete()
    messages.success(request, _("Deleted “%(name)s”.") % {"name": name})
    return redirect("home")


# tiles -----------------------------------------------------------------------------------


def _tiles_changed(
    request: ViewerRequest,
    dashboard: Dashboard,
    snap: Snapshot,
    message: str,
    *,
    status: int = 200,
    opened: Tile | None = None,
) -> HttpResponse:
    """After a change to the tiles: from htmx, the list redrawn in place (``opened``: the tile
    whose settings stay open) and ``message`` for the status line, announced to screen readers;
    otherwise back to the edit page, at the list."""
    if request.htmx:
        context = editor.tiles_context(dashboard, snap, announcement=message, opened=opened)
        return render(request, "dashboard/edit.html#tiles-changed", context, status=status)
    if message:
        (messages.error if status >= 400 else messages.success)(request, message)
    return redirect(reverse("dashboard_edit", args=[dashboard.code]) + "#tiles")


@require_POST
@viewer_required(kiosks=False)
def tile_add(request: ViewerRequest, code) -> HttpResponse:
    dashboard = get_dashboard_for_editor(request.viewer, code)
    snap = _snapshot(request)
    kind, source = request.POST.get("kind", ""), request.POST.get("source", "")
    tile = editor.new_tile(dashboard, kind, source, snap)
    if tile is None:
        message = _("Choose something the Homey has.")
        return _tiles_changed(request, dashboard, snap, message, status=422)
    message = editor.append_tile(dashboard, tile, snap)
    return _tiles_changed(request, dashboard, snap, message)


@require_POST
@viewer_required(kiosks=False)
def tile_remove(request: ViewerRequest, code) -> HttpResponse:
    tile = get_tile_for_editor(request.viewer, code)
    dashboard, snap = tile.dashboard, _snapshot(request)
    label = editor.tile_label(tile, snap)
    tile.delete()
    dashboard.touch()
    return _tiles_changed(request, dashboard, snap, _("Removed “%(tile)s”.") % {"tile": label})


@require_POST
@viewer_required(kiosks=False)
def tile_move(request: ViewerRequest, code) -> HttpResponse:
    """One place up or down (``direction``)."""
    tile = get_tile_for_editor(request.viewer, code)
    snap = _snapshot(request)
    message = editor.move_tile(tile, request.POST.get("direction", ""), snap)
    return _tiles_changed(request, tile.dashboard, snap, message)


@require_POST
@viewer_required(kiosks=False)
def dashboard_order(request: ViewerRequest, code) -> HttpResponse:
    """The whole order at once (drag and drop): ``order`` lists every tile's code, comma
    separated, exactly once; anything else changes nothing. ``moved`` names the tile that was
    dragged, for the announcement."""
    dashboard = get_dashboard_for_editor(request.viewer, code)
    snap = _snapshot(request)
    wanted = [part.strip() for part in request.POST.get("order", "").split(",") if part.strip()]
    ordered = editor.reorder(dashboard, wanted)
    if ordered is None:
        message = _("The tiles changed meanwhile; here they are as they are now.")
        return _tiles_changed(request, dashboard, snap, message, status=422)
    moved = next((t for t in ordered if str(t.code) == request.POST.get("moved", "")), None)
    message = editor.moved(moved, ordered, snap) if moved else _("Order saved.")
    return _tiles_changed(request, dashboard, snap, message)


@require_POST
@viewer_required(kiosks=False)
def tile_edit(request: ViewerRequest, code) -> HttpResponse:
    """A tile's own title, its size and, for a device tile, which capabilities it shows."""
    tile = get_tile_for_editor(request.viewer, code)
    snap = _snapshot(request)
    if not editor.tune_tile(tile, request.POST, snap):
        message = _("Choose one of the sizes offered.")
        return _tiles_changed(request, tile.dashboard, snap, message, status=422, opened=tile)
    return _tiles_changed(request, tile.dashboard, snap, _("Tile saved."), opened=tile)
