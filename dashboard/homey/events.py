"""One Homey's realtime socket: Socket.IO 2 / Engine.IO 3, spoken as homey-api 3.20.0 does.

``SocketSession.js``: the socket lives at ``<server>/socket.io/`` (WebSocket transport only)
and the path of the Homey's base URL is a Socket.IO namespace (``/`` on a real Homey). There
the client emits ``handshakeClient`` ``{token, homeyId}``; the ack names the namespace to open
(``/api``); on it ``subscribe`` ``<uri>`` (ack ``(err)``), and events arrive as a Socket.IO
event named after the URI with ``(event, data)``.

The library is python-socketio 4.6 / python-engineio 3.14, the releases that speak Engine.IO
3 (see the README, "Live updates"). Two private hooks of those pinned versions are used: the
``/api`` namespace is opened by sending its CONNECT packet (4.x connects namespaces only at
start), and Engine.IO messages are handled on the read thread, in order, instead of one new
thread per message.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import engineio
import socketio
from socketio import packet

from dashboard.homey.errors import AccessDenied, HomeyError, HomeyOffline, TokenRejected

log = logging.getLogger(__name__)

# The libraries log every packet (tokens included) at INFO: only their warnings get out.
_wire_log = logging.getLogger("dashboard.homey.events.wire")
_wire_log.setLevel(logging.WARNING)

# What homeydash listens to: the managers whose items make up a board, and the apps for the
# Homey's health (owners and managers only; other roles are refused that one), each event
# carrying the whole item as the HTTP API gives it. A Homey announces a capability value change
# only on its device's URI (``capability``, just the value), so the subscriber also subscribes
# to ``homey:device:<id>`` for every device, as the official client's makeCapabilityInstance().
MANAGER_URIS = (
    "homey:manager:devices",
    "homey:manager:zones",
    "homey:manager:logic",
    "homey:manager:flow",
    "homey:manager:apps",
)

EventHandler = Callable[[str, str, Any], None]  # (uri, event, data)


class _OrderedEngineIO(engineio.Client):
    """Messages handled on the read thread, in the order the Homey sent them; a connect that
    cannot hang (the WebSocket gets the timeout, then the Homey's own ping deadline)."""

    connect_timeout: float = 10

    def _trigger_event(self, event, *args, **kwargs):
        kwargs.pop("run_async", None)
        return super()._trigger_event(event, *args, run_async=False)

    def _connect_websocket(self, url, headers, engineio_path):
        import websocket

        with _default_timeout_lock:
            previous = websocket.getdefaulttimeout()
            websocket.setdefaulttimeout(self.connect_timeout)
            try:
                connected = super()._connect_websocket(url, headers, engineio_path)
            finally:
                websocket.setdefaulttimeout(previous)
        if connected and self.ws is not None:
            # Silence longer than a ping round means the Homey is gone.
            self.ws.settimeout(self.ping_interval + self.ping_timeout)
        return connected


_default_timeout_lock = threading.Lock()


class _Client(socketio.Client):
    def _engineio_client_class(self):
        return _OrderedEngineIO


class HomeyEvents:
    """A subscription to one Homey's events: ``open()``, then ``on_event(uri, event, data)``
    for each event until the socket drops (``on_drop()``, once) or ``close()``."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        homey_id: str,
        on_event: EventHandler,
        on_drop: Callable[[], None],
        timeout: float = 10,
    ) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        self.server = f"{parts.scheme}://{parts.netloc}"
        self.root = parts.path or "/"
        self.homey_id = homey_id
        self.timeout = timeout
        self._token = token
        self._on_event = on_event
        self._on_drop = on_drop
        self._dropped = threading.Event()
        self._client = _Client(reconnection=False, logger=_wire_log, engineio_logger=_wire_log)
        self._client.eio.connect_timeout = timeout
        self._api = ""

    def __repr__(self) -> str:  # never the token
        return f"HomeyEvents({self.server}{self.root}, homey_id={self.homey_id!r})"

    @property
    def connected(self) -> bool:
        return self._client.connected and not self._dropped.is_set()

    def open(self) -> None:
        """Connect, hand the token over, open the namespace it answers and subscribe to
        :data:`MANAGER_URIS`. Raises ``TokenRejected`` (401), ``AccessDenied`` (403) or
        ``HomeyOffline`` (anything else); the socket is closed again on failure."""
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._dropped.set()
        with contextlib.suppress(Exception):  # already gone
            self._client.disconnect()

    # internals ---------------------------------------------------------------------------

    def _open(self) -> None:
        root_ready = threading.Event()
        self._client.on("connect", root_ready.set, namespace=self.root)
        self._client.on("disconnect", self._dropped_by_homey, namespace=self.root)
        try:
            self._client.connect(
                self.server,
                transports=["websocket"],
                namespaces=[self.root] if self.root != "/" else None,
            )
        except (socketio.exceptions.ConnectionError, ValueError, OSError):
            raise HomeyOffline("the Homey's realtime socket cannot be reached") from None
        if not wait_for(root_ready, self.timeout) and self.root != "/":
            raise HomeyOffline("the Homey did not open its realtime socket")
        answer = self._call(
            "handshakeClient", {"token": self._token, "homeyId": self.homey_id}, self.root
        )
        result = answer[1] if len(answer) > 1 else None
        if not isinstance(result, dict) or not isinstance(result.get("namespace"), str):
            raise HomeyOffline("the Homey answered the handshake without a namespace")
        self._api = result["namespace"]
        api_ready = threading.Event()
        self._client.on("connect", api_ready.set, namespace=self._api)
        self._client.on("disconnect", self._dropped_by_homey, namespace=self._api)
        self._client._send_packet(packet.Packet(packet.CONNECT, namespace=self._api))
        if not wait_for(api_ready, self.timeout):
            raise HomeyOffline("the Homey did not open its API namespace")
        self.subscribe(*MANAGER_URIS)

    def subscribe(self, *uris: str) -> None:
        """Subscribe to more URIs (``homey:device:<id>``: its ``capability`` events) on the
        open socket, all sent at once and then their acks awaited; a URI this role may not
        read is left out (the board shows that part empty anyway). Not from an event
        handler."""
        for uri in uris:
            self._client.on(uri, self._handler(uri), namespace=self._api)
        for args in self._call_all("subscribe", uris, self._api):
            if args and args[0] is not None:
                error = _error(args[0], "subscribe")
                if not isinstance(error, AccessDenied):
                    raise error

    def _handler(self, uri: str) -> Callable[..., None]:
        def handle(event: Any = None, data: Any = None, *rest: Any) -> None:
            if isinstance(event, str):
                try:
                    self._on_event(uri, event, data)
                except Exception:  # one bad event must not end the subscription
                    log.exception("event %s on %s could not be applied", event, uri)

        return handle

    def _call(self, event: str, data: Any, namespace: str) -> tuple:
        """Emit with an ack; the ack's arguments, or the typed error its ``err`` stands for."""
        args = self._call_all(event, [data], namespace)[0]
        if args and args[0] is not None:
            raise _error(args[0], event)
        return args

    def _call_all(self, event: str, items: Any, namespace: str) -> list[tuple]:
        """Emit ``event`` once per item, each with an ack, without waiting in between; then
        the acks' arguments, in order (``HomeyOffline`` when one does not come in time)."""
        items = list(items)
        answers: dict[int, tuple] = {}
        answered = threading.Event()

        def ack_for(index: int) -> Callable[..., None]:
            def ack(*args: Any) -> None:
                answers[index] = args
                if len(answers) == len(items):
                    answered.set()

            return ack

        if not items:
            return []
        try:
            for index, data in enumerate(items):
                self._client.emit(event, data, namespace=namespace, callback=ack_for(index))
        except socketio.exceptions.SocketIOError:
            raise HomeyOffline("the Homey's realtime socket closed") from None
        if not wait_for(answered, self.timeout):
            raise HomeyOffline(f"the Homey did not answer {event} in time")
        return [answers[index] for index in range(len(items))]

    def _dropped_by_homey(self) -> None:
        if not self._dropped.is_set():
            self._dropped.set()
            self._on_drop()


def wait_for(event: threading.Event, seconds: float) -> bool:
    """``event.wait(seconds)`` in short sleeps: a timed wait on a lock never times out under
    libfaketime (the suite's run 400 days ahead), a sleep does."""
    deadline = time.monotonic() + seconds
    while not event.is_set() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.01))
    return event.is_set()


def _error(err: Any, event: str) -> HomeyError:
    status = err.get("statusCode") or err.get("code") if isinstance(err, dict) else None
    if status == 401:
        return TokenRejected(f"the Homey refused the token ({event})", status=401)
    if status == 403:
        return AccessDenied(f"the Homey refused {event}", status=403)
    return HomeyOffline(
        f"the Homey refused {event}", status=status if isinstance(status, int) else None
    )
