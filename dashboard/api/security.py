"""The API's bearer token check, run on every request before the operation."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from dashboard import api_tokens
from dashboard.access import Viewer
from dashboard.api.problems import ApiProblem
from dashboard.models import ApiToken


@dataclass
class Caller:
    """Who is asking: the token, its person as a viewer of the token's household, and
    whether it may control now."""

    token: ApiToken
    viewer: Viewer
    may_control: bool


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Caller | None:
        """``Authorization: Bearer <token>``; anything else is no token. (django-ninja's own
        parser logs a malformed header whole in DEBUG, which may be a token: never here.)"""
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        try:
            row = api_tokens.find_token(token.strip())
        except api_tokens.TokenRefused:
            return None  # → invalid_token
        wait = api_tokens.over_limit(row)
        if wait:
            raise ApiProblem("rate_limited", retry_after=wait)
        api_tokens.note_use(row)
        try:
            viewer = api_tokens.viewer_for_token(row)
        except api_tokens.NoAccess:
            raise ApiProblem("forbidden", _no_access()) from None
        except api_tokens.SignInNeeded:
            raise ApiProblem("signin_required") from None
        return Caller(row, viewer, api_tokens.may_control(row, viewer))


def _no_access() -> str:
    return _("The token's owner no longer reaches this Homey.")
