"""The API's operations. Reads come from the household's snapshot (``get_snapshot``); writes
are checked exactly as a tile's control checks them (``dashboard.homey.capabilities``) and
refused before anything is sent to the Homey."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from dashboard import clock, homey_health, snapshot, subscriber
from dashboard.api.problems import ApiProblem, Problem
from dashboard.api.schemas import (
    AppOut,
    CapabilityOut,
    DeviceOut,
    FlowOut,
    HealthOut,
    HomeyOut,
    InsightsOut,
    Resolution,
    Started,
    ValueIn,
    VariableIn,
    VariableOut,
    ZoneOut,
)
from dashboard.api.security import Caller
from dashboard.homey.capabilities import is_sensitive, parse_capability_value, parse_variable_value
from dashboard.homey.errors import InvalidValue, NotSetable, OutOfRange
from dashboard.homey.types import App, Capability, Device, Flow, LogEntries, Variable
from dashboard.snapshot import Snapshot

router = Router()

ERRORS = dict.fromkeys((401, 403, 404, 409, 422, 429, 500, 502, 503), Problem)
INSIGHTS_SECONDS = 60


def _caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]  # django-ninja's TokenAuth sets it


def _check_homey(caller: Caller, homey_id: str) -> None:
    if homey_id != caller.viewer.household.homey_id:
        raise ApiProblem("not_found", _("This token does not reach a Homey with this id."))


def _snapshot(request: HttpRequest, homey_id: str, max_stale: int | None = None) -> Snapshot:
    """The household's snapshot (refreshed first when due), or why there is none to give."""
    caller = _caller(request)
    _check_homey(caller, homey_id)
    snap = snapshot.get_snapshot(caller.viewer, request)
    subscriber.watch(caller.viewer, request)  # a polling program keeps the Homey's events open
    if not snap.loaded:
        raise ApiProblem("homey_offline")
    stale = snap.stale_since
    if max_stale is not None and stale and (clock.now() - stale).total_seconds() > max_stale:
        raise ApiProblem("stale")
    return snap


def _may_control(request: HttpRequest) -> None:
    if not _caller(request).may_control:
        raise ApiProblem(
            "forbidden", _("This token can read but not control (or its owner may not).")
        )


# shapes ------------------------------------------------------------------------------------


def capability_out(capability: Capability, stale_since: datetime | None) -> dict:
    return {
        "id": capability.id,
        "title": capability.title,
        "type": capability.type,
        "value": capability.value,
        "units": capability.units,
        "decimals": capability.decimals,
        "min": capability.min,
        "max": capability.max,
        "step": capability.step,
        "getable": capability.getable,
        "setable": capability.setable,
        "values": [{"id": choice.id, "title": choice.title} for choice in capability.values],
        "lastUpdated": capability.last_updated,
        "staleSince": stale_since,
    }


def device_out(device: Device, stale_since: datetime | None) -> dict:
    return {
        "id": device.id,
        "name": device.name,
        "zone": device.zone_id,
        "class": device.device_class,
        "available": device.available,
        "ready": device.ready,
        "unavailableMessage": device.unavailable_message,
        "warningMessage": device.warning_message,
        "capabilities": [
            capability_out(device.capabilities[c], stale_since) for c in device.capability_ids
        ],
        "staleSince": stale_since,
    }


def variable_out(variable: Variable, snap: Snapshot) -> dict:
    return {
        "id": variable.id,
        "name": variable.name,
        "type": variable.type,
        "value": variable.value,
        "staleSince": snap.stale_since or snap.parts_stale.get("variables"),
    }


def flow_out(flow: Flow) -> dict:
    return {
        "id": flow.id,
        "name": flow.name,
        "enabled": flow.enabled,
        "triggerable": flow.triggerable,
        "folder": flow.folder_id,
    }


# Homeys and zones --------------------------------------------------------------------------


@router.get("/homeys", response={200: list[HomeyOut], **ERRORS}, tags=["Homeys"])
def list_homeys(request: HttpRequest):
    """The Homey this token reaches (a token belongs to one household)."""
    caller = _caller(request)
    household = caller.viewer.household
    snap = snapshot.cached(household.pk)
    return [
        {
            "id": household.homey_id,
            "name": household.name,
            "role": caller.viewer.role,
            "access": "control" if caller.may_control else "read",
            "staleSince": snap.stale_since if snap is not None else None,
        }
    ]


@router.get("/homeys/{homey_id}/zones", response={200: list[ZoneOut], **ERRORS}, tags=["Homeys"])
def list_zones(request: HttpRequest, homey_id: str):
    snap = _snapshot(request, homey_id)
    return [
        {"id": z.id, "name": z.name, "parent": z.parent_id or None, "icon": z.icon}
        for z in snap.zones.values()
    ]


# devices -----------------------------------------------------------------------------------


@router.get(
    "/homeys/{homey_id}/devices",
    response={200: list[DeviceOut], **ERRORS},
    by_alias=True,
    tags=["Devices"],
)
def list_devices(request: HttpRequest, homey_id: str):
    snap = _snapshot(request, homey_id)
    return [device_out(device, snap.stale_since) for device in snap.devices.values()]


def _device(snap: Snapshot, device_id: str) -> Device:
    device = snap.devices.get(device_id)
    if device is None:
        raise ApiProblem("not_found", _("There is no device with this id on this Homey."))
    return device


def _capability(device: Device, capability_id: str) -> Capability:
    capability = device.capabilities.get(capability_id)
    if capability is None:
        raise ApiProblem("not_found", _("This device has no capability with this id."))
    return capability


@router.get(
    "/homeys/{homey_id}/devices/{device_id}",
    response={200: DeviceOut, **ERRORS},
    by_alias=True,
    tags=["Devices"],
)
def get_device(request: HttpRequest, homey_id: str, device_id: str):
    snap = _snapshot(request, homey_id)
    return device_out(_device(snap, device_id), snap.stale_since)


@router.get(
    "/homeys/{homey_id}/devices/{device_id}/capabilities/{capability_id}",
    response={200: CapabilityOut, **ERRORS},
    tags=["Devices"],
)
def get_capability(
    request: HttpRequest,
    homey_id: str,
    device_id: str,
    capability_id: str,
    max_stale: int | None = Query(
        None,
        ge=0,
        le=10**9,
        description="Answer 503 `stale` instead when the Homey has not answered for longer "
        "than this many seconds.",
    ),
):
    """One capability's value, units, decimals and ``lastUpdated``, as the snapshot holds it."""
    snap = _snapshot(request, homey_id, max_stale)
    capability = _capability(_device(snap, device_id), capability_id)
    return capability_out(capability, snap.stale_since)


@router.put(
    "/homeys/{homey_id}/devices/{device_id}/capabilities/{capability_id}",
    response={200: CapabilityOut, **ERRORS},
    tags=["Devices"],
)
def set_capability(
    request: HttpRequest, homey_id: str, device_id: str, capability_id: str, body: ValueIn
):
    """Set a capability, checked as a tile's control checks it before anything is sent: the
    capability can be set, the value's type, range, step and choices. Answers the value the
    Homey confirms."""
    snap = _snapshot(request, homey_id)
    _may_control(request)
    device = _device(snap, device_id)
    capability = _capability(device, capability_id)
    if not device.available:
        raise ApiProblem("device_unavailable")
    if not device.ready:
        raise ApiProblem("device_not_ready")
    try:
        value = parse_capability_value(capability, body.value)
    except NotSetable as error:
        raise ApiProblem("not_setable", str(error)) from None
    except OutOfRange as error:
        raise ApiProblem("out_of_range", str(error)) from None
    except InvalidValue as error:
        raise ApiProblem("invalid_value", str(error)) from None
    if is_sensitive(capability) and not body.confirm:
        raise ApiProblem("confirmation_required")

    def set_and_read(homey) -> Device:
        homey.set_capability_value(device.id, capability.id, value)
        return homey.get_device(device.id)

    viewer = _caller(request).viewer
    confirmed = viewer.connection(request).call(set_and_read)
    if viewer.link.verified_for_household:  # what another link says waits for the next read
        snapshot.record_device(viewer.household.pk, confirmed)
    return capability_out(confirmed.capabilities.get(capability.id, capability), None)


# Insights ----------------------------------------------------------------------------------


@router.get(
    "/homeys/{homey_id}/devices/{device_id}/capabilities/{capability_id}/insights",
    response={200: InsightsOut, **ERRORS},
    tags=["Insights"],
)
def get_insights(
    request: HttpRequest,
    homey_id: str,
    device_id: str,
    capability_id: str,
    resolution: Resolution = "last24Hours",
):
    """A capability's history from the Homey's Insights (read at most once a minute per log
    and resolution, whoever asks)."""
    snap = _snapshot(request, homey_id)
    device = _device(snap, device_id)
    capability = _capability(device, capability_id)
    log_id = f"homey:device:{device.id}:{capability.id}"
    viewer = _caller(request).viewer
    key = f"api-insights:{viewer.household.pk}:{log_id}:{resolution}"
    found: LogEntries | None = cache.get(key)
    if found is None:
        if snap.stale_since is not None:
            raise ApiProblem("homey_offline")
        found = viewer.connection(request).call(
            lambda homey: homey.get_log_entries(log_id, resolution)
        )
        cache.set(key, found, INSIGHTS_SECONDS)
    return {
        "id": log_id,
        "resolution": resolution,
        "step": found.step_ms,
        "points": [{"t": when, "v": value} for when, value in found.points],
    }


# Logic variables ---------------------------------------------------------------------------


@router.get(
    "/homeys/{homey_id}/variables", response={200: list[VariableOut], **ERRORS}, tags=["Logic"]
)
def list_variables(request: HttpRequest, homey_id: str):
    snap = _snapshot(request, homey_id)
    return [variable_out(variable, snap) for variable in snap.variables.values()]


def _variable(snap: Snapshot, variable_id: str) -> Variable:
    variable = snap.variables.get(variable_id)
    if variable is None:
        raise ApiProblem("not_found", _("There is no Logic variable with this id on this Homey."))
    return variable


@router.get(
    "/homeys/{homey_id}/variables/{variable_id}",
    response={200: VariableOut, **ERRORS},
    tags=["Logic"],
)
def get_variable(request: HttpRequest, homey_id: str, variable_id: str):
    snap = _snapshot(request, homey_id)
    return variable_out(_variable(snap, variable_id), snap)


@router.put(
    "/homeys/{homey_id}/variables/{variable_id}",
    response={200: VariableOut, **ERRORS},
    tags=["Logic"],
)
def set_variable(request: HttpRequest, homey_id: str, variable_id: str, body: VariableIn):
    """Update a Logic variable: the value must fit its type (checked before it is sent)."""
    snap = _snapshot(request, homey_id)
    _may_control(request)
    variable = _variable(snap, variable_id)
    try:
        value = parse_variable_value(variable, body.value)
    except InvalidValue as error:
        raise ApiProblem("invalid_value", str(error)) from None
    viewer = _caller(request).viewer
    updated = viewer.connection(request).call(
        lambda homey: homey.update_variable(variable.id, value)
    )
    if viewer.link.verified_for_household:
        snap = snapshot.record_variable(viewer.household.pk, updated) or snap
    return {**variable_out(updated, snap), "staleSince": None}


# flows -------------------------------------------------------------------------------------


@router.get("/homeys/{homey_id}/flows", response={200: list[FlowOut], **ERRORS}, tags=["Flows"])
def list_flows(request: HttpRequest, homey_id: str):
    snap = _snapshot(request, homey_id)
    return [flow_out(flow) for flow in snap.flows.values()]


@router.get(
    "/homeys/{homey_id}/advanced-flows", response={200: list[FlowOut], **ERRORS}, tags=["Flows"]
)
def list_advanced_flows(request: HttpRequest, homey_id: str):
    snap = _snapshot(request, homey_id)
    return [flow_out(flow) for flow in snap.advanced_flows.values()]


def _start(request: HttpRequest, homey_id: str, flow_id: str, *, advanced: bool) -> dict:
    snap = _snapshot(request, homey_id)
    _may_control(request)
    flow = snap.flow(flow_id, advanced=advanced)
    if flow is None:
        raise ApiProblem("not_found", _("There is no such flow on this Homey."))
    if not flow.enabled:
        raise ApiProblem("flow_disabled")
    if not flow.triggerable:
        raise ApiProblem("flow_not_triggerable")
    _caller(request).viewer.connection(request).call(
        lambda homey: homey.trigger_flow(flow.id, advanced=advanced)
    )
    return {"id": flow.id, "started": clock.now()}


@router.post(
    "/homeys/{homey_id}/flows/{flow_id}/trigger",
    response={200: Started, **ERRORS},
    tags=["Flows"],
)
def trigger_flow(request: HttpRequest, homey_id: str, flow_id: str):
    """Start a flow that can be started by hand."""
    return _start(request, homey_id, flow_id, advanced=False)


@router.post(
    "/homeys/{homey_id}/advanced-flows/{flow_id}/trigger",
    response={200: Started, **ERRORS},
    tags=["Flows"],
)
def trigger_advanced_flow(request: HttpRequest, homey_id: str, flow_id: str):
    """Start an Advanced Flow that can be started by hand."""
    return _start(request, homey_id, flow_id, advanced=True)


# apps and health (owners and managers) -----------------------------------------------------


def _managed_snapshot(request: HttpRequest, homey_id: str) -> Snapshot:
    """The snapshot with the apps read through the caller's own link when due; only for a
    token whose person is an owner or manager of the Homey now."""
    _snapshot(request, homey_id)  # another Homey: 404; one never reached: 503
    viewer = _caller(request).viewer
    if not homey_health.visible_to(viewer):
        raise ApiProblem(
            "forbidden", _("Only the Homey's owners and managers may see its apps and health.")
        )
    return snapshot.read_apps_for(viewer, request)


def app_out(app: App) -> dict:
    return {
        "id": app.id,
        "name": app.name,
        "version": app.version,
        "state": app.state,
        "enabled": app.enabled,
        "crashedMessage": app.crashed_message,
    }


def _apps(request: HttpRequest, homey_id: str) -> dict[str, App]:
    snap = _managed_snapshot(request, homey_id)
    if not snap.apps and not snap.apps_read_at:
        raise ApiProblem("homey_offline", _("The Homey's apps could not be read yet."))
    return snap.apps


@router.get("/homeys/{homey_id}/apps", response={200: list[AppOut], **ERRORS}, tags=["Apps"])
def list_apps(request: HttpRequest, homey_id: str):
    """The Homey's apps with their state and version (owners and managers; read at most once a
    minute, as the account page reads them)."""
    return [app_out(app) for app in _apps(request, homey_id).values()]


@router.get("/homeys/{homey_id}/apps/{app_id}", response={200: AppOut, **ERRORS}, tags=["Apps"])
def get_app(request: HttpRequest, homey_id: str, app_id: str):
    app = _apps(request, homey_id).get(app_id)
    if app is None:
        raise ApiProblem("not_found", _("There is no app with this id on this Homey."))
    return app_out(app)


@router.get("/homeys/{homey_id}/health", response={200: HealthOut, **ERRORS}, tags=["Apps"])
def get_health(request: HttpRequest, homey_id: str):
    """What is wrong with the Homey now: apps that crashed or stopped, devices that became
    unavailable, each with since when (owners and managers)."""
    snap = _managed_snapshot(request, homey_id)
    problems = homey_health.problems(snap)
    return {
        "ok": not problems,
        "problems": [
            {
                "kind": problem.kind,
                "id": problem.id,
                "name": problem.name,
                "state": problem.state,
                "message": problem.message,
                "since": problem.since,
                "app": problem.app_id,
            }
            for problem in problems
        ],
        "appsKnown": bool(snap.apps),
        "staleSince": snap.stale_since,
    }
