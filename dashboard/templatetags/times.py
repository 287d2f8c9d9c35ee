"""``{% load times %}``: ``{% clock_time value %}``, ``{% clock_datetime value %}`` and
``{% hour_cycle %}`` write times in the one format of the active language, or of the wall
screen asking (``request.kiosk``) or named (``{% clock_time value kiosk.time_format %}``).
See ``dashboard.clock_format``."""

from __future__ import annotations

from datetime import datetime

from django import template

from dashboard import clock_format

register = template.Library()


def _setting(context, setting: str | None) -> str:
    if setting is not None:
        return setting
    kiosk = getattr(context.get("request"), "kiosk", None)
    return kiosk.time_format if kiosk is not None else ""


@register.simple_tag(takes_context=True)
def clock_time(context, value: datetime | None, setting: str | None = None) -> str:
    return clock_format.clock_time(value, _setting(context, setting))


@register.simple_tag(takes_context=True)
def clock_datetime(context, value: datetime | None, setting: str | None = None) -> str:
    return clock_format.clock_datetime(value, _setting(context, setting))


@register.simple_tag(takes_context=True)
def hour_cycle(context, setting: str | None = None) -> str:
    return clock_format.hour_cycle(_setting(context, setting))
