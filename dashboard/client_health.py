"""Whether Athom's cloud accepts homeydash's own OAuth client: a problem for whoever runs it.

When the cloud answers ``invalid_client`` (the client secret was changed or the client
deleted), no refresh and no sign-in can work until ``ATHOM_CLIENT_ID``/``ATHOM_CLIENT_SECRET``
are fixed. That is logged at ERROR each time and kept in the shared cache, so ``/healthz`` on
every worker reports it, until the cloud accepts the client again.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from dashboard import clock

log = logging.getLogger(__name__)

REFUSED_KEY = "athom-client-refused"
KEEP_SECONDS = 60 * 60 * 24 * 7
REFUSED = "athom_client_refused"
REFUSED_TEXT = _(
    "Athom's cloud refuses homeydash's client id or secret (invalid_client): nobody can sign "
    "in or stay signed in. Check ATHOM_CLIENT_ID and ATHOM_CLIENT_SECRET."
)


def client_refused(where: str) -> None:
    log.error(
        "Athom refused homeydash's OAuth client (invalid_client) during %s: check "
        "ATHOM_CLIENT_ID and ATHOM_CLIENT_SECRET",
        where,
    )
    cache.set(REFUSED_KEY, clock.epoch(), KEEP_SECONDS)


def client_accepted() -> None:
    cache.delete(REFUSED_KEY)


def problems() -> list[dict[str, str]]:
    """Configuration problems seen at run time, as ``{"id", "message"}``."""
    if cache.get(REFUSED_KEY) is None:
        return []
    return [{"id": REFUSED, "message": str(REFUSED_TEXT)}]
