"""Insights logs and their entries, sampled from the same value functions as the devices."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from emulator.constants import TIMEZONE
from emulator.homey import Device, Homey, HomeyError, iso

_TZ = ZoneInfo(TIMEZONE)
MIN, HOUR, DAY = 60, 3600, 86400

# Rolling windows: name -> (window seconds, step seconds).
ROLLING: dict[str, tuple[int, int]] = {
    "lastHour": (HOUR, MIN),
    "lastHourLowRes": (HOUR, 5 * MIN),
    "last6Hours": (6 * HOUR, 5 * MIN),
    "last6HoursLowRes": (6 * HOUR, 15 * MIN),
    "last24Hours": (DAY, 5 * MIN),
    "last3Days": (3 * DAY, 15 * MIN),
    "last7Days": (7 * DAY, HOUR),
    "last14Days": (14 * DAY, HOUR),
    "last31Days": (31 * DAY, 3 * HOUR),
    "last3Months": (92 * DAY, 12 * HOUR),
    "last6Months": (183 * DAY, DAY),
    "last2Years": (730 * DAY, 7 * DAY),
}
# Calendar windows (in the Homey's timezone): name -> step seconds.
CALENDAR: dict[str, int] = {
    "today": 5 * MIN,
    "yesterday": 5 * MIN,
    "thisWeek": HOUR,
    "lastWeek": HOUR,
    "thisMonth": 3 * HOUR,
    "lastMonth": 3 * HOUR,
    "thisYear": DAY,
    "lastYear": DAY,
}
RESOLUTIONS = (*ROLLING, *CALENDAR)
DEFAULT_RESOLUTION = "lastHour"


def logged_capabilities(device: Device) -> list[str]:
    """Capabilities that keep an Insights log: numbers and booleans with ``insights``."""
    return [
        cid
        for cid, cap in device.capabilities.items()
        if cap.defn.insights and cap.defn.type in ("number", "boolean")
    ]


def log_id(device: Device, capability_id: str) -> str:
    return f"homey:device:{device.id}:{capability_id}"


def log_json(homey: Homey, device: Device, capability_id: str, now: float) -> dict[str, Any]:
    """A log as the Homey sends it. Web API v2 (``HomeyAPIV2.json``) names a log by its
    owner's ``uri`` and the bare capability ``id``; v3 by one ``homey:device:<id>:<cap>`` id
    with ``ownerUri``/``ownerId`` (the official V2 client rewrites the first into the second).
    """
    cap = device.capabilities[capability_id]
    d = cap.defn
    value, _ = device.value_and_updated(capability_id, now)
    if homey.api_version == 2:
        owner: dict[str, Any] = {
            "id": capability_id,
            "uri": device.uri,
            "uriObj": {"type": "device", "id": device.id, "name": device.name},
        }
    else:
        owner = {
            "id": log_id(device, capability_id),
            "ownerUri": device.uri,
            "ownerId": capability_id,
        }
    return {
        **owner,
        "ownerName": device.name,
        "type": d.type,
        "title": cap.attr("title"),
        "titleTrue": d.title_true if d.type == "boolean" else None,
        "titleFalse": d.title_false if d.type == "boolean" else None,
        "units": cap.attr("units"),
        "decimals": cap.attr("decimals") if d.type == "number" else None,
        "lastValue": value,
    }


def logs_json(homey: Homey, now: float) -> dict[str, dict[str, Any]]:
    return {
        log_id(device, cid): log_json(homey, device, cid, now)
        for device in homey.devices.values()
        for cid in logged_capabilities(device)
    }


def find_log(homey: Homey, full_id: str, uri: str | None = None) -> tuple[Device, str]:
    """The device and capability of a log: a full id (v3), or ``uri`` + the bare capability
    id (v2, the only form an apiVersion 2 Homey knows); else 404."""
    if homey.api_version == 2:
        if uri is None or ":" in full_id:
            raise HomeyError(404, f"Not Found: Log with ID {full_id}")
        full_id = f"{uri}:{full_id}"
    parts = full_id.split(":")
    if len(parts) == 4 and parts[0] == "homey" and parts[1] == "device":
        device = homey.devices.get(parts[2])
        if device is not None and parts[3] in logged_capabilities(device):
            return device, parts[3]
    raise HomeyError(404, f"Not Found: Log with ID {full_id}")


def window(resolution: str, now: float) -> tuple[float, float, int]:
    """(start, end, step seconds) of a resolution at ``now``."""
    if resolution in ROLLING:
        span, step = ROLLING[resolution]
        return now - span, now, step
    step = CALENDAR[resolution]
    local = datetime.fromtimestamp(now, _TZ)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if resolution in ("today", "yesterday"):
        start = midnight if resolution == "today" else midnight - timedelta(days=1)
        end = start + timedelta(days=1)
    elif resolution in ("thisWeek", "lastWeek"):
        start = midnight - timedelta(days=local.weekday())
        if resolution == "lastWeek":
            start -= timedelta(days=7)
        end = start + timedelta(days=7)
    elif resolution in ("thisMonth", "lastMonth"):
        start = midnight.replace(day=1)
        if resolution == "lastMonth":
            start = (start - timedelta(days=1)).replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1)
    else:
        start = midnight.replace(month=1, day=1)
        if resolution == "lastYear":
            start = start.replace(year=start.year - 1)
        end = start.replace(year=start.year + 1)
    # Re-localise after arithmetic so DST changes inside the window are honoured.
    start_ts = start.replace(tzinfo=None).replace(tzinfo=_TZ).timestamp()
    end_ts = end.replace(tzinfo=None).replace(tzinfo=_TZ).timestamp()
    return start_ts, min(end_ts, now), step


def entries(
    homey: Homey, uri: str, full_id: str, resolution: str | None, now: float
) -> dict[str, Any]:
    """``getLogEntries``: v3 ``uri`` = first three colon parts of ``full_id``; v2 ``full_id``
    is the bare capability id."""
    device, capability_id = find_log(homey, full_id, uri)
    if homey.api_version != 2 and uri != ":".join(full_id.split(":", 3)[:3]):
        raise HomeyError(404, f"Not Found: Log with ID {full_id}")
    resolution = resolution or DEFAULT_RESOLUTION
    if resolution not in RESOLUTIONS:
        raise HomeyError(
            400,
            f"Invalid Resolution: {resolution}",
            "resolution must be one of " + ", ".join(RESOLUTIONS),
        )
    start, end, step = window(resolution, now)
    first = math.floor(start / step) * step + step
    is_boolean = device.capabilities[capability_id].defn.type == "boolean"
    values: list[dict[str, Any]] = []
    previous: Any = object()
    t = first
    while t <= end:
        v = device.value_at(capability_id, t)
        if not is_boolean or v != previous:
            values.append({"t": iso(t), "v": v})
        previous = v
        t += step
    last_value, _ = device.value_and_updated(capability_id, now)
    next_bucket = math.floor(now / step) * step + step
    return {
        "id": full_id,
        "uri": uri,
        "start": iso(start),
        "end": iso(end),
        "step": step * 1000,
        "values": values,
        "lastValue": last_value,
        "updatesIn": int(round((next_bucket - now) * 1000)),
    }
