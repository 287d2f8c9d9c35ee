"""The Homey's apps and health through the API: owners and managers only, from the snapshot."""

from __future__ import annotations

from emulator.house import POND_PUMP
from emulator.world import HOME_ID
from tests.support.tiles import device_id, make_due

H = f"/homeys/{HOME_ID}"


def test_an_owner_token_lists_the_apps_with_state_and_version(alice_client, token):
    api = token(alice_client, access="read")

    apps = {app["id"]: app for app in api.get(f"{H}/apps").json()}
    sonos = api.get(f"{H}/apps/com.sonos")

    assert apps["com.sonos"]["state"] == "running"
    assert apps["com.sonos"]["version"]
    assert sonos.status_code == 200
    assert sonos.json() == apps["com.sonos"]
    assert api.get(f"{H}/apps/com.nothing").json()["code"] == "not_found"


def test_a_crashed_app_shows_in_apps_and_health_with_its_devices(
    alice_client, token, emulator_world, clock
):
    api = token(alice_client, access="read")
    before = api.get(f"{H}/health").json()
    assert before["ok"] is False  # the pond pump is unreachable from the start
    assert [p["id"] for p in before["problems"]] == [device_id(POND_PUMP)]

    emulator_world.control(
        {"crash_app": {"homey": HOME_ID, "app": "com.sonos", "message": "TypeError: boom"}}
    )
    make_due(clock)
    apps = {app["id"]: app for app in api.get(f"{H}/apps").json()}
    after = api.get(f"{H}/health").json()

    assert (apps["com.sonos"]["state"], apps["com.sonos"]["crashedMessage"]) == (
        "crashed",
        "TypeError: boom",
    )
    problems = {(p["kind"], p["name"]): p for p in after["problems"]}
    assert problems["app", "Sonos"]["state"] == "crashed"
    assert problems["app", "Sonos"]["since"] is not None
    assert problems["device", "Living room speaker"]["app"] == "com.sonos"
    assert after["appsKnown"] is True


def test_users_and_guests_see_neither_apps_nor_health(bob_client, dave_client, token):
    for person in (bob_client, dave_client):
        api = token(person)
        for path in ("/apps", "/apps/com.sonos", "/health"):
            response = api.get(H + path)
            assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_another_households_apps_are_not_found(charlie_client, token):
    response = token(charlie_client, homey="Flat").get(f"{H}/apps")

    assert response.status_code == 404
