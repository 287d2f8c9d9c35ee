"""Households: everyone who reaches a Homey shares it, with the rights of their Homey role."""

from __future__ import annotations

import pytest

from dashboard.models import Account, Dashboard, HomeyLink

pytestmark = pytest.mark.django_db


def make_dashboard(client, name: str, audience: str) -> Dashboard:
    response = client.post("/dashboards/new", {"name": name, "audience": audience})
    assert response.status_code == 302, response.content.decode()[:300]
    return Dashboard.objects.get(name=name)


def choose(client, homey: str) -> None:
    link = HomeyLink.objects.get(user=client.user, household__name=homey, kind="cloud")
    assert client.post(f"/homeys/{link.code}/select").status_code == 302


def test_bob_sees_homes_shared_dashboards_but_not_the_holiday_house(alice_client, bob_client):
    shared_home = make_dashboard(alice_client, "Living", Dashboard.Audience.HOUSEHOLD)
    private_home = make_dashboard(alice_client, "Alice only", Dashboard.Audience.PRIVATE)
    choose(alice_client, "Holiday house")
    shared_holiday = make_dashboard(alice_client, "Holiday", Dashboard.Audience.HOUSEHOLD)
    assert shared_holiday.household.name == "Holiday house"

    assert bob_client.get(f"/d/{shared_home.code}/").status_code == 200
    assert bob_client.get(f"/d/{private_home.code}/").status_code == 404
    assert bob_client.get(f"/d/{shared_holiday.code}/").status_code == 404
    page = bob_client.get("/").content.decode()
    assert "Living" in page and "Holiday" not in page and "Alice only" not in page
    assert not HomeyLink.objects.filter(user=bob_client.user, household__name="Holiday house")


def test_bob_cannot_choose_a_homey_he_does_not_reach(alice_client, bob_client):
    holiday = HomeyLink.objects.get(user=alice_client.user, household__name="Holiday house")
    assert bob_client.post(f"/homeys/{holiday.code}/select").status_code == 404
    assert Account.objects.get(user=bob_client.user).selected_link.household.name == "Home"


def test_a_role_changed_on_the_homey_is_followed_at_the_next_login(bob_client, emulator_world):
    from emulator.world import HOME_ID

    emulator_world.set_role(HOME_ID, "bob@example.com", "manager")
    emulator_world.homeys[HOME_ID].expire_sessions()
    bob_client.get("/")  # the board fetches the Homey, logging in again
    link = HomeyLink.objects.get(user=bob_client.user, household__name="Home")
    assert link.role == "manager"
    assert (
        bob_client.post("/dashboards/new", {"name": "Ours", "audience": "users"}).status_code == 302
    )


def test_the_account_page_lists_connections_and_disconnect_deletes_the_tokens(bob_client):
    page = bob_client.get("/account/").content.decode()
    assert "Connected to Athom" in page and "Home" in page

    response = bob_client.post("/account/disconnect", follow=True)

    account = Account.objects.get(user=bob_client.user)
    assert not account.refresh_token_enc and not account.access_token_enc
    assert b"Your Athom tokens were deleted from homeydash" in response.content
    assert not HomeyLink.objects.filter(user=bob_client.user).exists()
    assert bob_client.get("/")["Location"].startswith("/login/")
