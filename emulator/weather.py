"""ManagerWeather: the Homey's own weather at its location (``getWeather``,
``getWeatherHourly``; scope ``homey.geolocation.readonly``).

``HomeyAPIV3Local.json`` gives these operations no response schema. The shape served here is
the smallest one public code reads from a Homey (``temperature`` in °C and a ``state`` word),
with ``humidity`` (0..1), the place and, for the hourly forecast, a list of hours each with its
``date``. homeydash reads only these fields and tolerates any of them missing.

The weather is a pure function of (seed, Homey, emulator time): a daily temperature swing
around a seasonal mean, and cloudiness drifting over hours; afternoons are mostly sunny,
so the solar panels in :mod:`emulator.energy` export then.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from emulator.items import iso
from emulator.simulation import block_start, local_hour, noise

HOUR = 3600.0
CITY = ("Utrecht", "NL")


def _day_of_year(t: float) -> int:
    return datetime.fromtimestamp(t, UTC).timetuple().tm_yday


def cloudiness(seed: int, homey_id: str, t: float) -> float:
    """0 (clear sky) .. 1 (overcast), drifting over hours; clearer in the afternoon."""
    drift = 0.5 + 0.5 * noise(seed, f"{homey_id}:clouds", t / (3 * HOUR))
    afternoon = math.exp(-(((local_hour(t) - 14.0) / 3.0) ** 2))
    return max(0.0, min(1.0, drift * (1 - 0.75 * afternoon)))


def temperature(seed: int, homey_id: str, t: float) -> float:
    season = 10.5 + 8.0 * math.cos(2 * math.pi * (_day_of_year(t) - 200) / 365)
    daily = 4.5 * math.cos(2 * math.pi * (local_hour(t) - 15.0) / 24)
    wobble = 1.5 * noise(seed, f"{homey_id}:temperature", t / (4 * HOUR))
    return round(season + daily + wobble, 1)


def state(seed: int, homey_id: str, t: float) -> str:
    clouds = cloudiness(seed, homey_id, t)
    if clouds > 0.8:
        return "Rain"
    if clouds > 0.45:
        return "Clouds"
    return "Clear"


def _conditions(seed: int, homey_id: str, t: float) -> dict[str, Any]:
    clouds = cloudiness(seed, homey_id, t)
    return {
        "temperature": temperature(seed, homey_id, t),
        "state": state(seed, homey_id, t),
        "humidity": round(0.55 + 0.35 * clouds, 2),
    }


def weather_json(seed: int, homey_id: str, now: float) -> dict[str, Any]:
    """``getWeather``: now (constant within a ten-minute block)."""
    t = block_start(now, 600)
    city, country = CITY
    return {"city": city, "country": country, "date": iso(t), **_conditions(seed, homey_id, t)}


def hourly_json(seed: int, homey_id: str, now: float, hours: int = 24) -> list[dict[str, Any]]:
    """``getWeatherHourly``: the next ``hours`` whole hours, oldest first."""
    start = block_start(now, HOUR) + HOUR
    return [
        {"date": iso(t), **_conditions(seed, homey_id, t)}
        for t in (start + n * HOUR for n in range(hours))
    ]
