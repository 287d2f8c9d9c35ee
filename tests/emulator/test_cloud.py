"""/user/me and delegation tokens."""

from __future__ import annotations

import base64
import json

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from emulator.constants import ALICE_ID, BOB_ID, CHARLIE_ID, FLAT_ID, HOLIDAY_ID, HOME_ID
from tests.support.authorise import browser_sign_in, code_from, consent


def me(emu, email: str) -> dict:
    access = emu.password_tokens(email)["access_token"]
    response = requests.get(
        f"{emu.cloud}/user/me", headers={"Authorization": f"Bearer {access}"}, timeout=10
    )
    assert response.status_code == 200
    return response.json()


def test_user_me_has_every_field_the_official_client_needs(emu):
    user = me(emu, "alice@example.com")
    assert user["_id"] == ALICE_ID
    assert (user["firstname"], user["lastname"], user["fullname"]) == (
        "Alice",
        "Jansen",
        "Alice Jansen",
    )
    assert user["email"] == "alice@example.com" and user["language"] == "en"
    assert set(user["avatar"]) == {"small", "medium", "large"}
    assert user["roleIds"] == ["regular"] and user["roles"][0]["_id"] == "regular"
    assert user["devices"] == []
    assert [h["name"] for h in user["homeys"]] == ["Home", "Holiday house"]


def test_each_homey_entry_points_at_the_emulator_bases(emu):
    home = me(emu, "alice@example.com")["homeys"][0]
    assert home["_id"] == home["id"] == HOME_ID
    assert home["role"] == "owner" and home["language"] == "en"
    assert (home["apiVersion"], home["platform"], home["platformVersion"]) == (3, "local", 2)
    assert home["softwareVersion"] and home["modelName"] == "Homey Pro (Early 2023)"
    assert home["state"] == "online" and home["stateSince"].endswith("Z")
    assert home["localUrl"] == home["localUrlSecure"] == emu.local(HOME_ID)
    assert home["remoteUrl"] == emu.relay(HOME_ID)
    assert home["remoteUrlForwarded"] is None
    assert {"id": BOB_ID, "role": "user"} in home["users"]
    ping = requests.get(f"{home['localUrl']}/api/manager/system/ping", timeout=10)
    assert ping.status_code == 200


def test_bob_reaches_home_as_user_and_charlie_only_his_flat(emu):
    bob = me(emu, "bob@example.com")
    assert [(h["id"], h["role"]) for h in bob["homeys"]] == [(HOME_ID, "user")]
    dave = me(emu, "dave@example.com")
    assert [(h["id"], h["role"]) for h in dave["homeys"]] == [(HOME_ID, "guest")]
    charlie = me(emu, "charlie@example.com")
    assert charlie["_id"] == CHARLIE_ID
    assert [h["id"] for h in charlie["homeys"]] == [FLAT_ID]


def test_nobody_but_alice_reaches_the_holiday_house(emu):
    for email in ("bob@example.com", "dave@example.com", "charlie@example.com"):
        assert HOLIDAY_ID not in [h["id"] for h in me(emu, email)["homeys"]]


def test_a_role_change_shows_in_user_me(emu, emulator_world):
    emulator_world.set_role(HOME_ID, "bob@example.com", "manager")
    assert me(emu, "bob@example.com")["homeys"][0]["role"] == "manager"
    emulator_world.set_role(HOME_ID, "bob@example.com", None)
    assert me(emu, "bob@example.com")["homeys"] == []


def test_user_me_without_a_token_is_401(emu):
    response = requests.get(f"{emu.cloud}/user/me", timeout=10)
    assert response.status_code == 401


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_delegation_token_is_a_bare_json_string_rs512_jwt(emu, emulator_world):
    access = emu.password_tokens("alice@example.com")["access_token"]
    response = requests.post(
        f"{emu.cloud}/delegation/token?audience=homey",
        json={},
        headers={"Authorization": f"Bearer {access}"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    token = response.json()
    assert isinstance(token, str) and token.count(".") == 2
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "RS512", "typ": "JWT"}
    claims = _claims(token)
    assert claims["sub"] == ALICE_ID and claims["aud"] == "homey"
    assert claims["homeys"] == [HOME_ID, HOLIDAY_ID]
    assert claims["exp"] - claims["iat"] == emulator_world.config.delegation_seconds


def test_the_delegation_token_verifies_with_the_published_key(emu):
    access = emu.password_tokens("alice@example.com")["access_token"]
    token = emu.delegation(access)
    pem = requests.get(f"{emu.cloud}/delegation/key", timeout=10).json()
    key = serialization.load_pem_public_key(pem.encode())
    head, payload, signature = token.split(".")
    key.verify(
        base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)),
        f"{head}.{payload}".encode(),
        padding.PKCS1v15(),
        hashes.SHA512(),
    )


def test_the_delegation_endpoint_takes_json_form_or_empty_bodies(emu):
    access = emu.password_tokens("alice@example.com")["access_token"]
    url = f"{emu.cloud}/delegation/token?audience=homey"
    headers = {"Authorization": f"Bearer {access}"}
    for kwargs in ({"json": {}}, {"data": {}}, {"data": "x=1"}, {}):
        response = requests.post(url, headers=headers, timeout=10, **kwargs)
        assert response.status_code == 200, kwargs


def test_the_delegation_token_carries_only_the_consented_homeys(emu):
    browser, url, page = browser_sign_in(emu)
    code = code_from(consent(browser, url, page, homeys=[HOLIDAY_ID]))
    access = emu.token(grant_type="authorization_code", code=code).json()["access_token"]
    assert _claims(emu.delegation(access))["homeys"] == [HOLIDAY_ID]


def test_delegation_needs_a_valid_access_token(emu, emulator_world, clock):
    access = emu.password_tokens("alice@example.com")["access_token"]
    clock.shift(4000)
    response = requests.post(
        f"{emu.cloud}/delegation/token?audience=homey",
        headers={"Authorization": f"Bearer {access}"},
        timeout=10,
    )
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_a_delegation_token_for_another_audience_is_refused(emu):
    access = emu.password_tokens("alice@example.com")["access_token"]
    response = requests.post(
        f"{emu.cloud}/delegation/token?audience=moon",
        headers={"Authorization": f"Bearer {access}"},
        timeout=10,
    )
    assert response.status_code == 400
