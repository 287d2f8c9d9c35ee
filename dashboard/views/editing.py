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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dashboard.access import (
    Viewer,
    ViewerRequest,
    get_dashboard_for_viewer,
    get_tile_for_viewer,
    viewer_required,
)
from dashboard.editor import new_tile, tile_choices, tile_row
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
        "rows": [tile_row(tile, snap) for tile in dashboard.tiles.all()],
        "choices": tile_choices(snap),
        "kinds": Tile.Kind,
        "sizes": Tile.Size.choices,
    }
    return render(request, "dashboard/edit.html", context)


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
        messages.error(request, _("Choose something the Homey has."))
        return redirect("dashboard_edit", code=dashboard.code)
    last = dashboard.tiles.aggregate(last=Max("position"))["last"]
    tile.position = 0 if last is None else last + 1
    tile.save()
    dashboard.touch()
    messages.success(request, _("Tile added."))
    return redirect("dashboard_edit", code=dashboard.code)


@require_POST
@viewer_required(kiosks=False)
def tile_remove(request: ViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    tile = _editable_tile(viewer, code)
    dashboard = tile.dashboard
    tile.delete()
    dashboard.touch()
    messages.success(request, _("Tile removed."))
    return redirect("dashboard_edit", code=dashboard.code)


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
        for position, each in enumerate(tiles):
            if each.position != position:
                Tile.objects.filter(pk=each.pk).update(position=position)
    dashboard.touch()
    return redirect("dashboard_edit", code=dashboard.code)


@require_POST
@viewer_required(kiosks=False)
def tile_edit(request: ViewerRequest, code) -> HttpResponse:
    """A tile's own title, its size and, for a device tile, which capabilities it shows."""
    viewer = request.viewer
    tile = _editable_tile(viewer, code)
    size = request.POST.get("size", tile.size)
    if size not in Tile.Size.values:
        messages.error(request, _("Choose one of the sizes offered."))
        return redirect("dashboard_edit", code=tile.dashboard.code)
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
    messages.success(request, _("Tile saved."))
    return redirect("dashboard_edit", code=tile.dashboard.code)
