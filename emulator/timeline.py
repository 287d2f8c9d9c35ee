"""ManagerNotifications: the Homey's timeline (``getNotifications``; scope
``homey.notifications.readonly``), items as the spec has them (``id``, ``ownerUri``,
``ownerName``, ``dateCreated``, ``excerpt``, ``meta``).

The demo house writes a notification now and then: a pure function of (seed, Homey, emulator
time), one chance every ``EVERY`` seconds, so the timeline grows as the clock runs and the
same moment always shows the same list. The Homey keeps the last ``KEEP``.
"""

from __future__ import annotations

import uuid
from typing import Any

from emulator.items import iso
from emulator.simulation import block_start, local_hour, unit_hash

EVERY = 600.0
KEEP = 30
LOOK_BACK = 200  # blocks searched for the last KEEP notifications
_NAMESPACE = uuid.UUID("5b0c3a1e-9d2f-4e6a-8b7c-1d2e3f405162")

# (owner uri, owner name, text, hours of the day it may happen)
MESSAGES = (
    ("homey:app:com.athom.washer", "Washing machine", "The washing machine is done.", (7, 22)),
    ("homey:manager:flow", "Flow", "Front door opened while nobody was home.", (9, 17)),
    ("homey:manager:flow", "Flow", "Good morning! The blinds are going up.", (6, 9)),
    ("homey:app:com.p1", "Smart meter", "The solar panels are exporting to the grid.", (11, 16)),
    ("homey:manager:flow", "Flow", "The garden gate was left open.", (8, 21)),
    ("homey:manager:presence", "Presence", "Bob came home.", (16, 20)),
    ("homey:manager:flow", "Flow", "Evening peak: the oven and the heat pump are on.", (17, 20)),
    ("homey:manager:devices", "Devices", "Bedroom window sensor battery is low.", (0, 24)),
)


def _notification(seed: int, homey_id: str, n: int) -> dict[str, Any] | None:
    t = n * EVERY
    if unit_hash(seed, f"{homey_id}:timeline", n) > 0.35:
        return None
    hour = local_hour(t)
    fitting = [m for m in MESSAGES if m[3][0] <= hour < m[3][1]]
    if not fitting:
        return None
    pick = int(unit_hash(seed, f"{homey_id}:timeline-pick", n) * len(fitting))
    owner_uri, owner_name, text, _hours = fitting[pick]
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"{seed}/{homey_id}/{n}")),
        "ownerUri": owner_uri,
        "ownerName": owner_name,
        "dateCreated": iso(t + 37),
        "excerpt": text,
        "meta": {},
    }


def _repeats(seed: int, homey_id: str, n: int, item: dict[str, Any]) -> bool:
    """The same message as the one before it: a real flow would not say it twice so soon."""
    for back in range(n - 1, n - 7, -1):
        earlier = _notification(seed, homey_id, back)
        if earlier is not None:
            return earlier["excerpt"] == item["excerpt"]
    return False


def notifications_json(seed: int, homey_id: str, now: float) -> dict[str, dict[str, Any]]:
    """The last ``KEEP`` notifications, by id (as the Homey answers: a map)."""
    last = int(block_start(now - 37, EVERY) / EVERY)
    found: dict[str, dict[str, Any]] = {}
    for n in range(last, last - LOOK_BACK, -1):
        item = _notification(seed, homey_id, n)
        if item is not None and not _repeats(seed, homey_id, n, item):
            found[item["id"]] = item
            if len(found) >= KEEP:
                break
    return found
