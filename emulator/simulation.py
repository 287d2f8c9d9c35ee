"""Deterministic moving values.

Every simulated value is a pure function of (seed, device, capability, emulator time and
the device's own set-history), constant within a block of ``period`` seconds (one minute
for the wandering measurements). Insights history is sampled from the same functions, so
history and the current value always agree.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from emulator.constants import TIMEZONE

if TYPE_CHECKING:
    from collections.abc import Sequence

MINUTE = 60.0
DAY = 86400.0
EPS = 1e-3
# Reference point for cumulative meters (UTC epoch seconds of 2025-01-01).
METER_EPOCH = 1735689600.0
_TZ = ZoneInfo(TIMEZONE)


class History(Protocol):
    """What a signal may read from its device: the stored (set-able) values over time."""

    seed: int
    key: str

    def stored_at(self, capability_id: str, t: float) -> Any: ...

    def events(self, capability_id: str) -> Sequence[tuple[float, Any]]: ...


def unit_hash(seed: int, key: str, n: int) -> float:
    """A deterministic number in [0, 1) for (seed, key, n)."""
    digest = hashlib.blake2b(f"{seed}|{key}|{n}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0**64


def noise(seed: int, key: str, x: float) -> float:
    """Smooth value noise in [-1, 1]: hashed anchors at integers, eased in between."""
    i = math.floor(x)
    f = x - i
    a = unit_hash(seed, key, i) * 2 - 1
    b = unit_hash(seed, key, i + 1) * 2 - 1
    f = f * f * (3 - 2 * f)
    return a + (b - a) * f


def local_hour(t: float) -> float:
    """Hour of the day (float) in the Homey's timezone."""
    d = datetime.fromtimestamp(t, _TZ)
    return d.hour + d.minute / 60


def block_start(t: float, period: float) -> float:
    return math.floor(t / period) * period


def _round(value: float, decimals: int) -> float | int:
    if decimals <= 0:
        return int(round(value))
    return round(value, decimals)


@dataclass(frozen=True)
class Signal:
    """Base class: a value that is constant within blocks of ``period`` seconds and may also
    change when one of ``deps`` (stored capabilities on the same device) is set."""

    period: float = MINUTE

    @property
    def deps(self) -> tuple[str, ...]:
        return ()

    def value(self, dev: History, cap: str, t: float) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def steady(self, dev: History, t: float) -> bool:
        """True when the value cannot change between the dependency events around ``t``
        (e.g. a switched-off socket): :func:`last_change` then skips the minute blocks."""
        return False


@dataclass(frozen=True)
class Wander(Signal):
    """A measurement drifting around ``base`` with a daily swing and slow noise."""

    base: float = 20.0
    daily: float = 0.0
    peak_hour: float = 15.0
    wobble: float = 0.5
    decimals: int = 1
    low: float = -math.inf
    high: float = math.inf

    def value(self, dev: History, cap: str, t: float) -> Any:
        tb = block_start(t, self.period)
        v = self.base
        if self.daily:
            v += self.daily * math.cos(2 * math.pi * (local_hour(tb) - self.peak_hour) / 24)
        v += self.wobble * noise(dev.seed, f"{dev.key}:{cap}", tb / 600)
        return _round(min(self.high, max(self.low, v)), self.decimals)


@dataclass(frozen=True)
class Daylight(Signal):
    """Luminance: zero at night, a bell over the day."""

    peak: float = 600.0

    def value(self, dev: History, cap: str, t: float) -> Any:
        tb = block_start(t, self.period)
        h = local_hour(tb)
        sun = max(0.0, math.sin(math.pi * (h - 7.5) / 10)) if 7.5 <= h <= 17.5 else 0.0
        v = sun * self.peak * (1 + 0.25 * noise(dev.seed, f"{dev.key}:{cap}", tb / 900))
        return max(0, int(round(v)))


@dataclass(frozen=True)
class ThermostatTemperature(Signal):
    """A room heated towards the thermostat's set point: first-order lag (``tau`` seconds)
    on the target_temperature history, 16 °C when thermostat_mode is off."""

    tau: float = 1800.0
    wobble: float = 0.15
    off_temperature: float = 16.0
    has_mode: bool = False

    @property
    def deps(self) -> tuple[str, ...]:
        return (
            ("target_temperature", "thermostat_mode") if self.has_mode else ("target_temperature",)
        )

    def _setpoint(self, dev: History, t: float) -> float:
        if self.has_mode and dev.stored_at("thermostat_mode", t) == "off":
            return self.off_temperature
        return float(dev.stored_at("target_temperature", t))

    def value(self, dev: History, cap: str, t: float) -> Any:
        tb = block_start(t, self.period)
        times = sorted({e[0] for d in self.deps for e in dev.events(d) if e[0] <= t})[-12:]
        current = self._setpoint(dev, t)
        v = current
        previous = None
        for te in times:
            sp = self._setpoint(dev, te)
            if previous is not None:
                v += (previous - sp) * math.exp(-max(0.0, tb - te) / self.tau)
            previous = sp
        v += self.wobble * noise(dev.seed, f"{dev.key}:{cap}", tb / 600)
        return round(v, 1)


@dataclass(frozen=True)
class Power(Signal):
    """Power draw: ``on_watts`` (with noise) while onoff is true, ``standby`` otherwise.
    ``cycle`` > 0 makes a compressor-like duty cycle (fridge) instead of onoff."""

    on_watts: float = 60.0
    wobble: float = 0.1
    standby: float = 0.3
    cycle: float = 0.0
    follows_onoff: bool = True

    @property
    def deps(self) -> tuple[str, ...]:
        return ("onoff",) if self.follows_onoff else ()

    def value(self, dev: History, cap: str, t: float) -> Any:
        tb = block_start(t, self.period)
        key = f"{dev.key}:{cap}"
        on = bool(dev.stored_at("onoff", t)) if self.follows_onoff else True
        if on and self.cycle:
            on = unit_hash(dev.seed, key + ":cycle", int(tb // 600)) < self.cycle
        if not on:
            return round(self.standby, 1)
        return round(self.on_watts * (1 + self.wobble * noise(dev.seed, key, tb / 300)), 1)

    def steady(self, dev: History, t: float) -> bool:
        return self.follows_onoff and not dev.stored_at("onoff", t)


@dataclass(frozen=True)
class Meter(Signal):
    """A cumulative kWh meter: ``base`` plus ``mean_watts`` for every second the device was
    on since :data:`METER_EPOCH` (always, when it has no onoff)."""

    base: float = 100.0
    mean_watts: float = 60.0
    follows_onoff: bool = True

    @property
    def deps(self) -> tuple[str, ...]:
        return ("onoff",) if self.follows_onoff else ()

    def steady(self, dev: History, t: float) -> bool:
        return self.follows_onoff and not dev.stored_at("onoff", t)

    def value(self, dev: History, cap: str, t: float) -> Any:
        tb = block_start(t, self.period)
        on_seconds = self._on_seconds(dev, tb) if self.follows_onoff else tb - METER_EPOCH
        return round(self.base + max(0.0, on_seconds) * self.mean_watts / 3.6e6, 2)

    @staticmethod
    def _on_seconds(dev: History, t: float) -> float:
        events = list(dev.events("onoff"))
        total = 0.0
        start = METER_EPOCH
        state = events[0][1] if events else True
        for te, value in events:
            if te > t:
                break
            te = max(te, METER_EPOCH)
            if state:
                total += te - start
            start, state = te, value
        if state and t > start:
            total += t - start
        return total


@dataclass(frozen=True)
class Occasional(Signal):
    """A boolean that is true in some blocks: motion (short blocks, more by day) or a door
    contact (longer blocks, rare)."""

    period: float = 180.0
    day_chance: float = 0.2
    night_chance: float = 0.02

    def value(self, dev: History, cap: str, t: float) -> Any:
        tb = block_start(t, self.period)
        h = local_hour(tb)
        chance = self.day_chance if 7 <= h < 23 else self.night_chance
        return unit_hash(dev.seed, f"{dev.key}:{cap}", int(tb // self.period)) < chance


@dataclass(frozen=True)
class Battery(Signal):
    """Battery percentage losing ``per_week`` % a week; replaced when it reaches ~12 %."""

    period: float = 7 * DAY
    per_week: int = 1
    low_alarm: bool = False  # True: the alarm_battery boolean for the same battery

    def value(self, dev: History, cap: str, t: float) -> Any:
        week = int(t // self.period)
        offset = int(unit_hash(dev.seed, f"{dev.key}:battery", 0) * 88)
        level = 100 - ((week + offset) * self.per_week) % 89
        return level < 15 if self.low_alarm else level


def last_change(
    signal: Signal,
    dev: History,
    cap: str,
    now: float,
    floor: float,
    current: Any = None,
    limit: int = 3000,
) -> float | None:
    """When ``signal``'s value last changed at or before ``now``; None when it did not change
    after ``floor`` (searched back at most ``limit`` boundaries)."""
    if current is None:
        current = signal.value(dev, cap, now)
    dep_times = sorted({e[0] for d in signal.deps for e in dev.events(d)})
    t = now
    inclusive = True  # the first boundary may be ``now`` itself; later ones lie before t
    for _ in range(limit):
        b = block_start(t, signal.period)
        if b >= t and not inclusive:
            b = t - signal.period
        i = bisect_right(dep_times, t) if inclusive else bisect_left(dep_times, t)
        if i and (dep_times[i - 1] > b or signal.steady(dev, t - EPS)):
            b = dep_times[i - 1]
        elif signal.steady(dev, t - EPS):
            return None
        inclusive = False
        if b <= floor:
            return None
        if signal.value(dev, cap, b - EPS) != current:
            return b
        t = b
    return t
