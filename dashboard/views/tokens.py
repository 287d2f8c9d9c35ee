"""API tokens on the account page: make one (shown once), list them, revoke one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dashboard import api_tokens
from dashboard.access import PersonRequest
from dashboard.models import ApiToken


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
        homey = self.fields["homey"]
        assert isinstance(homey, forms.ChoiceField)  # ``fields`` holds plain ``Field``s
        homey.choices = [(code, link.household.name) for code, link in self.links.items()]

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


def token_context(request: PersonRequest, form: ApiTokenForm | None = None) -> dict[str, Any]:
    """What the account page's "API tokens" section shows."""
    return {
        "api_tokens": ApiToken.objects.filter(user=request.user).select_related("household"),
        "token_form": form or ApiTokenForm(request.user),
    }


@never_cache
@require_POST
def token_new(request: PersonRequest) -> HttpResponse:
    """Make a token and show it once, in this answer only (never in a message or the
    session): the page that shows it is not stored by the browser's cache."""
    from dashboard.views.account import account_context  # it shows this section

    form = ApiTokenForm(request.user, request.POST)
    if not form.is_valid():
        context = {**account_context(request), **token_context(request, form)}
        return render(request, "account/account.html", context, status=422)
    link = form.cleaned_data["link"]
    made = api_tokens.create_token(
        request.user, link.household, form.cleaned_data["name"], form.cleaned_data["access"]
    )
    context = {**account_context(request), **token_context(request), "new_token": made}
    return render(request, "account/account.html", context)


@require_POST
def token_revoke(request: PersonRequest, code) -> HttpResponse:
    name = (
        ApiToken.objects.filter(user=request.user, code=code).values_list("name", flat=True).first()
    )
    if name is None or not api_tokens.revoke_token(request.user, code):
        raise Http404
    messages.success(
        request, _("The token “%(name)s” was revoked: it works no more.") % {"name": name}
    )
    return redirect("account")
