"""Sign in with Homey, over real HTTP against the emulator's Athom cloud."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model

from dashboard.clock import now
from dashboard.connection import Connection
from dashboard.models import Account, HomeyLink, Household
from emulator.world import ALICE_ID, BOB_ID, DEMO_CLIENT_ID, HOLIDAY_ID, HOME_ID
from tests.support.signin_flow import SignInFlow, query

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def flow(client, homey_settings, emulator_world) -> SignInFlow:
    # Register the test client's address as a redirect URL, as an operator does for theirs.
    emulator_world.cloud.clients[DEMO_CLIENT_ID].redirect_uris.append(
        "http://testserver/oauth/callback"
    )
    return SignInFlow(client)


def nothing_saved() -> bool:
    return not (User.objects.exists() or Account.objects.exists() or HomeyLink.objects.exists())


def test_the_sign_in_page_has_the_sign_in_with_homey_button(client, homey_settings):
    response = client.get("/login/")
    assert response.status_code == 200
    assert b"Sign in with Homey" in response.content


def test_the_button_sends_the_browser_to_athoms_authorise_page_with_a_fresh_state(flow):
    url = flow.start()
    params = query(url)
    assert "/cloud/oauth2/authorise?" in url
    assert params["client_id"] == DEMO_CLIENT_ID
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == "http://testserver/oauth/callback"
    assert len(params["state"]) >= 32
    assert flow.client.session["oauth"]["state"] == params["state"]
    assert "client_secret" not in url and "homeydash-demo-secret" not in url


def test_each_sign_in_gets_a_different_state(flow):
    assert query(flow.start())["state"] != query(flow.start())["state"]


def test_bob_signs_in_and_lands_on_his_homey(flow):
    response = flow.sign_in("bob@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/"
    account = Account.objects.get(athom_user_id=BOB_ID)
    assert account.user.first_name.startswith("Bob")
    assert account.connected
    link = HomeyLink.objects.get(user=account.user)
    assert (link.household.homey_id, link.kind, link.role) == (HOME_ID, "cloud", "user")
    assert account.selected_link == link
    assert flow.client.get("/").status_code == 200


def test_sign_in_returns_to_the_page_that_asked_for_it(flow):
    authorise_url = flow.start(next_url="/account/")
    response = flow.callback(flow.authorise(authorise_url, "bob@example.com"))
    assert response["Location"] == "/account/"


def test_a_next_url_on_another_site_is_ignored(flow):
    authorise_url = flow.start(next_url="https://evil.example/")
    response = flow.callback(flow.authorise(authorise_url, "bob@example.com"))
    assert response["Location"] == "/"


def test_alice_with_two_homeys_chooses_one_and_the_choice_is_remembered(flow):
    response = flow.sign_in("alice@example.com")
    assert response["Location"] == "/homeys/"

    picker = flow.client.get("/homeys/")
    assert picker.status_code == 200
    assert b"Home" in picker.content and b"Holiday house" in picker.content
    assert picker.content.count(b"badge ok") == 2  # both online

    holiday = HomeyLink.objects.get(household__homey_id=HOLIDAY_ID)
    assert flow.client.post(f"/homeys/{holiday.code}/select").status_code == 302
    assert Account.objects.get(athom_user_id=ALICE_ID).selected_link == holiday

    again = SignInFlow(flow.client)
    assert again.sign_in("alice@example.com")["Location"] == "/"
    assert Account.objects.get(athom_user_id=ALICE_ID).selected_link == holiday


def test_the_picker_shows_a_homey_that_went_offline(flow, emulator_world):
    flow.sign_in("alice@example.com")
    emulator_world.set_offline(HOLIDAY_ID, True)

    picker = flow.client.get("/homeys/").content.decode()

    holiday_row = picker[picker.index("Holiday house") :]
    assert "offline" in holiday_row.split("</li>")[0]


def test_consent_for_one_homey_links_only_that_one(flow):
    url = flow.start()
    flow.callback(flow.authorise(url, "alice@example.com", homeys=[HOME_ID]))
    links = HomeyLink.objects.filter(user__account__athom_user_id=ALICE_ID)
    assert [link.household.homey_id for link in links] == [HOME_ID]


def test_a_homey_left_out_at_the_next_consent_loses_its_link(flow):
    flow.sign_in("alice@example.com")
    assert HomeyLink.objects.count() == 2
    again = SignInFlow(flow.client)
    again.callback(again.authorise(again.start(), "alice@example.com", homeys=[HOLIDAY_ID]))
    assert list(HomeyLink.objects.values_list("household__homey_id", flat=True)) == [HOLIDAY_ID]


def test_denying_access_shows_an_honest_page_and_saves_nothing(flow):
    response = flow.callback(flow.authorise(flow.start(), "bob@example.com", allow=False))
    assert response.status_code == 403
    assert b"You did not give homeydash access" in response.content
    assert b"Sign in with Homey again" in response.content
    assert nothing_saved()


def test_a_state_that_does_not_match_is_refused_and_saves_nothing(flow):
    callback = flow.authorise(flow.start(), "bob@example.com")
    forged = callback.replace("state=", "state=forged")
    response = flow.callback(forged)
    assert response.status_code == 400
    assert b"This sign-in link is not valid any more" in response.content
    assert nothing_saved()


def test_a_callback_without_a_sign_in_in_progress_is_refused(flow):
    callback = flow.authorise(flow.start(), "bob@example.com")
    other_browser = SignInFlow(type(flow.client)())
    response = other_browser.callback(callback)
    assert response.status_code == 400
    assert nothing_saved()


def test_a_code_older_than_30_seconds_gets_the_expired_page(flow, emulator_world, clock):
    callback = flow.authorise(flow.start(), "bob@example.com")
    clock.shift(31)
    response = flow.callback(callback)
    assert response.status_code == 400
    assert b"The sign-in code expired" in response.content
    assert nothing_saved()


def test_a_code_used_twice_gets_the_expired_page_the_second_time(flow):
    callback = flow.authorise(flow.start(), "bob@example.com")
    assert flow.callback(callback).status_code == 302
    flow.client.logout()
    state = query(flow.start())["state"]  # a new sign-in in progress, replayed old code
    replay = callback.split("?")[0] + f"?code={query(callback)['code']}&state={state}"
    response = flow.callback(replay)
    assert response.status_code == 400
    assert b"The sign-in code expired" in response.content


def test_the_cloud_being_down_at_the_callback_gets_its_own_page(flow, emulator_world):
    callback = flow.authorise(flow.start(), "bob@example.com")
    emulator_world.faults.cloud.down = True
    response = flow.callback(callback)
    assert response.status_code == 503
    assert b"could not be reached" in response.content
    assert nothing_saved()


def test_a_cloud_slower_than_the_timeout_gets_the_same_page(flow, emulator_world, settings):
    settings.HOMEYDASH_HTTP_TIMEOUT = 1
    callback = flow.authorise(flow.start(), "bob@example.com")
    emulator_world.faults.cloud.latency = 2.5
    response = flow.callback(callback)
    assert response.status_code == 503
    assert nothing_saved()


def test_an_unknown_oauth_error_gets_the_refused_page(flow):
    url = flow.start()
    state = query(url)["state"]
    response = flow.client.get("/oauth/callback", {"error": "server_error", "state": state})
    assert response.status_code == 400
    assert b"Homey refused the sign-in" in response.content


def test_no_token_or_secret_reaches_a_page_the_url_or_the_log(flow, emulator_world, caplog):
    caplog.set_level(logging.DEBUG)
    pages = []
    url = flow.start()
    callback = flow.authorise(url, "alice@example.com")
    response = flow.callback(callback)
    pages.append(response.content.decode())
    for path in ("/homeys/", "/account/", "/"):
        pages.append(flow.client.get(path, follow=True).content.decode())

    account = Account.objects.get(athom_user_id=ALICE_ID)
    secrets = {account.access_token(), account.refresh_token(), "homeydash-demo-secret"}
    assert all(secrets)
    everything = "\n".join(pages + [url, callback, caplog.text])
    for secret in secrets:
        assert secret not in everything


def test_a_revoked_refresh_token_leads_to_the_sign_in_again_page(flow, emulator_world):
    flow.sign_in("bob@example.com")
    emulator_world.cloud.revoke_refresh_tokens("bob@example.com")
    Account.objects.update(access_expires="2000-01-01T00:00:00Z")

    response = flow.client.get("/homeys/", follow=True)
    assert response.status_code == 200
    assert b"Your Homey sign-in has expired" in response.content or (
        b"Please sign in with Homey again" in response.content
    )
    account = Account.objects.get(athom_user_id=BOB_ID)
    assert account.signin_required and not account.refresh_token_enc

    page = flow.client.get("/")
    assert page.status_code == 302 and page["Location"] == "/signin-again/"
    poll = flow.client.get("/", headers={"HX-Request": "true"})
    assert poll.headers["HX-Redirect"] == "/signin-again/"
    again = flow.client.get("/signin-again/")
    assert b"Please sign in with Homey again" in again.content


def test_signing_in_again_after_a_revocation_reconnects(flow, emulator_world):
    flow.sign_in("bob@example.com")
    emulator_world.cloud.revoke_refresh_tokens("bob@example.com")
    Account.objects.update(access_expires="2000-01-01T00:00:00Z")
    flow.client.get("/homeys/")
    assert Account.objects.get(athom_user_id=BOB_ID).signin_required

    again = SignInFlow(flow.client)
    assert again.sign_in("bob@example.com").status_code == 302
    account = Account.objects.get(athom_user_id=BOB_ID)
    assert account.connected
    assert flow.client.get("/").status_code == 200


def test_signing_out_ends_the_session_but_keeps_the_link(flow):
    flow.sign_in("bob@example.com")
    response = flow.client.post("/logout/")
    assert response["Location"] == "/login/"
    assert flow.client.get("/")["Location"].startswith("/login/")
    assert Account.objects.get(athom_user_id=BOB_ID).connected


def test_pages_need_a_sign_in_and_htmx_requests_get_a_full_page_redirect(client, homey_settings):
    assert client.get("/account/")["Location"] == "/login/?next=/account/"
    response = client.get("/account/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/login/")


def test_an_htmx_request_sent_to_sign_in_returns_to_its_page_afterwards(client, homey_settings):
    """Both ways in (a people-only page, and a view a kiosk may open too) keep ``?next=``."""
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/d/abc/?x=1"}
    people_only = client.get("/account/", headers=headers)
    person_or_kiosk = client.get("/poll/?v=1", headers=headers)
    assert people_only.headers["HX-Redirect"] == "/login/?next=%2Fd%2Fabc%2F"
    assert person_or_kiosk.headers["HX-Redirect"] == "/login/?next=%2Fd%2Fabc%2F"


def test_households_are_shared_by_everyone_who_reaches_the_same_homey(flow):
    flow.sign_in("alice@example.com")
    bob = SignInFlow(type(flow.client)())
    bob.sign_in("bob@example.com")
    home = Household.objects.get(homey_id=HOME_ID)
    roles = dict(home.links.values_list("user__account__athom_user_id", "role"))
    assert roles == {ALICE_ID: "owner", BOB_ID: "user"}
    assert Household.objects.count() == 2


def test_using_a_cloud_link_shows_on_the_account_page_at_most_a_write_a_minute(flow, clock):
    flow.sign_in("alice@example.com")
    link = HomeyLink.objects.filter(kind="cloud", household__homey_id=HOME_ID).get()
    clock.shift(3600)
    Connection(link).call(lambda homey: homey.get_devices())
    used = HomeyLink.objects.get(pk=link.pk).last_used
    assert used is not None and abs((used - now()).total_seconds()) < 5  # just now

    clock.shift(30)  # a poll later: no new write
    Connection(link).call(lambda homey: homey.get_devices())
    assert HomeyLink.objects.get(pk=link.pk).last_used == used
    clock.shift(60)
    Connection(link).call(lambda homey: homey.get_devices())
    assert HomeyLink.objects.get(pk=link.pk).last_used > used
    assert "used just now" in flow.client.get("/account/").content.decode()
