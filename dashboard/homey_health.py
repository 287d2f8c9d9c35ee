"""The Homey's health, read from the shared snapshot: apps that stopped or crashed, and
devices that became unavailable.

Only a Homey's owners and managers see it (:func:`visible_to`): on the account page, as an
alert on their wall screens, and in the API. Nothing here asks the Homey anything; the
snapshot reads the apps at its slow interval (a role that may not read them has none) and
remembers since when each problem has lasted (:func:`track`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from dashboard import clock

if TYPE_CHECKING:
    from dashboard.access import Viewer
    from dashboard.snapshot import Snapshot


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a Homey.

    ``kind`` is ``"app"`` or ``"device"``; ``state`` is ``"crashed"`` or ``"stopped"`` for an
    app, ``"unavailable"`` for a device; ``message`` is the Homey's own words (an app's crash
    message, a device's ``unavailableMessage``), possibly empty; ``since`` is when homeydash
    first saw it (None when it was there before the snapshot remembered such things);
    ``app_id`` is the app a device belongs to ("" when unknown).
    """

    kind: str
    id: str
    name: str
    state: str
    message: str
    since: datetime | None
    app_id: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


def visible_to(viewer: Viewer) -> bool:
    """Owners and managers; a wall screen set up by one of them. Users and guests: never."""
    return viewer.link.can_manage


def problems(snap: Snapshot) -> list[Problem]:
    """What is wrong with the Homey now: apps first, then devices, each by name."""
    since = snap.health_since
    apps = [
        Problem(
            kind="app",
            id=app.id,
            name=app.name,
            state="crashed" if app.crashed else "stopped",
            message=app.crashed_message,
            since=since.get(f"app:{app.id}"),
            app_id=app.id,
        )
        for app in snap.apps.values()
        if app.down
    ]
    devices = [
        Problem(
            kind="device",
            id=device.id,
            name=device.name,
            state="unavailable",
            message=device.unavailable_message,
            since=since.get(f"device:{device.id}"),
            app_id=device.app_id,
        )
        for device in snap.devices.values()
        if not device.available
    ]
    return sorted(apps, key=_by_name) + sorted(devices, key=_by_name)


def _by_name(problem: Problem) -> tuple[str, str]:
    return (problem.name.casefold(), problem.id)


def track(snap: Snapshot) -> dict[str, datetime]:
    """Since when each current problem has lasted: the time already known, else now.
    A problem that went away is forgotten, so a new one starts its own clock."""
    known = snap.health_since
    keys = {f"app:{app.id}" for app in snap.apps.values() if app.down}
    keys |= {f"device:{d.id}" for d in snap.devices.values() if not d.available}
    now = clock.now()
    return {key: known.get(key, now) for key in keys}
