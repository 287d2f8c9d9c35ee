"""Upstream bytes and change-to-tile time: interval reads against the realtime socket, side by side.

    .venv/bin/python bench/realtime.py [--seconds 60] [--changes 20] [--interval 5] [--no-browser]

Starts homeydash in demo mode (the project and the emulator on one threaded server that also
serves the Homeys' realtime socket, as ``make run`` does) with a throw-away SQLite database,
and puts a byte-counting TCP relay between homeydash and the emulator: every byte homeydash
sends to or receives from Athom's cloud and the Homey (HTTP and WebSocket) passes through it,
while browsers and pages talk to homeydash directly. The emulator's clock runs, so values
move as in a real house.

For each mode (``HOMEYDASH_REALTIME`` off, then on) and each house (the 31-device demo house,
then the same house grown to ~300 devices), one board is opened and polls every interval for
``--seconds``; printed: the bytes of the start (sign-in, first reads, socket), the steady bytes
extrapolated to an hour (realtime: plus one full read per ``RESYNC_SECONDS``, the safety
resync) and the full device reads seen. Then, in Chromium (unless ``--no-browser``), the time
from switching a lamp at the Homey to its tile showing it, ``--changes`` times per mode.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import random
import re
import socket
import statistics
import tempfile
import threading
import time

from scratch import setup_django  # bench/ is on sys.path


def signed_in_session(base: str, email: str):
    """A ``requests.Session`` carrying the session cookie of ``email``, signed in with real
    emulator tokens the way the OAuth callback stores them."""
    import requests
    from django.conf import settings
    from django.test import Client

    from dashboard.accounts import sign_in_with_cloud
    from dashboard.connection import athom_cloud
    from dashboard.homey.types import TokenSet
    from dashboard.models import Account, HomeyLink

    answer = requests.post(
        f"{base}/emulator/cloud/oauth2/token",
        data={"grant_type": "password", "username": email, "password": "homey"},
        auth=(settings.ATHOM_CLIENT_ID, settings.ATHOM_CLIENT_SECRET),
        timeout=10,
    )
    answer.raise_for_status()
    tokens = TokenSet.from_json(answer.json())
    with athom_cloud(None) as cloud:
        user = sign_in_with_cloud(cloud.get_authenticated_user(tokens.access_token), tokens)
    link = HomeyLink.objects.get(user=user, household__name="Home", kind="cloud")
    Account.objects.filter(user=user).update(selected_link=link)
    client = Client()
    client.force_login(user)
    session = requests.Session()
    name = settings.SESSION_COOKIE_NAME
    session.cookies.set(name, client.cookies[name].value)
    session.headers["HX-Request"] = "true"
    return session


def poll_url_of(html: str) -> str:
    match = re.search(r'id="poller"[^>]*hx-get="([^"]+)"', html)
    if not match:
        raise SystemExit("no poller on the board: is the Home board rendering?")
    return match.group(1).replace("&amp;", "&")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="steady seconds per run")
    parser.add_argument("--changes", type=int, default=20, help="timed changes per mode")
    parser.add_argument("--interval", type=int, default=5, help="HOMEYDASH_POLL_SECONDS")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    return parser.parse_args(argv)


class CountingRelay:
    """A TCP relay to ``target`` that counts the bytes going each way."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.bytes = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            upstream = socket.create_connection(self.target, timeout=30)
            upstream.settimeout(None)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                with self.lock:
                    self.bytes += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def read(self) -> int:
        with self.lock:
            return self.bytes


def grow_house(devices: int) -> None:
    """Copy the demo house's devices until it has about ``devices`` of them."""
    from emulator.house import item_id
    from emulator.world import HOME_ID, get_world

    world = get_world()
    with world.lock:
        homey = world.homeys[HOME_ID]
        originals = list(homey.devices.values())
        copies = 2
        while len(homey.devices) < devices:
            for device in originals:
                twin = copy.deepcopy(device)
                twin.name = f"{device.name} {copies}"
                twin.id = item_id(HOME_ID, "device", twin.name)
                homey.devices[twin.id] = twin
            copies += 1


def count_device_reads() -> list[float]:
    from django.core.signals import request_started

    seen: list[float] = []

    def record(sender, environ=None, **kwargs):
        path = (environ or {}).get("PATH_INFO", "")
        if environ["REQUEST_METHOD"] == "GET" and path.rstrip("/").endswith(
            "/api/manager/devices/device"
        ):
            seen.append(time.monotonic())

    request_started.connect(record, weak=False, dispatch_uid="bench-realtime-reads")
    return seen


def count_emitted() -> dict[str, int]:
    """What the emulator sends its subscribers, by event name (the house's change rate)."""
    from emulator import realtime

    counts: dict[str, int] = {}
    emit = realtime._emit

    def counting(homey_id, uri, event, data):
        counts[event] = counts.get(event, 0) + 1
        emit(homey_id, uri, event, data)

    realtime._emit = counting
    return counts


def reset(devices: int, realtime: bool) -> None:
    from django.conf import settings
    from django.core.cache import cache

    from dashboard import subscriber
    from emulator.world import get_world

    subscriber.supervisor().stop()
    cache.clear()
    settings.HOMEYDASH_REALTIME = realtime
    get_world().reset(seed=1)  # real clock: values move
    if devices > 40:
        grow_house(devices)


def measure_bytes(
    base, relay, reads, emitted, devices: int, realtime: bool, seconds: float, interval
):
    from dashboard import subscriber

    reset(devices, realtime)
    started, reads_before = relay.read(), len(reads)
    session = signed_in_session(base, "alice@example.com")
    url = base + poll_url_of(session.get(f"{base}/", timeout=30).text)
    time.sleep(3)  # the socket opens, subscribes and its full read lands
    while realtime and not live():
        time.sleep(0.1)
    time.sleep(1)
    start_bytes = relay.read() - started
    emitted.clear()
    steady_from, steady_reads, began = relay.read(), len(reads), time.monotonic()
    while time.monotonic() - began < seconds:
        response = session.get(url, timeout=30)
        if response.status_code == 200 and 'id="poller"' in response.text:
            url = base + poll_url_of(response.text)
        time.sleep(interval)
    elapsed = time.monotonic() - began
    steady = relay.read() - steady_from
    steady_reads = len(reads) - steady_reads
    per_hour = steady / elapsed * 3600
    resync = full_read_bytes(relay) if realtime else 0
    resyncs = 3600 / subscriber.RESYNC_SECONDS if realtime else 0
    return {
        "values_per_hour": emitted.get("capability", 0) / elapsed * 3600,
        "updates_per_hour": emitted.get("device.update", 0) / elapsed * 3600,
        "start": start_bytes,
        "steady_per_hour": per_hour,
        "resync": resync,
        "per_hour": per_hour + resyncs * resync,
        "reads_start": len(reads) - reads_before - steady_reads,
        "reads_per_hour": steady_reads / elapsed * 3600
        + (3600 / subscriber.RESYNC_SECONDS if realtime else 0),
        "live": realtime and bool(subscriber.supervisor().listeners),
    }


def live() -> bool:
    """The subscriber has subscribed and read everything: the snapshot is live."""
    from dashboard import snapshot, subscriber

    return any(
        (snap := snapshot.cached(household_id)) is not None and snapshot.is_live(snap)
        for household_id in list(subscriber.supervisor().listeners)
    )


def full_read_bytes(relay) -> int:
    """The bytes of one full read (the safety resync), through the relay."""
    from dashboard import snapshot, subscriber

    listener = next(iter(subscriber.supervisor().listeners.values()))
    viewer = listener._viewer()
    before = relay.read()
    snapshot.refresh(viewer, None, snapshot.cached(viewer.household.pk), full=True)
    return relay.read() - before


def change_to_tile(base, email: str, realtime: bool, changes: int, devices: int) -> list[float]:
    """Seconds from switching the floor lamp at the Homey to its tile showing it."""
    import requests
    from playwright.sync_api import sync_playwright

    from emulator.constants import DEMO_PAT_TOKEN
    from emulator.house import FLOOR_LAMP, item_id
    from emulator.world import HOME_ID
    from tests.support.browser import launch

    reset(devices, realtime)
    session = signed_in_session(base, email)
    lamp = item_id(HOME_ID, "device", FLOOR_LAMP)
    took: list[float] = []
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context()
        name = next(iter(session.cookies.keys()))
        context.add_cookies([{"name": name, "value": session.cookies[name], "url": base}])
        page = context.new_page()
        page.goto(f"{base}/")
        switch = page.locator(f"#dev-{lamp} [role=switch]")
        time.sleep(3)
        for _ in range(changes):
            time.sleep(random.uniform(0.5, 3))
            on = switch.get_attribute("aria-checked") != "true"
            changed_at = time.monotonic()
            requests.put(
                f"{base}/emulator/homey/{HOME_ID}/api/manager/devices/device/{lamp}/capability/onoff",
                json={"value": on},
                headers={"Authorization": f"Bearer {DEMO_PAT_TOKEN}"},
                timeout=10,
            ).raise_for_status()
            want = "true" if on else "false"
            while switch.get_attribute("aria-checked") != want:
                time.sleep(0.01)
            took.append(time.monotonic() - changed_at)
        browser.close()
    return took


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ["HOMEYDASH_REALTIME"] = "1"
    with tempfile.TemporaryDirectory(prefix="homeydash-bench-") as workdir:
        setup_django(workdir, HOMEYDASH_POLL_SECONDS=str(args.interval))
        from django.conf import settings

        from emulator.server import serve_in_background

        server = serve_in_background("127.0.0.1", 0)
        host, port = server.server_address[:2]
        base = f"http://{host}:{port}"
        relay = CountingRelay((host, port))
        settings.ATHOM_API_URL = f"http://127.0.0.1:{relay.port}/emulator/cloud"
        reads = count_device_reads()
        emitted = count_emitted()
        rows = []
        for label, devices in (("demo house (31 devices)", 31), ("~300 devices", 300)):
            for realtime in (False, True):
                figures = measure_bytes(
                    base, relay, reads, emitted, devices, realtime, args.seconds, args.interval
                )
                rows.append((label, realtime, figures))
        timings = {}
        if not args.no_browser:
            for realtime in (False, True):
                timings[realtime] = change_to_tile(
                    base, "alice@example.com", realtime, args.changes, 31
                )
        from dashboard import subscriber

        subscriber.supervisor().stop()

    print(
        f"homeydash realtime bench: one open board, poll interval {args.interval} s, "
        f"{args.seconds:.0f} s steady per run, bytes counted between homeydash and the emulator"
    )
    for label, realtime, f in rows:
        mode = "realtime socket" if realtime else "interval reads "
        detail = (
            f" (events and pings {mb(f['steady_per_hour'])} + resyncs 6 × {mb(f['resync'])})"
            if realtime
            else ""
        )
        print(
            f"  {label:24} {mode}: start {mb(f['start'])}, "
            f"{mb(f['per_hour'])} per hour{detail}, "
            f"full device reads {f['reads_per_hour']:.0f} per hour"
            + ("" if not realtime or f["live"] else "  (socket NOT live!)")
        )
        if realtime:
            print(
                f"  {'':24} the house meanwhile: {f['values_per_hour']:.0f} capability values "
                f"and {f['updates_per_hour']:.0f} device.update per hour sent by the emulator"
            )
    for realtime, took in timings.items():
        took = sorted(took)
        p95 = took[max(0, round(0.95 * len(took)) - 1)]
        mode = "realtime socket" if realtime else "interval reads "
        print(
            f"  change at the Homey → tile in Chromium, {mode}: median "
            f"{statistics.median(took):.2f} s, p95 {p95:.2f} s, max {took[-1]:.2f} s "
            f"({len(took)} changes; goal p95 ≤ {args.interval + 0.5:.1f} s)"
        )


if __name__ == "__main__":
    main()
