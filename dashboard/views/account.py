"""The account page: the person's Homeys, language, API tokens and Homey health; disconnecting."""

from __future__ import annotations

from django.contrib import auth, messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language_from_request, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard import homey_health, snapshot
from dashboard.access import PersonRequest, Viewer, viewer_for_request
from dashboard.accounts import (
    NoHomey,
    account_for,
    disconnect_cloud,
    disconnect_link,
    links_for,
)
from dashboard.forms import ApiTokenForm, LanguageForm
from dashboard.homey.errors import HomeyError
from dashboard.models import Account, ApiToken, HomeyLink


def account_context(
    request: PersonRequest, token_form: ApiTokenForm | None = None
) -> dict[str, object]:
    """What the account page shows; ``views.tokens`` renders it too, with its form."""
    account = Account.objects.filter(user=request.user).first()
    return {
        "account": account,
        "links": links_for(request.user),
        "language_form": LanguageForm(initial={"language": account.language if account else ""}),
        "api_tokens": ApiToken.objects.filter(user=request.user).select_related("household"),
        "token_form": token_form or ApiTokenForm(request.user),
    }


@require_GET
def account_page(request: PersonRequest) -> HttpResponse:
    context = account_context(request)
    # The health section loads on its own (account_health), so this page never waits on a Homey.
    context["health_viewer"] = _health_viewer(request)
    return render(request, "account/account.html", context)


@require_GET
def account_health(request: PersonRequest) -> HttpResponse:
    """The Homey's health for its owners and managers: the account page's section (htmx)
    or a page of its own. Anyone else: 404, as for a page that is not theirs."""
    viewer = _health_viewer(request)
    if viewer is None:
        raise Http404
    template = "account/health.html#section" if request.htmx else "account/health.html"
    with timezone.override(viewer.tzinfo()):  # "since" in the Homey's own time
        return render(request, template, {"health": _health(request, viewer)})


def _health_viewer(request: PersonRequest) -> Viewer | None:
    """The viewer whose Homey's health may be shown: owners and managers only."""
    try:
        viewer = viewer_for_request(request)
    except (NoHomey, HomeyError):
        return None
    return viewer if homey_health.visible_to(viewer) else None


def _health(request: PersonRequest, viewer: Viewer) -> dict:
    try:
        snap = snapshot.read_apps_for(viewer, request)
    except HomeyError:  # the sign-in behind the link is gone: the account page says so
        return {"household": viewer.household, "loaded": False, "problems": []}
    return {
        "household": viewer.household,
        "loaded": snap.loaded,
        "stale_since": snap.stale_since,
        "apps_known": bool(snap.apps),
        "problems": homey_health.problems(snap),
    }


@require_POST
def account_language(request: PersonRequest) -> HttpResponse:
    """The language homeydash speaks to this person; empty follows the browser."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect("account")
    account = account_for(request.user)
    account.language = form.cleaned_data["language"]
    account.save(update_fields=["language"])
    translation.activate(account.language or get_language_from_request(request))
    messages.success(request, _("Your language was saved."))
    return redirect("account")


@require_POST
def account_disconnect(request: PersonRequest) -> HttpResponse:
    """Delete the stored Athom tokens and cloud links, and say so."""
    account = get_object_or_404(Account, user=request.user)
    count = disconnect_cloud(account)
    messages.success(
        request,
        ngettext(
            "Your Athom tokens were deleted from homeydash and %(count)d cloud connection "
            "removed. To remove homeydash's access completely, also revoke it in your Athom "
            "account.",
            "Your Athom tokens were deleted from homeydash and %(count)d cloud connections "
            "removed. To remove homeydash's access completely, also revoke it in your Athom "
            "account.",
            count,
        )
        % {"count": count},
    )
    if not HomeyLink.objects.filter(user=request.user).exists():
        auth.logout(request)
        messages.success(request, _("You have been signed out."))
        return redirect("login")
    return redirect("account")


@require_POST
def link_disconnect(request: PersonRequest, code) -> HttpResponse:
    link = get_object_or_404(HomeyLink, code=code, user=request.user)
    name = link.household.name
    disconnect_link(link)
    messages.success(
        request,
        _("The connection to %(name)s and its stored API key were deleted.") % {"name": name},
    )
    return redirect("account")
