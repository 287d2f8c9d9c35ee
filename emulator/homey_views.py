"""Homey Web API v3 (local) routes, under ``/emulator/homey/<id>`` (the LAN address) and
``/emulator/relay/<id>`` (the Athom relay). Both serve the same API; they differ only in
how an offline Homey looks (the relay answers 502, the LAN address hangs then 504).

:data:`ROUTES` is the table of implemented operations with the spec's scopes; the fidelity
tests compare it with HomeyAPIV3Local.json.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from emulator import (
    camera,
    energy,
    homey_apps,
    icons,
    insights,
    jwt,
    moods,
    network,
    realtime,
    timeline,
    v2,
    weather,
)
from emulator.homey import Homey, HomeyError, Session
from emulator.http import BadJSON, bearer, json_body, json_response
from emulator.world import OperationFault, World, get_world


@dataclass
class Call:
    """One API call, as handlers see it."""

    world: World
    homey: Homey
    session: Session | None
    params: dict[str, str]
    body: Any
    request: HttpRequest
    now: float


NO_CONTENT = object()
Handler = Callable[[Call], Any]


@dataclass(frozen=True)
class Route:
    method: str
    manager: str
    path: str  # the spec's operation path, e.g. "/device/:id"
    scopes: tuple[str, ...]
    handler: Handler
    operation: str
    authenticated: bool = True

    @property
    def regex(self) -> re.Pattern[str]:
        pattern = re.sub(r":(\w+)", r"(?P<\1>[^/]+)", self.path)
        return re.compile(f"^{pattern}$")


# ------------------------------------------------------------------------------- handlers


def _ping(call: Call) -> Any:
    wanted = call.request.GET.get("id")
    return wanted is None or wanted == call.homey.id


def _login(call: Call) -> Any:
    body = call.body if isinstance(call.body, dict) else {}
    token = body.get("token")
    if not isinstance(token, str) or not token:
        raise HomeyError(400, "Missing Parameter: token")
    try:
        claims = jwt.decode(token, audience="homey", now=call.now)
    except jwt.InvalidToken as exc:
        raise HomeyError(401, "Invalid Token", f"Invalid delegation token: {exc}") from None
    if call.homey.id not in claims.get("homeys", []):
        raise HomeyError(401, "Invalid Token", "The delegation token is not valid for this Homey")
    scopes = [s for s in claims.get("scopes", []) if s == "homey" or s.startswith("homey.")]
    return call.homey.login(
        claims["sub"],
        scopes,
        call.now,
        call.world.config.session_seconds,
        claims.get("client_id"),
        claims.get("client_name"),
    )


def _session_me(call: Call) -> Any:
    assert call.session
    return call.homey.session_json(call.session)


def _user_me(call: Call) -> Any:
    assert call.session
    return call.homey.users[call.session.user_id].as_json()


def _users(call: Call) -> Any:
    return {u.id: u.as_json() for u in call.homey.users.values()}


def _user(call: Call) -> Any:
    user = call.homey.users.get(call.params["id"])
    if user is None:
        raise HomeyError(404, f"Not Found: User with ID {call.params['id']}")
    return user.as_json()


def _pats(call: Call) -> Any:
    assert call.session
    return call.homey.list_pats(call.session)


def _create_pat(call: Call) -> Any:
    assert call.session
    body = call.body if isinstance(call.body, dict) else {}
    return call.homey.create_pat(call.session, body.get("name"), body.get("scopes"), call.now)


def _delete_pat(call: Call) -> Any:
    assert call.session
    call.homey.delete_pat(call.session, call.params["id"])
    return NO_CONTENT


def _device_json(call: Call, device: Any) -> dict[str, Any]:
    item = call.homey.device_json(device, call.now)
    return v2.device(call.homey, item) if call.homey.api_version == 2 else item


def _devices(call: Call) -> Any:
    return {d.id: _device_json(call, d) for d in call.homey.devices.values()}


def _device(call: Call) -> Any:
    return _device_json(call, call.homey.device(call.params["id"]))


def _capability_value(call: Call) -> Any:
    device = call.homey.device(call.params["deviceId"])
    cid = call.params["capabilityId"]
    if cid not in device.capabilities:
        raise HomeyError(404, f"Not Found: Capability {cid} on device {device.id}")
    return device.value_and_updated(cid, call.now)[0]


def _set_capability(call: Call) -> Any:
    body = call.body if isinstance(call.body, dict) else {}
    if "value" not in body:
        raise HomeyError(400, "Missing Parameter: value")
    transaction_id = body.get("transactionId")
    if transaction_id is not None and not isinstance(transaction_id, str):
        raise HomeyError(400, "Invalid Parameter: transactionId", "transactionId must be a string")
    if body.get("opts") is not None and not isinstance(body["opts"], dict):
        raise HomeyError(400, "Invalid Parameter: opts", "opts must be an object")
    value = call.homey.set_capability(
        call.params["deviceId"], call.params["capabilityId"], body["value"], call.now
    )
    return {
        "transactionId": transaction_id or f"homey-{uuid.uuid4()}",
        "transactionTime": int(call.now * 1000),
        "value": value,
    }


def _zones(call: Call) -> Any:
    return {z.id: call.homey.zone_json(z, call.now) for z in call.homey.zones.values()}


def _zone(call: Call) -> Any:
    zone = call.homey.zones.get(call.params["id"])
    if zone is None:
        raise HomeyError(404, f"Not Found: Zone with ID {call.params['id']}")
    return call.homey.zone_json(zone, call.now)


def _variables(call: Call) -> Any:
    return {v.id: v.as_json() for v in call.homey.variables.values()}


def _variable(call: Call) -> Any:
    return call.homey.variable(call.params["id"]).as_json()


def _create_variable(call: Call) -> Any:
    return call.homey.create_variable(call.body).as_json()


def _update_variable(call: Call) -> Any:
    return call.homey.update_variable(call.params["id"], call.body).as_json()


def _delete_variable(call: Call) -> Any:
    call.homey.delete_variable(call.params["id"])
    return NO_CONTENT


def _flow_json(call: Call, flow: Any) -> dict[str, Any]:
    return v2.flow(flow.as_json()) if call.homey.api_version == 2 else flow.as_json()


def _advanced_flow_json(call: Call, flow: Any) -> dict[str, Any]:
    return v2.advanced_flow(flow.as_json()) if call.homey.api_version == 2 else flow.as_json()


def _flows(call: Call) -> Any:
    return {f.id: _flow_json(call, f) for f in call.homey.flows.values()}


def _flow(call: Call) -> Any:
    flow = call.homey.flows.get(call.params["id"])
    if flow is None:
        raise HomeyError(404, f"Not Found: Flow with ID {call.params['id']}")
    return _flow_json(call, flow)


def _trigger_flow(call: Call) -> Any:
    call.homey.trigger_flow(call.params["id"], call.now, advanced=False)
    return {}


def _advanced_flows(call: Call) -> Any:
    return {f.id: _advanced_flow_json(call, f) for f in call.homey.advanced_flows.values()}


def _advanced_flow(call: Call) -> Any:
    flow = call.homey.advanced_flows.get(call.params["id"])
    if flow is None:
        raise HomeyError(404, f"Not Found: AdvancedFlow with ID {call.params['id']}")
    return _advanced_flow_json(call, flow)


def _trigger_advanced_flow(call: Call) -> Any:
    call.homey.trigger_flow(call.params["id"], call.now, advanced=True)
    return {}


def _flow_folders(call: Call) -> Any:
    return {k: dict(v) for k, v in call.homey.flow_folders.items()}


def _flow_folder(call: Call) -> Any:
    folder = call.homey.flow_folders.get(call.params["id"])
    if folder is None:
        raise HomeyError(404, f"Not Found: FlowFolder with ID {call.params['id']}")
    return dict(folder)


def _logs(call: Call) -> Any:
    return insights.logs_json(call.homey, call.now)


def _log(call: Call) -> Any:
    device, cid = insights.find_log(call.homey, call.params["id"], call.params.get("uri"))
    return insights.log_json(call.homey, device, cid, call.now)


def _log_entries(call: Call) -> Any:
    return insights.entries(
        call.homey,
        call.params["uri"],
        call.params["id"],
        call.request.GET.get("resolution"),
        call.now,
    )


def _apps(call: Call) -> Any:
    return {a.id: a.as_json(call.homey) for a in call.homey.apps.values()}


def _app(call: Call) -> Any:
    return homey_apps.app(call.homey, call.params["id"]).as_json(call.homey)


def _restart_app(call: Call) -> Any:
    homey_apps.start(call.homey, call.params["id"])
    return NO_CONTENT


def _enable_app(call: Call) -> Any:
    homey_apps.start(call.homey, call.params["id"], enable=True)
    return NO_CONTENT


def _disable_app(call: Call) -> Any:
    homey_apps.stop(call.homey, call.params["id"])
    return NO_CONTENT


def _system_info(call: Call) -> Any:
    return call.homey.system_info(call.now)


def _system_name(call: Call) -> Any:
    return call.homey.name


def _weather(call: Call) -> Any:
    return weather.weather_json(call.world.seed, call.homey.id, call.now)


def _weather_hourly(call: Call) -> Any:
    return weather.hourly_json(call.world.seed, call.homey.id, call.now)


def _energy_live(call: Call) -> Any:
    return energy.live_json(call.homey, call.world.seed, call.now)


def _energy_day(call: Call) -> Any:
    return energy.report_day(call.homey, call.world.seed, call.request.GET.get("date"), call.now)


def _energy_week(call: Call) -> Any:
    raw = call.request.GET.get("isoWeek")
    return energy.report_week(call.homey, call.world.seed, raw, call.now)


def _energy_month(call: Call) -> Any:
    raw = call.request.GET.get("yearMonth")
    return energy.report_month(call.homey, call.world.seed, raw, call.now)


def _moods(call: Call) -> Any:
    return {m.id: m.as_json() for m in call.homey.moods.values()}


def _mood(call: Call) -> Any:
    return moods.mood(call.homey, call.params["id"]).as_json()


def _set_mood(call: Call) -> Any:
    moods.set_mood(call.homey, call.params["id"], call.now)
    return NO_CONTENT


def _images(call: Call) -> Any:
    return camera.images_json(call.homey, call.now)


def _notifications(call: Call) -> Any:
    return timeline.notifications_json(call.world.seed, call.homey.id, call.now)


R = Route
ROUTES: tuple[Route, ...] = (
    R("GET", "system", "/ping", (), _ping, "ping", authenticated=False),
    R("GET", "system", "/", ("homey.system.readonly",), _system_info, "getInfo"),
    R("GET", "system", "/name", ("homey.system.readonly",), _system_name, "getSystemName"),
    R("POST", "users", "/login", (), _login, "login", authenticated=False),
    R("GET", "users", "/user/me", ("homey.user.self",), _user_me, "getUserMe"),
    R("GET", "users", "/user", ("homey.user.readonly",), _users, "getUsers"),
    R("GET", "users", "/user/:id", ("homey.user.readonly",), _user, "getUser"),
    R("GET", "users", "/pat", (), _pats, "getPersonalAccessTokens"),
    R("POST", "users", "/pat", (), _create_pat, "createPersonalAccessToken"),
    R("DELETE", "users", "/pat/:id", (), _delete_pat, "deletePersonalAccessToken"),
    R("GET", "sessions", "/session/me", (), _session_me, "getSessionMe"),
    R("GET", "devices", "/device", ("homey.device.readonly",), _devices, "getDevices"),
    R("GET", "devices", "/device/:id", ("homey.device.readonly",), _device, "getDevice"),
    R(
        "GET",
        "devices",
        "/device/:deviceId/capability/:capabilityId",
        ("homey.device.readonly",),
        _capability_value,
        "getCapabilityValue",
    ),
    R(
        "PUT",
        "devices",
        "/device/:deviceId/capability/:capabilityId",
        ("homey.device.control",),
        _set_capability,
        "setCapabilityValue",
    ),
    R("GET", "zones", "/zone", ("homey.zone.readonly",), _zones, "getZones"),
    R("GET", "zones", "/zone/:id", ("homey.zone.readonly",), _zone, "getZone"),
    R("GET", "logic", "/variable", ("homey.logic.readonly",), _variables, "getVariables"),
    R("GET", "logic", "/variable/:id", ("homey.logic.readonly",), _variable, "getVariable"),
    R("POST", "logic", "/variable", ("homey.logic",), _create_variable, "createVariable"),
    R("PUT", "logic", "/variable/:id", ("homey.logic",), _update_variable, "updateVariable"),
    R("DELETE", "logic", "/variable/:id", ("homey.logic",), _delete_variable, "deleteVariable"),
    R("GET", "flow", "/flow", ("homey.flow.readonly",), _flows, "getFlows"),
    R("GET", "flow", "/flow/:id", ("homey.flow.readonly",), _flow, "getFlow"),
    R("POST", "flow", "/flow/:id/trigger", ("homey.flow.start",), _trigger_flow, "triggerFlow"),
    R(
        "GET",
        "flow",
        "/advancedflow",
        ("homey.flow.readonly",),
        _advanced_flows,
        "getAdvancedFlows",
    ),
    R(
        "GET",
        "flow",
        "/advancedflow/:id",
        ("homey.flow.readonly",),
        _advanced_flow,
        "getAdvancedFlow",
    ),
    R(
        "POST",
        "flow",
        "/advancedflow/:id/trigger",
        ("homey.flow.start",),
        _trigger_advanced_flow,
        "triggerAdvancedFlow",
    ),
    R("GET", "flow", "/flowfolder", ("homey.flow.readonly",), _flow_folders, "getFlowFolders"),
    R("GET", "flow", "/flowfolder/:id", ("homey.flow.readonly",), _flow_folder, "getFlowFolder"),
    R("GET", "apps", "/app", ("homey.app.readonly",), _apps, "getApps"),
    R("GET", "apps", "/app/:id", ("homey.app.readonly",), _app, "getApp"),
    R("POST", "apps", "/app/:id/restart", ("homey.app",), _restart_app, "restartApp"),
    R("PUT", "apps", "/app/:id/enable", ("homey.app",), _enable_app, "enableApp"),
    R("PUT", "apps", "/app/:id/disable", ("homey.app",), _disable_app, "disableApp"),
    R("GET", "insights", "/log", ("homey.insights.readonly",), _logs, "getLogs"),
    R("GET", "insights", "/log/:id", ("homey.insights.readonly",), _log, "getLog"),
    R(
        "GET",
        "insights",
        "/log/:uri/:id/entry",
        ("homey.insights.readonly",),
        _log_entries,
        "getLogEntries",
    ),
    R("GET", "weather", "/weather", ("homey.geolocation.readonly",), _weather, "getWeather"),
    R(
        "GET",
        "weather",
        "/forecast/hourly",
        ("homey.geolocation.readonly",),
        _weather_hourly,
        "getWeatherHourly",
    ),
    R("GET", "energy", "/live", ("homey.energy.readonly",), _energy_live, "getLiveReport"),
    R("GET", "energy", "/report/day", ("homey.energy.readonly",), _energy_day, "getReportDay"),
    R("GET", "energy", "/report/week", ("homey.energy.readonly",), _energy_week, "getReportWeek"),
    R(
        "GET",
        "energy",
        "/report/month",
        ("homey.energy.readonly",),
        _energy_month,
        "getReportMonth",
    ),
    R("GET", "moods", "/mood", ("homey.mood.readonly",), _moods, "getMoods"),
    R("GET", "moods", "/mood/:id", ("homey.mood.readonly",), _mood, "getMood"),
    R("POST", "moods", "/mood/:id/set", ("homey.mood.set",), _set_mood, "setMood"),
    R("GET", "images", "/image", ("homey.device.readonly",), _images, "getImages"),
    R(
        "GET",
        "notifications",
        "/notification",
        ("homey.notifications.readonly",),
        _notifications,
        "getNotifications",
    ),
)
# Other kinds of Homey serve what their own spec lists. Homey Cloud (HomeyAPIV3Cloud.json)
# and Web API v2 (HomeyAPIV2.json) have no API keys; v2 has no getCapabilityValue and names
# a log by owner uri + capability id.
_NO_PATS = {"getPersonalAccessTokens", "createPersonalAccessToken", "deletePersonalAccessToken"}
_APP_CONTROL = {"restartApp", "enableApp", "disableApp"}  # not in HomeyAPIV3Cloud.json
# The house managers (weather, energy, moods, the timeline) are left out of the v2 Homey: its
# spec has fewer of their operations, with other scopes; homeydash then simply shows none.
_HOUSE_MANAGERS = {"weather", "energy", "moods", "notifications", "images"}
CLOUD_ROUTES: tuple[Route, ...] = tuple(
    r for r in ROUTES if r.operation not in _NO_PATS | _APP_CONTROL
)
V2_ROUTES: tuple[Route, ...] = tuple(
    R("GET", "insights", "/log/:uri/:id", r.scopes, _log, "getLog")
    if r.operation == "getLog"
    else r
    for r in ROUTES
    if r.operation not in _NO_PATS | {"getCapabilityValue"} and r.manager not in _HOUSE_MANAGERS
)
SPEC_ROUTES = {"HomeyAPIV3Local": ROUTES, "HomeyAPIV3Cloud": CLOUD_ROUTES, "HomeyAPIV2": V2_ROUTES}
_COMPILED = {name: [(r, r.regex) for r in table] for name, table in SPEC_ROUTES.items()}


def spec_name(homey: Homey) -> str:
    """The spec a Homey answers by (what the official client picks for it)."""
    if homey.api_version == 2:
        return "HomeyAPIV2"
    return "HomeyAPIV3Cloud" if homey.platform == "cloud" else "HomeyAPIV3Local"


def _match(
    method: str, manager: str, path: str, spec: str = "HomeyAPIV3Local"
) -> tuple[Route, dict[str, str]] | None:
    for route, regex in _COMPILED[spec]:
        if route.manager == manager and route.method == method:
            m = regex.match(path)
            if m:
                return route, m.groupdict()
    return None


# ---------------------------------------------------------------------------------- views


def _error(status: int, message: str, description: str | None = None) -> HttpResponse:
    return json_response(
        {"error": message, "error_description": description or message, "statusCode": status},
        status=status,
    )


@csrf_exempt
@login_not_required
def homey_api(
    request: HttpRequest, homey_id: str, rest: str = "", relay: bool = False
) -> HttpResponse:
    """Every ``<base>/api/manager/<manager>/<path>`` call of one Homey (legacy addresses)."""
    world = get_world()
    with world.lock:
        homey = world.homeys.get(homey_id)
    if homey is None:
        return _error(404, "Not Found", f"No Homey with ID {homey_id}")
    return _serve(request, world, homey, rest, relay=relay, address=None)


@csrf_exempt
@login_not_required
def net_api(request: HttpRequest, scheme: str, host: str, rest: str = "") -> HttpResponse:
    """The same, reached through one of a Homey's real addresses (:mod:`emulator.network`)."""
    world = get_world()
    with world.lock:
        found = network.resolve(world.homeys, scheme, host)
    if found is None:
        # Nothing lives there: what a client sees is a connection that fails at once.
        return _refused()
    homey, address = found
    return _serve(request, world, homey, rest, relay=address.relayed, address=address.field)


def _refused() -> HttpResponse:
    return json_response(
        {"error": "Connection Refused", "statusCode": 502}, status=502, X_Emulator_Refused="1"
    )


def _hang(world: World) -> HttpResponse:
    with world.lock:
        hang = world.config.offline_hang_seconds
    time.sleep(hang)
    return _error(504, "Gateway Timeout", "The Homey did not answer")


def _serve(
    request: HttpRequest,
    world: World,
    homey: Homey,
    rest: str,
    *,
    relay: bool,
    address: str | None,
    dispatch: Callable[..., HttpResponse] | None = None,
) -> HttpResponse:
    with world.lock:
        faults = world.faults.homey(homey.id)
        offline, latency, forced = faults.offline, faults.latency, faults.status
        mode = faults.addresses.get(address, "answer") if address else "answer"
        rebooting = homey.rebooting(world.now())
        operations = dict(faults.operations)
    latency += homey.relay_latency if relay else 0.0
    if latency > 0:
        time.sleep(latency)
    if mode == "refuse":
        return _refused()
    if mode == "hang":
        return _hang(world)
    if offline or rebooting:
        if relay:
            return json_response({"error": "Homey Offline", "statusCode": 502}, status=502)
        return _refused() if rebooting else _hang(world)
    if forced:
        return _error(forced, f"Forced Error {forced}", "Fault injected by the emulator")
    response = (dispatch or _dispatch)(request, world, homey, rest, operations)
    response["X-Homey-ID"] = homey.id
    response["X-Homey-Version"] = homey.software_version
    return response


def _operation_fault(world: World, fault: OperationFault) -> HttpResponse | None:
    if fault.latency > 0:
        time.sleep(fault.latency)
    if fault.hang:
        return _hang(world)
    if fault.status == 429:
        return json_response(
            {
                "error": "Too Many Requests",
                "error_description": "Rate limited, try again later",
                "statusCode": 429,
            },
            status=429,
            Retry_After=str(fault.retry_after or 30),
        )
    if fault.status:
        return _error(
            fault.status, f"Forced Error {fault.status}", "Fault injected by the emulator"
        )
    return None


def _dispatch(
    request: HttpRequest,
    world: World,
    homey: Homey,
    rest: str,
    operations: dict[str, OperationFault],
) -> HttpResponse:
    manager, _, path = rest.partition("/")
    raw_path = path = "/" + path
    if len(path) > 1:
        path = path.rstrip("/")
    found = _match(request.method or "GET", manager, path, spec_name(homey))
    with world.lock:
        strict = world.config.strict_paths and spec_name(homey) != "HomeyAPIV2"
    if found is None or (strict and not found[0].regex.match(raw_path)):
        return _error(404, "Not Found", f"Cannot {request.method} /api/manager/{rest}")
    route, params = found
    fault = operations.get(route.operation)
    if fault is not None:
        answer = _operation_fault(world, fault)
        if answer is not None:
            return answer
    try:
        body = json_body(request) if request.method in ("POST", "PUT") else None
    except BadJSON:
        return _error(400, "Invalid JSON", "The request body is not valid JSON")
    with world.lock:
        now = world.now()
        try:
            session = None
            if route.authenticated:
                session = homey.authenticate(bearer(request), now)
                homey.require(session, route.scopes)
            result = route.handler(Call(world, homey, session, params, body, request, now))
        except HomeyError as exc:
            return _error(exc.status, exc.message, exc.description)
        if route.method != "GET":
            realtime.changed(
                homey, now, realtime.transaction(route.operation, params, body, result)
            )
    if result is NO_CONTENT:
        return HttpResponse(status=204)
    return json_response(result)


# ---------------------------------------------------------------------------------- icons


@csrf_exempt
@login_not_required
def homey_icon(request: HttpRequest, homey_id: str, icon: str, relay: bool = False) -> HttpResponse:
    """``GET <homey>/icon/<id>/icon.svg``: a device's icon, the ``url`` of its ``iconObj``."""
    world = get_world()
    with world.lock:
        homey = world.homeys.get(homey_id)
    if homey is None:
        return _error(404, "Not Found", f"No Homey with ID {homey_id}")
    return _icon(world, homey, icon, relay=relay, address=None)


@csrf_exempt
@login_not_required
def net_icon(request: HttpRequest, scheme: str, host: str, icon: str) -> HttpResponse:
    world = get_world()
    with world.lock:
        found = network.resolve(world.homeys, scheme, host)
    if found is None:
        return _refused()
    homey, address = found
    return _icon(world, homey, icon, relay=address.relayed, address=address.field)


def _icon(world: World, homey: Homey, icon: str, *, relay: bool, address: str | None):
    with world.lock:
        faults = world.faults.homey(homey.id)
        offline, latency, forced = faults.offline, faults.latency, faults.status
        mode = faults.addresses.get(address, "answer") if address else "answer"
        rebooting = homey.rebooting(world.now())
        device_class = next((d.cls for d in homey.devices.values() if d.icon == icon), None)
    if latency > 0:
        time.sleep(latency)
    if mode == "refuse" or (rebooting and not relay):
        return _refused()
    if mode == "hang" or (offline and not relay):
        return _hang(world)
    if offline or rebooting:
        return json_response({"error": "Homey Offline", "statusCode": 502}, status=502)
    if forced:
        return _error(forced, f"Forced Error {forced}", "Fault injected by the emulator")
    if device_class is None:
        return _error(404, "Not Found", f"No icon {icon}")
    if icon == icons.OVERSIZED_ICON:
        return HttpResponse(icons.oversized_svg(), content_type="image/svg+xml")
    return HttpResponse(icons.icon_svg(device_class), content_type="image/svg+xml")


# ------------------------------------------------------------------------- camera stills


def _image_dispatch(request, world, homey, image, operations) -> HttpResponse:
    """``GET <base>/api/image/<id>``: the still itself (see :mod:`emulator.camera`)."""
    if request.method != "GET":
        return _error(405, "Method Not Allowed")
    with world.lock:
        now = world.now()
        try:
            session = homey.authenticate(bearer(request), now)
            homey.require(session, ("homey.device.readonly",))
        except HomeyError as exc:
            return _error(exc.status, exc.message, exc.description)
        if image not in homey.images or homey.images[image] not in homey.devices:
            return _error(404, f"Not Found: Image with ID {image}")
        picture = camera.image_png(world.seed, image, homey.devices[homey.images[image]], now)
    if picture is None:
        return _error(404, "Not Found", f"Image {image} has nothing to show")
    return HttpResponse(picture, content_type="image/png")


@csrf_exempt
@login_not_required
def homey_image(request: HttpRequest, homey_id: str, image: str, relay: bool = False):
    world = get_world()
    with world.lock:
        homey = world.homeys.get(homey_id)
    if homey is None:
        return _error(404, "Not Found", f"No Homey with ID {homey_id}")
    return _serve(request, world, homey, image, relay=relay, address=None, dispatch=_image_dispatch)


@csrf_exempt
@login_not_required
def net_image(request: HttpRequest, scheme: str, host: str, image: str) -> HttpResponse:
    world = get_world()
    with world.lock:
        found = network.resolve(world.homeys, scheme, host)
    if found is None:
        return _refused()
    homey, address = found
    return _serve(
        request,
        world,
        homey,
        image,
        relay=address.relayed,
        address=address.field,
        dispatch=_image_dispatch,
    )
