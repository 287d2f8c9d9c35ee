"""The Homey picker, the account page, local connections and disconnecting."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone, translation
from django.utils.translation import get_language_from_request, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard import homey_health, snapshot
from dashboard.access import PersonRequest, Viewer, viewer_for_request
from dashboard.accounts import (
    NoHomey,
    connect_local,
    disconnect_cloud,
    disconnect_link,
    links_for,
    sync_cloud_links,
)
from dashboard.backends import PEOPLE_BACKEND
from dashboard.connection import athom_cloud, homey_client, local_address, with_access_token
from dashboard.forms import LanguageForm, LocalConnectionForm
from dashboard.homey.addresses import AddressRefused
from dashboard.homey.errors import (
    AccessDenied,
    HomeyError,
    HomeyOffline,
    SignInRequired,
    TokenRejected,
    Unavailable,
)
from dashboard.models import Account, HomeyLink
from dashboard.views.tokens import token_context


@require_GET
def homey_picker(request: PersonRequest) -> HttpResponse:
    """Every Homey the person reaches, online or not; refreshed from the cloud when possible."""
    account = Account.objects.filter(user=request.user).first()
    if account and account.connected:
        try:
            with athom_cloud(request) as cloud:
                athom_user = with_access_token(account, cloud, cloud.get_authenticated_user)
            sync_cloud_links(account, athom_user.homeys)
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
    account, _created = Account.objects.get_or_create(
        user=request.user, defaults={"athom_user_id": f"user:{request.user.pk}"}
    )
    account.selected_link = link
    account.save(update_fields=["selected_link"])
    return redirect("home")


def account_context(request: PersonRequest) -> dict[str, object]:
    account = Account.objects.filter(user=request.user).first()
    form = LanguageForm(initial={"language": account.language if account else ""})
    return {"account": account, "links": links_for(request.user), "language_form": form}


@require_GET
def account_page(request: PersonRequest) -> HttpResponse:
    context = {**account_context(request), **token_context(request)}
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
    account, _created = Account.objects.get_or_create(
        user=request.user, defaults={"athom_user_id": f"user:{request.user.pk}"}
    )
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


def _refused() -> str:
    # One message for every refused address, whatever the reason: the form is no oracle.
    return _(
        "homeydash may not connect to this address. Use your Homey's address on your home "
        "network, e.g. http://192.168.1.50."
    )


@sensitive_variables("api_key")
def _check_local(url: str, api_key: str) -> dict:
    """Check the address, ping it, then open a session with the key; what we learn is stored.

    What the Homey says here (its id, the key's user) is only a claim: ``connect_local``
    decides what it may be used for.
    """
    checked = local_address(url)
    with homey_client(url, pinned_ip=checked.ip) as probe:
        homey_id = probe.ping()
    with homey_client(url, api_key, homey_id=homey_id, pinned_ip=checked.ip) as homey:
        session = homey.get_session_me()
        try:
            homey_user = homey.get_user_me()
        except AccessDenied:
            homey_user = None
        try:
            info = homey.get_system_info()
            name, timezone_name = info.name, info.timezone
        except AccessDenied:
            name, timezone_name = "", ""
    return {
        "homey_id": homey_id,
        "name": name,
        "timezone_name": timezone_name,
        "session": session,
        "homey_user": homey_user,
    }


def _confirm_with_cloud(request: HttpRequest, user) -> None:
    """Bring the person's cloud links up to date, so a local link joins a shared household
    only for a Homey the cloud links them to now."""
    account = Account.objects.filter(user=user).first()
    if account is None or not account.connected:
        return
    try:
        with athom_cloud(request) as cloud:
            athom_user = with_access_token(account, cloud, cloud.get_authenticated_user)
    except HomeyError:
        return  # what the cloud said last time stands
    sync_cloud_links(account, athom_user.homeys)


@sensitive_post_parameters("api_key")
@require_http_methods(["GET", "POST"])
@login_not_required
def connect_local_view(request: HttpRequest) -> HttpResponse:
    """Connect a Homey Pro by its local address and an API key, checked before saving.

    ``HOMEYDASH_LOCAL_CONNECT`` says who may: anyone, signed-in people, or nobody.
    """
    allowed = settings.HOMEYDASH_LOCAL_CONNECT
    if allowed == "nobody":
        raise Http404
    if allowed != "anyone" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
    form = LocalConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url, api_key = form.cleaned_data["url"], form.cleaned_data["api_key"]
        try:
            found = _check_local(url, api_key)
        except AddressRefused:
            form.add_error("url", _refused())
        except HomeyOffline:
            form.add_error("url", _("No Homey answered at this address."))
        except (TokenRejected, AccessDenied, SignInRequired):
            form.add_error("api_key", _("The Homey did not accept this API key."))
        except HomeyError:
            form.add_error(
                "url", _("The Homey at this address gave an answer we do not understand.")
            )
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
