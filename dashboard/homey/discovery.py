"""Which of a Homey's addresses to use, found the way Athom's official client finds it.

``homey-api`` 3.20.0 ``lib/HomeyAPI/HomeyAPIV3/DiscoveryManager.js``: every address is pinged
at once, each with its own timeout; ``localSecure`` gets a head start (if it answers, it is
used, whoever answered first); when it fails, the first of the others to answer wins. Without
a ``localSecure`` address, ``local`` (else ``remoteForwarded``) is tried with ``cloud`` as its
fallback. The ``mdns`` strategy is left out: a server does not resolve a Homey's ``.local``
name. On a server outside the home, where the LAN addresses never answer, this costs the
``localSecure`` timeout (1.2 s) instead of the sum of every timeout.
"""

from __future__ import annotations

import logging
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from dashboard.homey.client import HomeyClient
from dashboard.homey.errors import HomeyError, HomeyOffline

log = logging.getLogger(__name__)

LOCAL_SECURE = "localSecure"
LOCAL = "local"
REMOTE_FORWARDED = "remoteForwarded"
CLOUD = "cloud"
# The official client's ping timeouts, in seconds.
PING_TIMEOUTS = {LOCAL_SECURE: 1.2, LOCAL: 1.0, REMOTE_FORWARDED: 2.0, CLOUD: 5.0}
# Most preferred first: what a re-check hopes to move to.
PREFERENCE = (LOCAL_SECURE, LOCAL, REMOTE_FORWARDED, CLOUD)


@dataclass(frozen=True)
class Found:
    url: str
    strategy: str


def discover(
    homey_id: str, addresses: dict[str, str], timeouts: dict[str, float] | None = None
) -> Found:
    """The address to use among ``addresses`` (strategy → base URL), or ``HomeyOffline``."""
    timeouts = {**PING_TIMEOUTS, **(timeouts or {})}
    addresses = {s: url for s, url in addresses.items() if url and s in PING_TIMEOUTS}
    if not addresses:
        raise HomeyOffline("the Homey has no address to try")
    pool = ThreadPoolExecutor(max_workers=len(addresses), thread_name_prefix="homey-ping")
    try:
        pings = {
            strategy: pool.submit(_ping, homey_id, url, timeouts[strategy])
            for strategy, url in addresses.items()
        }
        strategy = _select(pings)
    finally:
        # Pings still running end by their own timeouts; nobody waits for them.
        pool.shutdown(wait=False, cancel_futures=True)
    if strategy is None:
        raise HomeyOffline("none of the Homey's addresses answered")
    return Found(addresses[strategy], strategy)


def _select(pings: dict[str, Future]) -> str | None:
    if LOCAL_SECURE in pings:
        if _answered(pings[LOCAL_SECURE]):
            return LOCAL_SECURE
        return _first_answer({s: f for s, f in pings.items() if s != LOCAL_SECURE})
    for primary in (LOCAL, REMOTE_FORWARDED):
        if primary in pings:
            if _answered(pings[primary]):
                return primary
            return CLOUD if CLOUD in pings and _answered(pings[CLOUD]) else None
    return CLOUD if CLOUD in pings and _answered(pings[CLOUD]) else None


def _answered(ping: Future) -> bool:
    return ping.result() is True


def _first_answer(pings: dict[str, Future]) -> str | None:
    waiting = {future: strategy for strategy, future in pings.items()}
    while waiting:
        done, _pending = wait(waiting, return_when=FIRST_COMPLETED)
        for future in done:
            strategy = waiting.pop(future)
            if future.result() is True:
                return strategy
    return None


def _ping(homey_id: str, url: str, timeout: float) -> bool:
    with HomeyClient(url, homey_id=homey_id, timeout=timeout) as probe:
        try:
            probe.ping(timeout=timeout)
        except HomeyError:
            return False
    return True
