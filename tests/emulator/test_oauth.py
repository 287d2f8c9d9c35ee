"""The Athom cloud's OAuth2: authorise pages, token endpoint, refresh rotation."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from emulator.constants import ALICE_ID, DEMO_CLIENT_ID, HOLIDAY_ID, HOME_ID
from tests.support.authorise import (
    CALLBACK,
    authorise_url,
    browser_sign_in,
    code_from,
    consent,
)
from tests.support.emulator import DEMO_AUTH, hidden_inputs


def test_the_browser_flow_signs_in_asks_consent_and_redirects_with_code_and_state(emu):
    browser, url, page = browser_sign_in(emu)
    assert "homeydash (demo)" in page.text
    assert "Holiday house" in page.text and "homey.device.control" in page.text
    code = code_from(consent(browser, url, page))

    tokens = emu.token(grant_type="authorization_code", code=code)
    assert tokens.status_code == 200
    body = tokens.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3660
    assert set(body) == {"token_type", "access_token", "refresh_token", "expires_in"}
    assert tokens.headers["Cache-Control"] == "no-store"


def test_the_sign_in_page_lists_the_demo_accounts(emu):
    page = requests.get(authorise_url(emu), timeout=10)
    assert page.status_code == 200
    assert "alice@example.com" in page.text and "charlie@example.com" in page.text
    assert 'name="password"' in page.text


def test_a_wrong_password_shows_the_sign_in_page_again(emu):
    _, _, page = browser_sign_in(emu, password="nope")
    assert page.status_code == 200
    assert "Wrong email address or password" in page.text


def test_consent_limits_the_homeys_user_me_lists(emu):
    browser, url, page = browser_sign_in(emu)
    code = code_from(consent(browser, url, page, homeys=[HOLIDAY_ID]))
    access = emu.token(grant_type="authorization_code", code=code).json()["access_token"]
    me = requests.get(
        f"{emu.cloud}/user/me", headers={"Authorization": f"Bearer {access}"}, timeout=10
    ).json()
    assert [h["id"] for h in me["homeys"]] == [HOLIDAY_ID]


def test_consent_without_any_homey_is_refused_on_the_page(emu):
    browser, url, page = browser_sign_in(emu)
    response = consent(browser, url, page, homeys=[])
    assert response.status_code == 200
    assert "Choose at least one Homey" in response.text


def test_deny_redirects_with_access_denied_and_state(emu):
    browser, url, page = browser_sign_in(emu)
    response = consent(browser, url, page, action="deny")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["xyz"]
    assert "code" not in query


def test_a_signed_in_browser_goes_straight_to_consent_and_can_sign_out(emu):
    browser, url, _ = browser_sign_in(emu)
    page = browser.get(url, timeout=10)
    assert "Allow" in page.text and "Signed in as Alice Jansen" in page.text
    form = {**hidden_inputs(page.text), "action": "signout"}
    after = browser.post(url, data=form, timeout=10)
    assert 'name="password"' in after.text


def test_the_sign_in_cookie_is_not_the_django_session(emu):
    browser, _, _ = browser_sign_in(emu)
    cookie = next(c for c in browser.cookies if c.name == "emulator_athom")
    assert cookie.path == "/emulator/cloud"
    assert "sessionid" not in browser.cookies


@pytest.mark.parametrize(
    "params",
    [
        {"client_id": "nobody"},
        {"redirect_uri": "http://127.0.0.1:8000/elsewhere"},
        {"redirect_uri": "http://evil.example/oauth/callback"},
        {"redirect_uri": ""},
    ],
)
def test_an_unknown_client_or_redirect_uri_gets_a_400_page_and_no_redirect(emu, params):
    response = requests.get(authorise_url(emu, **params), allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert response.headers["Content-Type"].startswith("text/html")


def test_the_callback_on_the_emulators_own_host_is_accepted(emu):
    own = f"{emu.url.rsplit('/emulator', 1)[0]}/oauth/callback"
    response = requests.get(authorise_url(emu, redirect_uri=own), timeout=10)
    assert response.status_code == 200


def test_authorization_type_and_scopes_are_accepted_like_response_type_and_scope(emu):
    url = authorise_url(
        emu,
        response_type="",
        authorization_type="code",
        scopes="homey.device.readonly homey.zone.readonly",
    )
    page = requests.get(url, timeout=10)
    assert page.status_code == 200


def test_an_unsupported_response_type_is_sent_back_to_the_client(emu):
    response = requests.get(
        authorise_url(emu, response_type="token"), allow_redirects=False, timeout=10
    )
    assert response.status_code == 302
    assert "error=unsupported_response_type" in response.headers["Location"]


def test_a_scope_the_client_is_not_registered_for_is_refused(emu):
    response = requests.get(
        authorise_url(emu, scope="homey.device.readonly,homey.app"),
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    assert "error=invalid_scope" in response.headers["Location"]


def test_the_granted_scopes_follow_the_scope_parameter(emu):
    browser, url, page = browser_sign_in(emu, scope="homey.device.readonly,homey.zone.readonly")
    code = code_from(consent(browser, url, page))
    access = emu.token(grant_type="authorization_code", code=code).json()["access_token"]
    session = emu.login(emu.delegation(access)).json()
    me = requests.get(
        emu.api("sessions/session/me"), headers={"Authorization": f"Bearer {session}"}, timeout=10
    ).json()
    assert me["scopes"] == ["homey.device.readonly", "homey.zone.readonly"]


# ------------------------------------------------------------------------ token endpoint


def fresh_code(emu) -> str:
    browser, url, page = browser_sign_in(emu)
    return code_from(consent(browser, url, page))


def test_a_code_used_twice_is_refused_with_invalid_grant(emu):
    code = fresh_code(emu)
    assert emu.token(grant_type="authorization_code", code=code).status_code == 200
    again = emu.token(grant_type="authorization_code", code=code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert "already been used" in again.json()["error_description"]


def test_a_code_older_than_30_seconds_is_refused_with_invalid_grant(emu, emulator_world, clock):
    code = fresh_code(emu)
    clock.shift(31)
    response = emu.token(grant_type="authorization_code", code=code)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid grant: authorization code has expired",
    }


def test_a_code_29_seconds_old_still_works(emu, emulator_world, clock):
    code = fresh_code(emu)
    clock.shift(29)
    assert emu.token(grant_type="authorization_code", code=code).status_code == 200


def test_an_unknown_code_is_refused_with_invalid_grant(emu):
    response = emu.token(grant_type="authorization_code", code="0" * 40)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_body_without_grant_type_is_an_invalid_request(emu):
    response = emu.token(code="whatever")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert "grant_type" in response.json()["error_description"]


def test_a_missing_code_is_an_invalid_request(emu):
    response = emu.token(grant_type="authorization_code")
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_an_unknown_grant_type_is_unsupported(emu):
    response = emu.token(grant_type="urn:example:magic")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_wrong_client_secret_is_invalid_client_with_www_authenticate(emu):
    response = requests.post(
        f"{emu.cloud}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(DEMO_CLIENT_ID, "wrong"),
        timeout=10,
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_wrong_secret_in_the_form_is_invalid_client(emu):
    response = requests.post(
        f"{emu.cloud}/oauth2/token",
        timeout=10,
        data={
            "grant_type": "client_credentials",
            "client_id": DEMO_CLIENT_ID,
            "client_secret": "x",
        },
    )
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert "WWW-Authenticate" not in response.headers


def test_client_credentials_in_the_form_work(emu):
    response = requests.post(
        f"{emu.cloud}/oauth2/token",
        timeout=10,
        data={
            "grant_type": "password",
            "username": "bob@example.com",
            "password": "homey",
            "client_id": DEMO_AUTH[0],
            "client_secret": DEMO_AUTH[1],
        },
    )
    assert response.status_code == 200


def test_basic_auth_wins_over_form_fields(emu):
    basic = base64.b64encode(f"{DEMO_CLIENT_ID}:wrong".encode()).decode()
    response = requests.post(
        f"{emu.cloud}/oauth2/token",
        timeout=10,
        headers={"Authorization": f"Basic {basic}"},
        data={
            "grant_type": "client_credentials",
            "client_id": DEMO_AUTH[0],
            "client_secret": DEMO_AUTH[1],
        },
    )
    assert response.status_code == 401


def test_a_redirect_uri_that_differs_from_the_authorise_one_is_invalid_grant(emu):
    code = fresh_code(emu)
    response = emu.token(
        grant_type="authorization_code",
        code=code,
        redirect_uri="http://localhost:8000/oauth/callback",
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_the_same_redirect_uri_is_accepted(emu):
    code = fresh_code(emu)
    response = emu.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert response.status_code == 200


def test_refresh_rotates_and_the_old_refresh_token_is_refused(emu):
    first = emu.password_tokens("alice@example.com")
    second = emu.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert second.status_code == 200
    body = second.json()
    assert body["refresh_token"] != first["refresh_token"]
    assert body["access_token"] != first["access_token"]
    old = emu.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert old.status_code == 400 and old.json()["error"] == "invalid_grant"
    newer = emu.token(grant_type="refresh_token", refresh_token=body["refresh_token"])
    assert newer.status_code == 200


def test_with_rotation_off_the_refresh_token_stays_the_same(emu):
    emu.control(rotate_refresh_tokens=False)
    first = emu.password_tokens("alice@example.com")
    for _ in range(2):
        response = emu.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
        assert response.status_code == 200
        assert response.json()["refresh_token"] == first["refresh_token"]


def test_a_refreshed_grant_keeps_the_homeys_picked_on_consent(emu):
    browser, url, page = browser_sign_in(emu)
    code = code_from(consent(browser, url, page, homeys=[HOME_ID]))
    refresh = emu.token(grant_type="authorization_code", code=code).json()["refresh_token"]
    access = emu.token(grant_type="refresh_token", refresh_token=refresh).json()["access_token"]
    me = requests.get(
        f"{emu.cloud}/user/me", headers={"Authorization": f"Bearer {access}"}, timeout=10
    ).json()
    assert [h["id"] for h in me["homeys"]] == [HOME_ID]


def test_revoked_refresh_tokens_are_refused_with_invalid_grant(emu, emulator_world):
    tokens = emu.password_tokens("alice@example.com")
    bobs = emu.password_tokens("bob@example.com")
    emulator_world.cloud.revoke_refresh_tokens("alice@example.com")
    response = emu.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert (
        emu.token(grant_type="refresh_token", refresh_token=bobs["refresh_token"]).status_code
        == 200
    )


def test_revoking_by_athom_id_over_the_control_api_works_too(emu):
    tokens = emu.password_tokens("alice@example.com")
    emu.control(revoke_refresh_tokens=ALICE_ID)
    response = emu.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert response.status_code == 400


def test_a_bad_password_is_invalid_grant(emu):
    response = emu.token(grant_type="password", username="alice@example.com", password="x")
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_the_password_grant_needs_username_and_password(emu):
    response = emu.token(grant_type="password", username="alice@example.com")
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_client_credentials_give_an_access_token_without_refresh_token(emu):
    response = emu.token(grant_type="client_credentials")
    assert response.status_code == 200
    body = response.json()
    assert "refresh_token" not in body and body["token_type"] == "bearer"
    me = requests.get(
        f"{emu.cloud}/user/me",
        headers={"Authorization": f"Bearer {body['access_token']}"},
        timeout=10,
    )
    assert me.status_code == 403


def test_expires_in_follows_the_config_knob(emu):
    emu.control(access_token_seconds=120)
    assert emu.password_tokens("alice@example.com")["expires_in"] == 120


def test_an_expired_access_token_gets_401_invalid_token(emu, emulator_world, clock):
    access = emu.password_tokens("alice@example.com")["access_token"]
    clock.shift(3660)
    response = requests.get(
        f"{emu.cloud}/user/me", headers={"Authorization": f"Bearer {access}"}, timeout=10
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


def test_an_unknown_access_token_gets_401_invalid_token(emu):
    response = requests.get(
        f"{emu.cloud}/user/me", headers={"Authorization": "Bearer nope"}, timeout=10
    )
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_a_get_on_the_token_endpoint_is_not_allowed(emu):
    assert requests.get(f"{emu.cloud}/oauth2/token", timeout=10).status_code == 405


def test_more_clients_can_be_registered_through_the_python_api(emu, emulator_world):
    emulator_world.cloud.register_client(
        "kiosk-app", "s3cret", "Kiosk", ["http://kiosk.example/cb"], ["homey.device.readonly"]
    )
    page = requests.get(
        authorise_url(emu, client_id="kiosk-app", redirect_uri="http://kiosk.example/cb"),
        timeout=10,
    )
    assert page.status_code == 200 and "Kiosk" in page.text
    wrong = requests.get(authorise_url(emu, client_id="kiosk-app"), timeout=10)
    assert wrong.status_code == 400
    tokens = requests.post(
        f"{emu.cloud}/oauth2/token",
        auth=("kiosk-app", "s3cret"),
        timeout=10,
        data={"grant_type": "password", "username": "bob@example.com", "password": "homey"},
    )
    assert tokens.status_code == 200
