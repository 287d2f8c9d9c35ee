"""``{% load times %}``: times as people read them.

``{% clock_time value %}``, ``{% clock_datetime value %}`` and ``{% hour_cycle %}`` write times
in the one format of the active language, or of the wall screen asking (``request.kiosk``) or
named (``{% clock_time value kiosk.time_format %}``); see ``dashboard.clock_format``.
``value|ago`` and ``{% changed_time %}`` say how long ago something changed (a tile's quiet
line, with details on demand); what a tile shows is decided in ``dashboard.presentation``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import npgettext_lazy, pgettext

from dashboard import clock, clock_format

# timesince's units for a time in the past ("vor 5 Tagen" needs the dative in German).
PAST = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


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


@register.filter
def ago(when: datetime | None) -> str:
    """How long ago, in the active language, by ``dashboard.clock``: "5 days ago",
    "5 dagen geleden", "vor 5 Tagen" (humanize's German catalogue says "5 Tage her")."""
    if when is None:
        return ""
    now = clock.now()
    if now - when < timedelta(minutes=1):
        return _("just now")
    # django-stubs want plain strings; Django's own TIME_STRINGS are lazy like PAST.
    delta = timesince(when, now, depth=1, time_strings=PAST)  # type: ignore[arg-type]
    return pgettext("time ago", "%(delta)s ago") % {"delta": delta}


@register.simple_tag
def changed_time(when: datetime, details: list[tuple[str, datetime]] | None = None) -> SafeString:
    """``<time>`` saying how long ago a tile last changed; its title tells when each value
    did. static/js/app.js keeps the text current."""
    lines = [
        f"{title}: {date_format(timezone.localtime(at), 'SHORT_DATETIME_FORMAT')}"
        for title, at in (details or [])
    ]
    return format_html(
        '<time class="changed" datetime="{}" title="{}">{}</time>',
        when.isoformat(),
        "\n".join(lines) or date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT"),
        ago(when),
    )
