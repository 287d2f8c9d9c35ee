"""Shared fixtures: the emulator over real HTTP, and a small cast of people.

alice   owner of "Home" and "Holiday house"
bob     user on "Home"
dave    guest on "Home"
charlie owner of "Flat" (another household)

Each person signs in with real tokens from the emulator's cloud (password grant, then the
same ``sign_in_with_cloud`` the OAuth callback uses); nothing is stubbed.
"""

from __future__ import annotations

import pytest
import requests
from django.core.cache import cache
from django.test import Client

from dashboard.connection import athom_cloud
from dashboard.homey.types import TokenSet
from dashboard.households import sign_in_with_cloud
from dashboard.models import Account, HomeyLink
from tests.emulator_fixtures import (  # noqa: F401
    clock_fixture,
    emulator_url_fixture,
    emulator_world_fixture,
)

DEMO_CLIENT = ("homeydash-demo", "homeydash-demo-secret")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _realtime_switch(settings):
    """Interval reads only: the realtime subscriber is tested in tests/realtime/."""
    settings.HOMEYDASH_REALTIME = False


@pytest.fixture
def homey_settings(settings, emulator_url, emulator_world):
    """Point homeydash at the emulator's cloud, with short timeouts."""
    settings.ATHOM_API_URL = f"{emulator_url}/cloud"
    settings.HOMEYDASH_HTTP_TIMEOUT = 3
    return settings


def password_tokens(emulator_url: str, email: str) -> TokenSet:
    response = requests.post(
        f"{emulator_url}/cloud/oauth2/token",
        data={"grant_type": "password", "username": email, "password": "homey"},
        auth=DEMO_CLIENT,
        timeout=5,
    )
    response.raise_for_status()
    return TokenSet.from_json(response.json())


def sign_in(client: Client, emulator_url: str, email: str, homey_name: str = "Home"):
    """Sign ``email`` in with real emulator tokens and choose ``homey_name``."""
    tokens = password_tokens(emulator_url, email)
    with athom_cloud(None) as cloud:
        athom_user = cloud.get_authenticated_user(tokens.access_token)
    user = sign_in_with_cloud(athom_user, tokens)
    link = HomeyLink.objects.get(user=user, household__name=homey_name, kind="cloud")
    Account.objects.filter(user=user).update(selected_link=link)
    client.force_login(user)
    return user


def person(email: str, homey: str = "Home"):
    """A fixture for a Django test client signed in as ``email`` with ``homey`` chosen."""

    @pytest.fixture
    def signed_in_client(db, homey_settings, emulator_url) -> Client:
        client = Client()
        client.user = sign_in(client, emulator_url, email, homey_name=homey)
        return client

    return signed_in_client


alice_client = person("alice@example.com")
bob_client = person("bob@example.com")
dave_client = person("dave@example.com")
charlie_client = person("charlie@example.com", homey="Flat")
