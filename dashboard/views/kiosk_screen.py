"""The wall tablet: pairing (by link or by code) and the full-screen kiosk screen.

The screen includes the same ``dashboard/detail.html#board`` partial as people's pages, so
the same poll and controls serve it; ``KioskMiddleware`` puts the paired kiosk on the request
(``request.kiosk``). None of these views needs a signed-in person.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dashboard import clock, kiosks, snapshot
from dashboard.access import ViewerRequest, viewer_for_request
from dashboard.accounts import NoHomey
from dashboard.attempts import AttemptBudget, client_address
from dashboard.forms import PairForm
from dashboard.homey.errors import InvalidApiKey, SignInRequired
from dashboard.views.dashboards import board_context

# Ten codes per client address in ten minutes, counted across all workers and hosts.
PAIR_ATTEMPTS = AttemptBudget("kiosk-pair", limit=10, window=10 * 60)


@require_GET
@login_not_required
@never_cache
def kiosk_screen(request: ViewerRequest) -> HttpResponse:
    """The paired dashboard full-screen; without a working pairing, "pair again"."""
    kiosk = request.kiosk
    if kiosk is None:
        return _disconnected(request)
    try:
        viewer = viewer_for_request(request)
        request.viewer = viewer
        with timezone.override(viewer.tzinfo()):
            if snapshot.apps_due(viewer):
                snapshot.read_apps_for(viewer, request)  # for the health alert
            context = board_context(request, viewer, kiosk.dashboard)
            context["kiosk"] = kiosk
            # An alert keeps the screen awake until it clears (static/js/kiosk.js).
            context["night_wanted"] = kiosks.night_now(kiosk)
            context["night"] = context["night_wanted"] and not context["board"].urgent
            context["now"] = clock.now()
            return render(request, "kiosk/screen.html", context)
    except (NoHomey, SignInRequired, InvalidApiKey):
        # Whoever set it up must sign in again, and no other owner or manager can stand in.
        return _disconnected(request, no_link=True)


def _disconnected(request: ViewerRequest, no_link: bool = False) -> HttpResponse:
    had_cookie = bool(request.COOKIES.get(kiosks.COOKIE_NAME))
    context = {"had_cookie": had_cookie, "no_link": no_link}
    return render(request, "kiosk/disconnected.html", context)


@require_http_methods(["GET", "POST"])
@login_not_required
def pair_with_code(request: ViewerRequest) -> HttpResponse:
    """Typed on the tablet: the short code from the kiosk page. Each try spends one of the
    client's ten per ten minutes (given back when one works); each wrong code also counts
    against every live code (``kiosks.count_code_miss``)."""
    form = PairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = client_address(request)
        if not PAIR_ATTEMPTS.spend(client):
            form.add_error("code", _("Too many wrong codes. Wait ten minutes and try again."))
        else:
            code = form.cleaned_data["code"]
            kiosk = kiosks.pairing_kiosk(code=code)
            secret = kiosks.complete_pairing(kiosk, code=code) if kiosk else None
            if secret:
                PAIR_ATTEMPTS.reset(client)
                return _paired(secret)
            kiosks.count_code_miss()
            form.add_error(
                "code", _("This code is unknown or has expired. Ask for a new pairing code.")
            )
    status = 400 if form.errors else 200
    return render(request, "kiosk/pair.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_not_required
@never_cache
def pair_with_link(request: ViewerRequest, secret: str) -> HttpResponse:
    """The one-time link: GET asks (so a link preview cannot use it up), POST pairs."""
    kiosk = kiosks.pairing_kiosk(secret=secret)
    if kiosk is None:
        return render(request, "kiosk/pair_expired.html", status=404)
    if request.method == "POST":
        device_secret = kiosks.complete_pairing(kiosk, secret=secret)
        if device_secret is None:
            return render(request, "kiosk/pair_expired.html", status=404)
        return _paired(device_secret)
    return render(request, "kiosk/pair_link.html", {"kiosk": kiosk, "secret": secret})


def _paired(device_secret: str) -> HttpResponse:
    response = redirect("kiosk_screen")
    kiosks.set_cookie(response, device_secret)
    return response
