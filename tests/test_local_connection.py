"""Connecting a Homey Pro by its local address and an API key."""

from __future__ import annotations

import socket

import pytest
from django.db import connection

from dashboard.connection import Connection
from dashboard.homey.errors import InvalidApiKey
from dashboard.models import Account, HomeyLink
from emulator.world import ALICE_ID, DEMO_PAT_TOKEN, HOME_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_url(emulator_url) -> str:
    return f"{emulator_url}/homey/{HOME_ID}"


def free_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_homey_pro_can_be_connected_without_the_cloud(client, homey_settings, home_url):
    response = client.post("/connect/local/", {"url": home_url, "api_key": DEMO_PAT_TOKEN})

    assert response.status_code == 302
    link = HomeyLink.objects.get(kind="local")
    assert link.household.homey_id == HOME_ID
    assert link.household.name == "Home"
    assert link.role == "owner"  # in a household of its own, the key's role counts
    # The key proves possession of the key, not who Alice is: its own account and household.
    assert link.user.account.athom_user_id != ALICE_ID
    assert link.household.private_to == link.user
    devices = Connection(link).call(lambda homey: homey.get_devices())
    assert len(devices) >= 25
    assert client.get("/").status_code == 200


def test_the_api_key_is_stored_encrypted_and_never_shown_back(client, homey_settings, home_url):
    client.post("/connect/local/", {"url": home_url, "api_key": DEMO_PAT_TOKEN})
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM dashboard_homeylink")
        rows = repr(cursor.fetchall())
    assert DEMO_PAT_TOKEN not in rows
    for path in ("/account/", "/homeys/", "/", "/connect/local/"):
        assert DEMO_PAT_TOKEN not in client.get(path, follow=True).content.decode()


def test_a_wrong_api_key_is_refused_and_nothing_is_saved(client, homey_settings, home_url):
    response = client.post("/connect/local/", {"url": home_url, "api_key": "nope:nope:nope"})
    assert response.status_code == 200
    assert b"The Homey did not accept this API key." in response.content
    assert b"nope:nope:nope" not in response.content
    assert not HomeyLink.objects.exists() and not Account.objects.exists()


def test_an_address_where_no_homey_answers_is_refused(client, homey_settings):
    response = client.post("/connect/local/", {"url": free_port_url(), "api_key": DEMO_PAT_TOKEN})
    assert b"No Homey answered at this address." in response.content
    assert not HomeyLink.objects.exists()


def test_an_offline_homey_is_refused_quickly(client, homey_settings, home_url, emulator_world):
    homey_settings.HOMEYDASH_HTTP_TIMEOUT = 1
    emulator_world.set_offline(HOME_ID, True)
    response = client.post("/connect/local/", {"url": home_url, "api_key": DEMO_PAT_TOKEN})
    assert b"No Homey answered at this address." in response.content


def test_an_address_that_is_not_a_url_is_refused(client, homey_settings):
    response = client.post("/connect/local/", {"url": "not a url", "api_key": DEMO_PAT_TOKEN})
    assert b"Enter a valid URL." in response.content
    assert not HomeyLink.objects.exists()


def test_a_revoked_api_key_stops_working_with_a_clear_error(
    client, homey_settings, home_url, emulator_world
):
    client.post("/connect/local/", {"url": home_url, "api_key": DEMO_PAT_TOKEN})
    link = HomeyLink.objects.get(kind="local")
    emulator_world.homeys[HOME_ID].sessions.pop(DEMO_PAT_TOKEN)  # the owner deletes the key

    with pytest.raises(InvalidApiKey):
        Connection(link).call(lambda homey: homey.get_devices())


def test_disconnecting_a_local_link_deletes_the_key(client, homey_settings, home_url):
    client.post("/connect/local/", {"url": home_url, "api_key": DEMO_PAT_TOKEN})
    link = HomeyLink.objects.get(kind="local")
    response = client.post(f"/account/links/{link.code}/disconnect", follow=True)
    assert b"its stored API key were deleted" in response.content
    assert not HomeyLink.objects.exists()


def test_a_signed_in_person_adds_a_local_link_to_their_account(alice_client, home_url):
    response = alice_client.post("/connect/local/", {"url": home_url, "api_key": DEMO_PAT_TOKEN})
    assert response.status_code == 302
    kinds = set(HomeyLink.objects.filter(user=alice_client.user).values_list("kind", flat=True))
    assert kinds == {"cloud", "local"}


def test_someone_elses_link_cannot_be_disconnected(alice_client, bob_client):
    alices = HomeyLink.objects.filter(user=alice_client.user).first()
    response = bob_client.post(f"/account/links/{alices.code}/disconnect")
    assert response.status_code == 404
    assert HomeyLink.objects.filter(pk=alices.pk).exists()
