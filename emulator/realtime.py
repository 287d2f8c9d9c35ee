"""A Homey's realtime socket: Socket.IO 2 / Engine.IO 3, as homey-api 3.20.0 speaks it.

The official client (``SocketSession.js``, ``SubscriptionRegistry.js``) opens
``<host>/socket.io/?EIO=3&transport=websocket`` and, since socket.io-client 2 takes the path
of a base URL as a namespace, connects the namespace ``/emulator/homey/<id>`` (LAN) or
``/emulator/relay/<id>`` (relay) where a real Homey's base has ``/``. There it emits
``handshakeClient`` ``{token, homeyId}``; the ack is ``(err, {token, namespace, success})``.
The namespace is the base's ``/api`` (``/emulator/homey/<id>/api``; a real Homey says
``/api``): one per Homey and address, so clients of two Homeys multiplexed on one connection
never share it. On that namespace: ``subscribe`` ``<uri>`` (ack ``(err)``), ``unsubscribe``
``<uri>``, and ``api`` ``{uri, operation, args}`` (ack ``(err, result)``, the same answers as
HTTP). Events arrive as a Socket.IO event named after the URI with ``(event, data)``.

What is sent is found by comparing a Homey's items with what its subscribers last saw
(:func:`changed`): right after every change made through the API and every
:data:`TICK_SECONDS` for values that move with time. Nothing is computed for a Homey nobody
subscribes to.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import socketio
from django.http import HttpRequest, QueryDict

from emulator.homey import Homey, HomeyError, Session

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0
_ROOT = re.compile(r"^/emulator/(homey|relay)/([0-9a-f]{24})$")
_API = re.compile(r"^/emulator/(homey|relay)/([0-9a-f]{24})/api$")

# URI → the scope a session needs to subscribe to it (homey-api.md §6.3, §7).
_MANAGER_SCOPES = {
    "devices": "homey.device.readonly",
    "zones": "homey.zone.readonly",
    "logic": "homey.logic.readonly",
    "flow": "homey.flow.readonly",
    "apps": "homey.app.readonly",
}
_ITEM_SCOPES = {
    "device": "homey.device.readonly",
    "zone": "homey.zone.readonly",
    "variable": "homey.logic.readonly",
    "flow": "homey.flow.readonly",
    "advancedflow": "homey.flow.readonly",
    "app": "homey.app.readonly",
}


def _error(status: int, message: str, description: str | None = None) -> dict[str, Any]:
    return {"error": message, "error_description": description or message, "statusCode": status}


@dataclass
class Client:
    """One handshaken client: an Engine.IO connection and the Homey it spoke to."""

    sid: str
    homey_id: str
    namespace: str  # its /api namespace
    token: str
    subscriptions: set[str] = field(default_factory=set)


class HomeySocketServer(socketio.Server):
    """python-socketio 4.x keys handlers by namespace; a Homey's namespaces carry its id, so
    events are routed by pattern instead (the one private hook overridden, pinned version)."""

    def _trigger_event(self, event: str, namespace: str, *args: Any) -> Any:
        if _ROOT.match(namespace):
            return _root_event(event, namespace, *args)
        if _API.match(namespace):
            return _api_event(event, namespace, *args)
        if event == "connect" and namespace != "/":
            return False  # an unknown namespace is refused
        return None


# The libraries log every packet at INFO (tokens included): only their warnings get out.
_wire_log = logging.getLogger("emulator.realtime.wire")
_wire_log.setLevel(logging.WARNING)

sio = HomeySocketServer(
    async_mode="threading",
    logger=_wire_log,
    engineio_logger=_wire_log,
    transports=["websocket"],
    ping_interval=5,
    ping_timeout=8,
    cors_allowed_origins="*",
)

_lock = threading.RLock()
_clients: dict[tuple[str, str], Client] = {}  # (sid, api namespace) → client
_seen: dict[str, dict[str, Any]] = {}  # Homey id → what its subscribers last saw
_ticker: threading.Thread | None = None


def _world():
    from emulator.world import get_world

    return get_world()


# -------------------------------------------------------------------------- the handshake


def _root_event(event: str, namespace: str, sid: str, *args: Any) -> Any:
    if event != "handshakeClient":
        return None
    kind, homey_id = _ROOT.match(namespace).groups()  # type: ignore[union-attr]
    data = args[0] if args and isinstance(args[0], dict) else {}
    world = _world()
    with world.lock:
        homey = world.homeys.get(homey_id)
        if homey is None:
            return (_error(404, "Not Found", f"No Homey with ID {homey_id}"),)
        faults = world.faults.homey(homey_id)
        if faults.offline or faults.refuse_socket:
            return (_error(503, "Service Unavailable", "The Homey refused the socket"),)
        if data.get("homeyId") != homey_id:
            return (_error(400, "Invalid Homey", "homeyId does not match this Homey"),)
        token = data.get("token")
        try:
            homey.authenticate(token if isinstance(token, str) else None, world.now())
        except HomeyError as exc:
            return (_error(exc.status, exc.message, exc.description),)
    api = f"{namespace}/api"
    with _lock:
        _clients[(sid, api)] = Client(sid, homey_id, api, token)
    _start_ticker()
    return None, {"token": token, "namespace": api, "success": True}


# ------------------------------------------------------------------------ the /api namespace


def _api_event(event: str, namespace: str, sid: str, *args: Any) -> Any:
    with _lock:
        client = _clients.get((sid, namespace))
    if event == "connect":
        return client is not None  # only after handshakeClient on this connection
    if event == "disconnect":
        with _lock:
            gone = _clients.pop((sid, namespace), None)
            if gone and not any(c.homey_id == gone.homey_id for c in _clients.values()):
                _seen.pop(gone.homey_id, None)
        return None
    if client is None:
        return (_error(401, "Not Handshaken", "Emit handshakeClient first"),)
    data = args[0] if args else None
    if event == "subscribe":
        return _subscribe(client, data)
    if event == "unsubscribe":
        if isinstance(data, str):
            client.subscriptions.discard(data)
            sio.leave_room(sid, data, namespace=namespace)
        return None
    if event == "api":
        return _rpc(client, data)
    return None


def _session(client: Client) -> tuple[Homey, Session]:
    """The client's Homey and live session (HomeyError 401 once it expired)."""
    world = _world()
    homey = world.homeys.get(client.homey_id)
    if homey is None:
        raise HomeyError(404, "Not Found", f"No Homey with ID {client.homey_id}")
    return homey, homey.authenticate(client.token, world.now())


def _subscribe(client: Client, uri: Any) -> Any:
    if not isinstance(uri, str):
        return (_error(400, "Invalid URI", "subscribe needs a URI string"),)
    parts = uri.split(":")
    if len(parts) != 3 or parts[0] != "homey":
        return (_error(400, "Invalid URI", f"Invalid URI: {uri}"),)
    _, kind, item = parts
    scope = _MANAGER_SCOPES.get(item) if kind == "manager" else _ITEM_SCOPES.get(kind)
    if scope is None:
        return (_error(404, "Not Found", f"Nothing to subscribe to at {uri}"),)
    world = _world()
    with world.lock:
        try:
            homey, session = _session(client)
            homey.require(session, (scope,))
        except HomeyError as exc:
            return (_error(exc.status, exc.message, exc.description),)
        _remember(homey, world.now())
    client.subscriptions.add(uri)
    sio.enter_room(client.sid, uri, namespace=client.namespace)
    return (None,)


# Operations whose whole body is one named argument (``"root": true`` in the spec).
_ROOT_BODIES = {"createVariable": "variable", "updateVariable": "variable"}


def _rpc(client: Client, data: Any) -> Any:
    """``api`` ``{uri, operation, args}``: the HTTP operation of that name, same answer."""
    from emulator import homey_views as views

    if not isinstance(data, dict) or not isinstance(data.get("operation"), str):
        return (_error(400, "Invalid Request", "api needs {uri, operation, args}"),)
    manager = str(data.get("uri", "")).removeprefix("homey:manager:")
    route = next(
        (r for r in views.ROUTES if r.manager == manager and r.operation == data["operation"]),
        None,
    )
    if route is None:
        return (_error(404, "Not Found", f"Unknown operation {data['operation']} on {manager}"),)
    args = data.get("args") if isinstance(data.get("args"), dict) else {}
    names = re.findall(r":(\w+)", route.path)
    params = {n: str(args[n]) for n in names if n in args}
    if len(params) != len(names):
        return (_error(400, "Missing Parameter", ", ".join(sorted(set(names) - set(params)))),)
    body: Any = None
    if route.method in ("POST", "PUT"):
        if route.operation in _ROOT_BODIES:
            body = args.get(_ROOT_BODIES[route.operation])
        else:
            skip = {*names, "query"}
            body = {k: v for k, v in args.items() if k not in skip and not k.startswith("$")}
    request = HttpRequest()
    request.method = route.method
    query = args.get("query") if isinstance(args.get("query"), dict) else {}
    request.GET = QueryDict(mutable=True)
    for key, value in {**query, **{k: v for k, v in args.items() if k == "resolution"}}.items():
        request.GET[key] = str(value)
    world = _world()
    with world.lock:
        forced = world.faults.homey(client.homey_id).status
        if forced:
            return (_error(forced, f"Forced Error {forced}", "Fault injected by the emulator"),)
        now = world.now()
        try:
            homey, session = _session(client)
            homey.require(session, route.scopes)
            result = route.handler(views.Call(world, homey, session, params, body, request, now))
        except HomeyError as exc:
            return (_error(exc.status, exc.message, exc.description),)
        if route.method != "GET":
            changed(homey, now, transaction(route.operation, params, body, result))
    return None, (None if result is views.NO_CONTENT else result)


def transaction(operation: str, params: dict, body: Any, result: Any) -> dict | None:
    """The ``transactions`` argument of :func:`changed` for a value set through the API."""
    if operation != "setCapabilityValue" or not isinstance(result, dict):
        return None
    key = (params["deviceId"], params["capabilityId"])
    time_ms = body.get("transactionTime") if isinstance(body, dict) else None
    return {key: (result["transactionId"], time_ms or result["transactionTime"])}


# ---------------------------------------------------------------------------- publishing


def _view(homey: Homey, now: float) -> dict[str, Any]:
    """What subscribers see of a Homey: every item as its API answers it."""
    return {
        "device": {d.id: homey.device_json(d, now) for d in homey.devices.values()},
        "zone": {z.id: homey.zone_json(z, now) for z in homey.zones.values()},
        "variable": {v.id: v.as_json() for v in homey.variables.values()},
        "flow": {f.id: f.as_json() for f in homey.flows.values()},
        "advancedflow": {f.id: f.as_json() for f in homey.advanced_flows.values()},
        "app": {a.id: a.as_json(homey) for a in homey.apps.values()},
    }


_MANAGER_OF = {
    "device": "devices",
    "zone": "zones",
    "variable": "logic",
    "flow": "flow",
    "advancedflow": "flow",
    "app": "apps",
}


def _remember(homey: Homey, now: float) -> None:
    with _lock:
        if homey.id not in _seen:
            _seen[homey.id] = _view(homey, now)


def _emit(homey_id: str, uri: str, event: str, data: Any) -> None:
    with _lock:
        namespaces = {c.namespace for c in _clients.values() if c.homey_id == homey_id}
    for namespace in namespaces:
        sio.emit(uri, (event, data), room=uri, namespace=namespace)


def changed(
    homey: Homey,
    now: float,
    transactions: dict[tuple[str, str], tuple[str, int]] | None = None,
) -> None:
    """Send subscribers of ``homey`` what changed since they last heard (call with the world
    lock held, after any change). ``transactions`` names the ``(transactionId,
    transactionTime)`` of a value set through the API, by ``(deviceId, capabilityId)``."""
    with _lock:
        before = _seen.get(homey.id)
        if before is None:
            return  # nobody listens
        after = _view(homey, now)
        _seen[homey.id] = after
    transactions = transactions or {}
    for kind, items in after.items():
        manager = f"homey:manager:{_MANAGER_OF[kind]}"
        old_items = before.get(kind, {})
        for item_id, item in items.items():
            old = old_items.get(item_id)
            if old == item:
                continue
            uri = f"homey:{kind}:{item_id}"
            if kind == "device" and old is not None:
                _capability_events(homey.id, uri, item_id, old, item, transactions, now)
                if _without_values(old) == _without_values(item):
                    continue  # a value changed, nothing else: a Homey sends `capability` only
            _emit(homey.id, manager, f"{kind}.{'create' if old is None else 'update'}", item)
            if old is not None:
                _emit(homey.id, uri, "update", item)
        for item_id in old_items.keys() - items.keys():
            _emit(homey.id, manager, f"{kind}.delete", {"id": item_id})
            _emit(homey.id, f"homey:{kind}:{item_id}", "delete", {"id": item_id})


def _without_values(device: dict) -> dict:
    """A device as its API answers it, less the capability values and their times (and the
    ``lastSeenAt`` they move): what a Homey announces with ``device.update``. A value change
    alone goes out as ``capability`` on ``homey:device:<id>`` only: the official client keeps
    ``capabilitiesObj`` current from those events itself (``DeviceCapability``'s
    ``__onCapabilityValue``), and after a reconnect ``ManagerDevices.scheduleRefresh`` reads
    the values again rather than wait for updates."""
    caps = device.get("capabilitiesObj")
    if not isinstance(caps, dict):
        return device
    return {
        **device,
        "lastSeenAt": None,  # moves with every value a device reports
        "capabilitiesObj": {
            cid: {k: v for k, v in cap.items() if k not in ("value", "lastUpdated")}
            if isinstance(cap, dict)
            else cap
            for cid, cap in caps.items()
        },
    }


def _capability_events(
    homey_id: str,
    uri: str,
    device_id: str,
    old: dict,
    new: dict,
    transactions: dict[tuple[str, str], tuple[str, int]],
    now: float,
) -> None:
    old_caps = old.get("capabilitiesObj") or {}
    for cid, cap in (new.get("capabilitiesObj") or {}).items():
        before = old_caps.get(cid) or {}
        if (before.get("value"), before.get("lastUpdated")) == (
            cap.get("value"),
            cap.get("lastUpdated"),
        ):
            continue
        transaction_id, transaction_time = transactions.get(
            (device_id, cid), (f"homey-{device_id}-{cid}-{int(now * 1000)}", int(now * 1000))
        )
        _emit(
            homey_id,
            uri,
            "capability",
            {
                "capabilityId": cid,
                "value": cap.get("value"),
                "transactionId": transaction_id,
                "transactionTime": transaction_time,
            },
        )


def _tick() -> None:
    while True:
        time.sleep(TICK_SECONDS)
        try:
            world = _world()
            with world.lock:
                now = world.now()
                for homey_id in list(_seen):
                    homey = world.homeys.get(homey_id)
                    if homey is not None:
                        changed(homey, now)
        except Exception:  # the ticker must outlive one bad comparison
            log.exception("realtime tick failed")


def _start_ticker() -> None:
    global _ticker
    with _lock:
        if _ticker is None:
            _ticker = threading.Thread(target=_tick, name="emulator-realtime", daemon=True)
            _ticker.start()


# ------------------------------------------------------------------------------- control


def drop(homey_id: str | None = None, tokens: set[str] | None = None) -> int:
    """Close the Engine.IO connections of every client of ``homey_id`` (all Homeys when
    None; only those handshaken with one of ``tokens`` when given), as a Homey that restarts
    or loses its network does; clients see a transport close and reconnect by themselves.
    Returns how many connections went."""
    with _lock:
        sids = {
            c.sid
            for c in _clients.values()
            if (homey_id is None or c.homey_id == homey_id)
            and (tokens is None or c.token in tokens)
        }
        for key in [k for k, c in _clients.items() if c.sid in sids]:
            del _clients[key]
        for seen in [h for h in _seen if homey_id is None or h == homey_id]:
            if not any(c.homey_id == seen for c in _clients.values()):
                del _seen[seen]
    for sid in sids:
        # Engine.IO's own disconnect() waits for the writer to drain, which can wait forever
        # once the peer is gone (and the caller holds the world lock): send CLOSE, go on.
        connection = sio.eio.sockets.pop(sid, None)
        if connection is not None:
            connection.close(wait=False)
    return len(sids)


def clients(homey_id: str) -> int:
    """How many handshaken clients ``homey_id`` has (the control API's state)."""
    with _lock:
        return sum(c.homey_id == homey_id for c in _clients.values())
