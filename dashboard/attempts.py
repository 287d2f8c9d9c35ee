"""Who is asking, and how often: the client's address and attempt budgets for guessable forms.

Counts live in the ``shared`` cache (Redis with ``REDIS_URL``, otherwise a table in the
database), so every worker process and every host sees the same count. Each attempt claims one
of ``limit`` slots with an atomic ``cache.add`` before the guess is checked: parallel requests
cannot claim more slots than there are, on any cache backend.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

SHARED_CACHE = "shared"


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent ``request``: ``REMOTE_ADDR``, or with
    ``HOMEYDASH_TRUSTED_PROXIES`` = n, the n-th ``X-Forwarded-For`` entry from the right (the
    one the outermost trusted proxy added; entries further left are the client's own word).
    An IPv6 client counts by its /64, which one household or one attacker usually holds whole.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.HOMEYDASH_TRUSTED_PROXIES
    if hops:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote[:100] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class AttemptBudget:
    """At most ``limit`` attempts per ``window`` seconds for each key (an address, a kiosk)."""

    def __init__(self, name: str, limit: int, window: int) -> None:
        self.name = name
        self.limit = limit
        self.window = window

    def _slots(self, key: str) -> list[str]:
        return [f"attempts:{self.name}:{key}:{slot}" for slot in range(self.limit)]

    def spend(self, key: str) -> bool:
        """Claim one attempt for ``key``; False when none is left in the window."""
        cache = caches[SHARED_CACHE]
        slots = self._slots(key)
        taken = cache.get_many(slots)
        return any(cache.add(slot, 1, self.window) for slot in slots if slot not in taken)

    def used(self, key: str) -> int:
        return len(caches[SHARED_CACHE].get_many(self._slots(key)))

    def reset(self, key: str) -> None:
        caches[SHARED_CACHE].delete_many(self._slots(key))
