"""One realtime subscription per watched Homey, across every process and host.

A Homey is *watched* in a process while its pages poll there (:func:`watch`, called by the
board views: a dictionary update, no I/O). Each web process runs one :class:`Supervisor`
thread, started by the first watch. Every ``RENEW_SECONDS`` it takes or renews, in the
database, the :class:`~dashboard.models.RealtimeLease` of each Homey it watches; the process
holding a lease runs a :class:`Listener` for that Homey, every other process leaves it alone.
A holder that dies stops renewing and its lease runs out after ``LEASE_SECONDS``; the next
process whose pages poll that Homey takes it over. A Homey no page polled for
``WATCH_SECONDS`` is let go.

A listener opens the Homey's socket and subscribes (``dashboard/homey/events.py``), then reads
everything once (a full read: after subscribing, so no change falls between the two), marks
the snapshot live and applies events as they come, in order. It reads everything again only
after a reconnect and every ``RESYNC_SECONDS`` as a safety net. When the socket drops or is
refused the snapshot stops being live at once, requests fall back to the interval reads of
``snapshot.py``, and the listener tries again after a growing pause.

Why in the web processes and not a separate daemon: see the README, "Live updates".
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import queue
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.http import HttpRequest

from dashboard import clock, snapshot
from dashboard.homey.errors import HomeyError, SignInRequired
from dashboard.homey.events import wait_for
from dashboard.models import HomeyLink, RealtimeLease

if TYPE_CHECKING:
    from dashboard.access import Viewer

log = logging.getLogger(__name__)

LEASE_SECONDS = 30
RENEW_SECONDS = 10
WATCH_SECONDS = 120
RESYNC_SECONDS = 600
HEARTBEAT_SECONDS = 10
LIVE_SECONDS = 30  # a live mark outlives a few missed heartbeats, not a dead process
RETRY_SECONDS = (1, 2, 5, 10, 30, 60)
EVENT_POLL_SECONDS = 0.02
DEVICE_URI = "homey:device:"
STABLE_SECONDS = 60  # a socket that lived this long starts its retries from the first pause
_DROPPED = object()


@dataclass
class Watch:
    household_id: int
    link_id: int
    origin: str  # the address a page used, for a relative ATHOM_API_URL (demo mode)
    seen: float  # time.monotonic()


class _Origin:
    """Stands in for the request a relative ``ATHOM_API_URL`` is resolved against."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def build_absolute_uri(self, location: str = "/") -> str:
        return urljoin(self.origin, location)


# leases ----------------------------------------------------------------------------------


def take_lease(household_id: int, holder: str) -> bool:
    """Take or renew the household's lease for ``holder``; False while another holds it."""
    now = clock.now()
    until = now + timedelta(seconds=LEASE_SECONDS)
    mine_or_free = Q(holder=holder) | Q(expires__lte=now)
    leases = RealtimeLease.objects.filter(household_id=household_id)
    if leases.filter(mine_or_free).update(holder=holder, expires=until):
        return True
    if leases.exists():
        return False
    try:
        with transaction.atomic():
            RealtimeLease.objects.create(household_id=household_id, holder=holder, expires=until)
    except IntegrityError:  # another process created it first (or the household is gone)
        return False
    return True


def release_lease(household_id: int, holder: str) -> None:
    RealtimeLease.objects.filter(household_id=household_id, holder=holder).delete()


# one Homey -------------------------------------------------------------------------------


class Listener:
    """Keeps one household's snapshot current from its Homey's events, on its own thread."""

    def __init__(self, watch: Watch) -> None:
        self.watch = watch
        self.household_id = watch.household_id
        self.stopping = threading.Event()
        self.events: queue.Queue = queue.Queue()
        self.full_reads = 0
        self.connects = 0
        self.failures = 0  # attempts that ended without a socket
        self.connected_at = 0.0
        self.thread = threading.Thread(
            target=self._run, name=f"homey-events-{self.household_id}", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self, wait: float = 5) -> None:
        self.stopping.set()
        self.events.put(_DROPPED)
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(wait)

    @property
    def alive(self) -> bool:
        return self.thread.is_alive()

    def _run(self) -> None:
        failures = 0
        try:
            while not self.stopping.is_set():
                connects = self.connects
                try:
                    self._listen()
                    if time.monotonic() - self.connected_at >= STABLE_SECONDS:
                        failures = 0  # a socket that flaps backs off like one refused
                except HomeyLink.DoesNotExist:
                    log.info("Homey of household %s: the watching link is gone", self.household_id)
                    return
                except SignInRequired:
                    log.info(
                        "Homey of household %s: its link needs a new sign-in", self.household_id
                    )
                except HomeyError as error:
                    log.info(
                        "Homey of household %s: no realtime socket (%s); reading at intervals",
                        self.household_id,
                        error.__class__.__name__,
                    )
                except Exception:
                    log.exception("realtime listener of household %s failed", self.household_id)
                finally:
                    snapshot.set_live(self.household_id, 0)
                    close_old_connections()
                    if self.connects == connects:
                        self.failures += 1
                pause = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                failures += 1
                wait_for(self.stopping, pause)
        finally:
            close_old_connections()

    def _viewer(self) -> Viewer:
        from dashboard.access import Viewer

        link = HomeyLink.objects.select_related("household").get(pk=self.watch.link_id)
        return Viewer(household=link.household, link=link)

    def _listen(self) -> None:
        viewer = self._viewer()
        request: Any = _Origin(self.watch.origin)
        self.events = queue.Queue()
        events = self.events

        def on_event(uri: str, event: str, data: Any) -> None:
            if not uri.startswith(DEVICE_URI):
                events.put((event, data))
            elif event == "capability" and isinstance(data, dict):
                events.put(("device.capability", {**data, "id": uri.removeprefix(DEVICE_URI)}))
            # a device's own `update`/`delete` also come on homey:manager:devices

        def on_drop() -> None:
            events.put(_DROPPED)

        connection = viewer.connection(request)
        socket_ = connection.call(
            lambda homey: homey.open_events(on_event=on_event, on_drop=on_drop)
        )
        try:
            self.connects += 1
            self.connected_at = time.monotonic()
            subscribed: set[str] = set()

            def subscribe_devices() -> bool:
                """Subscribe to the devices the snapshot knows and was not yet subscribed to;
                whether there were any."""
                snap = snapshot.cached(self.household_id)
                new = [d for d in (snap.devices if snap else {}) if d not in subscribed]
                socket_.subscribe(*(DEVICE_URI + device_id for device_id in new))
                subscribed.update(new)
                return bool(new)

            # Subscribe before reading, so that no change falls between the two; devices the
            # read finds that the cached snapshot did not know cost one more read.
            subscribe_devices()
            self._read_everything(viewer, request)
            if subscribe_devices():
                self._read_everything(viewer, request)
            self._apply_until_dropped(viewer, request, events, subscribe_devices)
        finally:
            socket_.close()

    def _read_everything(self, viewer, request) -> None:
        self.full_reads += 1
        snap = snapshot.refresh(viewer, request, snapshot.cached(self.household_id), full=True)
        if snap.stale_since is not None:
            raise HomeyError("the full read failed")
        snapshot.set_live(self.household_id, clock.epoch() + LIVE_SECONDS)

    def _apply_until_dropped(self, viewer, request, events: queue.Queue, subscribe) -> None:
        resync_at = time.monotonic() + RESYNC_SECONDS
        heartbeat_at = time.monotonic()
        while not self.stopping.is_set():
            batch: list = []
            due = min(resync_at, heartbeat_at + HEARTBEAT_SECONDS)
            while not batch and time.monotonic() < due and not self.stopping.is_set():
                with contextlib.suppress(queue.Empty):
                    while len(batch) < 500:
                        batch.append(events.get_nowait())
                if not batch:
                    time.sleep(EVENT_POLL_SECONDS)  # not a timed get: see wait_for()
            dropped = _DROPPED in batch
            changes = [item for item in batch if item is not _DROPPED]
            now = time.monotonic()
            if changes or now >= heartbeat_at + HEARTBEAT_SECONDS:
                snapshot.apply_events(self.household_id, changes, clock.epoch() + LIVE_SECONDS)
                heartbeat_at = now
                if any(event == "device.create" for event, _data in changes):
                    subscribe()  # values of a device added since arrive on its own URI
            if dropped:
                return
            if now >= resync_at:
                self._read_everything(viewer, request)
                resync_at = time.monotonic() + RESYNC_SECONDS


# one process -----------------------------------------------------------------------------


class Supervisor:
    """The process's listeners: a lease per watched Homey, renewed every ``RENEW_SECONDS``."""

    def __init__(self, holder: str = "") -> None:
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.watches: dict[int, Watch] = {}
        self.listeners: dict[int, Listener] = {}
        self.lock = threading.Lock()
        self.stepping = threading.Lock()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def watch(self, household_id: int, link_id: int, origin: str) -> None:
        with self.lock:
            self.watches[household_id] = Watch(household_id, link_id, origin, time.monotonic())
            if self.thread is None or not self.thread.is_alive():
                self.stopping.clear()
                self.thread = threading.Thread(
                    target=self._run, name="homey-events-supervisor", daemon=True
                )
                self.thread.start()

    def step(self) -> None:
        """Take, renew or let go of each watched Homey's lease, once."""
        with self.stepping:
            if not self.stopping.is_set():
                self._step()

    def _step(self) -> None:
        now = time.monotonic()
        with self.lock:
            watches = dict(self.watches)
        for household_id, watch in watches.items():
            listener = self.listeners.get(household_id)
            if now - watch.seen > WATCH_SECONDS:
                self._let_go(household_id)
                with self.lock:
                    if self.watches.get(household_id) is watch:
                        del self.watches[household_id]
                continue
            if not take_lease(household_id, self.holder):
                if listener is not None:  # taken over: we were thought dead
                    listener.stop()
                    del self.listeners[household_id]
                continue
            if listener is None or not listener.alive:
                listener = Listener(watch)
                self.listeners[household_id] = listener
                listener.start()
            else:
                listener.watch = watch  # the latest page's link and address

    def stop(self, *, release: bool = True) -> None:
        """Stop every listener (and give their leases back unless ``release`` is False, as a
        process that dies would not)."""
        self.stopping.set()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(RENEW_SECONDS + 5)
        with self.stepping:
            for household_id in list(self.listeners):
                self._let_go(household_id, release=release)
            with self.lock:
                self.watches.clear()
        close_old_connections()

    def _let_go(self, household_id: int, *, release: bool = True) -> None:
        listener = self.listeners.pop(household_id, None)
        if listener is not None:
            listener.stop()
        if release:
            with contextlib.suppress(Exception):
                release_lease(household_id, self.holder)

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.step()
            except Exception:
                log.exception("realtime supervisor step failed")
            finally:
                close_old_connections()
            wait_for(self.stopping, RENEW_SECONDS)


_supervisor = Supervisor()


def _forked() -> None:
    """A forked worker (gunicorn loads the app in its master to run the system checks first)
    gets a supervisor of its own: its own lease holder name, locks and no threads."""
    global _supervisor
    _supervisor = Supervisor()


os.register_at_fork(after_in_child=_forked)
atexit.register(lambda: _supervisor.stop())


def supervisor() -> Supervisor:
    return _supervisor


def watch(viewer: Viewer, request: HttpRequest | None) -> None:
    """A page of ``viewer``'s household is open in this process: keep its Homey subscribed."""
    if not settings.HOMEYDASH_REALTIME or request is None:
        return
    link = snapshot.source_link(viewer)  # never a link the household cannot vouch for
    if link is None:
        return
    _supervisor.watch(viewer.household.pk, link.pk, request.build_absolute_uri("/"))
