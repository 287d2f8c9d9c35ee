from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def homeydash(request: HttpRequest) -> dict:
    return {"DEMO_MODE": settings.DEMO_MODE, "POLL_SECONDS": settings.HOMEYDASH_POLL_SECONDS}
