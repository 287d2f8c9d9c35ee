"""The API's errors: a stable ``code`` a program can branch on and a ``message`` for people.

Every failure of an ``/api/v1/`` request ends here as JSON, ``{"code": ..., "message": ...}``
(the message in the request's language, from Accept-Language), never as an HTML page or a 500.
The codes are part of the API and listed in the README; the sentences may be reworded.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dashboard.homey.errors import (
    AccessDenied,
    HomeyError,
    InvalidApiKey,
    InvalidValue,
    NotFound,
    RateLimited,
    SignInRequired,
    Unavailable,
)

log = logging.getLogger(__name__)

# code → (HTTP status, the sentence when the error brings none of its own)
PROBLEMS = {
    "invalid_token": (401, gettext_lazy("Send a valid API token: Authorization: Bearer hd_…")),
    "forbidden": (403, gettext_lazy("This token may not do this.")),
    "signin_required": (
        403,
        gettext_lazy("The token's owner has to sign in to homeydash with Homey again."),
    ),
    "not_found": (404, gettext_lazy("There is no such thing on this Homey.")),
    "method_not_allowed": (405, gettext_lazy("This address does not take this method.")),
    "confirmation_required": (
        409,
        gettext_lazy('This changes a lock or an alarm: send it again with "confirm": true.'),
    ),
    "device_unavailable": (409, gettext_lazy("The device is unavailable; nothing was sent.")),
    "device_not_ready": (409, gettext_lazy("The device is starting up; nothing was sent.")),
    "flow_disabled": (409, gettext_lazy("This flow is turned off.")),
    "flow_not_triggerable": (409, gettext_lazy("This flow cannot be started by hand.")),
    "invalid_request": (422, gettext_lazy("The request is not what this operation takes.")),
    "invalid_value": (422, gettext_lazy("This value cannot be used here.")),
    "not_setable": (422, gettext_lazy("This capability cannot be changed.")),
    "out_of_range": (422, gettext_lazy("This value is outside what the capability takes.")),
    "refused": (422, gettext_lazy("The Homey refused this.")),
    "rate_limited": (429, gettext_lazy("Too many requests with this token; wait and try again.")),
    "homey_error": (502, gettext_lazy("The Homey answered something homeydash cannot read.")),
    "homey_offline": (503, gettext_lazy("The Homey cannot be reached right now.")),
    "homey_busy": (503, gettext_lazy("The Homey asked homeydash to wait; nothing changed.")),
    "stale": (
        503,
        gettext_lazy("The Homey has not answered for longer than you allowed (max_stale)."),
    ),
    "internal_error": (500, gettext_lazy("Something went wrong in homeydash.")),
}


class Problem(Schema):
    """What every error answer carries."""

    code: str
    message: str


class ApiProblem(Exception):
    """Raised by the API's operations: answered as ``{"code", "message"}`` with its status."""

    def __init__(self, code: str, message: str = "", *, retry_after: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.retry_after = retry_after

    @property
    def status(self) -> int:
        return PROBLEMS[self.code][0]


def answer(code: str, message: str = "", *, retry_after: int | None = None) -> HttpResponse:
    status, default = PROBLEMS[code]
    response = JsonResponse({"code": code, "message": message or str(default)}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="homeydash"'
    return response


def from_homey(error: HomeyError) -> ApiProblem:
    """A Homey's refusal or absence, as the API says it."""
    if isinstance(error, RateLimited):
        return ApiProblem("homey_busy", retry_after=max(1, round(error.retry_after)))
    if isinstance(error, Unavailable):
        return ApiProblem("homey_offline")
    if isinstance(error, SignInRequired):
        return ApiProblem("signin_required")
    if isinstance(error, InvalidApiKey):
        return ApiProblem(
            "forbidden",
            _("The Homey refused the stored API key; connect it again on the Account page."),
        )
    if isinstance(error, AccessDenied):
        return ApiProblem("forbidden", _("The Homey does not allow this to the token's owner."))
    if isinstance(error, NotFound):
        return ApiProblem("not_found")
    if isinstance(error, InvalidValue):
        return ApiProblem("refused", _("The Homey refused: %(reason)s") % {"reason": str(error)})
    return ApiProblem("homey_error")


def install(api: NinjaAPI) -> None:
    """Replace django-ninja's default handlers: every error answers as a ``Problem``."""

    def on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return answer(exc.code, exc.message, retry_after=exc.retry_after)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        where = []
        for error in exc.errors[:3]:
            location = ".".join(str(part) for part in error.get("loc", ()))
            where.append(f"{location}: {error.get('msg', '')}".strip(": "))
        message = _("The request is not what this operation takes: %(where)s") % {
            "where": "; ".join(where)
        }
        return answer("invalid_request", message)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return answer("invalid_token")

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {401: "invalid_token", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
        return answer(code.get(exc.status_code, "invalid_request"))

    def on_homey(request: HttpRequest, exc: HomeyError) -> HttpResponse:
        problem = from_homey(exc)
        return answer(problem.code, problem.message, retry_after=problem.retry_after)

    def on_anything(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API request failed: %s %s", request.method, request.path)
        return answer("internal_error")

    # django-ninja annotates a handler's ``exc`` as ``Exc | type[Exc]``; it passes the instance.
    api.add_exception_handler(ApiProblem, on_problem)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, on_validation)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, on_auth)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http)  # type: ignore[arg-type]
    api.add_exception_handler(HomeyError, on_homey)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, lambda request, exc: answer("not_found"))
    api.add_exception_handler(PermissionDenied, lambda request, exc: answer("forbidden"))
    api.add_exception_handler(Exception, on_anything)  # type: ignore[arg-type]
