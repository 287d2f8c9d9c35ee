"""Kiosks for owners and managers: create a wall tablet, pair it, tune it, revoke it.

Every kiosk is loaded through ``get_kiosk_for_manager``: users and guests get 403, another
household's kiosk is a 404. A pairing link and code are shown once, on the page the manager
lands on right after asking for them (they only live in the session until then).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dashboard import clock, kiosks
from dashboard.access import PersonViewerRequest, get_kiosk_for_manager, viewer_required
from dashboard.forms import KioskForm
from dashboard.models import KioskDevice
from dashboard.snapshot import get_snapshot

PAIRING_SESSION_KEY = "kiosk-pairing"


def _state(kiosk: KioskDevice, now: datetime) -> str:
    if kiosk.active:
        return "paired"
    if kiosk.pairing_expires is not None and kiosk.pairing_expires > now:
        return "pairing"
    return "revoked" if kiosk.revoked_at is not None else "new"


@require_http_methods(["GET", "POST"])
@never_cache
@viewer_required(kiosks=False)
def kiosk_list(request: PersonViewerRequest) -> HttpResponse:
    """The household's kiosks, a form for a new one, and a fresh pairing shown once."""
    viewer = request.viewer
    if not viewer.can_manage:
        raise PermissionDenied
    snap = get_snapshot(viewer, request)
    form = KioskForm(request.POST or None, viewer=viewer, snap=snap)
    if request.method == "POST" and form.is_valid():
        kiosk = form.save(commit=False)
        kiosk.household = viewer.household
        kiosk.created_by = request.user
        kiosk.save()
        return _pair_and_show(request, kiosk)
    now = clock.now()
    pairing = request.session.pop(PAIRING_SESSION_KEY, None)
    if pairing is not None:
        pairing["url"] = request.build_absolute_uri(
            reverse("kiosk_pair_link", args=[pairing["secret"]])
        )
        pairing["expires"] = datetime.fromisoformat(pairing["expires"])
        shown = KioskDevice.objects.filter(household=viewer.household, code=pairing["kiosk"])
        pairing["time_format"] = shown.values_list("time_format", flat=True).first() or ""
    rows = [
        {
            "kiosk": kiosk,
            "state": _state(kiosk, now),
            "pin_locked": kiosk.pin_locked_until is not None and kiosk.pin_locked_until > now,
            "code_ended": _state(kiosk, now) == "pairing" and not kiosk.pairing_code_hash,
        }
        for kiosk in KioskDevice.objects.filter(household=viewer.household).select_related(
            "dashboard"
        )
    ]
    context = {
        "form": form,
        "rows": rows,
        "pairing": pairing,
        "pair_url": request.build_absolute_uri(reverse("kiosk_pair")),
        "household": viewer.household,
    }
    return render(request, "kiosk/manage.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@viewer_required(kiosks=False)
def kiosk_edit(request: PersonViewerRequest, code) -> HttpResponse:
    viewer = request.viewer
    kiosk = get_kiosk_for_manager(viewer, code)
    snap = get_snapshot(viewer, request)
    form = KioskForm(request.POST or None, instance=kiosk, viewer=viewer, snap=snap)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved. The tablet follows at its next poll or reload."))
        return redirect("kiosk_list")
    return render(request, "kiosk/edit.html", {"form": form, "kiosk": kiosk})


@require_POST
@viewer_required(kiosks=False)
def kiosk_pair(request: PersonViewerRequest, code) -> HttpResponse:
    """A new pairing link and code; the tablet that uses one replaces the paired one."""
    kiosk = get_kiosk_for_manager(request.viewer, code)
    return _pair_and_show(request, kiosk)


@require_http_methods(["GET", "POST"])
@viewer_required(kiosks=False)
def kiosk_revoke(request: PersonViewerRequest, code) -> HttpResponse:
    """GET asks first (a page, so it works without script); POST disconnects."""
    kiosk = get_kiosk_for_manager(request.viewer, code)
    if request.method == "GET":
        return render(request, "kiosk/revoke.html", {"kiosk": kiosk})
    kiosks.revoke(kiosk)
    messages.success(
        request,
        _("“%(name)s” is disconnected; its screen says so at its next poll.") % {"name": kiosk},
    )
    return redirect("kiosk_list")


def _pair_and_show(request: PersonViewerRequest, kiosk: KioskDevice) -> HttpResponse:
    pairing = kiosks.start_pairing(kiosk)
    request.session[PAIRING_SESSION_KEY] = {
        "kiosk": str(kiosk.code),
        "name": kiosk.name,
        "secret": pairing.secret,
        "code": pairing.code,
        "expires": pairing.expires.isoformat(),
    }
    return redirect(f"{reverse('kiosk_list')}#pairing")
