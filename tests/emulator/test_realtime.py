"""The Homeys' realtime socket, through python-socketio 4.x's client (Engine.IO 3, the
websocket transport only, as homey-api and homeydash use it) against the live emulator."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio
from socketio import packet

from emulator.constants import FLAT_ID, HOME_ID
from emulator.house import FLOOR_LAMP, item_id
from tests.support.emulator import Emu
from tests.support.loopback import free_port

TIMEOUT = 10


class HomeySocket:
    """A client doing what homey-api's SocketSession does: connect the base URL's path as a
    namespace, handshakeClient, open the namespace it answers, subscribe."""

    def __init__(self, base: str) -> None:
        server, _, path = base.partition("/emulator/")
        self.server = server
        self.root = f"/emulator/{path}"
        self.api: str | None = None
        self.client = socketio.Client(reconnection=False)
        self.events: queue.Queue = queue.Queue()
        self.disconnected = threading.Event()
        self.connected_root = threading.Event()
        self.connected_api = threading.Event()
        self.client.on("disconnect", self.disconnected.set)
        self.client.on("connect", self.connected_root.set, namespace=self.root)

    def connect(self) -> None:
        self.client.connect(self.server, transports=["websocket"], namespaces=[self.root])
        assert self.connected_root.wait(TIMEOUT)

    def handshake(self, token: str | None, homey_id: str) -> tuple:
        """The ack's arguments: ``(err,)`` or ``(None, result)``."""
        return self._call(
            "handshakeClient",
            {"token": token, "homeyId": homey_id},
            namespace=self.root,
        )

    def open(self, token: str, homey_id: str = HOME_ID) -> None:
        self.connect()
        err, result = self.handshake(token, homey_id)
        assert err is None, err
        self.api = result["namespace"]
        self.client.on("connect", self.connected_api.set, namespace=self.api)
        # python-socketio 4.x connects namespaces only at start; the /api one exists only
        # after the handshake, so its CONNECT packet is sent by hand.
        self.client._send_packet(packet.Packet(packet.CONNECT, namespace=self.api))
        assert self.connected_api.wait(TIMEOUT)

    def subscribe(self, uri: str):
        self.client.on(uri, lambda event, data: self.events.put((uri, event, data)), self.api)
        return self._call("subscribe", uri, namespace=self.api)

    def _call(self, event: str, data, namespace: str | None) -> tuple:
        answer: queue.Queue = queue.Queue()
        self.client.emit(event, data, namespace=namespace, callback=lambda *a: answer.put(a))
        return answer.get(timeout=TIMEOUT)

    def next(self, uri: str, event: str, match=lambda data: True) -> dict:
        while True:
            got_uri, got_event, data = self.events.get(timeout=TIMEOUT)
            if (got_uri, got_event) == (uri, event) and match(data):
                return data

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def sockets(emu):
    opened: list[HomeySocket] = []

    def make(base: str | None = None) -> HomeySocket:
        opened.append(HomeySocket(base or emu.local()))
        return opened[-1]

    yield make
    for s in opened:
        s.close()


LAMP = item_id(HOME_ID, "device", FLOOR_LAMP)


def test_the_handshake_answers_the_base_s_api_namespace(emu, alice, sockets):
    s = sockets()
    s.connect()
    err, result = s.handshake(alice, HOME_ID)
    assert err is None
    assert result == {
        "token": alice,
        "namespace": f"/emulator/homey/{HOME_ID}/api",
        "success": True,
    }


@pytest.mark.parametrize(
    ("token", "homey", "status"),
    [("not-a-session", HOME_ID, 401), (None, HOME_ID, 401), ("alice", FLAT_ID, 400)],
)
def test_a_bad_token_or_the_wrong_homey_is_refused_with_the_homey_s_error(
    emu, alice, sockets, token, homey, status
):
    s = sockets()
    s.connect()
    (err,) = s.handshake(alice if token == "alice" else token, homey)
    assert err["statusCode"] == status
    assert err["error"] and err["error_description"]


def test_a_session_of_another_homey_is_refused(emu, sockets):
    flat = emu.session("charlie@example.com", FLAT_ID)
    s = sockets()
    s.connect()
    (err,) = s.handshake(flat, HOME_ID)
    assert err["statusCode"] == 401


def test_the_api_namespace_is_refused_before_a_handshake(emu, sockets):
    s = sockets()
    s.connect()
    refused = threading.Event()
    s.client.on("connect_error", lambda *args: refused.set(), namespace=f"{s.root}/api")
    s.client._send_packet(packet.Packet(packet.CONNECT, namespace=f"{s.root}/api"))
    assert refused.wait(TIMEOUT)


def test_a_capability_set_over_http_reaches_device_and_manager_subscribers(emu, alice, sockets):
    s = sockets()
    s.open(alice)
    assert s.subscribe(f"homey:device:{LAMP}") == (None,)
    assert s.subscribe("homey:manager:devices") == (None,)
    response = emu.put(
        f"devices/device/{LAMP}/capability/dim", alice, {"value": 0.3, "transactionId": "t-1"}
    )
    assert response.status_code == 200
    dim = s.next(f"homey:device:{LAMP}", "capability", lambda d: d["capabilityId"] == "dim")
    assert dim["value"] == 0.3
    assert dim["transactionId"] == "t-1"
    assert isinstance(dim["transactionTime"], int)
    assert set(dim) == {"capabilityId", "value", "transactionId", "transactionTime"}


def test_a_value_change_alone_sends_no_device_update_and_other_changes_do(
    emu, emulator_world, alice, sockets
):
    """As a Homey (and homey-api's DeviceCapability, which keeps ``capabilitiesObj`` current
    from ``capability`` events itself): the whole device goes out on the manager only when
    more than a value changed."""
    s = sockets()
    s.open(alice)
    s.subscribe(f"homey:device:{LAMP}")
    s.subscribe("homey:manager:devices")
    emu.put(f"devices/device/{LAMP}/capability/dim", alice, {"value": 0.3})
    s.next(f"homey:device:{LAMP}", "capability", lambda d: d["capabilityId"] == "dim")
    with emulator_world.lock:
        emulator_world.homeys[HOME_ID].devices[LAMP].available = False
    seen = []
    while True:
        uri, event, data = s.events.get(timeout=TIMEOUT)
        seen.append((uri, event))
        if event == "device.update":
            break
    assert seen.count(("homey:manager:devices", "device.update")) == 1
    assert data["id"] == LAMP
    assert data["available"] is False
    assert data["capabilitiesObj"]["dim"]["value"] == 0.3
    assert data == emu.get(f"devices/device/{LAMP}", alice).json()
    assert s.next(f"homey:device:{LAMP}", "update") == data


def test_a_side_effect_is_sent_too(emu, alice, sockets):
    emu.put(f"devices/device/{LAMP}/capability/onoff", alice, {"value": False})
    s = sockets()
    s.open(alice)
    s.subscribe(f"homey:device:{LAMP}")
    emu.put(f"devices/device/{LAMP}/capability/dim", alice, {"value": 0.5})
    onoff = s.next(f"homey:device:{LAMP}", "capability", lambda d: d["capabilityId"] == "onoff")
    assert onoff["value"] is True


def test_values_that_move_with_time_are_sent_without_any_request(
    emu, emulator_world, alice, sockets
):
    s = sockets()
    s.open(alice)
    for device_id in emu.get("devices/device", alice).json():
        s.subscribe(f"homey:device:{device_id}")
    emulator_world.clock.advance(3 * 3600)  # the emulator's clock only: values move
    uri, event, data = s.events.get(timeout=TIMEOUT)
    assert event == "capability"
    device = emu.get(f"devices/device/{uri.removeprefix('homey:device:')}", alice).json()
    assert data["value"] == device["capabilitiesObj"][data["capabilityId"]]["value"]


def test_a_variable_change_reaches_logic_subscribers(emu, alice, sockets):
    variables = emu.get("logic/variable", alice).json()
    number = next(v for v in variables.values() if v["type"] == "number")
    s = sockets()
    s.open(alice)
    s.subscribe("homey:manager:logic")
    emu.put(f"logic/variable/{number['id']}", alice, {"value": 42})
    update = s.next("homey:manager:logic", "variable.update", lambda d: d["id"] == number["id"])
    assert update == {**number, "value": 42}
    created = emu.post("logic/variable", alice, {"name": "Guests", "type": "number", "value": 2})
    assert s.next("homey:manager:logic", "variable.create") == created.json()
    emu.delete(f"logic/variable/{created.json()['id']}", alice)
    assert s.next("homey:manager:logic", "variable.delete") == {"id": created.json()["id"]}


def test_a_flow_that_turns_lights_off_is_seen_as_capability_events(emu, alice, sockets):
    emu.put(f"devices/device/{LAMP}/capability/onoff", alice, {"value": True})
    flows = emu.get("flow/flow", alice).json()
    all_off = next(f for f in flows.values() if f["name"] == "All lights off")
    s = sockets()
    s.open(alice)
    s.subscribe(f"homey:device:{LAMP}")
    assert emu.post(f"flow/flow/{all_off['id']}/trigger", alice).status_code == 200
    onoff = s.next(f"homey:device:{LAMP}", "capability", lambda d: d["capabilityId"] == "onoff")
    assert onoff["value"] is False


def test_the_relay_address_serves_the_socket_too(emu, alice, sockets):
    s = sockets(emu.relay())
    s.open(alice)
    assert s.api == f"/emulator/relay/{HOME_ID}/api"
    s.subscribe(f"homey:device:{LAMP}")
    emu.put(f"devices/device/{LAMP}/capability/dim", alice, {"value": 0.7})
    assert s.next(f"homey:device:{LAMP}", "capability")["value"] in (0.7, True)


def test_subscriptions_honour_the_session_s_scopes(emu, alice, sockets):
    pat = emu.post("users/pat", alice, {"name": "lights", "scopes": ["homey.device.readonly"]})
    assert pat.status_code == 200, pat.text
    s = sockets()
    s.open(pat.json()["token"])  # an API key works on the socket as over HTTP
    (err,) = s.subscribe("homey:manager:logic")
    assert err["statusCode"] == 403
    assert s.subscribe("homey:manager:devices") == (None,)
    (err,) = s.subscribe("homey:nothing:here")
    assert err["statusCode"] == 404


def test_api_calls_over_the_socket_answer_what_http_answers(emu, alice, sockets):
    s = sockets()
    s.open(alice)
    err, devices = s._call(
        "api",
        {"uri": "homey:manager:devices", "operation": "getDevices", "args": {"$validate": True}},
        namespace=s.api,
    )
    assert err is None
    assert devices == emu.get("devices/device", alice).json()
    (err,) = s._call(
        "api",
        {
            "uri": "homey:manager:devices",
            "operation": "setCapabilityValue",
            "args": {"deviceId": LAMP, "capabilityId": "dim", "value": 2, "transactionId": "x"},
        },
        namespace=s.api,
    )
    assert err["statusCode"] == 400


def test_dropping_the_sockets_disconnects_clients_and_they_can_come_back(emu, alice, sockets):
    s = sockets()
    s.open(alice)
    assert emu.control()["homeys"][HOME_ID]["sockets"] == 1
    emu.control(drop_sockets=HOME_ID)
    assert s.disconnected.wait(TIMEOUT)
    assert emu.control()["homeys"][HOME_ID]["sockets"] == 0
    again = sockets()
    again.open(alice)
    again.subscribe(f"homey:device:{LAMP}")
    emu.put(f"devices/device/{LAMP}/capability/dim", alice, {"value": 0.4})
    assert again.next(f"homey:device:{LAMP}", "capability")


def test_an_offline_homey_drops_its_sockets_and_a_refusing_one_answers_503(emu, alice, sockets):
    s = sockets()
    s.open(alice)
    emu.control(faults={HOME_ID: {"offline": True}})
    assert s.disconnected.wait(TIMEOUT)
    emu.control(faults={HOME_ID: {"offline": False, "refuse_socket": True}})
    refused = sockets()
    refused.connect()
    (err,) = refused.handshake(alice, HOME_ID)
    assert err["statusCode"] == 503


def test_expiring_login_sessions_closes_their_sockets_and_the_old_token_is_refused(
    emu, alice, sockets
):
    pat = emu.post("users/pat", alice, {"name": "wall", "scopes": ["homey.device.readonly"]})
    login, key = sockets(), sockets()
    login.open(alice)
    key.open(pat.json()["token"])
    emu.control(expire_sessions=HOME_ID)
    assert login.disconnected.wait(TIMEOUT)
    assert not key.disconnected.is_set()  # API keys outlive login sessions
    again = sockets()
    again.connect()
    (err,) = again.handshake(alice, HOME_ID)
    assert err["statusCode"] == 401
    fresh = emu.session("alice@example.com")
    err, result = again.handshake(fresh, HOME_ID)
    assert err is None and result["success"] is True


def test_a_role_change_closes_that_user_s_sockets_and_the_new_role_decides(emu, bob, sockets):
    s = sockets()
    s.open(bob)
    assert s.subscribe("homey:manager:logic") == (None,)
    emu.control(set_role={"homey": HOME_ID, "email": "bob@example.com", "role": None})
    assert s.disconnected.wait(TIMEOUT)
    again = sockets()
    again.connect()
    (err,) = again.handshake(bob, HOME_ID)
    assert err["statusCode"] == 401  # no longer a user of this Homey


def test_plain_http_still_works_beside_the_socket(emu, alice):
    response = requests.get(emu.api("system/ping"), timeout=TIMEOUT)
    assert response.status_code == 200


@pytest.fixture
def demo_runserver(tmp_path):
    """``manage.py runserver`` in demo mode (what ``make run`` starts), on a free port."""
    root = Path(__file__).resolve().parents[2]
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "homeydash.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/emulator"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/homey/{HOME_ID}/api/manager/system/ping", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, "runserver exited"
                assert time.monotonic() < deadline, "runserver did not start"
                time.sleep(0.2)
        yield Emu(base)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_make_run_s_demo_server_serves_the_socket_too(demo_runserver):
    emu = demo_runserver
    token = emu.session("alice@example.com")
    s = HomeySocket(emu.local())
    try:
        s.open(token)
        assert s.subscribe(f"homey:device:{LAMP}") == (None,)
        emu.put(f"devices/device/{LAMP}/capability/dim", token, {"value": 0.6})
        assert s.next(f"homey:device:{LAMP}", "capability")["value"] in (0.6, True)
    finally:
        s.close()
