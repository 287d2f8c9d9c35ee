"""Athom's cloud (``AthomCloudAPI.json``): OAuth2, ``/user/me`` and delegation tokens.

Authlib's ``OAuth2Session`` does the OAuth2 protocol (authorise URL, code exchange, refresh,
client authentication with a Basic header). This module only maps its answers and failures
onto ``dashboard.homey.errors`` and the dataclasses in ``dashboard.homey.types``.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError

from dashboard.homey.errors import (
    AuthorizationFailed,
    ClientRefused,
    CloudUnavailable,
    SignInRequired,
    TokenRejected,
    UnexpectedResponse,
)
from dashboard.homey.types import AthomUser, TokenSet

log = logging.getLogger(__name__)


class AthomCloud:
    """One client per use; ``base_url`` is e.g. ``https://api.athom.com``."""

    def __init__(
        self, *, base_url: str, client_id: str, client_secret: str, timeout: float = 10
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = OAuth2Session(
            client_id,
            client_secret,
            token_endpoint_auth_method="client_secret_basic",
            default_timeout=timeout,
        )
        # A 429 from the token endpoint is a pause, not a refusal, even with an OAuth body.
        self.session.register_compliance_hook("access_token_response", _transient_is_http_error)
        self.session.register_compliance_hook("refresh_token_response", _transient_is_http_error)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> AthomCloud:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # OAuth2 -----------------------------------------------------------------------------

    def authorization_url(self, *, redirect_uri: str, state: str) -> str:
        """Where the browser goes to sign in and choose Homeys (``/oauth2/authorise``)."""
        url, _state = self.session.create_authorization_url(
            f"{self.base_url}/oauth2/authorise", state=state, redirect_uri=redirect_uri
        )
        return url

    def exchange_code(self, *, code: str, redirect_uri: str) -> TokenSet:
        """``POST /oauth2/token`` with ``grant_type=authorization_code``.

        Codes die after about 30 seconds and work once: a refusal is ``AuthorizationFailed``
        with ``code`` set to the OAuth error (``invalid_grant`` for an old or used code).
        """
        try:
            token = self.session.fetch_token(
                f"{self.base_url}/oauth2/token",
                grant_type="authorization_code",
                code=code,
                redirect_uri=redirect_uri,
            )
        except OAuthError as error:
            raise AuthorizationFailed(
                error.description or error.error, code=error.error or ""
            ) from None
        except (requests.RequestException, ValueError) as error:
            raise _cloud_failure(error) from None
        return TokenSet.from_json(token)

    def refresh(self, refresh_token: str) -> TokenSet:
        """``POST /oauth2/token`` with ``grant_type=refresh_token``.

        The answer may carry a new refresh token (rotation); the caller must store it.
        Any refusal (an OAuth error answer) means the person has to sign in again: only a
        network failure, a 5xx or a 429 is worth retrying (``CloudUnavailable``). A refusal of
        homeydash's own client (``invalid_client``) is ``ClientRefused``: a configuration
        problem for whoever runs the server, and for the person a new sign-in all the same.
        """
        try:
            token = self.session.refresh_token(
                f"{self.base_url}/oauth2/token", refresh_token=refresh_token
            )
        except OAuthError as error:
            if error.error == "invalid_client":
                raise ClientRefused("Athom refused homeydash's client id or secret") from None
            raise SignInRequired(
                f"the refresh token was refused ({error.error or 'no reason given'})"
            ) from None
        except (requests.RequestException, ValueError) as error:
            raise _cloud_failure(error) from None
        tokens = TokenSet.from_json(token)
        if not tokens.refresh_token:
            tokens = TokenSet(tokens.access_token, refresh_token, tokens.expires_in)
        return tokens

    # API --------------------------------------------------------------------------------

    def get_authenticated_user(self, access_token: str) -> AthomUser:
        """``GET /user/me``: the person and every Homey this client may reach."""
        return AthomUser.from_json(self._call("GET", "/user/me", access_token))

    def create_delegation_token(self, access_token: str, audience: str = "homey") -> str:
        """``POST /delegation/token?audience=homey``: a short JWT a Homey accepts at login."""
        body = self._call(
            "POST", "/delegation/token", access_token, params={"audience": audience}, json={}
        )
        if isinstance(body, dict):
            body = body.get("token")
        if not isinstance(body, str) or not body:
            raise UnexpectedResponse("delegation answer without a token")
        return body

    def _call(self, method: str, path: str, access_token: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        try:
            response = self.session.request(
                method,
                f"{self.base_url}{path}",
                headers=headers,
                withhold_token=True,
                timeout=self.timeout,
                **kwargs,
            )
        except requests.RequestException as error:
            raise _cloud_failure(error) from None
        if response.status_code == 401:
            raise TokenRejected("the cloud refused the access token", status=401)
        if response.status_code >= 500 or response.status_code == 429:
            raise CloudUnavailable(
                f"Athom's cloud answered {response.status_code}", status=response.status_code
            )
        if response.status_code >= 400:
            raise UnexpectedResponse(
                f"Athom's cloud answered {response.status_code}", status=response.status_code
            )
        try:
            return response.json()
        except ValueError:
            text = response.text.strip()
            if text:
                return text
            raise UnexpectedResponse("Athom's cloud answered something that is not JSON") from None


def _transient_is_http_error(response: requests.Response) -> requests.Response:
    if response.status_code == 429 or response.status_code >= 500:
        response.raise_for_status()
    return response


def _cloud_failure(error: Exception) -> CloudUnavailable:
    if isinstance(error, requests.Timeout):
        return CloudUnavailable("Athom's cloud did not answer in time")
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return CloudUnavailable(
            f"Athom's cloud answered {error.response.status_code}",
            status=error.response.status_code,
        )
    return CloudUnavailable("Athom's cloud cannot be reached")
