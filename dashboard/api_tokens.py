"""API tokens for programs: made, found, limited and revoked.

A token is ``hd_`` and 43 characters of ``secrets.token_urlsafe(32)`` (256 random bits); only
its SHA-256 is stored, so a slow hash adds nothing and the lookup is one indexed query. It
never expires; deleting the row revokes it at once.

What a token may do is decided again on every request from its person's *current* link to
the token's household (``viewer_for_token``): a member who left the Homey, or whose role went
down to guest, finds their tokens following them at the next request. Rate limits are counted
per token in the shared cache (``caches["shared"]``), so every worker and host agrees.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches

from dashboard import clock
from dashboard.access import Viewer
from dashboard.models import Account, ApiToken, HomeyLink, Household

PREFIX = "hd_"
LAST_USED_EVERY = timedelta(minutes=1)
RATE_WINDOW = 60  # seconds


class TokenRefused(Exception):
    """No token, an unknown or revoked one: the request is not authenticated."""


class NoAccess(Exception):
    """The token is known but its person may no longer reach its household."""


class SignInNeeded(Exception):
    """The token's person reaches the Homey through Athom's cloud, whose sign-in has expired."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """What the person sees once: the row and the token itself."""

    row: ApiToken
    token: str


def token_households(user_id: int) -> dict[int, HomeyLink]:
    """The households a person may make tokens for, each with the link that decides the rights:
    every supported Homey they reach (a cloud link over a local one on the same household)."""
    found: dict[int, HomeyLink] = {}
    links = (
        HomeyLink.objects.filter(user_id=user_id)
        .select_related("household", "user__account")
        .order_by("kind", "pk")
    )
    for link in links:  # "cloud" sorts before "local"
        if link.household.supported and link.household_id not in found:
            found[link.household_id] = link
    return found


def create_token(user: User, household: Household, name: str, access: str) -> NewToken:
    """Make a token; ``access`` must already be allowed for the person (see the form)."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        household=household,
        name=name,
        access=access,
        token_hash=hash_token(token),
        prefix=token[: len(PREFIX) + 4],
    )
    return NewToken(row, token)


def revoke_token(user: User, code) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, code=code).delete()
    return bool(deleted)


def find_token(raw: str) -> ApiToken:
    """The live token for ``raw`` or ``TokenRefused``."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        raise TokenRefused
    row = ApiToken.objects.select_related("household").filter(token_hash=hash_token(raw)).first()
    if row is None:
        raise TokenRefused
    return row


def viewer_for_token(row: ApiToken) -> Viewer:
    """The token's person as a viewer of its household, with their rights as they are now."""
    link = token_households(row.user_id).get(row.household_id)
    if link is None:
        raise NoAccess
    if link.kind == HomeyLink.Kind.CLOUD:
        try:
            account = link.user.account
        except Account.DoesNotExist:
            raise SignInNeeded from None
        if account.signin_required:
            raise SignInNeeded
    return Viewer(household=link.household, link=link)


def may_control(row: ApiToken, viewer: Viewer) -> bool:
    """Control needs both: a token made for it, and a person whose role allows it now."""
    return row.may_control and viewer.can_control


def note_use(row: ApiToken) -> None:
    """Record the last use, at most once a minute per token (one UPDATE, no read)."""
    now = clock.now()
    if row.last_used is None or now - row.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
        row.last_used = now


def rate_limit() -> int:
    return int(settings.HOMEYDASH_API_RATE_LIMIT)


def over_limit(row: ApiToken) -> int:
    """Count one request for the token in this minute's window; the seconds to wait when it
    is over ``HOMEYDASH_API_RATE_LIMIT`` (0 when it may go ahead)."""
    limit = rate_limit()
    now = clock.epoch()
    window = int(now // RATE_WINDOW)
    key = f"api-rate:{row.pk}:{window}"
    shared = caches["shared"]
    try:
        count = shared.incr(key)  # atomic on Redis; the database cache may miss a few
    except ValueError:  # the window's first request
        count = 1 if shared.add(key, 1, timeout=RATE_WINDOW * 2) else shared.incr(key)
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * RATE_WINDOW - now))
