"""Athom cloud routes (AthomCloudAPI.json + homey-api.md §1–3) under ``/emulator/cloud``."""

from __future__ import annotations

import base64
import binascii
import functools
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from emulator import constants as c
from emulator import jwt, network
from emulator.cloud import Client, CloudUser, Grant, OAuthError
from emulator.homey import iso
from emulator.http import absolute, bearer, json_response, server
from emulator.world import OperationFault, World, get_world

# The (method, path) pairs served under the cloud base; the fidelity tests check them
# against AthomCloudAPI.json.
ROUTES = (
    ("GET", "/oauth2/authorise"),
    ("POST", "/oauth2/token"),
    ("GET", "/user/me"),
    ("POST", "/delegation/token"),
    ("GET", "/delegation/key"),
)
NOT_IN_SPEC = {
    ("GET", "/oauth2/authorise"): "a browser page, not an API operation: both official "
    "clients build its URL by hand (getLoginUrl) and the developer guide documents it",
}

COOKIE = "emulator_athom"
_COOKIE_SALT = "emulator.athom.signin"
_DEMO_ACCOUNTS = (
    c.ALICE_EMAIL,
    c.BOB_EMAIL,
    c.DAVE_EMAIL,
    c.CHARLIE_EMAIL,
    c.ERIN_EMAIL,
    c.FRANK_EMAIL,
)


def cloud_route(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Apply the cloud fault switches (latency, down) before ``view``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        world = get_world()
        path = "/" + request.path.split("/cloud/", 1)[-1]
        with world.lock:
            latency, down = world.faults.cloud.latency, world.faults.cloud.down
            fault = world.faults.cloud.operations.get(path)
            hang = world.config.offline_hang_seconds
        if latency > 0:
            time.sleep(latency)
        if fault is not None:
            answer = _operation_fault(fault, hang)
            if answer is not None:
                return answer
        if down:
            return json_response(
                {
                    "error": "temporarily_unavailable",
                    "error_description": "The Athom cloud is temporarily unavailable",
                    "statusCode": 503,
                },
                status=503,
                Retry_After="30",
            )
        return view(request, *args, **kwargs)

    return wrapper


def _operation_fault(fault: OperationFault, hang: float) -> HttpResponse | None:
    """A fault on one cloud route: latency, then hang (504), 429 with Retry-After, a status."""
    if fault.latency > 0:
        time.sleep(fault.latency)
    if fault.hang:
        time.sleep(hang)
        status, code = 504, "gateway_timeout"
    elif fault.status == 429:
        return json_response(
            {
                "error": "too_many_requests",
                "error_description": "Rate limited, try again later",
                "statusCode": 429,
            },
            status=429,
            Retry_After=str(fault.retry_after or 30),
        )
    elif fault.status:
        status, code = fault.status, "server_error"
    else:
        return None
    return json_response(
        {
            "error": code,
            "error_description": "Fault injected by the emulator",
            "statusCode": status,
        },
        status=status,
    )


def _oauth_error(exc: OAuthError, **headers: str) -> HttpResponse:
    response = json_response(
        {"error": exc.code, "error_description": exc.description}, status=exc.status, **headers
    )
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------ browser sign-in + consent


def _cookie_path() -> str:
    return reverse("emulator:authorise").rsplit("/oauth2/", 1)[0]


def _signed_in(request: HttpRequest, world: World) -> CloudUser | None:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        user_id = signing.loads(raw, salt=_COOKIE_SALT, max_age=7 * 86400)
    except signing.BadSignature:
        return None
    return world.cloud.users.get(user_id)


def _redirect(uri: str, **params: str | None) -> HttpResponseRedirect:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return HttpResponseRedirect(f"{uri}{'&' if '?' in uri else '?'}{query}")


def _error_page(request: HttpRequest, title: str, message: str) -> HttpResponse:
    return render(request, "emulator/error.html", {"title": title, "message": message}, status=400)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@cloud_route
def authorise(request: HttpRequest) -> HttpResponse:
    """``GET /oauth2/authorise``: sign-in page, then consent (pick Homeys), then a redirect
    with ``code`` + ``state``. The forms post back to the same URL."""
    world = get_world()
    with world.lock:
        checked = _check_authorise_request(request, world)
        if isinstance(checked, HttpResponse):
            return checked
        client, redirect_uri, scopes = checked
        action = request.POST.get("action") if request.method == "POST" else None
        if action in ("signin", "signout"):
            return _sign_in_or_out(request, world, client, action)
        user = _signed_in(request, world)
        if user is None:
            return _signin_page(request, client)
        return _consent(request, world, client, user, redirect_uri, scopes, action)


def _check_authorise_request(
    request: HttpRequest, world: World
) -> HttpResponse | tuple[Client, str, list[str]]:
    """Step 1: the client, its redirect URI, the response type and the scopes, or the page
    (unknown client, bad redirect URI) or redirect (any other error) that refuses them."""
    q = request.GET
    state = q.get("state")
    client = world.cloud.clients.get(q.get("client_id", ""))
    if client is None:
        return _error_page(
            request, _("Unknown client"), _("This application is not registered with Athom.")
        )
    redirect_uri = q.get("redirect_uri", "")
    if not world.cloud.redirect_uri_allowed(client, redirect_uri, server(request)):
        return _error_page(
            request,
            _("Invalid redirect URI"),
            _("The redirect_uri does not match any URI registered for this application."),
        )
    response_type = q.get("response_type") or q.get("authorization_type")
    if not response_type:
        return _redirect(
            redirect_uri,
            error="invalid_request",
            state=state,
            error_description="Missing parameter: response_type",
        )
    if response_type != "code":
        return _redirect(redirect_uri, error="unsupported_response_type", state=state)
    try:
        scopes = world.cloud.requested_scopes(client, q.get("scope") or q.get("scopes"))
    except OAuthError as exc:
        return _redirect(
            redirect_uri, error=exc.code, state=state, error_description=exc.description
        )
    return client, redirect_uri, scopes


def _sign_in_or_out(
    request: HttpRequest, world: World, client: Client, action: str
) -> HttpResponse:
    """Step 2: the sign-in form (sets the signed cookie) or "not you?" (drops it)."""
    response = HttpResponseRedirect(request.get_full_path())
    if action == "signout":
        response.delete_cookie(COOKIE, path=_cookie_path())
        return response
    user = world.cloud.check_password(
        request.POST.get("email", ""), request.POST.get("password", "")
    )
    if user is None:
        return _signin_page(request, client, _("Wrong email address or password."))
    response.set_cookie(
        COOKIE,
        signing.dumps(user.id, salt=_COOKIE_SALT),
        path=_cookie_path(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _consent(
    request: HttpRequest,
    world: World,
    client: Client,
    user: CloudUser,
    redirect_uri: str,
    scopes: list[str],
    action: str | None,
) -> HttpResponse:
    """Step 3: the consent page, then a redirect with a code (allow) or an error (deny)."""
    state = request.GET.get("state")
    homeys = world.homeys_of(user.id)
    if action == "deny":
        return _redirect(
            redirect_uri,
            error="access_denied",
            state=state,
            error_description="The user denied access",
        )
    if action == "allow":
        picked = [h.id for h in homeys if h.id in request.POST.getlist("homey")]
        if homeys and not picked:
            return _consent_page(
                request, client, user, homeys, scopes, set(), _("Choose at least one Homey.")
            )
        grant = world.cloud.new_grant(client, user, scopes, picked)
        code = world.cloud.issue_code(grant, redirect_uri, world.now())
        return _redirect(redirect_uri, code=code, state=state)
    return _consent_page(request, client, user, homeys, scopes, {h.id for h in homeys})


def _signin_page(request: HttpRequest, client: Client, error: str | None = None) -> HttpResponse:
    return render(
        request,
        "emulator/signin.html",
        {
            "client": client,
            "error": error,
            "action": request.get_full_path(),
            "email": request.POST.get("email", ""),
            "demo_accounts": _DEMO_ACCOUNTS,
            "demo_password": c.DEMO_PASSWORD,
        },
    )


def _consent_page(
    request: HttpRequest,
    client: Client,
    user: CloudUser,
    homeys: list,
    scopes: list[str],
    checked: set[str],
    error: str | None = None,
) -> HttpResponse:
    return render(
        request,
        "emulator/consent.html",
        {
            "client": client,
            "user": user,
            "scopes": scopes,
            "error": error,
            "homeys": [(h, h.id in checked, h.user_by_athom_id(user.id).role) for h in homeys],
            "action": request.get_full_path(),
        },
    )


# ------------------------------------------------------------------------ token endpoint


def _client_credentials(request: HttpRequest) -> tuple[str | None, str | None, bool]:
    """(client_id, secret, used_basic): HTTP Basic wins over form fields."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None, None, True
        client_id, sep, secret = decoded.partition(":")
        if not sep:
            return None, None, True
        return unquote(client_id), unquote(secret), True
    return request.POST.get("client_id"), request.POST.get("client_secret"), False


@csrf_exempt
@login_not_required
@require_POST
@cloud_route
def token(request: HttpRequest) -> HttpResponse:
    """``POST /oauth2/token``: authorization_code, refresh_token, password,
    client_credentials. RFC 6749 errors."""
    world = get_world()
    client_id, secret, used_basic = _client_credentials(request)
    form = request.POST
    with world.lock:
        try:
            try:
                client = world.cloud.authenticate_client(client_id, secret)
            except OAuthError as exc:
                headers = {"WWW_Authenticate": 'Basic realm="athom"'} if used_basic else {}
                return _oauth_error(exc, **headers)
            body = _grant(world, client, form)
        except OAuthError as exc:
            return _oauth_error(exc)
    response = json_response(body)
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def _required(form: Any, name: str) -> str:
    value = form.get(name)
    if not value:
        raise OAuthError("invalid_request", f"Missing parameter: {name}")
    return value


def _grant(world: World, client: Client, form: Any) -> dict[str, Any]:
    grant_type = _required(form, "grant_type")
    known = ("authorization_code", "refresh_token", "password", "client_credentials")
    if grant_type not in known:
        raise OAuthError(
            "unsupported_grant_type",
            f"Unsupported grant type: grant_type {grant_type} is not supported",
        )
    if grant_type not in client.grant_types:
        raise OAuthError(
            "unauthorized_client",
            f"Unauthorized client: {grant_type} is not allowed for this client",
        )
    cloud, now, lifetime = world.cloud, world.now(), world.config.access_token_seconds
    if grant_type == "authorization_code":
        code = _required(form, "code")
        grant = cloud.exchange_code(
            client, code, form.get("redirect_uri") or None, now, world.config.code_seconds
        )
        return cloud.issue_tokens(grant, now, lifetime)
    if grant_type == "refresh_token":
        refresh = _required(form, "refresh_token")
        rotate = world.config.rotate_refresh_tokens
        grant = cloud.use_refresh_token(client, refresh, rotate)
        body = cloud.issue_tokens(grant, now, lifetime, with_refresh=rotate)
        if not rotate:
            body["refresh_token"] = refresh
        return body
    if grant_type == "password":
        username = _required(form, "username")
        password = _required(form, "password")
        user = cloud.check_password(username, password)
        if user is None:
            raise OAuthError("invalid_grant", "Invalid grant: user credentials are invalid")
        scopes = cloud.requested_scopes(client, form.get("scope"))
        return cloud.issue_tokens(cloud.new_grant(client, user, scopes, None), now, lifetime)
    scopes = cloud.requested_scopes(client, form.get("scope"))
    grant = cloud.new_grant(client, None, scopes, [])
    return cloud.issue_tokens(grant, now, lifetime, with_refresh=False)


# ------------------------------------------------------------------------ user + delegation


def _authenticated(request: HttpRequest, world: World) -> tuple[Grant, CloudUser]:
    grant = world.cloud.grant_for_access_token(bearer(request), world.now())
    if grant.user_id is None:
        raise OAuthError(
            "insufficient_scope", "This token was issued to a client, not to a user", 403
        )
    return grant, world.cloud.users[grant.user_id]


@login_not_required
@require_GET
@cloud_route
def user_me(request: HttpRequest) -> HttpResponse:
    """``GET /user/me``: the user with the Homeys this grant may reach."""
    world = get_world()
    with world.lock:
        try:
            grant, user = _authenticated(request, world)
        except OAuthError as exc:
            return _oauth_error(exc)
        return json_response(user_json(request, world, user, grant))


def user_json(request: HttpRequest, world: World, user: CloudUser, grant: Grant) -> dict:
    avatar = {
        size: absolute(request, "avatar", user.id) + f"?size={size}"
        for size in ("small", "medium", "large")
    }
    return {
        "_id": user.id,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "fullname": user.fullname,
        "email": user.email,
        "language": user.language,
        "avatar": avatar,
        "roleIds": ["regular"],
        "roles": [
            {
                "_id": "regular",
                "name": "Regular user",
                "scopes": ["account.homeys", "account.user", "homey"],
            }
        ],
        "otpEnabled": False,
        "devices": [],
        "homeys": [
            homey_json(request, world, h, user.id)
            for h in world.homeys_of(user.id, grant.homey_ids)
        ],
    }


def homey_json(request: HttpRequest, world: World, homey: Any, user_id: str) -> dict:
    offline = world.faults.homey(homey.id).offline or homey.rebooting(world.now())
    return {
        "_id": homey.id,
        "id": homey.id,
        "name": homey.name,
        "role": homey.user_by_athom_id(user_id).role,
        "language": homey.language,
        "apiVersion": homey.api_version,
        "platform": homey.platform,
        "platformVersion": homey.platform_version,
        "softwareVersion": homey.software_version,
        "model": homey.model_id,
        "modelName": homey.model_name,
        "region": "eu",
        "state": "offline" if offline else "online",
        "stateSince": iso(homey.state_since),
        **_addresses(request, homey),
        "users": [{"id": u.athom_id, "role": u.role} for u in homey.users.values()],
        "apps": [],
    }


def _addresses(request: HttpRequest, homey: Any) -> dict[str, str | None]:
    """The four address fields (loopback forms, see :mod:`emulator.network`)."""
    if homey.layout == "legacy":
        local = absolute(request, "homey-root", homey.id).rstrip("/")
        return {
            "remoteUrl": absolute(request, "relay-root", homey.id).rstrip("/"),
            "remoteUrlForwarded": None,
            "localUrl": local,
            "localUrlSecure": local,
        }
    found: dict[str, str | None] = dict.fromkeys(network.FIELDS)
    for address in network.addresses(homey):
        found[address.field] = f"{server(request)}/emulator/{address.path}"
    return found


@csrf_exempt
@login_not_required
@require_POST
@cloud_route
def delegation_token(request: HttpRequest) -> HttpResponse:
    """``POST /delegation/token?audience=homey`` → a bare JSON string (RS512 JWT)."""
    world = get_world()
    audience = request.GET.get("audience") or "homey"
    with world.lock:
        try:
            grant, user = _authenticated(request, world)
        except OAuthError as exc:
            return _oauth_error(exc)
        if audience != "homey":
            return _oauth_error(OAuthError("invalid_request", f"Unknown audience: {audience}"))
        now = world.now()
        client = world.cloud.clients.get(grant.client_id)
        claims = {
            "iss": absolute(request, "authorise").rsplit("/oauth2/", 1)[0],
            "aud": audience,
            "sub": user.id,
            "type": "delegation",
            "client_id": grant.client_id,
            "client_name": client.name if client else None,
            "scopes": grant.scopes,
            "homeys": [h.id for h in world.homeys_of(user.id, grant.homey_ids)],
            "iat": int(now),
            "exp": int(now) + world.config.delegation_seconds,
            "jti": secrets.token_hex(12),
        }
    return json_response(jwt.encode(claims))


@login_not_required
@require_GET
@cloud_route
def delegation_key(request: HttpRequest) -> HttpResponse:
    """``GET /delegation/key`` → the RS512 public key (PEM) as a JSON string."""
    return json_response(jwt.public_key_pem())


@login_not_required
@require_GET
def avatar(request: HttpRequest, user_id: str) -> HttpResponse:
    """A tiny SVG avatar with the user's initial (so ``avatar`` URLs resolve)."""
    world = get_world()
    with world.lock:
        user = world.cloud.users.get(user_id)
        letter = escape(user.firstname[:1]) if user else "?"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        '<circle cx="32" cy="32" r="32" fill="#00a0dc"/><text x="32" y="42" font-size="28" '
        f'text-anchor="middle" fill="#fff" font-family="sans-serif">{letter}</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")


STYLESHEET = Path(__file__).resolve().parent / "assets" / "athom.css"


@login_not_required
@require_GET
def stylesheet(request: HttpRequest) -> HttpResponse:
    """The sign-in and consent pages' styles (served here: the emulator may run alone)."""
    return HttpResponse(STYLESHEET.read_bytes(), content_type="text/css; charset=utf-8")
