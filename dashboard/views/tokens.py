"""API tokens on the account page: make one (shown once), list them, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dashboard import api_tokens
from dashboard.access import PersonRequest
from dashboard.forms import ApiTokenForm
from dashboard.models import ApiToken
from dashboard.views.account import account_context


@never_cache
@require_POST
def token_new(request: PersonRequest) -> HttpResponse:
    """Make a token and show it once, in this answer only (never in a message or the
    session): the page that shows it is not stored by the browser's cache."""
    form = ApiTokenForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "account/account.html", account_context(request, form), status=422)
    link = form.cleaned_data["link"]
    made = api_tokens.create_token(
        request.user, link.household, form.cleaned_data["name"], form.cleaned_data["access"]
    )
    context = {**account_context(request), "new_token": made}
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
