"""homeydash's JSON API for programs: ``/api/v1/``, with its OpenAPI document and docs page.

Built with django-ninja (see README "API" for why). Every operation but the document and the
docs page needs an API token (``dashboard/api_tokens.py``); reads come from the household's
shared snapshot, so a program polling every second costs the Homey nothing more; every error
answers as ``{"code", "message"}`` (``problems.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path, reverse
from ninja import NinjaAPI

from dashboard.api import problems
from dashboard.api.endpoints import router
from dashboard.api.security import TokenAuth

api = NinjaAPI(
    title="homeydash API",
    version="1",
    description=(
        "Your Homey's devices, Logic variables, flows and Insights, for scripts and displays. "
        "Make a token on homeydash's Account page and send it as `Authorization: Bearer hd_…`. "
        'Errors answer as `{"code": …, "message": …}` with a stable code.'
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
)
problems.install(api)
api.add_router("/", router)


def _not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problems.answer("not_found")


def _index(request: HttpRequest, **kwargs) -> HttpResponse:
    """``/api/v1/``: where the document and the docs are."""
    return JsonResponse(
        {
            "openapi": reverse("api-v1:openapi-json"),
            "docs": reverse("api-v1:openapi-view"),
        }
    )


def _json_refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """django-ninja answers a method an address does not take with a plain-text 405: answer it
    as every other error, keeping its ``Allow`` header."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            response = problems.answer("method_not_allowed")
            response["Allow"] = allowed
        return response

    return login_not_required(wrapper)


def urlpatterns() -> tuple[list[URLPattern | URLResolver], str]:
    """The API's URLs under ``api/v1/``: open to programs without a session (the token is their
    sign-in), and a JSON 404 for any other address under the prefix."""
    patterns, app_name, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name == "api-root":
                pattern.callback = _index
            pattern.callback = _json_refusals(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", _json_refusals(_not_found))], app_name
