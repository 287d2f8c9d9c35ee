"""Making dashboards: create, rename, share, delete; add, remove, reorder and tune tiles.

Any member may make personal dashboards (guests too; theirs are view-only like everything
they see). Shared dashboards are edited by the Homey's owners and managers (``may_edit``).
Tiles are picked from what the Homey has now (the snapshot), so a tile never points at
something that was not there.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dashboard.access import (
    Viewer,
    ViewerRequest,
    get_dashboard_for_viewer,
    get_tile_for_viewer,
    viewer_required,
)
from dashboard.boards import zone_order
from dashboard.models import Dashboard, Tile
from dashboard.snapshot import Snapshot, get_snapshot
from dashboard.tiles import device_capabilities


class DashboardForm(forms.ModelForm):
    class Meta:
        model = Dashboard
        fields = ["name", "audience"]
        labels = {"name": gettext_lazy("Name"), "audience": gettext_lazy("Who sees it")}

    def __init__(self, *args, viewer: Viewer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        if not viewer.can_manage:
            self.fields["audience"].choices = [
                (Dashboard.Audience.PRIVATE.value, Dashboard.Audience.PRIVATE.label)
            ]
            self.fields["audience"].help_text = _(
                "Only the Homey's owners and managers can share dashboards."
            )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the dashboard a name."))
        return name


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


def tile_row(tile: Tile, snap: Snapshot) -> dict:
    """A tile as the edit page lists it: what it shows, and for a device its capabilities."""
    device = snap.devices.get(tile.device_id) if tile.device_id else None
    label = tile.title
    capabilities = []
    if tile.kind == Tile.Kind.VARIABLE:
        variable = snap.variables.get(tile.variable_id)
        label = label or (variable.name if variable else _("Unknown variable"))
    elif tile.kind == Tile.Kind.FLOW:
        flow = snap.flow(tile.flow_id, advanced=tile.flow_advanced)
        label = label or (flow.name if flow else _("Unknown flow"))
    elif device is None:
        label = label or _("Unknown device")
    else:
        label = label or device.name
        if tile.kind != Tile.Kind.DEVICE:
            capability = device.capabilities.get(tile.capability_id)
            label = f"{label} · {capability.title if capability else tile.capability_id}"
        else:
            shown = {c.id for c in device_capabilities(device, tile.capabilities)}
            capabilities = [
                {"id": c.id, "title": c.title or c.id, "checked": c.id in shown}
                for c in device.capabilities.values()
            ]
    return {"tile": tile, "label": label, "capabilities": capabilities}


def tile_choices(snap: Snapshot) -> dict[str, list[tuple[str, str]]]:
    """What can be added, from the Homey's own lists: ``{kind: [(source, label)]}``."""
    zones = {zone.id: zone.name for zone in snap.zones.values()}
    order = {zone.id: n for n, zone in enumerate(zone_order(snap.zones))}
    devices = sorted(
        snap.devices.values(), key=lambda d: (order.get(d.zone_id, len(order)), d.name.lower())
    )
    device_choices, value_choices, history_choices = [], [], []
    for device in devices:
        where = zones.get(device.zone_id, "")
        name = f"{where} · {device.name}" if where else device.name
        device_choices.append((device.id, name))
        for capability in device.capabilities.values():
            source = f"{device.id}/{capability.id}"
            value_choices.append((source, f"{name} · {capability.title or capability.id}"))
            if capability.type == "number" and capability.getable:
                history_choices.append((source, f"{name} · {capability.title or capability.id}"))
    flows = [
        *((f"flow/{f.id}", f.name) for f in snap.flows.values() if f.enabled and f.triggerable),
        *(
            (f"advancedflow/{f.id}", f"{f.name} ({_('Advanced Flow')})")
            for f in snap.advanced_flows.values()
            if f.enabled and f.triggerable
        ),
    ]
    types = {"boolean": _("yes/no"), "number": _("number"), "string": _("text")}
    variables = [(v.id, f"{v.name} ({types.get(v.type, v.type)})") for v in snap.variables.values()]
    return {
        "device": device_choices,
        "capability": value_choices,
        "history": history_choices,
        "variable": sorted(variables, key=lambda c: c[1].lower()),
        "flow": sorted(flows, key=lambda c: c[1].lower()),
    }


def new_tile(dashboard: Dashboard, kind: str, source: str, snap: Snapshot) -> Tile | None:
    """The tile for ``source`` (as offered by ``tile_choices``), or None if it is not there."""
    if source not in {value for value, _label in tile_choices(snap).get(kind, [])}:
        return None
    tile = Tile(dashboard=dashboard, kind=kind)
    if kind == Tile.Kind.DEVICE:
        tile.device_id = source
    elif kind in (Tile.Kind.CAPABILITY, Tile.Kind.HISTORY):
        tile.device_id, tile.capability_id = source.split("/", 1)
    elif kind == Tile.Kind.VARIABLE:
        tile.variable_id = source
    elif kind == Tile.Kind.FLOW:
        prefix, tile.flow_id = source.split("/", 1)
        tile.flow_advanced = prefix == "advancedflow"
    return tile


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
    """A tile's own title and, for a device tile, which capabilities it shows."""
    viewer = request.viewer
    tile = _editable_tile(viewer, code)
    tile.title = request.POST.get("title", "").strip()[:80]
    fields = ["title"]
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
