"""Small template helpers for tiles; what a tile shows is decided in ``dashboard.tiles``."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from dashboard import clock

register = template.Library()


@register.simple_tag
def changed_time(when: datetime) -> SafeString:
    """``<time>`` saying how long ago a value changed; static/js/app.js keeps it current."""
    now = clock.now()
    if when >= now:
        text = _("just now")
    else:
        # The same msgid as django.contrib.humanize's naturaltime, so its catalogs apply.
        text = _("%(delta)s ago") % {"delta": timesince(when, now, depth=1)}
    return format_html(
        '<time class="changed" datetime="{}" title="{}">{}</time>',
        when.isoformat(),
        date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT"),
        text,
    )
