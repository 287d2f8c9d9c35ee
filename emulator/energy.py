"""ManagerEnergy: Homey Energy's live report and its day, week and month reports
(``getLiveReport``, ``getReportDay``, ``getReportWeek``, ``getReportMonth``; scope
``homey.energy.readonly``).

``HomeyAPIV3Local.json`` lists the report items with only an ``id`` and gives the operations no
response schema. The live report served here has the fields public code reads from a real one:
``totalConsumed.W``, ``totalGenerated.W``, ``totalCumulative.W`` (the grid: positive imports,
negative exports) and ``items``, one per device Homey Energy counts, each with ``id``,
``name``, ``type`` and ``values.W`` (a home battery has ``isHomeBattery``; positive
``W`` charges it). The reports' shape is this emulator's own guess, written down in the
README: ``electricity`` with ``consumed``/``generated``/``imported``/``exported`` in Wh and one
bucket per hour (a day) or per day (a week or month).

Everything is a pure function of (seed, Homey, emulator time): solar panels following the sun
and the clouds of :mod:`emulator.weather`, a base load with a morning bump and an evening peak,
the house's own metered devices, and a battery that charges on surplus and helps in the evening.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from emulator.constants import TIMEZONE
from emulator.items import HomeyError
from emulator.simulation import block_start, local_hour, noise
from emulator.weather import cloudiness

if TYPE_CHECKING:
    from emulator.homey import Homey

SOLAR_PEAK_W = 3800.0
BATTERY_MAX_W = 1500.0
STEP = 900.0  # reports integrate in quarter hours
_TZ = ZoneInfo(TIMEZONE)
SOLAR_ID = "00000000-0000-4000-8000-0000000050a1"
BATTERY_ID = "00000000-0000-4000-8000-00000000ba77"


def solar_w(seed: int, homey_id: str, t: float) -> float:
    h = local_hour(t)
    sun = math.sin(math.pi * (h - 7.0) / 11.0) if 7.0 <= h <= 18.0 else 0.0
    return round(SOLAR_PEAK_W * sun * (1 - 0.8 * cloudiness(seed, homey_id, t)))


def base_w(seed: int, homey_id: str, t: float) -> float:
    """What the house uses besides its metered devices: the evening peak lives here."""
    h = local_hour(t)
    morning = 700 * math.exp(-(((h - 7.5) / 0.8) ** 2))
    evening = 2100 * math.exp(-(((h - 18.5) / 1.4) ** 2))
    wobble = 120 * noise(seed, f"{homey_id}:load", t / 600)
    return round(300 + morning + evening + wobble)


def battery_w(solar: float, use: float, t: float) -> float:
    """Positive: charging from the surplus; negative: helping in the evening."""
    h = local_hour(t)
    if solar > use:
        return round(min(BATTERY_MAX_W, 0.6 * (solar - use)))
    if 17.0 <= h <= 23.0:
        return -round(min(BATTERY_MAX_W, 0.7 * use))
    return 0


def _metered(homey: Homey, now: float) -> list[dict[str, Any]]:
    items = []
    for device in homey.devices.values():
        if "measure_power" not in device.capabilities or not device.available:
            continue
        value = device.value_and_updated("measure_power", now)[0]
        if isinstance(value, (int, float)):
            # a meter of the whole house (a P1 reader) counts everything: "cumulative"
            whole = bool((device.energy_obj or {}).get("cumulative"))
            items.append(
                {
                    "id": device.id,
                    "name": device.name,
                    "zoneId": device.zone,
                    "W": value,
                    "type": "cumulative" if whole else "device",
                }
            )
    return items


def live_json(homey: Homey, seed: int, now: float) -> dict[str, Any]:
    t = block_start(now, 10)
    devices = _metered(homey, now)
    use = base_w(seed, homey.id, t) + sum(d["W"] for d in devices if d["type"] == "device")
    solar = solar_w(seed, homey.id, t)
    battery = battery_w(solar, use, t)
    grid = use + battery - solar
    items = [
        {
            "id": d["id"],
            "type": d["type"],
            "name": d["name"],
            "zoneId": d["zoneId"],
            "values": {"W": d["W"]},
        }
        for d in devices
    ]
    items.append(
        {"id": SOLAR_ID, "type": "generator", "name": "Solar panels", "values": {"W": -solar}}
    )
    items.append(
        {
            "id": BATTERY_ID,
            "type": "device",
            "name": "Home battery",
            "isHomeBattery": True,
            "values": {"W": battery},
        }
    )
    return {
        "totalConsumed": {"W": use},
        "totalGenerated": {"W": solar},
        "totalCumulative": {"W": grid},
        "items": items,
    }


# reports -----------------------------------------------------------------------------------


def _quarter(homey_id: str, seed: int, t: float) -> tuple[float, float, float, float]:
    """Wh in the quarter hour from ``t``: consumed, generated, imported, exported."""
    use = base_w(seed, homey_id, t) + 150  # the metered devices, on average
    solar = solar_w(seed, homey_id, t)
    grid = use + battery_w(solar, use, t) - solar
    hours = STEP / 3600
    return use * hours, solar * hours, max(grid, 0) * hours, max(-grid, 0) * hours


def _bucket(homey_id: str, seed: int, start: datetime, end: datetime, now: float) -> dict:
    sums = [0.0, 0.0, 0.0, 0.0]
    t, stop = start.timestamp(), min(end.timestamp(), now)
    while t < stop:
        for i, wh in enumerate(_quarter(homey_id, seed, t)):
            sums[i] += wh
        t += STEP
    consumed, generated, imported, exported = (round(v) for v in sums)
    return {
        "start": start.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "consumed": {"Wh": consumed},
        "generated": {"Wh": generated},
        "imported": {"Wh": imported},
        "exported": {"Wh": exported},
    }


def _report(homey: Homey, seed: int, starts: list[datetime], end: datetime, now: float) -> dict:
    edges = [*starts[1:], end]
    buckets = [_bucket(homey.id, seed, s, e, now) for s, e in zip(starts, edges, strict=True)]
    totals = {
        key: {"Wh": sum(b[key]["Wh"] for b in buckets)}
        for key in ("consumed", "generated", "imported", "exported")
    }
    return {"electricity": {**totals, "buckets": buckets}}


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=_TZ)


def report_day(homey: Homey, seed: int, raw: str | None, now: float) -> dict:
    day = _parse(raw, r"\d{4}-\d{2}-\d{2}", "date", lambda s: date.fromisoformat(s))
    start = _midnight(day)
    starts = [start + timedelta(hours=n) for n in range(24)]
    return {
        "date": day.isoformat(),
        **_report(homey, seed, starts, starts[-1] + timedelta(hours=1), now),
    }


def report_week(homey: Homey, seed: int, raw: str | None, now: float) -> dict:
    def monday(text: str) -> date:
        year, week = text.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)

    first = _parse(raw, r"\d{4}-W\d{2}", "isoWeek", monday)
    starts = [_midnight(first + timedelta(days=n)) for n in range(7)]
    end = _midnight(first + timedelta(days=7))
    return {"isoWeek": raw, **_report(homey, seed, starts, end, now)}


def report_month(homey: Homey, seed: int, raw: str | None, now: float) -> dict:
    first = _parse(raw, r"\d{4}-\d{2}", "yearMonth", lambda s: date.fromisoformat(f"{s}-01"))
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    days = (following - first).days
    starts = [_midnight(first + timedelta(days=n)) for n in range(days)]
    return {"yearMonth": raw, **_report(homey, seed, starts, _midnight(following), now)}


def _parse(raw: str | None, pattern: str, name: str, parse) -> date:
    if raw is None:
        raise HomeyError(400, f"Missing Parameter: {name}")
    if not re.fullmatch(pattern, raw):
        raise HomeyError(400, f"Invalid Parameter: {name}")
    try:
        return parse(raw)
    except ValueError:
        raise HomeyError(400, f"Invalid Parameter: {name}") from None
