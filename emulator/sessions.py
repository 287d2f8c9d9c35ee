"""Who may do what on a Homey: its users, login sessions and API keys (PATs).

:class:`SessionRules` is mixed into :class:`emulator.homey.Homey`; it reads ``self.users``
and ``self.sessions``. Callers hold the world lock.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from emulator import scopes as scope_rules
from emulator.items import HomeyError, iso


def new_token() -> str:
    """A session token / API key: three colon-separated parts, like a Homey's."""
    return f"{uuid.uuid4()}:{uuid.uuid4()}:{secrets.token_hex(20)}"


@dataclass
class HomeyUser:
    """A user on this Homey: the Homey-local uuid, the Athom id and the role."""

    id: str
    athom_id: str
    name: str
    role: str
    avatar: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "athomId": self.athom_id,
            "avatar": self.avatar,
            "enabled": True,
            "enabledUntil": None,
            "present": True,
            "asleep": False,
            "verified": True,
            "inviteUrl": None,
            "localUsername": None,
            "properties": {},
        }


@dataclass
class Session:
    """A login session (``OAUTH``) or an API key (``PAT``) on this Homey."""

    id: str
    token: str
    type: str  # OAUTH | PAT
    user_id: str  # HomeyUser.id
    scopes: list[str]
    created_at: float
    expires_at: float | None = None
    client_id: str | None = None
    client_name: str | None = None
    name: str | None = None  # PATs only


class SessionRules:
    """Users, sessions, scopes and API keys of one Homey."""

    users: dict[str, HomeyUser]
    sessions: dict[str, Session]

    # -- users, sessions, scopes ------------------------------------------------------

    def user_by_athom_id(self, athom_id: str) -> HomeyUser | None:
        return next((u for u in self.users.values() if u.athom_id == athom_id), None)

    def set_role(self, athom_id: str, name: str, role: str) -> HomeyUser:
        """Give ``athom_id`` ``role`` here (adding the user if needed; role None removes)."""
        user = self.user_by_athom_id(athom_id)
        if user is None:
            user = HomeyUser(id=str(uuid.uuid4()), athom_id=athom_id, name=name, role=role)
            self.users[user.id] = user
        user.role = role
        return user

    def remove_user(self, athom_id: str) -> None:
        user = self.user_by_athom_id(athom_id)
        if user is not None:
            del self.users[user.id]

    def login(
        self,
        athom_id: str,
        scopes: list[str],
        now: float,
        lifetime: float,
        client_id: str | None,
        client_name: str | None,
    ) -> str:
        user = self.user_by_athom_id(athom_id)
        if user is None:
            raise HomeyError(401, "Not A User", "This account is not a user of this Homey")
        token = new_token()
        self.sessions[token] = Session(
            id=str(uuid.uuid4()),
            token=token,
            type="OAUTH",
            user_id=user.id,
            scopes=list(scopes),
            created_at=now,
            expires_at=now + lifetime,
            client_id=client_id,
            client_name=client_name,
        )
        return token

    def authenticate(self, token: str | None, now: float) -> Session:
        """The live session for a bearer token, or 401."""
        if not token:
            raise HomeyError(401, "Invalid Session", "Missing Authorization header")
        session = self.sessions.get(token)
        if session is None:
            raise HomeyError(401, "Invalid Session", "Unknown or revoked session token")
        if session.expires_at is not None and now >= session.expires_at:
            del self.sessions[token]
            raise HomeyError(401, "Invalid Session", "Session expired")
        if session.user_id not in self.users:
            raise HomeyError(401, "Invalid Session", "The user was removed from this Homey")
        return session

    def intersected_scopes(self, session: Session) -> list[str]:
        role = self.users[session.user_id].role
        return scope_rules.intersect(session.scopes, scope_rules.role_scopes(role))

    def require(self, session: Session, required: tuple[str, ...]) -> None:
        """403 ``Missing Scopes`` unless the session holds one of ``required``."""
        if required and not scope_rules.allows(self.intersected_scopes(session), required):
            raise HomeyError(403, "Missing Scopes", "Missing Scopes: " + ", ".join(required))

    def expire_sessions(self) -> int:
        """Drop every login session (API keys stay valid). Returns how many went."""
        gone = [t for t, s in self.sessions.items() if s.type != "PAT"]
        for token in gone:
            del self.sessions[token]
        return len(gone)

    def session_json(self, session: Session) -> dict[str, Any]:
        user = self.users[session.user_id]
        return {
            "id": session.id,
            "type": session.type,
            "userId": user.id,
            "userName": user.name,
            "userAthomId": user.athom_id,
            "clientId": session.client_id,
            "clientName": session.client_name,
            "scopes": session.scopes,
            "intersectedScopes": self.intersected_scopes(session),
            "createdAt": iso(session.created_at),
            "expiresAt": iso(session.expires_at),
        }

    # -- API keys -----------------------------------------------------------------------

    def _require_owner_login(self, session: Session) -> None:
        if session.type == "PAT":
            raise HomeyError(
                403, "Invalid Session Type", "API keys cannot manage API keys; sign in as the owner"
            )
        if self.users[session.user_id].role != "owner":
            raise HomeyError(403, "Must Be Owner", "Only the owner of this Homey can do this")

    def list_pats(self, session: Session) -> dict[str, dict[str, Any]]:
        self._require_owner_login(session)
        return {
            s.id: self.pat_json(s)
            for s in self.sessions.values()
            if s.type == "PAT" and s.user_id == session.user_id
        }

    def create_pat(
        self,
        session: Session,
        name: Any,
        scopes: Any,
        now: float,
        token: str | None = None,
        pat_id: str | None = None,
    ) -> dict[str, Any]:
        self._require_owner_login(session)
        if not isinstance(name, str) or not name.strip():
            raise HomeyError(400, "Missing Parameter: name")
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise HomeyError(400, "Invalid Parameter: scopes", "scopes must be an array of strings")
        unknown = [s for s in scopes if not scope_rules.is_known(s)]
        if unknown:
            raise HomeyError(400, "Invalid Scope", "Unknown scopes: " + ", ".join(unknown))
        pat = self.add_pat(session.user_id, name.strip(), scopes, now, token=token, pat_id=pat_id)
        return {**self.pat_json(pat), "token": pat.token}

    def add_pat(
        self,
        user_id: str,
        name: str,
        scopes: list[str],
        now: float,
        token: str | None = None,
        pat_id: str | None = None,
    ) -> Session:
        pat = Session(
            id=pat_id or str(uuid.uuid4()),
            token=token or new_token(),
            type="PAT",
            user_id=user_id,
            scopes=list(scopes),
            created_at=now,
            name=name,
        )
        self.sessions[pat.token] = pat
        return pat

    def delete_pat(self, session: Session, pat_id: str) -> None:
        self._require_owner_login(session)
        for token, s in list(self.sessions.items()):
            if s.type == "PAT" and s.id == pat_id and s.user_id == session.user_id:
                del self.sessions[token]
                return
        raise HomeyError(404, f"Not Found: PersonalAccessToken with ID {pat_id}")

    @staticmethod
    def pat_json(pat: Session) -> dict[str, Any]:
        return {
            "id": pat.id,
            "name": pat.name,
            "scopes": pat.scopes,
            "createdAt": iso(pat.created_at),
        }
