"""Homey login, sessions, scopes per role, and API keys (PATs)."""

from __future__ import annotations

import requests

from emulator.constants import (
    ALICE_ID,
    DEMO_PAT_ID,
    DEMO_PAT_TOKEN,
    FLAT_ID,
    HOLIDAY_ID,
    HOME_ID,
    HOMEY_VERSION,
)
from tests.support.authorise import browser_sign_in, code_from, consent
from tests.support.tiles import device_id

LAMP = device_id("Floor lamp")


def test_ping_needs_no_token_and_names_the_homey(emu):
    response = requests.get(f"{emu.api('system/ping')}?id={HOME_ID}", timeout=10)
    assert response.status_code == 200
    assert response.json() is True
    assert response.headers["X-Homey-ID"] == HOME_ID
    assert response.headers["X-Homey-Version"] == HOMEY_VERSION


def test_ping_with_another_id_answers_false(emu):
    response = requests.get(f"{emu.api('system/ping')}?id={FLAT_ID}", timeout=10)
    assert response.status_code == 200 and response.text == "false"


def test_login_gives_a_three_part_session_token_and_session_me(emu, alice):
    assert isinstance(alice, str) and len(alice.split(":")) == 3
    session = emu.get("sessions/session/me", alice).json()
    assert session["type"] == "OAUTH"
    assert session["userAthomId"] == ALICE_ID and session["userName"] == "Alice"
    assert session["clientId"] == "homeydash-demo"
    assert "homey.device.control" in session["scopes"]
    assert session["intersectedScopes"] == session["scopes"]


def test_login_over_the_relay_works_the_same(emu):
    access = emu.password_tokens("alice@example.com")["access_token"]
    jwt = emu.delegation(access)
    response = requests.post(
        f"{emu.relay()}/api/manager/users/login", json={"token": jwt}, timeout=10
    )
    assert response.status_code == 200
    me = requests.get(
        f"{emu.relay()}/api/manager/sessions/session/me",
        headers={"Authorization": f"Bearer {response.json()}"},
        timeout=10,
    )
    assert me.json()["type"] == "OAUTH"


def test_login_without_a_token_is_400(emu):
    response = requests.post(emu.api("users/login"), json={}, timeout=10)
    assert response.status_code == 400
    assert set(response.json()) == {"error", "error_description", "statusCode"}


def test_login_with_a_garbage_or_tampered_token_is_401(emu):
    access = emu.password_tokens("alice@example.com")["access_token"]
    jwt = emu.delegation(access)
    for token in ("not-a-jwt", jwt[:-4] + "AAAA"):
        response = emu.login(token)
        assert response.status_code == 401, token


def test_login_with_an_expired_delegation_token_is_401(emu, emulator_world, clock):
    access = emu.password_tokens("alice@example.com")["access_token"]
    jwt = emu.delegation(access)
    clock.shift(61)
    response = emu.login(jwt)
    assert response.status_code == 401
    assert "expired" in response.json()["error_description"]


def test_charlie_cannot_log_in_on_home(emu):
    access = emu.password_tokens("charlie@example.com")["access_token"]
    assert emu.login(emu.delegation(access), HOME_ID).status_code == 401


def test_a_grant_limited_to_one_homey_cannot_log_in_on_another(emu):
    browser, url, page = browser_sign_in(emu)
    code = code_from(consent(browser, url, page, homeys=[HOLIDAY_ID]))
    access = emu.token(grant_type="authorization_code", code=code).json()["access_token"]
    jwt = emu.delegation(access)
    assert emu.login(jwt, HOME_ID).status_code == 401
    assert emu.login(jwt, HOLIDAY_ID).status_code == 200


def test_a_removed_user_cannot_log_in(emu, emulator_world):
    access = emu.password_tokens("bob@example.com")["access_token"]
    jwt = emu.delegation(access)
    emulator_world.set_role(HOME_ID, "bob@example.com", None)
    assert emu.login(jwt).status_code == 401


def test_a_session_token_is_only_good_on_its_own_homey(emu, alice):
    response = emu.get("devices/device", alice, HOLIDAY_ID)
    assert response.status_code == 401


def test_missing_unknown_and_expired_tokens_get_401_invalid_session(
    emu, alice, emulator_world, clock
):
    no_token = requests.get(emu.api("devices/device"), timeout=10)
    unknown = emu.get("devices/device", "a:b:c")
    clock.shift(24 * 3600)
    expired = emu.get("devices/device", alice)
    for response in (no_token, unknown, expired):
        assert response.status_code == 401
        body = response.json()
        assert body["error"] == "Invalid Session" and body["statusCode"] == 401


def test_a_session_lives_as_long_as_session_seconds(emu, emulator_world, clock):
    emu.control(session_seconds=600)
    token = emu.session("alice@example.com")
    clock.shift(599)
    assert emu.get("zones/zone", token).status_code == 200
    clock.shift(1)
    assert emu.get("zones/zone", token).status_code == 401


def test_expire_sessions_logs_everyone_out_but_keeps_api_keys(emu, alice, bob):
    emu.control(expire_sessions=HOME_ID)
    assert emu.get("zones/zone", alice).status_code == 401
    assert emu.get("zones/zone", bob).status_code == 401
    assert emu.get("zones/zone", DEMO_PAT_TOKEN).status_code == 200
    assert emu.get("zones/zone", emu.session("alice@example.com")).status_code == 200


def test_user_me_reports_the_role(emu, alice, bob, dave):
    assert emu.get("users/user/me", alice).json()["role"] == "owner"
    assert emu.get("users/user/me", bob).json()["role"] == "user"
    assert emu.get("users/user/me", dave).json()["role"] == "guest"


def test_the_user_list_is_keyed_by_id(emu, alice):
    users = emu.get("users/user", alice).json()
    assert {u["role"] for u in users.values()} == {"owner", "user", "guest"}
    for user_id, user in users.items():
        assert user["id"] == user_id
    one = next(iter(users))
    assert emu.get(f"users/user/{one}", alice).json() == users[one]


def test_intersected_scopes_follow_the_role(emu, bob, dave):
    bob_scopes = emu.get("sessions/session/me", bob).json()["intersectedScopes"]
    assert "homey.device.control" in bob_scopes and "homey.user.readonly" not in bob_scopes
    dave_scopes = emu.get("sessions/session/me", dave).json()["intersectedScopes"]
    assert "homey.device.control" not in dave_scopes
    assert "homey.device.readonly" in dave_scopes and "homey.logic" not in dave_scopes


def test_a_guest_cannot_set_a_capability(emu, dave):
    response = emu.put(f"devices/device/{LAMP}/capability/onoff", dave, {"value": True})
    assert response.status_code == 403
    assert response.json()["error"] == "Missing Scopes"


def test_a_guest_can_read_devices_zones_flows_and_insights(emu, dave):
    for path in ("devices/device", "zones/zone", "flow/flow", "insights/log", "logic/variable"):
        assert emu.get(path, dave).status_code == 200, path


def test_a_guest_cannot_start_flows_or_write_variables(emu, dave, alice):
    flow_id = next(iter(emu.get("flow/flow", alice).json()))
    assert emu.post(f"flow/flow/{flow_id}/trigger", dave).status_code == 403
    variable_id = next(iter(emu.get("logic/variable", alice).json()))
    assert emu.put(f"logic/variable/{variable_id}", dave, {"value": True}).status_code == 403


def test_a_user_can_control_but_not_list_users(emu, bob):
    assert emu.put(f"devices/device/{LAMP}/capability/onoff", bob, {"value": True}).ok
    assert emu.get("users/user", bob).status_code == 403


def test_a_role_change_applies_to_existing_sessions(emu, bob, emulator_world):
    emulator_world.set_role(HOME_ID, "bob@example.com", "guest")
    response = emu.put(f"devices/device/{LAMP}/capability/onoff", bob, {"value": True})
    assert response.status_code == 403


# ------------------------------------------------------------------------------- API keys


def test_the_demo_api_key_works_as_bearer_with_session_type_pat(emu):
    session = emu.get("sessions/session/me", DEMO_PAT_TOKEN).json()
    assert session["type"] == "PAT" and session["id"] == DEMO_PAT_ID
    assert session["userAthomId"] == ALICE_ID
    devices = emu.get("devices/device", DEMO_PAT_TOKEN).json()
    assert len(devices) >= 25


def test_the_owner_creates_lists_uses_and_deletes_an_api_key(emu, alice):
    created = emu.post("users/pat", alice, {"name": "kiosk", "scopes": ["homey.device.readonly"]})
    assert created.status_code == 200
    pat = created.json()
    assert pat["name"] == "kiosk" and pat["scopes"] == ["homey.device.readonly"]
    assert len(pat["token"].split(":")) == 3 and pat["createdAt"].endswith("Z")

    listed = emu.get("users/pat", alice).json()
    assert set(listed) == {DEMO_PAT_ID, pat["id"]}
    assert "token" not in listed[pat["id"]]

    assert emu.get("devices/device", pat["token"]).status_code == 200
    refused = emu.put(f"devices/device/{LAMP}/capability/onoff", pat["token"], {"value": True})
    assert refused.status_code == 403 and refused.json()["error"] == "Missing Scopes"
    me = emu.get("sessions/session/me", pat["token"]).json()
    assert me["type"] == "PAT" and me["intersectedScopes"] == ["homey.device.readonly"]

    assert emu.delete(f"users/pat/{pat['id']}", alice).status_code == 204
    assert emu.get("devices/device", pat["token"]).status_code == 401
    assert emu.delete(f"users/pat/{pat['id']}", alice).status_code == 404


def test_an_api_key_cannot_manage_api_keys(emu):
    for response in (
        emu.get("users/pat", DEMO_PAT_TOKEN),
        emu.post("users/pat", DEMO_PAT_TOKEN, {"name": "x", "scopes": []}),
        emu.delete(f"users/pat/{DEMO_PAT_ID}", DEMO_PAT_TOKEN),
    ):
        assert response.status_code == 403
        assert response.json()["error"] == "Invalid Session Type"


def test_only_the_owner_manages_api_keys(emu, bob, dave):
    for token in (bob, dave):
        response = emu.post("users/pat", token, {"name": "x", "scopes": ["homey"]})
        assert response.status_code == 403 and response.json()["error"] == "Must Be Owner"
        assert emu.get("users/pat", token).json()["error"] == "Must Be Owner"


def test_an_api_key_needs_a_name_and_known_scopes(emu, alice):
    assert emu.post("users/pat", alice, {"scopes": ["homey"]}).status_code == 400
    assert emu.post("users/pat", alice, {"name": "x", "scopes": "homey"}).status_code == 400
    assert emu.post("users/pat", alice, {"name": "x", "scopes": ["homey.nope"]}).status_code == 400


def test_an_api_key_gets_no_more_than_the_role_allows(emu, emulator_world, alice):
    pat = emu.post("users/pat", alice, {"name": "all", "scopes": ["homey"]}).json()
    emulator_world.set_role(HOME_ID, "alice@example.com", "guest")
    me = emu.get("sessions/session/me", pat["token"]).json()
    assert "homey.device.control" not in me["intersectedScopes"]
    assert "homey.device.readonly" in me["intersectedScopes"]


def test_paths_accept_a_trailing_slash_and_encoded_colons(emu, alice):
    log_id = f"homey:device:{LAMP}:onoff"
    encoded = log_id.replace(":", "%3A")
    raw = emu.get(f"insights/log/{log_id}", alice)
    assert raw.status_code == 200
    assert emu.get(f"insights/log/{encoded}", alice).json() == raw.json()
    assert emu.get("devices/device/", alice).status_code == 200
    assert emu.get("system/", alice).json()["name"] == "Home"


def test_an_unknown_route_is_a_json_404(emu, alice):
    response = emu.get("devices/nothing", alice)
    assert response.status_code == 404 and response.json()["statusCode"] == 404
    assert emu.get("nomanager/x", alice).status_code == 404


def test_system_info_and_name(emu, alice):
    info = emu.get("system/", alice).json()
    assert info["timezone"] == "Europe/Amsterdam" and info["homeyVersion"] == HOMEY_VERSION
    assert info["cloudId"] == HOME_ID
    assert emu.get("system/name", alice).json() == "Home"


def test_an_unknown_homey_is_a_404(emu):
    response = requests.get(f"{emu.url}/homey/{'0' * 24}/api/manager/system/ping", timeout=10)
    assert response.status_code == 404
