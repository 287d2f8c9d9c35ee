"""How times are written: one clock per language (24-hour in Dutch and German, "1:00 PM" in
English), unless a wall screen was set to 12 or 24 hours; the screen's clock, its pairing card
and the Wall screens list then all follow that setting.

``time_format`` is a ``KioskDevice.time_format`` value: "" (as its language has it), "24h" or
"12h". Values are shown in the active timezone.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format, get_format, time_format

H24, H12 = "H:i", "g:i A"
TWELVE_HOUR_CHARACTERS = set("gGhaAP") - {"G"}  # G and H count 0-23


def time_pattern(setting: str = "") -> str:
    if setting == "24h":
        return H24
    if setting == "12h":
        return H12
    return get_format("TIME_FORMAT")


def hour_cycle(setting: str = "") -> str:
    """The ``Intl.DateTimeFormat`` hourCycle for the same clock: "h12" or "h23"."""
    pattern = time_pattern(setting)
    return "h12" if any(c in TWELVE_HOUR_CHARACTERS for c in pattern) else "h23"


def clock_time(value: datetime | None, setting: str = "") -> str:
    if value is None:
        return ""
    return time_format(_local(value), time_pattern(setting))


def clock_datetime(value: datetime | None, setting: str = "") -> str:
    if value is None:
        return ""
    local = _local(value)
    return f"{date_format(local, 'SHORT_DATE_FORMAT')} {time_format(local, time_pattern(setting))}"


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value
