"""Kiosks for owners and managers: create a wall tablet, pair it, tune it, revoke it.

Every kiosk is loaded through ``get_kiosk_for_manager``: users and guests get 403, another
household's kiosk is a 404. A pairing link and code are shown once, on the page the manager
lands on right after asking for them (they only live in the session until then).
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dashboard import clock, kiosks
from dashboard.access import Viewer, ViewerRequest, get_kiosk_for_manager, viewer_required
from dashboard.models import KioskDevice
from dashboard.snapshot import get_snapshot

PAIRING_SESSION_KEY = "kiosk-pairing"


class KioskForm(forms.ModelForm):
    pin = forms.CharField(
        label=gettext_lazy("PIN"),
        required=False,
        min_length=4,
        max_length=8,
        help_text=gettext_lazy("4 to 8 digits. Leave empty to keep the current PIN."),
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "new-password", "pattern": "[0-9]*"}
        ),
    )

    class Meta:
        model = KioskDevice
        fields = [
            "name",
            "dashboard",
            "can_control",
            "require_pin",
            "night_mode",
            "night_start",
            "night_end",
            "night_variable_id",
            "night_device_id",
            "language",
            "time_format",
        ]
        labels = {
            "name": gettext_lazy("Name"),
            "dashboard": gettext_lazy("Dashboard"),
            "can_control": gettext_lazy("Allow controls (otherwise view-only)"),
            "require_pin": gettext_lazy("Ask for a PIN to unlock doors or change the alarm"),
            "night_mode": gettext_lazy("Night mode (dim, dark screen)"),
            "night_start": gettext_lazy("Night starts at"),
            "night_end": gettext_lazy("Night ends at"),
            "night_variable_id": gettext_lazy("Logic variable"),
            "night_device_id": gettext_lazy("Device"),
            "language": gettext_lazy("Language"),
            "time_format": gettext_lazy("Clock"),
        }
        widgets = {
            "night_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "night_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, viewer: Viewer, snap, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dashboards = self.fields["dashboard"]
        dashboards.queryset = viewer.dashboards()
        dashboards.empty_label = _("All devices (the Homey's default board)")
        self.fields["night_start"].help_text = _("In the Homey's timezone.")
        self.fields["language"].choices = [
            ("", _("The tablet's browser language")),
            *settings.LANGUAGES,
        ]
        variables = sorted(
            (v for v in snap.variables.values() if v.type == "boolean"), key=lambda v: v.name
        )
        devices = sorted(
            (d for d in snap.devices.values() if "onoff" in d.capabilities), key=lambda d: d.name
        )
        self.fields["night_variable_id"] = forms.ChoiceField(
            label=self.fields["night_variable_id"].label,
            required=False,
            choices=[("", "—"), *((v.id, v.name) for v in variables)],
            help_text=_("Dim while this yes/no variable is yes."),
        )
        self.fields["night_device_id"] = forms.ChoiceField(
            label=self.fields["night_device_id"].label,
            required=False,
            choices=[("", "—"), *((d.id, d.name) for d in devices)],
            help_text=_("Dim while this device is on."),
        )

    def clean(self) -> dict:
        data = super().clean()
        mode = data.get("night_mode")
        if mode == KioskDevice.NightMode.SCHEDULE:
            for name in ("night_start", "night_end"):
                if data.get(name) is None:
                    self.add_error(name, _("Set both times for the schedule."))
        elif mode == KioskDevice.NightMode.VARIABLE and not data.get("night_variable_id"):
            self.add_error("night_variable_id", _("Choose the variable."))
        elif mode == KioskDevice.NightMode.DEVICE and not data.get("night_device_id"):
            self.add_error("night_device_id", _("Choose the device."))
        pin = data.get("pin", "")
        if pin and not pin.isdigit():
            self.add_error("pin", _("Use digits only."))
        if data.get("require_pin") and not pin and not self.instance.pin_hash:
            self.add_error("pin", _("Choose a PIN."))
        return data

    def save(self, commit: bool = True) -> KioskDevice:
        kiosk = super().save(commit=False)
        if self.cleaned_data.get("pin"):
            kiosks.set_pin(kiosk, self.cleaned_data["pin"])
        if commit:
            kiosk.save()
        return kiosk


def _state(kiosk: KioskDevice, now: datetime) -> str:
    if kiosk.active:
        return "paired"
    if kiosk.pairing_expires is not None and kiosk.pairing_expires > now:
        return "pairing"
    return "revoked" if kiosk.revoked_at is not None else "new"


@require_http_methods(["GET", "POST"])
@never_cache
@viewer_required(kiosks=False)
def kiosk_list(request: ViewerRequest) -> HttpResponse:
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
def kiosk_edit(request: ViewerRequest, code) -> HttpResponse:
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
def kiosk_pair(request: ViewerRequest, code) -> HttpResponse:
    """A new pairing link and code; the tablet that uses one replaces the paired one."""
    kiosk = get_kiosk_for_manager(request.viewer, code)
    return _pair_and_show(request, kiosk)


@require_POST
@viewer_required(kiosks=False)
def kiosk_revoke(request: ViewerRequest, code) -> HttpResponse:
    kiosk = get_kiosk_for_manager(request.viewer, code)
    kiosks.revoke(kiosk)
    messages.success(
        request,
        _("“%(name)s” is disconnected; its screen says so at its next poll.") % {"name": kiosk},
    )
    return redirect("kiosk_list")


def _pair_and_show(request: ViewerRequest, kiosk: KioskDevice) -> HttpResponse:
    pairing = kiosks.start_pairing(kiosk)
    request.session[PAIRING_SESSION_KEY] = {
        "kiosk": str(kiosk.code),
        "name": kiosk.name,
        "secret": pairing.secret,
        "code": pairing.code,
        "expires": pairing.expires.isoformat(),
    }
    return redirect(f"{reverse('kiosk_list')}#pairing")
