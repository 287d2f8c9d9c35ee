"""Making, listing and revoking API tokens on the account page."""

from __future__ import annotations

import re

from django.test import Client

from dashboard.api_tokens import hash_token
from dashboard.models import ApiToken, Household
from emulator.world import HOME_ID


def home_code() -> str:
    return str(Household.objects.get(homey_id=HOME_ID, private_to__isnull=True).code)


def create(client: Client, access: str = "control", name: str = "Kitchen display", homey=None):
    return client.post(
        "/account/tokens/new", {"name": name, "homey": homey or home_code(), "access": access}
    )


def shown_token(response) -> str:
    match = re.search(r'id="new-token-value">(hd_[^<]+)<', response.content.decode())
    return match.group(1) if match else ""


def test_a_member_makes_a_token_that_is_shown_once_and_stored_as_a_hash(bob_client):
    response = create(bob_client)

    raw = shown_token(response)
    row = ApiToken.objects.get(user=bob_client.user)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert row.token_hash == hash_token(raw)
    assert (row.name, row.access, row.household.homey_id) == ("Kitchen display", "control", HOME_ID)
    page = bob_client.get("/account/").content.decode()
    assert "Kitchen display" in page
    assert raw not in page
    api = Client().get("/api/v1/homeys", headers={"Authorization": f"Bearer {raw}"})
    assert api.json()[0]["access"] == "control"


def test_a_guest_cannot_make_a_token_that_controls(dave_client):
    refused = create(dave_client, access="control")
    allowed = create(dave_client, access="read")

    assert refused.status_code == 422
    assert "can only read" in refused.content.decode()
    assert list(
        ApiToken.objects.filter(user=dave_client.user).values_list("access", flat=True)
    ) == ["read"]
    assert shown_token(allowed)


def test_a_token_cannot_be_made_for_another_households_homey(alice_client, charlie_client):
    flat = str(Household.objects.get(name="Flat").code)

    response = create(alice_client, homey=flat)

    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_the_list_shows_last_use_and_a_revoked_token_stops_at_once(alice_client, clock):
    raw = shown_token(create(alice_client))
    headers = {"Authorization": f"Bearer {raw}"}
    assert "never used" in alice_client.get("/account/").content.decode()
    Client().get("/api/v1/homeys", headers=headers)
    clock.shift(120)
    assert "2\xa0minutes ago" in alice_client.get("/account/").content.decode()

    row = ApiToken.objects.get()
    response = alice_client.post(f"/account/tokens/{row.code}/revoke")

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert Client().get("/api/v1/homeys", headers=headers).status_code == 401


def test_nobody_else_can_revoke_a_token(alice_client, bob_client):
    create(alice_client)
    row = ApiToken.objects.get()

    response = bob_client.post(f"/account/tokens/{row.code}/revoke")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=row.pk).exists()
