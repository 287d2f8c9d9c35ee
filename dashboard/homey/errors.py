"""The errors views catch by name. Nothing outside ``dashboard.homey`` sees ``requests``.

HomeyError
├── SignInRequired       the person must sign in with Homey again (refresh token revoked/expired)
│   └── ClientRefused    Athom refused homeydash's own client (``invalid_client``): configuration
├── AuthorizationFailed  the OAuth code exchange was refused (expired or reused code, bad client)
├── AccessDenied         the Homey refused for lack of rights (403: scope or role)
├── InvalidApiKey        a local API key was refused (401 on a PAT)
├── NotFound             the device, variable or flow does not exist (404)
├── InvalidValue         a value the capability or variable refuses (our check or a Homey 400)
│   ├── NotSetable       the capability cannot be set at all (our check)
│   └── OutOfRange       below its minimum, above its maximum, off its step, not an enum id
├── Unavailable          cannot reach or use the cloud or the Homey right now (retryable)
│   ├── CloudUnavailable timeout, connection error or 5xx from Athom's cloud
│   └── HomeyOffline     timeout, connection error or 5xx from the Homey or its relay
│       └── RateLimited  429: the Homey or its relay asks us to wait ``retry_after`` seconds
├── UnexpectedResponse   an answer we do not understand
└── TokenRejected        a 401 to an access or session token: renew and retry once (internal)
"""

from __future__ import annotations


class HomeyError(Exception):
    """Base class. ``str(error)`` never contains a token: messages are written by us."""

    def __init__(self, message: str = "", *, status: int | None = None) -> None:
        super().__init__(message or self.__class__.__name__)
        self.status = status


class SignInRequired(HomeyError):
    pass


class ClientRefused(SignInRequired):
    """Athom refused the server's client id or secret: nobody's refresh works until it is fixed."""


class AuthorizationFailed(HomeyError):
    def __init__(self, message: str = "", *, code: str = "", status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.code = code


class AccessDenied(HomeyError):
    pass


class InvalidApiKey(HomeyError):
    pass


class NotFound(HomeyError):
    pass


class InvalidValue(HomeyError):
    pass


class NotSetable(InvalidValue):
    pass


class OutOfRange(InvalidValue):
    pass


class Unavailable(HomeyError):
    pass


class CloudUnavailable(Unavailable):
    pass


class HomeyOffline(Unavailable):
    """``status`` is None when nothing answered (timeout, refused): the address is in doubt.
    With a status (5xx) something answered at the address, so it still works."""


class RateLimited(HomeyOffline):
    def __init__(self, message: str = "", *, retry_after: float, status: int = 429) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class UnexpectedResponse(HomeyError):
    pass


class TokenRejected(HomeyError):
    """A bearer token was refused (401): renew it and retry once. Views never see this."""
