"""Making dashboards: create, rename, share, delete; add, remove, reorder and tune tiles.

Any member may make personal dashboards (guests too; theirs are view-only like everything
they see). Shared dashboards are edited by the Homey's owners and managers (``may_edit``).
Tiles are picked from what the Homey has now (the snapshot), so a tile never points at
something that was not there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dashboard.access import (
    Viewer,
    ViewerRequest,
    get_dashboard_for_viewer,
    get_tile_for_viewer,
    viewer_required,
)
from dashboard.editor import new_tile, tile_choices, tile_row, tile_rows
from dashboard.forms import DashboardForm
from dashboard.models import Dashboard, Tile
from dashboard.snapshot import get_snapshot


def _editable(viewer: Viewer, code) -> Dashboard:
    dashboard = get_dashboard_for_viewer(viewer, code)
    if not viewer.may_edit(dashboard):
        raise PermissionDenied
    return dashboard


def _editable_tile(viewer: Viewer, code) -> Tile:
    tile = get_tile_for_viewer(viewer, code)
    if not viewer.may_edit(tile.dashboard):
        raise PermissionDenied
    return tile


@require_http_methods(["GET", "POST"])
@viewer_required(kiosks=False)
def dashboard_new(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    if not viewer.may_create_dashboards:
        raise PermissionDenied
    form = DashboardForm(request.POST or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        dashboard = form.save(commit=False)
        dashboard.household = viewer.household
        dashboard.owner = request.user
        dashboard.save()
        messages.success(request, _("Dashboard created. Add some tiles."))
        return redirect("dashboard_edit", code=dashboard.code)
    return render(request, "dashboard/new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@viewer_required(kiosks=False)
def dashboard_edit(request: ViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    dashboard = _editable(viewer, code)
    form = DashboardForm(request.POST or None, instance=dashboard, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        form.save()
        dashboard.touch()
        messages.success(request, _("Saved."))
        return redirect("dashboard_edit", code=dashboard.code)
    snap = get_snapshot(viewer, request)
    context = {
        "form": form,
        "dashboard": dashboard,
        "rows": tile_rows(dashboard, snap),
        "choices": tile_choices(snap),
        "kinds": Tile.Kind,
        "sizes": Tile.Size.choices,
    }
    return render(request, "dashboard/edit.html", context)


def _tiles_changed(
    request: ViewerRequest,
    viewer: Viewer,
    dashboard: Dashboard,
    message: str,
    *,
    status: int = 200,
    opened: Tile | None = None,
) -> HttpResponse:
    """After a change to the tiles: from htmx, the list redrawn in place (``opened``: the tile
    whose settings stay open) and ``message`` for the status line, announced to screen readers;
    otherwise back to the edit page, at the list."""
    if request.htmx:
        context = {
            "dashboard": dashboard,
            "rows": tile_rows(dashboard, get_snapshot(viewer, request)),
            "announcement": message,
            "opened": opened.code if opened else None,
            "sizes": Tile.Size.choices,
        }
        return render(request, "dashboard/edit.html#tiles-changed", context, status=status)
    if message:
        (messages.error if status >= 400 else messages.success)(request, message)
    return redirect(reverse("dashboard_edit", args=[dashboard.code]) + "#tiles")


@require_POST
@viewer_required(kiosks=False)
def dashboard_delete(request: ViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    dashboard = _editable(viewer, code)
    name = dashboard.name
    dashboard.delete()
    messages.success(request, _("Deleted “%(name)s”.") % {"name": name})
    return redirect("home")


# tiles -----------------------------------------------------------------------------------


@require_POST
@viewer_required(kiosks=False)
def tile_add(request: ViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    dashboard = _editable(viewer, code)
    snap = get_snapshot(viewer, request)
    tile = new_tile(dashboard, request.POST.get("kind", ""), request.POST.get("source", ""), snap)
    if tile is None:
        return _tiles_changed(
            request, viewer, dashboard, _("Choose something the Homey has."), status=422
        )
    last = dashboard.tiles.aggregate(last=Max("position"))["last"]
    tile.position = 0 if last is None else last + 1
    tile.save()
    dashboard.touch()
    label = tile_row(tile, snap)["label"]
    count = dashboard.tiles.count()
    message = _("Added “%(tile)s” as tile %(position)d of %(count)d.") % {
        "tile": label,
        "position": count,
        "count": count,
    }
    return _tiles_changed(request, viewer, dashboard, message)


@require_POST
@viewer_required(kiosks=False)
def tile_remove(request: ViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    tile = _editable_tile(viewer, code)
    dashboard = tile.dashboard
    label = tile_row(tile, get_snapshot(viewer, request))["label"]
    tile.delete()
    dashboard.touch()
    return _tiles_changed(request, viewer, dashboard, _("Removed “%(tile)s”.") % {"tile": label})


@require_POST
@viewer_required(kiosks=False)
def tile_move(request: ViewerRequest, code) -> HttpResponse:
    """One place up or down (``direction``); positions are renumbered 0..n-1."""
    viewer = request.viewer
    tile = _editable_tile(viewer, code)
    dashboard = tile.dashboard
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    with transaction.atomic():
        tiles = list(dashboard.tiles.select_for_update())
        index = next(n for n, t in enumerate(tiles) if t.pk == tile.pk)
        if step is not None and 0 <= index + step < len(tiles):
            tiles[index], tiles[index + step] = tiles[index + step], tiles[index]
        _renumber(tiles)
    dashboard.touch()
    return _tiles_changed(request, viewer, dashboard, _moved(viewer, request, tile, tiles))


@require_POST
@viewer_required(kiosks=False)
def dashboard_order(request: ViewerRequest, code) -> HttpResponse:
    """The whole order at once (drag and drop): ``order`` lists every tile's code, comma
    separated, exactly once; anything else changes nothing. ``moved`` names the tile that was
    dragged, for the announcement."""
    viewer = request.viewer
    dashboard = _editable(viewer, code)
    wanted = [part.strip() for part in request.POST.get("order", "").split(",") if part.strip()]
    with transaction.atomic():
        tiles = list(dashboard.tiles.select_for_update())
        by_code = {str(tile.code): tile for tile in tiles}
        if len(wanted) != len(tiles) or set(wanted) != set(by_code):
            message = _("The tiles changed meanwhile; here they are as they are now.")
            return _tiles_changed(request, viewer, dashboard, message, status=422)
        ordered = [by_code[each] for each in wanted]
        _renumber(ordered)
    dashboard.touch()
    moved = by_code.get(request.POST.get("moved", ""))
    message = _moved(viewer, request, moved, ordered) if moved else _("Order saved.")
    return _tiles_changed(request, viewer, dashboard, message)


def _renumber(tiles: list[Tile]) -> None:
    for position, each in enumerate(tiles):
        if each.position != position:
            Tile.objects.filter(pk=each.pk).update(position=position)


def _moved(viewer: Viewer, request: ViewerRequest, tile: Tile, tiles: list[Tile]) -> str:
    position = next(n for n, t in enumerate(tiles) if t.pk == tile.pk) + 1
    label = tile_row(tile, get_snapshot(viewer, request))["label"]
    return _("“%(tile)s” is now tile %(position)d of %(count)d.") % {
        "tile": label,
        "position": position,
        "count": len(tiles),
    }


@require_POST
@viewer_required(kiosks=False)
def tile_edit(request: ViewerRequest, code) -> HttpResponse:
    """A tile's own title, its size and, for a device tile, which capabilities it shows."""
    viewer = request.viewer
    tile = _editable_tile(viewer, code)
    size = request.POST.get("size", tile.size)
    if size not in Tile.Size.values:
        message = _("Choose one of the sizes offered.")
        return _tiles_changed(request, viewer, tile.dashboard, message, status=422, opened=tile)
    tile.title = request.POST.get("title", "").strip()[:80]
    tile.size = size
    fields = ["title", "size"]
    if tile.kind == Tile.Kind.DEVICE:
        device = get_snapshot(viewer, request).devices.get(tile.device_id)
        chosen = set(request.POST.getlist("capabilities"))
        if device is not None:
            tile.capabilities = [c for c in device.capability_ids if c in chosen]
            fields.append("capabilities")
    tile.save(update_fields=fields)
    tile.dashboard.touch()
    return _tiles_changed(request, viewer, tile.dashboard, _("Tile saved."), opened=tile)
