from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dashboard.models import Account, HomeyLink


def _navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"links": [], "current": None}
    links = list(HomeyLink.objects.filter(user=user).select_related("household"))
    account = Account.objects.filter(user=user).only("selected_link_id").first()
    selected = account.selected_link_id if account else None
    current = next((link for link in links if link.pk == selected), None)
    if current is None and len(links) == 1:
        current = links[0]
    return {"links": links, "current": current}


def homeydash(request: HttpRequest) -> dict:
    """Site-wide template values; the navigation is only queried when a template uses it."""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "POLL_SECONDS": settings.HOMEYDASH_POLL_SECONDS,
        "LOCAL_CONNECT": settings.HOMEYDASH_LOCAL_CONNECT,
        "nav": SimpleLazyObject(lambda: _navigation(request)),
    }
