"""24-hour history of a numeric capability from Insights, as a sparkline's points.

Entries are cached per log for a few minutes (and a failure for one minute), so a history tile
costs one Insights request per log every few minutes however often it is drawn. While the
Homey is unreachable only the cache is used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache

from dashboard.homey.errors import HomeyError, SignInRequired
from dashboard.homey.types import Capability, LogEntries
from dashboard.presentation import format_number, units_text

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dashboard.access import Viewer

log = logging.getLogger(__name__)

RESOLUTION = "last24Hours"
CACHE_SECONDS = 300
FAILURE_SECONDS = 60
WIDTH, HEIGHT, PAD = 120.0, 36.0, 2.0
MAX_POINTS = 72  # a tile is ~120 px wide: more points only add bytes


@dataclass(frozen=True)
class Sparkline:
    """Points scaled into a ``WIDTH`` × ``HEIGHT`` box; ``None`` breaks the line (a gap)."""

    segments: tuple[tuple[tuple[float, float], ...], ...]
    low_text: str
    high_text: str
    start: datetime
    end: datetime

    width = WIDTH
    height = HEIGHT

    @property
    def paths(self) -> list[str]:
        """SVG path data, one per unbroken run of points."""
        result = []
        for segment in self.segments:
            if len(segment) == 1:
                x, y = segment[0]
                result.append(f"M{x:.1f} {y:.1f}h0.1")
            else:
                head, *rest = segment
                moves = " ".join(f"L{x:.1f} {y:.1f}" for x, y in rest)
                result.append(f"M{head[0]:.1f} {head[1]:.1f} {moves}")
        return result


def log_id(device_id: str, capability_id: str) -> str:
    return f"homey:device:{device_id}:{capability_id}"


def entries(
    viewer: Viewer, request: HttpRequest | None, log_name: str, *, offline: bool
) -> LogEntries | None:
    """The log's entries (cached); None when there are none to show."""
    key = f"insights:{viewer.household.pk}:{log_name}:{RESOLUTION}"
    hit = cache.get(key)
    if hit is not None or offline:
        return hit or None
    try:
        found = viewer.connection(request).call(
            lambda homey: homey.get_log_entries(log_name, RESOLUTION)
        )
    except SignInRequired:
        raise
    except HomeyError as error:
        log.info("no history for %s: %s", log_name, error.__class__.__name__)
        wait = max(FAILURE_SECONDS, getattr(error, "retry_after", 0))  # a 429's Retry-After
        cache.set(key, False, int(wait))
        return None
    cache.set(key, found, CACHE_SECONDS)
    return found


def sparkline(
    viewer: Viewer,
    request: HttpRequest | None,
    device_id: str,
    capability: Capability,
    *,
    offline: bool = False,
) -> Sparkline | None:
    found = entries(viewer, request, log_id(device_id, capability.id), offline=offline)
    if found is None:
        return None
    return build(found, capability)


def thin(
    points: tuple[tuple[datetime, float | None], ...], limit: int = MAX_POINTS
) -> list[tuple[datetime, float | None]]:
    """At most ``limit`` points: runs of neighbours averaged; a run of only gaps stays a gap."""
    size = -(-len(points) // limit)  # ceiling division
    if size <= 1:
        return list(points)
    thinned = []
    for start in range(0, len(points), size):
        run = points[start : start + size]
        values = [value for _when, value in run if value is not None]
        thinned.append((run[0][0], sum(values) / len(values) if values else None))
    return thinned


def build(found: LogEntries, capability: Capability) -> Sparkline | None:
    points = thin(found.points)
    numbers = [value for _when, value in found.points if value is not None]
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    start, end = points[0][0], points[-1][0]
    span = (end - start).total_seconds() or 1.0
    spread = (high - low) or 1.0
    segments: list[tuple[tuple[float, float], ...]] = []
    run: list[tuple[float, float]] = []
    for when, value in points:
        if value is None:
            if run:
                segments.append(tuple(run))
            run = []
            continue
        x = PAD + (WIDTH - 2 * PAD) * (when - start).total_seconds() / span
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / spread
        run.append((x, y))
    if run:
        segments.append(tuple(run))
    units = units_text(capability)
    return Sparkline(
        segments=tuple(segments),
        low_text=f"{format_number(capability, low)}{units_suffix(units)}",
        high_text=f"{format_number(capability, high)}{units_suffix(units)}",
        start=start,
        end=end,
    )


def units_suffix(units: str) -> str:
    if not units:
        return ""
    return units if units == "%" else f"\u00a0{units}"
