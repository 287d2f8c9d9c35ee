"""Which Homey: the picker, choosing one, and connecting a Homey Pro by its local address."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.access import PersonRequest, ViewerRequest, signin_redirect
from dashboard.accounts import account_for, connect_local, links_for, refresh_cloud_links
from dashboard.backends import PEOPLE_BACKEND
from dashboard.forms import LocalConnectionForm
from dashboard.homey.errors import HomeyError, Unavailable
from dashboard.local_check import check_local
from dashboard.models import Account, HomeyLink


@require_GET
def homey_picker(request: PersonRequest) -> HttpResponse:
    """Every Homey the person reaches, online or not; refreshed from the cloud when possible."""
    account = Account.objects.filter(user=request.user).first()
    if account and account.connected:
        try:
            refresh_cloud_links(request, account)
        except Unavailable:
            messages.warning(request, _("Athom's cloud cannot be reached; showing what we knew."))
        except HomeyError:
            pass  # SignInRequired is shown through the account state below
        account.refresh_from_db()
    links = links_for(request.user)
    return render(
        request,
        "account/picker.html",
        {
            "links": links,
            "account": account,
            "selected_id": account.selected_link_id if account else None,
        },
    )


@require_POST
def homey_select(request: PersonRequest, code) -> HttpResponse:
    link = get_object_or_404(
        HomeyLink.objects.select_related("household"), code=code, user=request.user
    )
    if not link.household.supported:
        messages.error(request, link.household.unsupported_reason)
        return redirect("homey_picker")
    account = account_for(request.user)
    account.selected_link = link
    account.save(update_fields=["selected_link"])
    return redirect("home")


@sensitive_post_parameters("api_key")
@require_http_methods(["GET", "POST"])
@login_not_required
def connect_local_view(request: ViewerRequest) -> HttpResponse:
    """Connect a Homey Pro by its local address and an API key, checked before saving.

    ``HOMEYDASH_LOCAL_CONNECT`` says who may: anyone, signed-in people, or nobody.
    """
    allowed = settings.HOMEYDASH_LOCAL_CONNECT
    if allowed == "nobody":
        raise Http404
    if allowed != "anyone" and not request.user.is_authenticated:
        return signin_redirect(request)
    form = LocalConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url, api_key = form.cleaned_data["url"], form.cleaned_data["api_key"]
        try:
            found = check_local(url, api_key)
        except HomeyError as error:
            form.refuse(error)
        else:
            user = request.user if request.user.is_authenticated else None
            if user is not None:
                _confirm_with_cloud(request, user)
            link = connect_local(user, url=url, api_key=api_key, **found)
            if user is None:
                auth.login(request, link.user, backend=PEOPLE_BACKEND)
            messages.success(
                request, _("Connected to %(name)s on your network.") % {"name": link.household.name}
            )
            return redirect("home")
    return render(request, "account/local.html", {"form": form})


def _confirm_with_cloud(request: HttpRequest, user: User) -> None:
    """Bring the person's cloud links up to date, so a local link joins a shared household
    only for a Homey the cloud links them to now."""
    account = Account.objects.filter(user=user).first()
    if account is not None and account.connected:
        with contextlib.suppress(HomeyError):  # what the cloud said last time stands
            refresh_cloud_links(request, account)
