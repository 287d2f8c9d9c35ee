"""Web app manifests, so homeydash installs to a home screen.

Two apps: the people's dashboards (standalone, any orientation) and the wall tablet's kiosk
screen (full-screen, landscape, starting at ``/kiosk/``). Their ``id`` differs, so a device
can have both.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

BACKGROUND = "#0b1220"


def _icons() -> list[dict]:
    return [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("icons/maskable-192.png"),
            "sizes": "192x192",
            "type": "image/png",
            "purpose": "maskable",
        },
        {
            "src": static("icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]


def _manifest(data: dict) -> JsonResponse:
    data = {
        **data,
        "lang": get_language(),
        "scope": "/",
        "background_color": BACKGROUND,
        "theme_color": BACKGROUND,
        "icons": _icons(),
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@login_not_required
def manifest(request: HttpRequest) -> JsonResponse:
    return _manifest(
        {
            "id": reverse("home"),
            "name": "homeydash",
            "short_name": "homeydash",
            "description": _("Your Homey's devices, live, on every screen."),
            "start_url": reverse("home"),
            "display": "standalone",
        }
    )


@require_GET
@login_not_required
def kiosk_manifest(request: HttpRequest) -> JsonResponse:
    return _manifest(
        {
            "id": reverse("kiosk_screen"),
            "name": _("homeydash wall screen"),
            "short_name": _("Wall screen"),
            "start_url": reverse("kiosk_screen"),
            "display": "fullscreen",
            "display_override": ["fullscreen", "standalone"],
            "orientation": "landscape",
        }
    )


@require_GET
@login_not_required
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says; point them at the icon."""
    return HttpResponseRedirect(static("icons/icon-192.png"))
