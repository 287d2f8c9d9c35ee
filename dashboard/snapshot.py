"""The per-Homey state cache: one upstream fetch per interval, shared by every viewer.

Each household (one Homey) has one ``Snapshot`` in the Django cache: its devices, zones, Logic
variables and flows, a ``version`` that only grows, and for every source (``device:<id>``,
``variable:<id>``, ``flow:<id>``, ``advancedflow:<id>``) the version at which it last changed.
A page holds the version it was rendered at; the poll re-renders only the tiles whose sources
changed after it.

Refreshing is single-flight: when the snapshot is older than ``HOMEYDASH_POLL_SECONDS`` the
first request to win ``cache.add(lock)`` fetches with its own viewer's connection; every other
request uses the cached snapshot at once and never waits on the Homey. A failed fetch keeps the
last values and marks them stale (``stale_since``); the next successful fetch clears it.
Zones, flows and apps change rarely and are fetched every ``SLOW_SECONDS``.

While the Homey's realtime socket is open (``dashboard/subscriber.py``) the snapshot is *live*
(``live_until`` ahead of now): the subscriber applies each event with :func:`apply_events`
and no request reads the Homey; when the socket goes, ``live_until`` is cleared (or runs out)
and requests fall back to the interval reads above.

Only the devices are needed for a board. Each optional part (variables, zones, flows, advanced
flows, apps, and the house: weather, Homey Energy's live report, moods, the timeline) may fail
on its own (404, 5xx, timeout): it keeps its last values, is marked stale in ``parts_stale``
(source ``part:<name>``, so only the tiles that read it redraw as stale), and is tried again
after ``PART_RETRY_SECONDS``. A 403 means the role may not read it: simply empty.
A 429 is obeyed: nothing is asked of the Homey again before its ``Retry-After`` has passed.

The house parts have no realtime events a board subscribes to: while the socket is live they
are still read, alone (no devices), every ``LIVE_HOUSE_SECONDS``. Their tiles read the sources
``weather``, ``energy``, ``moods`` and ``timeline``, changed only when the values did (``moods``
also when a device change turns a mood on or off: ``moods_on``). A Homey
without one of these managers (404) simply has none. A 403 on one leaves it as it is: the
snapshot is shared, and the link that read it this time may have fewer scopes than the last.
"""

from __future__ import annotations

import logging
import secrets
import time
import zoneinfo
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from dashboard import clock, homey_health
from dashboard.connection import Connection
from dashboard.homey.client import HomeyClient
from dashboard.homey.errors import (
    AccessDenied,
    HomeyError,
    HomeyOffline,
    InvalidApiKey,
    NotFound,
    RateLimited,
    SignInRequired,
    TokenRejected,
    UnexpectedResponse,
)
from dashboard.homey.types import (
    App,
    Device,
    EnergyLive,
    Flow,
    Image,
    Mood,
    Notification,
    Variable,
    Weather,
    Zone,
)
from dashboard.models import HomeyLink, Household

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

    from dashboard.access import Viewer

log = logging.getLogger(__name__)

SLOW_SECONDS = 60
PART_RETRY_SECONDS = 60
HOUSE_PARTS = ("weather", "energy", "moods", "notifications", "images")
OPTIONAL_PARTS = ("variables", "zones", "flows", "advanced_flows", "apps", *HOUSE_PARTS)
SLOW_PARTS = ("zones", "flows", "advanced_flows", "apps")
# part → the source its tiles read
HOUSE_SOURCES = {
    "weather": "weather",
    "energy": "energy",
    "moods": "moods",
    "notifications": "timeline",
}  # images: one source per still, ``camera:<image id>``
LIVE_HOUSE_SECONDS = 30
WEATHER_SECONDS = 5 * 60
KEEP_SECONDS = 60 * 60 * 24 * 7
COLD_WAIT_STEP = 0.05
WRITE_WAIT = 1.0


@dataclass
class Snapshot:
    household_id: int
    version: int = 0
    devices: dict[str, Device] = field(default_factory=dict)
    zones: dict[str, Zone] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    advanced_flows: dict[str, Flow] = field(default_factory=dict)
    # the Homey's apps (empty for a role that may not read them); see dashboard/homey_health.py
    apps: dict[str, App] = field(default_factory=dict)
    # health problem key ("app:<id>", "device:<id>") → since when homeydash has seen it
    health_since: dict[str, datetime] = field(default_factory=dict)
    apps_read_at: float = 0.0  # epoch seconds of the last successful read of the apps
    weather: Weather | None = None
    energy: EnergyLive | None = None
    moods: dict[str, Mood] = field(default_factory=dict)
    notifications: tuple[Notification, ...] = ()
    images: dict[str, Image] = field(default_factory=dict)
    weather_fetched_at: float = 0.0
    # source key → version at which it last changed
    changed: dict[str, int] = field(default_factory=dict)
    # version at which the zone tree or the set of devices last changed
    structure_version: int = 0
    # version at which the snapshot last became stale or fresh again
    stale_version: int = 0
    loaded: bool = False
    attempted_at: float = 0.0  # epoch seconds when the last fetch started
    slow_fetched_at: float = 0.0
    fetched_at: datetime | None = None
    stale_since: datetime | None = None
    problem: StrOrPromise = ""  # lazy: each viewer reads it in their own language
    live_until: float = 0.0  # epoch seconds: the realtime subscriber keeps this ahead of now
    # epoch seconds before which the Homey is not asked again (its 429's Retry-After)
    not_before: float = 0.0
    # optional part → since when its last fetch failed (its values are the last ones known)
    parts_stale: dict[str, datetime] = field(default_factory=dict)
    # optional part → epoch seconds before which a failed part is not asked for again
    parts_retry_at: dict[str, float] = field(default_factory=dict)

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A snapshot an older homeydash left in the shared cache lacks the newer fields
        (``apps``, ``health_since``...): they start empty, as for a new snapshot."""
        for item in fields(self):
            if item.name not in state:
                factory = item.default_factory
                state[item.name] = factory() if factory is not MISSING else item.default
        self.__dict__.update(state)

    def changed_since(self, source: str, version: int) -> bool:
        """``source``: a ``source_key`` (what a tile shows, e.g. ``device:<id>``)."""
        return self.changed.get(source, 0) > version

    def flow(self, flow_id: str, *, advanced: bool) -> Flow | None:
        return (self.advanced_flows if advanced else self.flows).get(flow_id)


def source_key(kind: str, item_id: str) -> str:
    """What ``Snapshot.changed`` is keyed by: ``device:<id>``, ``variable:<id>``, ``flow:<id>``,
    ``advancedflow:<id>``, ``part:<name>``; tiles name theirs the same way."""
    return f"{kind}:{item_id}"


@dataclass(frozen=True)
class SnapshotMeta:
    """The few numbers a poll needs to answer 204 without loading the whole snapshot."""

    version: int
    attempted_at: float
    live_until: float = 0.0
    not_before: float = 0.0
    apps_read_at: float = 0.0


# Its old name: entries an older homeydash pickled into the shared cache still load.
Meta = SnapshotMeta


def _key(household_id: int) -> str:
    return f"snapshot:{household_id}"


def _meta_key(household_id: int) -> str:
    return f"snapshot-meta:{household_id}"


def _lock_key(household_id: int) -> str:
    return f"snapshot-lock:{household_id}"


def _interval() -> float:
    return float(settings.HOMEYDASH_POLL_SECONDS)


def _lock_seconds() -> int:
    return int(settings.HOMEYDASH_HTTP_TIMEOUT) * 3 + 5


def next_version(previous: int) -> int:
    """Versions are milliseconds, so they keep growing even when the cache was emptied."""
    return max(previous + 1, int(clock.epoch() * 1000))


def _due(attempted_at: float, not_before: float = 0.0) -> bool:
    now = clock.epoch()
    return now - attempted_at >= _interval() and now >= not_before


def _read_due(snap: Snapshot | SnapshotMeta) -> bool:
    """Whether a request should read the Homey: the interval is up and no socket is live
    (while one is, the house parts are still read every ``LIVE_HOUSE_SECONDS``)."""
    if not _due(snap.attempted_at, snap.not_before):
        return False
    return not is_live(snap) or clock.epoch() - snap.attempted_at >= LIVE_HOUSE_SECONDS


def is_live(snap: Snapshot | SnapshotMeta) -> bool:
    return snap.live_until > clock.epoch()


# reading ---------------------------------------------------------------------------------


def cached(household_id: int) -> Snapshot | None:
    return cache.get(_key(household_id))


def get_snapshot(viewer: Viewer, request: HttpRequest | None = None) -> Snapshot:
    """The household's snapshot, refreshed first when it is due and this request wins.

    Only a cold start (no snapshot at all while another request is fetching) waits, and
    only for that fetch to land.
    """
    household_id = viewer.household.pk
    snap = cached(household_id)
    if snap is None or _read_due(snap):
        fresh = _refresh_if_winner(viewer, request)
        if fresh is not None:
            return fresh
    if snap is None:
        snap = _wait_for_first(household_id)
    return snap


def poll_snapshot(viewer: Viewer, request: HttpRequest | None, held: int) -> Snapshot | None:
    """For a poll holding version ``held``: the snapshot when something may have changed,
    None when nothing did (the poll answers 204 without unpickling any device)."""
    household_id = viewer.household.pk
    meta: SnapshotMeta | None = cache.get(_meta_key(household_id))
    if meta is not None and not _read_due(meta) and meta.version == held:
        return None
    snap = cached(household_id)
    if snap is None or _read_due(snap):
        # Never wait: if another request is fetching, answer from what is cached (or 204).
        snap = _refresh_if_winner(viewer, request) or snap
    if snap is None or snap.version == held:
        return None
    return snap


def _wait_for_first(household_id: int) -> Snapshot:
    deadline = time.monotonic() + _lock_seconds()
    while time.monotonic() < deadline:
        time.sleep(COLD_WAIT_STEP)
        snap = cached(household_id)
        if snap is not None:
            return snap
        if cache.get(_lock_key(household_id)) is None:
            break
    return Snapshot(household_id=household_id, problem=_("Waiting for the Homey to answer."))


# refreshing ------------------------------------------------------------------------------


def _refresh_if_winner(viewer: Viewer, request: HttpRequest | None) -> Snapshot | None:
    household_id = viewer.household.pk
    lock = _lock_key(household_id)
    token = secrets.token_hex(8)
    if not cache.add(lock, token, timeout=_lock_seconds()):
        return None
    try:
        # Another request may have finished a refresh between our read and our lock.
        snap = cached(household_id)
        if snap is not None and not _read_due(snap):
            return snap
        return refresh(viewer, request, snap, house_only=snap is not None and is_live(snap))
    finally:
        if cache.get(lock) == token:
            cache.delete(lock)


def source_link(viewer: Viewer) -> HomeyLink | None:
    """The link the household's shared state is read through: the viewer's own when it is
    verified for the household, else a verified one of someone else's (a cloud link whose
    person need not sign in again). A local link in a shared household never feeds it."""
    if viewer.link.verified_for_household:
        return viewer.link
    household = viewer.household
    links = HomeyLink.objects.filter(household=household).select_related("household")
    if household.private_to_id is not None:
        return links.filter(user_id=household.private_to_id).first()
    return (
        links.filter(kind=HomeyLink.Kind.CLOUD)
        .exclude(user__account__signin_required=True)
        .order_by("pk")
        .first()
    )


def refresh(
    viewer: Viewer,
    request: HttpRequest | None,
    previous: Snapshot | None,
    *,
    full: bool = False,
    house_only: bool = False,
) -> Snapshot:
    """Fetch the household's state now through a link verified for it, and store it (``full``:
    zones and flows too, whenever they were last read; ``house_only``: only the house parts,
    while realtime events keep the rest current)."""
    household = viewer.household
    previous = previous or Snapshot(household_id=household.pk)
    started = clock.epoch()
    house_only = house_only and previous.loaded and not full
    slow = not house_only and (
        full or _due_slow(previous.slow_fetched_at, started) or not previous.loaded
    )
    weather_due = full or started - previous.weather_fetched_at >= WEATHER_SECONDS

    link = source_link(viewer)
    wanted = [] if house_only else ["variables"]
    wanted += [*(SLOW_PARTS if slow else ())]
    wanted += [p for p in HOUSE_PARTS if p != "weather" or weather_due]
    wanted = [part for part in wanted if started >= previous.parts_retry_at.get(part, 0.0)]
    if link is None or not link.can_manage:
        # Only owners and managers may read the apps: through anyone else's link the last
        # ones read stay (see read_apps_for, which reads them through an owner's own link).
        wanted = [part for part in wanted if part != "apps"]

    def fetch(homey: HomeyClient) -> dict:
        devices = previous.devices if house_only else homey.get_devices()
        result: dict = {"devices": devices, "failed": {}}
        for part in wanted:
            try:
                result[part] = _read_part(homey, part)
            except RateLimited as error:
                result["failed"][part] = error
                return result  # the Homey asked us to wait: ask it nothing more now
            except (TokenRejected, SignInRequired):
                raise  # the whole chain renews and runs again
            except AccessDenied:
                # A house part this link's role may not read: whoever reads the household
                # next through a link that may keeps it current; what each viewer is shown
                # is decided by their own scopes (dashboard.grants).
                continue
            except HomeyError as error:  # 404, 5xx, timeout, a shape we cannot read
                result["failed"][part] = error
        if not household.timezone:
            _learn_timezone(homey, household)
        return result

    try:
        if link is None:
            raise HomeyOffline("no link verified for this household")
        fetched = Connection(link, request).call(fetch)
    except SignInRequired:
        if link is viewer.link:
            raise
        snap = _mark_stale(previous, started, _problem_text(HomeyOffline()))
    except HomeyError as error:  # Unavailable, AccessDenied, NotFound, InvalidApiKey...
        log.info("Homey of household %s unavailable: %s", household.pk, error.__class__.__name__)
        snap = _mark_stale(previous, started, _problem_text(error))
        if isinstance(error, RateLimited):
            snap.not_before = started + error.retry_after
    else:
        snap = _apply(previous, fetched, started, slow)
        snap = _merge_controls(snap, previous)
    store(snap)
    return snap


def _due_slow(slow_fetched_at: float, now: float) -> bool:
    return now - slow_fetched_at >= SLOW_SECONDS


EMPTY_PARTS: dict[str, Any] = {"weather": None, "energy": None, "notifications": ()}


def _read_part(homey: HomeyClient, part: str) -> Any:
    """One optional part; a role not allowed to read it (403) simply has none, and so has a
    Homey without that house manager (404)."""
    readers: dict[str, Callable[[], Any]] = {
        "variables": homey.get_variables,
        "zones": homey.get_zones,
        "flows": homey.get_flows,
        "advanced_flows": homey.get_advanced_flows,
        "apps": lambda: {app.id: app for app in homey.get_apps()},
        "weather": homey.get_weather,
        "energy": homey.get_energy_live,
        "moods": homey.get_moods,
        "notifications": homey.get_notifications,
        "images": homey.get_images,
    }
    read = readers[part]
    try:
        return read()
    except AccessDenied:
        if part in HOUSE_PARTS:
            raise  # the link it was read through may not; another's may (see refresh)
        return EMPTY_PARTS.get(part, {})
    except NotFound:
        if part in HOUSE_PARTS:
            return EMPTY_PARTS.get(part, {})
        raise


def _learn_timezone(homey: HomeyClient, household: Household) -> None:
    try:
        name = homey.get_system_info().timezone
        zoneinfo.ZoneInfo(name)
    except (HomeyError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return
    Household.objects.filter(pk=household.pk).update(timezone=name)
    household.timezone = name


def _problem_text(error: HomeyError) -> StrOrPromise:
    if isinstance(error, InvalidApiKey):
        return _("The Homey refused the API key. Connect it again on the Account page.")
    if isinstance(error, AccessDenied):
        return _("The Homey refused to show its devices to this account.")
    if isinstance(error, RateLimited):
        return _("The Homey asked homeydash to wait before asking again.")
    return _("The Homey cannot be reached right now.")


def _mark_stale(previous: Snapshot, started: float, problem: StrOrPromise) -> Snapshot:
    snap = replace(previous, attempted_at=started, problem=problem)
    if snap.stale_since is None:
        snap.version = next_version(previous.version)
        snap.stale_version = snap.version
        snap.stale_since = clock.now()
        if not snap.loaded:
            snap.structure_version = snap.version
    return snap


def _apply(previous: Snapshot, fetched: dict, started: float, slow: bool) -> Snapshot:
    version = next_version(previous.version)
    snap = replace(
        previous,
        devices=fetched["devices"],
        changed=dict(previous.changed),
        attempted_at=started,
        fetched_at=clock.now(),
        problem="",
        not_before=0.0,
        parts_stale=dict(previous.parts_stale),
        parts_retry_at=dict(previous.parts_retry_at),
    )
    for part in OPTIONAL_PARTS:
        if part in fetched:
            setattr(snap, part, fetched[part])
    if slow:
        snap.slow_fetched_at = started
    if "apps" in fetched:
        snap.apps_read_at = started
    if "weather" in fetched:
        snap.weather_fetched_at = started
    touched = _apply_part_failures(snap, fetched, started, version)
    for part, source in HOUSE_SOURCES.items():
        if part in fetched and getattr(previous, part) != fetched[part]:
            snap.changed[source] = version
            touched = True
    touched |= _moods_moved(snap, moods_on(previous), version)
    if "images" in fetched:
        for image_id in previous.images.keys() | snap.images.keys():
            if previous.images.get(image_id) != snap.images.get(image_id):
                snap.changed[f"camera:{image_id}"] = version
                touched = True
    for prefix, old, new in (
        ("device", previous.devices, snap.devices),
        ("variable", previous.variables, snap.variables),
        ("flow", previous.flows, snap.flows),
        ("advancedflow", previous.advanced_flows, snap.advanced_flows),
        ("app", previous.apps, snap.apps),
    ):
        for item_id in old.keys() | new.keys():
            if old.get(item_id) != new.get(item_id):
                snap.changed[source_key(prefix, item_id)] = version
                touched = True
    if _structure(previous) != _structure(snap) or not previous.loaded:
        snap.structure_version = version
        touched = True
    snap.health_since = homey_health.track(snap)
    if previous.stale_since is not None:
        snap.stale_since = None
        snap.stale_version = version
        touched = True
    snap.loaded = True
    if touched:
        snap.version = version
    return snap


def _apply_part_failures(snap: Snapshot, fetched: dict, started: float, version: int) -> bool:
    """Mark the optional parts that failed as stale, and those read again as fresh.

    Returns whether anything a tile shows changed (a part became stale or fresh again).
    """
    touched = False
    for part, error in fetched["failed"].items():
        log.info(
            "Homey of household %s: %s unavailable (%s)",
            snap.household_id,
            part,
            error.__class__.__name__,
        )
        wait = error.retry_after if isinstance(error, RateLimited) else PART_RETRY_SECONDS
        snap.parts_retry_at[part] = started + wait
        if isinstance(error, RateLimited):
            snap.not_before = started + error.retry_after
        if part not in snap.parts_stale:
            snap.parts_stale[part] = clock.now()
            snap.changed[source_key("part", part)] = version
            touched = True
    for part in OPTIONAL_PARTS:
        if part in fetched:
            snap.parts_retry_at.pop(part, None)
            if snap.parts_stale.pop(part, None) is not None:
                snap.changed[source_key("part", part)] = version
                touched = True
    return touched


def moods_on(snap: Snapshot) -> frozenset[str]:
    """The moods whose device states hold now (as the Homey app shows them on)."""
    return frozenset(m.id for m in snap.moods.values() if m.holds(snap.devices))


def _moods_moved(snap: Snapshot, before: frozenset[str], version: int) -> bool:
    """Mark the moods changed (source ``moods``) when another one is on than ``before``: a
    device changing says nothing to a mood tile otherwise."""
    if moods_on(snap) == before:
        return False
    snap.changed["moods"] = version
    return True


def _structure(snap: Snapshot) -> tuple:
    """What the default board's layout depends on: the zone tree and where devices are."""
    zones = sorted((z.id, z.name, z.parent_id) for z in snap.zones.values())
    devices = sorted((d.id, d.zone_id) for d in snap.devices.values())
    house = (snap.weather is not None, snap.energy is not None, bool(snap.moods))
    cameras = tuple(sorted(snap.images))
    return (tuple(zones), tuple(devices), house, bool(snap.notifications), cameras)


def _merge_controls(snap: Snapshot, previous: Snapshot) -> Snapshot:
    """Keep what a control stored while this fetch was under way: it is newer."""
    current = cached(snap.household_id)
    if current is None or current.version <= previous.version:
        return snap
    for source, version in current.changed.items():
        if version <= previous.version:
            continue
        kind, _sep, item_id = source.partition(":")
        pairs: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
            "device": (snap.devices, current.devices),
            "variable": (snap.variables, current.variables),
        }
        mine, theirs = pairs.get(kind, (None, {}))
        if mine is not None and item_id in theirs:
            mine[item_id] = theirs[item_id]
            snap.changed[source] = max(snap.changed.get(source, 0), version)
    snap.version = max(snap.version, current.version)
    return snap


def store(snap: Snapshot) -> None:
    cache.set_many(
        {
            _key(snap.household_id): snap,
            _meta_key(snap.household_id): SnapshotMeta(
                snap.version,
                snap.attempted_at,
                snap.live_until,
                snap.not_before,
                snap.apps_read_at,
            ),
        },
        KEEP_SECONDS,
    )


# after a control -------------------------------------------------------------------------


def record_device(household_id: int, device: Device) -> Snapshot | None:
    """Put the Homey's confirmed state of ``device`` in the snapshot and bump the version."""
    return _record(household_id, "device", device.id, device)


def record_variable(household_id: int, variable: Variable) -> Snapshot | None:
    return _record(household_id, "variable", variable.id, variable)


def _record(household_id: int, kind: str, item_id: str, item: Device | Variable) -> Snapshot | None:
    with _writing(household_id):
        snap = cached(household_id)
        if snap is None:
            return None
        items: dict[str, Any] = dict(snap.devices if kind == "device" else snap.variables)
        if items.get(item_id) == item:
            return snap
        items[item_id] = item
        version = next_version(snap.version)
        changed = {**snap.changed, source_key(kind, item_id): version}
        snap = replace(snap, version=version, changed=changed)
        if kind == "device":
            on = moods_on(snap)  # before the device changes
            snap.devices = items
            _moods_moved(snap, on, version)
        else:
            snap.variables = items
        store(snap)
        return snap


def read_apps_for(viewer: Viewer, request: HttpRequest | None = None) -> Snapshot:
    """The snapshot, with its apps read through ``viewer``'s own link first when they are
    older than ``SLOW_SECONDS`` and the viewer may read them (owners and managers): whoever's
    link the interval reads go through, their health stays current. Single-flight; a failure
    keeps the last apps known."""
    snap = get_snapshot(viewer, request)
    if not viewer.link.can_manage or clock.epoch() - snap.apps_read_at < SLOW_SECONDS:
        return snap
    if not snap.loaded or clock.epoch() < snap.parts_retry_at.get("apps", 0.0):
        return snap
    lock = f"snapshot-apps-lock:{snap.household_id}"
    if not cache.add(lock, 1, timeout=_lock_seconds()):
        return snap
    try:
        apps = Connection(viewer.link, request).call(
            lambda homey: {app.id: app for app in homey.get_apps()}
        )
    except AccessDenied:  # this link may not read them after all (an API key's scopes)
        apps = {}
    except HomeyError as error:  # offline, a shape we cannot read: keep the last ones known
        log.info("Homey of household %s: apps unavailable (%s)", snap.household_id, error)
        apps = None
    finally:
        cache.delete(lock)
    return record_apps(snap.household_id, apps) or snap


def record_apps(household_id: int, apps: dict[str, App] | None) -> Snapshot | None:
    """Put the apps just read in the snapshot (the version grows only when one changed);
    None: the read failed, keep the last ones and try again after ``SLOW_SECONDS``."""
    with _writing(household_id):
        snap = cached(household_id)
        if snap is None:
            return None
        snap = replace(snap, apps_read_at=clock.epoch())
        if apps is not None and snap.apps != apps:
            version = next_version(snap.version)
            snap.changed = dict(snap.changed)
            for app_id in snap.apps.keys() | apps.keys():
                if snap.apps.get(app_id) != apps.get(app_id):
                    snap.changed[f"app:{app_id}"] = version
            snap.apps = apps
            snap.version = version
            snap.health_since = homey_health.track(snap)
        store(snap)
        return snap


def apps_due(viewer: Viewer) -> bool:
    """Cheap (no snapshot is unpickled): whether :func:`read_apps_for` would read the apps."""
    if not viewer.link.can_manage:
        return False
    meta: SnapshotMeta | None = cache.get(_meta_key(viewer.household.pk))
    return meta is not None and clock.epoch() - meta.apps_read_at >= SLOW_SECONDS


# realtime events ---------------------------------------------------------------------------

# event item type → (source prefix, Snapshot attribute, parser)
_EVENT_ITEMS: dict[str, tuple[str, str, Callable[[dict[str, Any]], Any]]] = {
    "device": ("device", "devices", Device.from_json),
    "zone": ("zone", "zones", Zone.from_json),  # no tile of its own: only the structure
    "variable": ("variable", "variables", Variable.from_json),
    "flow": ("flow", "flows", Flow.from_json),
    "advancedflow": ("advancedflow", "advanced_flows", partial(Flow.from_json, advanced=True)),
    "app": ("app", "apps", App.from_json),  # the Homey's health (dashboard/homey_health.py)
}


def apply_events(household_id: int, events: list[tuple[str, Any]], live_until: float) -> None:
    """Apply the Homey's ``<item>.create|update|delete`` events (``(event, data)``, oldest
    first) as a full read would have found them, and keep the snapshot live until
    ``live_until``. Only a snapshot that a full read made first is changed."""
    with _writing(household_id):
        snap = cached(household_id)
        if snap is None or not snap.loaded:
            return
        snap = replace(snap, changed=dict(snap.changed), live_until=live_until)
        version = next_version(snap.version)
        structure, on = _structure(snap), moods_on(snap)
        touched = False
        for event, data in events:
            touched |= _apply_event(snap, event, data, version)
        touched |= _moods_moved(snap, on, version)
        snap.health_since = homey_health.track(snap)
        if _structure(snap) != structure:
            snap.structure_version = version
        if touched:
            snap.version = version
        store(snap)


def _apply_event(snap: Snapshot, event: str, data: Any, version: int) -> bool:
    if event == "device.capability":
        return _apply_capability(snap, data, version)
    kind, _dot, action = event.rpartition(".")
    if kind not in _EVENT_ITEMS or action not in ("create", "update", "delete"):
        return False
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return False
    prefix, attribute, parse = _EVENT_ITEMS[kind]
    items = dict(getattr(snap, attribute))
    old = items.get(data["id"])
    if action == "delete":
        new = None
        items.pop(data["id"], None)
    else:
        try:
            new = parse(data)
        except UnexpectedResponse:
            return False
        items[new.id] = new
    if old == new:
        return False
    setattr(snap, attribute, items)
    if kind != "zone":
        snap.changed[source_key(prefix, data["id"])] = version
    return True


def _apply_capability(snap: Snapshot, data: Any, version: int) -> bool:
    """A ``capability`` event of ``homey:device:<id>`` (``{capabilityId, value,
    transactionTime}``, with the device's ``id`` added by the subscriber)."""
    if not isinstance(data, dict):
        return False
    device = snap.devices.get(str(data.get("id")))
    if device is None:
        return False
    new = device.with_value(
        data.get("capabilityId"), data.get("value"), data.get("transactionTime")
    )
    if new == device:
        return False
    snap.devices = {**snap.devices, device.id: new}
    snap.changed[f"device:{device.id}"] = version
    return True


def set_live(household_id: int, live_until: float) -> None:
    """Mark the snapshot live until then (0: not live, requests read the Homey again)."""
    with _writing(household_id):
        snap = cached(household_id)
        if snap is not None and snap.live_until != live_until:
            store(replace(snap, live_until=live_until))


@contextmanager
def _writing(household_id: int):
    """Serialise read-modify-write of one snapshot between the subscriber and controls, across
    processes; never longer than ``WRITE_WAIT`` (then the write goes ahead regardless)."""
    key = f"snapshot-write:{household_id}"
    token = secrets.token_hex(8)
    deadline = time.monotonic() + WRITE_WAIT
    while not (held := cache.add(key, token, timeout=5)) and time.monotonic() < deadline:
        time.sleep(0.005)
    try:
        yield
    finally:
        if held and cache.get(key) == token:
            cache.delete(key)


def forget(household_id: int) -> None:
    cache.delete_many([_key(household_id), _meta_key(household_id), _lock_key(household_id)])
