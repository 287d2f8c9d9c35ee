"""Who a token is and what it may do: decided on every request from its person's current
link and role, as the web views decide it; tokens revoked at once; rate limits per token."""

from __future__ import annotations

from django.test import Client

from dashboard.api_tokens import hash_token
from dashboard.models import Account, ApiToken, HomeyLink
from emulator.world import HOME_ID, OperationFault
from tests.support.tiles import device_id, flow_id, stored_value, variable_id

H = f"/homeys/{HOME_ID}"
LIGHTS = f"{H}/devices/{device_id('Kitchen lights')}/capabilities/onoff"


def go_offline(world) -> None:
    world.config.offline_hang_seconds = 0  # answer 504 at once instead of hanging
    world.set_offline(HOME_ID, True)


def test_without_a_token_or_with_a_wrong_one_nothing_is_answered(alice_client, token):
    anonymous = Client().get(f"/api/v1{H}/devices")
    wrong = Client().get(f"/api/v1{H}/devices", headers={"Authorization": "Bearer hd_nope"})

    for response in (anonymous, wrong):
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_token"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_is_no_api_token(alice_client):
    response = alice_client.get(f"/api/v1{H}/devices")

    assert response.status_code == 401


def test_a_guest_token_reads_but_cannot_control(dave_client, token, homey_requests):
    api = token(dave_client, access="control")  # even if made for control: the role decides

    assert api.get("/homeys").json()[0]["access"] == "read"
    assert api.get(LIGHTS).status_code == 200
    refused = api.put(LIGHTS, {"value": True})
    variable = api.put(f"{H}/variables/{variable_id('Away mode')}", {"value": True})
    flow = api.post(f"{H}/flows/{flow_id('Good morning')}/trigger")

    for response in (refused, variable, flow):
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert homey_requests.writes() == 0
    assert stored_value("Kitchen lights", "onoff") is False


def test_a_read_only_token_of_an_owner_cannot_control(alice_client, token, homey_requests):
    response = token(alice_client, access="read").put(LIGHTS, {"value": True})

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert homey_requests.writes() == 0


def test_a_user_token_controls_its_own_household_only(bob_client, charlie_client, token):
    bob = token(bob_client)
    charlie = token(charlie_client, homey="Flat")

    assert bob.put(LIGHTS, {"value": True}).status_code == 200
    assert charlie.get(LIGHTS).status_code == 404
    assert charlie.put(LIGHTS, {"value": False}).status_code == 404
    assert stored_value("Kitchen lights", "onoff") is True


def test_a_downgraded_member_loses_control_at_the_next_request(bob_client, token):
    api = token(bob_client)
    assert api.put(LIGHTS, {"value": True}).status_code == 200

    HomeyLink.objects.filter(user=bob_client.user).update(role="guest")

    assert api.put(LIGHTS, {"value": False}).json()["code"] == "forbidden"
    assert api.get(LIGHTS).status_code == 200


def test_a_member_who_left_the_homey_loses_every_token(bob_client, token):
    api = token(bob_client)

    HomeyLink.objects.filter(user=bob_client.user).delete()

    response = api.get(LIGHTS)
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_a_member_whose_sign_in_expired_is_told_so(bob_client, token):
    api = token(bob_client)

    Account.objects.filter(user=bob_client.user).update(signin_required=True)

    assert api.get(LIGHTS).json()["code"] == "signin_required"


def test_a_revoked_token_stops_at_once(alice_client, token):
    api = token(alice_client)
    assert api.get(LIGHTS).status_code == 200

    api.row.delete()

    assert api.get(LIGHTS).json()["code"] == "invalid_token"


def test_only_the_hash_is_stored_and_last_use_is_written_once_a_minute(alice_client, token, clock):
    api = token(alice_client)
    row = ApiToken.objects.get(pk=api.row.pk)
    assert row.token_hash == hash_token(api.raw)
    assert api.raw not in {str(value) for value in row.__dict__.values()}
    assert row.last_used is None

    api.get("/homeys")
    first = ApiToken.objects.get(pk=row.pk).last_used
    clock.shift(30)
    api.get("/homeys")
    assert ApiToken.objects.get(pk=row.pk).last_used == first
    clock.shift(31)
    api.get("/homeys")
    assert ApiToken.objects.get(pk=row.pk).last_used > first


def test_a_token_over_its_rate_limit_is_told_when_to_come_back(
    alice_client, token, settings, clock
):
    settings.HOMEYDASH_API_RATE_LIMIT = 3
    api, other = token(alice_client), token(alice_client)

    answers = [api.get("/homeys") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert other.get("/homeys").status_code == 200
    clock.shift(int(answers[-1]["Retry-After"]))
    assert api.get("/homeys").status_code == 200


def test_an_offline_homey_gives_the_last_values_with_their_age(
    alice_client, token, emulator_world, clock
):
    api = token(alice_client, access="read")
    assert api.get(LIGHTS).json()["staleSince"] is None

    go_offline(emulator_world)
    clock.shift(10)
    stale = api.get(LIGHTS)

    assert stale.status_code == 200
    assert stale.json()["staleSince"] is not None
    clock.shift(5)
    too_old = api.get(LIGHTS, {"max_stale": 2})
    assert (too_old.status_code, too_old.json()["code"]) == (503, "stale")
    assert api.get(LIGHTS, {"max_stale": 60}).status_code == 200


def test_a_homey_never_reached_is_offline_and_a_write_to_it_says_so(
    alice_client, token, emulator_world
):
    go_offline(emulator_world)
    api = token(alice_client)

    read = api.get(LIGHTS)

    assert (read.status_code, read.json()["code"]) == (503, "homey_offline")


def test_error_sentences_speak_the_requests_language(alice_client, token):
    api = token(alice_client, access="read")

    dutch = api.put(LIGHTS, {"value": True}, **{"Accept-Language": "nl"})
    german = api.get("/homeys/nope/devices", **{"Accept-Language": "de"})

    assert dutch.json()["code"] == "forbidden"
    assert "token" in dutch.json()["message"] and "lezen" in dutch.json()["message"]
    assert german.json()["code"] == "not_found"
    assert "Homey" in german.json()["message"] and "Token" in german.json()["message"]


def test_another_authorization_scheme_is_no_token_and_is_not_logged(alice_client, token, caplog):
    api = token(alice_client)

    response = api.client.get("/api/v1/homeys", headers={"Authorization": f"Token {api.raw}"})

    assert response.json()["code"] == "invalid_token"
    assert api.raw not in caplog.text


def test_a_homey_that_asks_to_wait_is_passed_on_with_retry_after(
    alice_client, token, emulator_world
):
    api = token(alice_client)
    api.get(LIGHTS)  # the snapshot is read
    emulator_world.faults.homey(HOME_ID).operations["setCapabilityValue"] = OperationFault(
        status=429, retry_after=42
    )

    response = api.put(LIGHTS, {"value": True})

    assert (response.status_code, response.json()["code"]) == (503, "homey_busy")
    assert response["Retry-After"] == "42"
    assert stored_value("Kitchen lights", "onoff") is False


def test_a_homey_that_fails_a_write_answers_homey_offline(alice_client, token, emulator_world):
    api = token(alice_client)
    api.get(LIGHTS)
    emulator_world.faults.homey(HOME_ID).operations["setCapabilityValue"] = OperationFault(
        status=503
    )

    response = api.put(LIGHTS, {"value": True})

    assert (response.status_code, response.json()["code"]) == (503, "homey_offline")


def test_a_program_needs_no_csrf_token_and_a_browser_session_is_no_way_in(alice_client, token):
    api = token(alice_client)
    strict = Client(enforce_csrf_checks=True)

    response = strict.put(
        f"/api/v1{LIGHTS}",
        '{"value": true}',
        content_type="application/json",
        headers=api.headers,
    )
    # a signed-in browser without a token is refused, whatever it sends
    from_session = alice_client.put(
        f"/api/v1{LIGHTS}", '{"value": false}', content_type="application/json"
    )

    assert response.status_code == 200
    assert from_session.json()["code"] == "invalid_token"
    assert stored_value("Kitchen lights", "onoff") is True


def test_users_and_guests_see_neither_apps_nor_health(bob_client, dave_client, token):
    for person in (bob_client, dave_client):
        api = token(person)
        for path in ("/apps", "/apps/com.sonos", "/health"):
            response = api.get(H + path)
            assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_another_households_apps_are_not_found(charlie_client, token):
    response = token(charlie_client, homey="Flat").get(f"{H}/apps")

    assert response.status_code == 404
