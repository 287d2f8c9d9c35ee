"""What the Homey lets a viewer read: the scopes of their own session, as the Homey reports them.

The household's state is read once through one link, but not everyone may see all of it: the
Homey gives each role its scopes (a guest may not read Homey Energy, say). A viewer's scopes
come from ``sessions.getSessionMe`` on their own link (a kiosk: the link it runs on), kept in
the shared cache for ``KEEP_SECONDS`` and per role, so a role change is seen at the next
login. When the Homey cannot be asked, nothing is assumed: the part is not shown.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.cache import cache

from dashboard.homey.errors import HomeyError

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dashboard.access import Viewer

log = logging.getLogger(__name__)

KEEP_SECONDS = 60 * 60
UNKNOWN_SECONDS = 30
UNKNOWN = "unknown"
# what each part of the house needs (the scopes of their operations in HomeyAPIV3Local.json)
READ_SCOPES = {
    "weather": "homey.geolocation.readonly",
    "energy": "homey.energy.readonly",
    "moods": "homey.mood.readonly",
    "timeline": "homey.notifications.readonly",
    "images": "homey.device.readonly",
}
SET_MOOD = "homey.mood.set"


def _key(viewer: Viewer) -> str:
    link = viewer.link
    return f"homey-scopes:{link.code}:{link.role}"


def viewer_scopes(viewer: Viewer, request: HttpRequest | None) -> tuple[str, ...] | None:
    """The viewer's session scopes, or None when the Homey could not be asked."""
    key = _key(viewer)
    found = cache.get(key)
    if found is not None:
        return None if found == UNKNOWN else found
    try:
        session = viewer.connection(request).call(lambda homey: homey.get_session_me())
    except HomeyError as error:
        log.info("scopes of link %s unknown: %s", viewer.link.pk, error.__class__.__name__)
        # not asked again on every poll while the Homey is away
        cache.set(key, UNKNOWN, UNKNOWN_SECONDS)
        return None
    cache.set(key, session.scopes, KEEP_SECONDS)
    return session.scopes


def covers(scopes: tuple[str, ...] | None, required: str) -> bool:
    """The official client's prefix rule: ``homey.mood`` grants ``homey.mood.set``."""
    if scopes is None:
        return False
    return any(required == s or required.startswith(s + ".") for s in scopes)


def may_read(viewer: Viewer, request: HttpRequest | None, part: str) -> bool:
    return covers(viewer_scopes(viewer, request), READ_SCOPES[part])


def refused(viewer: Viewer, request: HttpRequest | None, part: str) -> bool:
    """The Homey said this viewer may not read ``part`` (False also when it could not say)."""
    scopes = viewer_scopes(viewer, request)
    return scopes is not None and not covers(scopes, READ_SCOPES[part])


def may_set_mood(viewer: Viewer, request: HttpRequest | None) -> bool:
    return viewer.can_control and covers(viewer_scopes(viewer, request), SET_MOOD)
