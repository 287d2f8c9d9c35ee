"""The emulated Athom cloud: OAuth clients, accounts, codes, tokens and grants.

Times are emulator-clock epoch seconds. Callers hold the world lock. ``cloud_views`` maps
:class:`OAuthError` to RFC 6749 JSON bodies.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from emulator import constants as c
from emulator.scopes import covers


class OAuthError(Exception):
    """An RFC 6749 error: ``{"error": code, "error_description": description}``."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.status = status


@dataclass
class Client:
    """A registered Web API client. ``serve_host_callback`` also accepts
    ``<server>/oauth/callback`` for whatever host the emulator is served on."""

    id: str
    secret: str
    name: str
    redirect_uris: list[str]
    scopes: list[str]
    grant_types: tuple[str, ...] = (
        "authorization_code",
        "refresh_token",
        "password",
        "client_credentials",
    )
    serve_host_callback: bool = False


@dataclass
class CloudUser:
    id: str
    email: str
    firstname: str
    lastname: str
    password: str = c.DEMO_PASSWORD
    language: str = "en"

    @property
    def fullname(self) -> str:
        return f"{self.firstname} {self.lastname}"


@dataclass
class Grant:
    """What one sign-in allowed: a client, a user (None for client_credentials), the scopes
    and the Homeys picked on the consent page."""

    id: str
    client_id: str
    user_id: str | None
    scopes: list[str]
    homey_ids: list[str] | None  # None: every Homey the user has


@dataclass
class Code:
    grant_id: str
    redirect_uri: str
    created_at: float
    used: bool = False


@dataclass
class AccessToken:
    grant_id: str
    expires_at: float


@dataclass
class RefreshToken:
    grant_id: str
    created_at: float
    revoked: str | None = None  # why it no longer works: "rotated" | "revoked"


@dataclass
class Cloud:
    """All cloud-side state. ``clients`` and ``users`` are keyed by id."""

    clients: dict[str, Client] = field(default_factory=dict)
    users: dict[str, CloudUser] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)
    codes: dict[str, Code] = field(default_factory=dict)
    access_tokens: dict[str, AccessToken] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)

    # -- registry ------------------------------------------------------------------------

    def register_client(
        self,
        client_id: str,
        secret: str,
        name: str,
        redirect_uris: list[str],
        scopes: list[str] | None = None,
        **extra: Any,
    ) -> Client:
        """Register (or replace) an OAuth client."""
        client = Client(
            client_id,
            secret,
            name,
            list(redirect_uris),
            list(scopes or c.DEMO_CLIENT_SCOPES),
            **extra,
        )
        self.clients[client_id] = client
        return client

    def user_by_email(self, email: str) -> CloudUser | None:
        email = email.strip().lower()
        return next((u for u in self.users.values() if u.email == email), None)

    def find_user(self, email_or_id: str) -> CloudUser:
        user = self.users.get(email_or_id) or self.user_by_email(email_or_id)
        if user is None:
            raise KeyError(f"No such Athom user: {email_or_id}")
        return user

    def check_password(self, email: str, password: str) -> CloudUser | None:
        user = self.user_by_email(email)
        if user is None or not secrets.compare_digest(user.password, password):
            return None
        return user

    def redirect_uri_allowed(self, client: Client, redirect_uri: str, server: str) -> bool:
        if redirect_uri in client.redirect_uris:
            return True
        return client.serve_host_callback and redirect_uri == f"{server}/oauth/callback"

    def authenticate_client(self, client_id: str | None, secret: str | None) -> Client:
        client = self.clients.get(client_id or "")
        if client is None or not secrets.compare_digest(client.secret, secret or ""):
            raise OAuthError("invalid_client", "Invalid client: client is invalid", 401)
        return client

    # -- scopes ----------------------------------------------------------------------------

    @staticmethod
    def requested_scopes(client: Client, raw: str | None) -> list[str]:
        """The scopes asked for (``,`` or space separated), checked against the client's
        registration; the client's scopes when none are asked for."""
        if not raw or not raw.strip():
            return list(client.scopes)
        asked = [s for s in raw.replace(",", " ").split() if s]
        refused = [s for s in asked if not any(covers(g, s) for g in client.scopes)]
        if refused:
            raise OAuthError("invalid_scope", "Invalid scope: " + ", ".join(refused))
        return asked

    # -- grants and tokens -----------------------------------------------------------------

    def new_grant(
        self, client: Client, user: CloudUser | None, scopes: list[str], homey_ids: list[str] | None
    ) -> Grant:
        grant = Grant(
            secrets.token_hex(12),
            client.id,
            user.id if user else None,
            list(scopes),
            None if homey_ids is None else list(homey_ids),
        )
        self.grants[grant.id] = grant
        return grant

    def issue_code(self, grant: Grant, redirect_uri: str, now: float) -> str:
        code = secrets.token_hex(20)
        self.codes[code] = Code(grant.id, redirect_uri, now)
        return code

    def issue_tokens(
        self, grant: Grant, now: float, lifetime: float, with_refresh: bool = True
    ) -> dict[str, Any]:
        access = secrets.token_hex(20)
        self.access_tokens[access] = AccessToken(grant.id, now + lifetime)
        body: dict[str, Any] = {"token_type": "bearer", "access_token": access}
        if with_refresh:
            refresh = secrets.token_hex(20)
            self.refresh_tokens[refresh] = RefreshToken(grant.id, now)
            body["refresh_token"] = refresh
        body["expires_in"] = int(lifetime)
        return body

    def exchange_code(
        self, client: Client, code: str, redirect_uri: str | None, now: float, code_lifetime: float
    ) -> Grant:
        entry = self.codes.get(code)
        if entry is None:
            raise OAuthError("invalid_grant", "Invalid grant: authorization code is invalid")
        grant = self.grants[entry.grant_id]
        if grant.client_id != client.id:
            raise OAuthError("invalid_grant", "Invalid grant: authorization code is invalid")
        if entry.used:
            raise OAuthError(
                "invalid_grant", "Invalid grant: authorization code has already been used"
            )
        if now - entry.created_at > code_lifetime:
            raise OAuthError("invalid_grant", "Invalid grant: authorization code has expired")
        if redirect_uri is not None and redirect_uri != entry.redirect_uri:
            raise OAuthError("invalid_grant", "Invalid grant: redirect_uri does not match")
        entry.used = True
        return grant

    def use_refresh_token(self, client: Client, token: str, rotate: bool) -> Grant:
        entry = self.refresh_tokens.get(token)
        grant = self.grants.get(entry.grant_id) if entry else None
        if entry is None or grant is None or grant.client_id != client.id:
            raise OAuthError("invalid_grant", "Invalid grant: refresh token is invalid")
        if entry.revoked:
            raise OAuthError("invalid_grant", f"Invalid grant: refresh token was {entry.revoked}")
        if rotate:
            entry.revoked = "rotated"
        return grant

    def revoke_refresh_tokens(self, user: str) -> int:
        """Revoke every refresh token of a user (email or Athom id); returns how many."""
        user_id = self.find_user(user).id
        count = 0
        for entry in self.refresh_tokens.values():
            if not entry.revoked and self.grants[entry.grant_id].user_id == user_id:
                entry.revoked = "revoked"
                count += 1
        return count

    def grant_for_access_token(self, token: str | None, now: float) -> Grant:
        if not token:
            raise OAuthError("invalid_request", "Missing access token", 401)
        entry = self.access_tokens.get(token)
        if entry is None:
            raise OAuthError("invalid_token", "Invalid token: access token is invalid", 401)
        if now >= entry.expires_at:
            raise OAuthError("invalid_token", "Invalid token: access token has expired", 401)
        return self.grants[entry.grant_id]


def demo_cloud() -> Cloud:
    """The demo accounts and the demo client."""
    cloud = Cloud()
    for user in (
        CloudUser(c.ALICE_ID, c.ALICE_EMAIL, "Alice", "Jansen"),
        CloudUser(c.BOB_ID, c.BOB_EMAIL, "Bob", "Jansen"),
        CloudUser(c.CHARLIE_ID, c.CHARLIE_EMAIL, "Charlie", "de Boer", language="nl"),
        CloudUser(c.DAVE_ID, c.DAVE_EMAIL, "Dave", "Visser"),
        CloudUser(c.ERIN_ID, c.ERIN_EMAIL, "Erin", "Bakker"),
        CloudUser(c.FRANK_ID, c.FRANK_EMAIL, "Frank", "Smit"),
    ):
        cloud.users[user.id] = user
    cloud.register_client(
        c.DEMO_CLIENT_ID,
        c.DEMO_CLIENT_SECRET,
        c.DEMO_CLIENT_NAME,
        list(c.DEMO_REDIRECT_URIS),
        list(c.DEMO_CLIENT_SCOPES),
        serve_host_callback=True,
    )
    return cloud
