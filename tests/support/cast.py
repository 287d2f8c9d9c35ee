"""The named cast: people of the emulator's world, signed in through the real path.

alice   owner of "Home" and "Holiday house"
bob     user on "Home"
dave    guest on "Home"
charlie owner of "Flat" (another household)

Each person signs in with real tokens from the emulator's cloud (password grant, then the
same ``sign_in_with_cloud`` the OAuth callback uses); nothing is stubbed. ``alice_client`` …
``charlie_client`` are fixtures (a Django test client signed in, ``client.user`` set).
"""

from __future__ import annotations

import pytest
import requests
from django.test import Client

from dashboard.accounts import sign_in_with_cloud
from dashboard.connection import athom_cloud
from dashboard.homey.types import TokenSet
from dashboard.models import Account, HomeyLink

DEMO_CLIENT = ("homeydash-demo", "homeydash-demo-secret")


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
