"""Sign in with Homey: Athom OAuth2 (authorization code), done on the server."""

from __future__ import annotations

import logging
import secrets

from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from dashboard import client_health
from dashboard.accounts import sign_in_with_cloud
from dashboard.backends import PEOPLE_BACKEND
from dashboard.connection import athom_cloud
from dashboard.homey.errors import AuthorizationFailed, HomeyError, Unavailable
from dashboard.models import HomeyLink

log = logging.getLogger(__name__)

# What went wrong → (HTTP status, template variant). Texts live in the template.
FAILURES = {
    "denied": 403,
    "state": 400,
    "expired": 400,
    "refused": 400,
    "unreachable": 503,
    "no_homey": 200,
}


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("oauth_callback"))


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@require_GET
@login_not_required
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and HomeyLink.objects.filter(user=request.user).exists():
        return redirect("home")
    next_url = _safe_next(request, request.GET.get("next"))
    return render(request, "auth/login.html", {"next": next_url})


@require_POST
@login_not_required
def login_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to Athom's sign-in and consent page with a fresh ``state``."""
    state = secrets.token_urlsafe(32)
    request.session["oauth"] = {
        "state": state,
        "next": _safe_next(request, request.POST.get("next")),
    }
    with athom_cloud(request) as cloud:
        url = cloud.authorization_url(redirect_uri=_callback_url(request), state=state)
    return redirect(url)


@require_GET
@login_not_required
def oauth_callback(request: HttpRequest) -> HttpResponse:
    """Check ``state``, trade the one-time code for tokens, read the person and their Homeys.

    Nothing is saved until both cloud calls have succeeded.
    """
    pending = request.session.pop("oauth", None) or {}
    state = request.GET.get("state", "")
    if not pending.get("state") or not secrets.compare_digest(state, pending["state"]):
        return _failed(request, "state")
    if request.GET.get("error"):
        return _failed(request, "denied" if request.GET["error"] == "access_denied" else "refused")
    code = request.GET.get("code", "")
    if not code:
        return _failed(request, "refused")

    with athom_cloud(request) as cloud:
        try:
            tokens = cloud.exchange_code(code=code, redirect_uri=_callback_url(request))
            athom_user = cloud.get_authenticated_user(tokens.access_token)
        except AuthorizationFailed as error:
            if error.code == "invalid_client":
                client_health.client_refused("a sign-in")
            else:
                log.info("Athom refused the authorization code: %s", error.code or "unknown")
            return _failed(request, "expired" if error.code == "invalid_grant" else "refused")
        except Unavailable:
            return _failed(request, "unreachable")
        except HomeyError as error:
            log.warning("Unexpected answer from Athom during sign-in: %s", error)
            return _failed(request, "unreachable")

    client_health.client_accepted()
    if not athom_user.homeys:
        return _failed(request, "no_homey")
    user = sign_in_with_cloud(athom_user, tokens)
    auth.login(request, user, backend=PEOPLE_BACKEND)
    if len(athom_user.homeys) > 1 and not user.account.selected_link_id:
        return redirect("homey_picker")
    return redirect(pending.get("next") or "home")


def _failed(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "auth/failed.html", {"reason": reason}, status=FAILURES[reason])


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("login")


@require_GET
@login_not_required
def signin_required(request: HttpRequest) -> HttpResponse:
    """Athom refused the stored refresh token (revoked or expired): sign in again."""
    return render(request, "auth/signin_required.html", status=401)
