"""Checking a Homey Pro at a local address with an API key, before it is connected.

What the Homey says here (its id, the key's user) is only a claim: ``accounts.connect_local``
decides what it may be used for.
"""

from __future__ import annotations

from typing import TypedDict

from django.views.decorators.debug import sensitive_variables

from dashboard.connection import homey_client, local_address
from dashboard.homey.errors import AccessDenied
from dashboard.homey.types import HomeyUser, Session


class Found(TypedDict):
    """What the check learnt, as ``accounts.connect_local`` takes it."""

    homey_id: str
    name: str
    timezone_name: str
    session: Session
    homey_user: HomeyUser | None


@sensitive_variables("api_key")
def check_local(url: str, api_key: str) -> Found:
    """Check the address, ping it, then open a session with the key.

    Raises ``AddressRefused`` for an address homeydash may not reach, else the ``HomeyError``
    the Homey's answer (or silence) amounts to.
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
