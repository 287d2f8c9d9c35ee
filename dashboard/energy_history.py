"""Homey Energy's day, week and month reports for the energy chart, read on demand.

A report is read through the household's source link (as the snapshot is) and kept in the
shared cache for ``FRESH_SECONDS``; the last good one is kept longer, so when the Homey cannot
be reached the chart shows it, marked stale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache

from dashboard import clock
from dashboard.connection import Connection
from dashboard.homey.errors import HomeyError
from dashboard.homey.types import EnergyReport
from dashboard.snapshot import source_link

log = logging.getLogger(__name__)

PERIODS = ("day", "week", "month")
FRESH_SECONDS = 5 * 60
KEEP_SECONDS = 60 * 60 * 24 * 2


@dataclass(frozen=True)
class Found:
    report: EnergyReport | None
    stale_since: datetime | None = None


def period_key(period: str, today: datetime) -> str:
    """The report's parameter for the period holding ``today`` (in the Homey's timezone)."""
    if period == "week":
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{today.year}-{today.month:02d}"
    return today.date().isoformat()


def report(viewer, request, period: str, today: datetime) -> Found:
    key = period_key(period, today)
    cache_key = f"energy-report:{viewer.household.pk}:{period}:{key}"
    kept = cache.get(cache_key)
    if kept is not None and clock.epoch() - kept["at"] < FRESH_SECONDS:
        return Found(kept["report"])
    link = source_link(viewer)
    try:
        if link is None:
            raise HomeyError("no link verified for this household")
        found = Connection(link, request).call(lambda h: h.get_energy_report(period, key))
    except HomeyError as error:
        log.info("energy report of household %s: %s", viewer.household.pk, type(error).__name__)
        if kept is None:
            return Found(None, clock.now())
        return Found(kept["report"], datetime.fromtimestamp(kept["at"], UTC))
    cache.set(cache_key, {"report": found, "at": clock.epoch()}, KEEP_SECONDS)
    return Found(found)
