"""Every form homeydash shows: the views validate input through these, never by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard import api_tokens, kiosks
from dashboard.access import Viewer
from dashboard.homey.addresses import AddressRefused
from dashboard.homey.errors import (
    AccessDenied,
    HomeyError,
    HomeyOffline,
    SignInRequired,
    TokenRejected,
)
from dashboard.models import ApiToken, Dashboard, KioskDevice


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """``form.fields[name]``, known to be a choice field (``fields`` holds plain ``Field``s)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        browser = ("", _("Your browser's language"))
        _choice_field(self, "language").choices = [browser, *settings.LANGUAGES]


class LocalConnectionForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Local address"),
        help_text=gettext_lazy(
            "The address of your Homey Pro on your network, e.g. http://192.168.1.50"
        ),
        assume_scheme="http",
    )
    api_key = forms.CharField(
        label=gettext_lazy("API key"),
        help_text=gettext_lazy("Create one in the Homey web app: Settings → API Keys."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        max_length=500,
    )

    def clean_url(self) -> str:
        return self.cleaned_data["url"].rstrip("/")

    def refuse(self, error: HomeyError) -> None:
        """Say, on the field it concerns, why the Homey at this address was not connected."""
        if isinstance(error, AddressRefused):
            # One message for every refused address, whatever the reason: the form is no oracle.
            self.add_error(
                "url",
                _(
                    "homeydash may not connect to this address. Use your Homey's address on "
                    "your home network, e.g. http://192.168.1.50."
                ),
            )
        elif isinstance(error, HomeyOffline):
            self.add_error("url", _("No Homey answered at this address."))
        elif isinstance(error, (TokenRejected, AccessDenied, SignInRequired)):
            self.add_error("api_key", _("The Homey did not accept this API key."))
        else:
            self.add_error(
                "url", _("The Homey at this address gave an answer we do not understand.")
            )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What will use it, e.g. “Kitchen display” or “Backup script”."),
    )
    homey = forms.ChoiceField(label=gettext_lazy("Homey"))
    access = forms.ChoiceField(label=gettext_lazy("Access"), choices=ApiToken.Access.choices)

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.links = {
            str(link.household.code): link for link in api_tokens.token_households(user.pk).values()
        }
        _choice_field(self, "homey").choices = [
            (code, link.household.name) for code, link in self.links.items()
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        link = self.links.get(data.get("homey", ""))
        wants_control = data.get("access") == ApiToken.Access.CONTROL
        if link is not None and wants_control and not link.can_control:
            self.add_error(
                "access",
                _(
                    "Your role on %(homey)s does not allow controlling devices, so a "
                    "token for it can only read."
                )
                % {"homey": link.household.name},
            )
        data["link"] = link
        return data


class DashboardForm(forms.ModelForm):
    class Meta:
        model = Dashboard
        fields = ["name", "audience", "open_alert_minutes"]
        labels = {"name": gettext_lazy("Name"), "audience": gettext_lazy("Who sees it")}

    def __init__(self, *args, viewer: Viewer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        if self.instance._state.adding:  # a new dashboard: the viewer's own, on their Homey
            self.instance.household = viewer.household
            self.instance.owner = viewer.link.user
        minutes = self.fields["open_alert_minutes"]
        minutes.required = False
        minutes.help_text = _("Wall screens showing this dashboard wake up for it too.")
        if not viewer.can_manage:
            _choice_field(self, "audience").choices = [
                (Dashboard.Audience.PRIVATE.value, Dashboard.Audience.PRIVATE.label)
            ]
            self.fields["audience"].help_text = _(
                "Only the Homey's owners and managers can share dashboards."
            )

    def clean_open_alert_minutes(self) -> int:
        minutes = self.cleaned_data.get("open_alert_minutes")
        return self.instance.open_alert_minutes if minutes is None else minutes

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the dashboard a name."))
        return name


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
        assert isinstance(dashboards, forms.ModelChoiceField)
        dashboards.queryset = viewer.dashboards()
        dashboards.empty_label = _("All devices (the Homey's default board)")
        self.fields["night_start"].help_text = _("In the Homey's timezone.")
        _choice_field(self, "language").choices = [
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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


class PairForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Pairing code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "ABCD-EFGH",
                "autofocus": True,
            }
        ),
    )
