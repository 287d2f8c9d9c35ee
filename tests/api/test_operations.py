"""Every documented operation of /api/v1/, through HTTP with real tokens, against the emulator."""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client

from dashboard import crypto
from dashboard.connection import session_cache_key
from dashboard.models import Account, HomeyLink
from emulator.house import FRONT_DOOR_LOCK, POND_PUMP
from emulator.world import FLAT_ID, HOME_ID
from tests.support.tiles import device_id, flow_id, make_due, stored_value, variable_id

H = f"/homeys/{HOME_ID}"
AIR = device_id("Living room air")
LIGHTS = device_id("Kitchen lights")
RADIATOR = device_id("Bedroom radiator")


def cap(device: str, capability: str) -> str:
    return f"{H}/devices/{device}/capabilities/{capability}"


def test_it_lists_the_one_homey_a_token_reaches_with_what_it_may_do(alice_client, token):
    response = token(alice_client).get("/homeys")

    assert response.status_code == 200
    assert response.json() == [
        {"id": HOME_ID, "name": "Home", "role": "owner", "access": "control", "staleSince": None}
    ]


def test_it_lists_zones_and_devices_with_their_capabilities(alice_client, token):
    api = token(alice_client, access="read")

    zones = api.get(f"{H}/zones").json()
    devices = api.get(f"{H}/devices").json()

    assert "Living room" in {zone["name"] for zone in zones}
    air = next(d for d in devices if d["id"] == AIR)
    assert air["name"] == "Living room air"
    assert air["class"] == "sensor"
    assert air["zone"] in {zone["id"] for zone in zones}
    assert {"measure_temperature", "measure_humidity", "measure_co2"} <= {
        c["id"] for c in air["capabilities"]
    }
    assert api.get(f"{H}/devices/{AIR}").json() == air


def test_it_reads_one_capability_with_units_decimals_and_last_update(alice_client, token):
    response = token(alice_client, access="read").get(cap(AIR, "measure_temperature"))

    body = response.json()
    assert response.status_code == 200
    assert body["value"] == stored_value("Living room air", "measure_temperature")
    assert body["units"] == "°C"
    assert body["decimals"] == 1
    assert body["lastUpdated"].startswith("2026-11-25T")
    assert body["staleSince"] is None
    assert body["setable"] is False


def test_polling_a_value_every_second_reads_the_homey_once_per_interval(
    alice_client, token, homey_requests, clock
):
    api = token(alice_client, access="read")

    for _second in range(4):  # the poll interval is five seconds
        assert api.get(cap(AIR, "measure_temperature")).status_code == 200
        clock.shift(1)

    assert homey_requests.devices_fetches() == 1


def test_it_sets_a_capability_and_answers_the_value_the_homey_confirms(alice_client, token):
    response = token(alice_client).put(cap(LIGHTS, "onoff"), {"value": True})

    assert response.status_code == 200
    assert response.json()["value"] is True
    assert stored_value("Kitchen lights", "onoff") is True


def test_a_percentage_is_set_as_a_tile_slider_sets_it(alice_client, token):
    response = token(alice_client).put(cap(LIGHTS, "dim"), {"value": "40%"})

    assert response.status_code == 200
    assert stored_value("Kitchen lights", "dim") == 0.4


def test_a_value_out_of_range_is_refused_before_anything_is_sent(
    alice_client, token, homey_requests
):
    api = token(alice_client)

    too_hot = api.put(cap(RADIATOR, "target_temperature"), {"value": 40})
    off_step = api.put(cap(RADIATOR, "target_temperature"), {"value": 20.3})

    assert too_hot.status_code == 422
    assert too_hot.json()["code"] == "out_of_range"
    assert "30" in too_hot.json()["message"]
    assert off_step.json()["code"] == "out_of_range"
    assert homey_requests.writes() == 0


def test_a_value_of_the_wrong_type_and_a_sensor_are_refused(alice_client, token, homey_requests):
    api = token(alice_client)

    wrong_type = api.put(cap(RADIATOR, "target_temperature"), {"value": "warm"})
    sensor = api.put(cap(AIR, "measure_temperature"), {"value": 20})
    no_value = api.put(cap(LIGHTS, "onoff"), {})

    assert (wrong_type.status_code, wrong_type.json()["code"]) == (422, "invalid_value")
    assert (sensor.status_code, sensor.json()["code"]) == (422, "not_setable")
    assert (no_value.status_code, no_value.json()["code"]) == (422, "invalid_request")
    assert homey_requests.writes() == 0


def test_a_lock_changes_only_when_confirmed(alice_client, token, homey_requests):
    api = token(alice_client)
    lock = cap(device_id(FRONT_DOOR_LOCK), "locked")

    unconfirmed = api.put(lock, {"value": False})
    assert (unconfirmed.status_code, unconfirmed.json()["code"]) == (409, "confirmation_required")
    assert homey_requests.writes() == 0

    confirmed = api.put(lock, {"value": False, "confirm": True})
    assert confirmed.status_code == 200
    assert stored_value(FRONT_DOOR_LOCK, "locked") is False


def test_an_unavailable_device_is_not_sent_anything(alice_client, token, homey_requests):
    response = token(alice_client).put(cap(device_id(POND_PUMP), "onoff"), {"value": False})

    assert (response.status_code, response.json()["code"]) == (409, "device_unavailable")
    assert homey_requests.writes() == 0


def test_unknown_devices_and_capabilities_are_not_found(alice_client, token):
    api = token(alice_client)

    assert api.get(cap("no-such-device", "onoff")).json()["code"] == "not_found"
    assert api.get(cap(AIR, "onoff")).status_code == 404
    assert api.get(f"{H}/devices/nope").status_code == 404
    assert api.get("/no/such/operation").json()["code"] == "not_found"


def test_it_reads_and_updates_logic_variables(alice_client, token, emulator_world):
    api = token(alice_client)
    set_point = variable_id("Heating set point")

    listed = api.get(f"{H}/variables").json()
    assert {
        "id": set_point,
        "name": "Heating set point",
        "type": "number",
        "value": 20.5,
        "staleSince": None,
    } in listed
    updated = api.put(f"{H}/variables/{set_point}", {"value": 21})
    assert updated.status_code == 200
    assert updated.json()["value"] == 21
    assert emulator_world.homeys[HOME_ID].variables[set_point].value == 21
    assert api.get(f"{H}/variables/{set_point}").json()["value"] == 21


def test_a_variable_refuses_a_value_of_another_type(alice_client, token, homey_requests):
    response = token(alice_client).put(
        f"{H}/variables/{variable_id('Heating set point')}", {"value": "warm"}
    )

    assert (response.status_code, response.json()["code"]) == (422, "invalid_value")
    assert homey_requests.writes() == 0


def test_it_lists_and_starts_flows_and_advanced_flows(alice_client, token, homey_requests):
    api = token(alice_client)

    flows = {f["name"]: f for f in api.get(f"{H}/flows").json()}
    advanced = {f["name"]: f for f in api.get(f"{H}/advanced-flows").json()}
    started = api.post(f"{H}/flows/{flow_id('Good morning')}/trigger")
    started_advanced = api.post(
        f"{H}/advanced-flows/{flow_id('Evening routine', advanced=True)}/trigger"
    )

    assert flows["Good morning"]["triggerable"] is True
    assert "Evening routine" in advanced
    assert started.status_code == 200
    assert started.json()["id"] == flow_id("Good morning")
    assert started_advanced.status_code == 200
    assert homey_requests.count("POST", r"/flow/flow/.*/trigger$") == 1
    assert homey_requests.count("POST", r"/flow/advancedflow/.*/trigger$") == 1


def test_flows_that_cannot_be_started_are_refused(alice_client, token, homey_requests):
    api = token(alice_client)

    off = api.post(f"{H}/flows/{flow_id('Christmas lights (last year)')}/trigger")
    not_by_hand = api.post(f"{H}/advanced-flows/{flow_id('Night watch', advanced=True)}/trigger")

    assert (off.status_code, off.json()["code"]) == (409, "flow_disabled")
    assert not_by_hand.json()["code"] == "flow_not_triggerable"
    assert homey_requests.writes() == 0


def test_it_reads_a_capabilitys_insights_history(alice_client, token, homey_requests):
    api = token(alice_client, access="read")

    day = api.get(cap(AIR, "measure_temperature") + "/insights")
    hour = api.get(cap(AIR, "measure_temperature") + "/insights", {"resolution": "lastHour"})
    again = api.get(cap(AIR, "measure_temperature") + "/insights", {"resolution": "lastHour"})

    assert day.status_code == 200
    assert day.json()["resolution"] == "last24Hours"
    assert len(day.json()["points"]) > len(hour.json()["points"]) > 10
    assert all(isinstance(p["v"], float) for p in hour.json()["points"])
    assert again.json() == hour.json()
    assert homey_requests.count("GET", r"/insights/log/") == 2


def test_an_unknown_insights_resolution_is_refused(alice_client, token):
    response = token(alice_client).get(
        cap(AIR, "measure_temperature") + "/insights", {"resolution": "forever"}
    )

    assert (response.status_code, response.json()["code"]) == (422, "invalid_request")


def test_another_households_homey_and_devices_are_not_found(alice_client, token):
    api = token(alice_client)
    flat_lamp = device_id("Lounge lamp", homey=FLAT_ID)

    assert api.get(f"/homeys/{FLAT_ID}/devices").status_code == 404
    assert api.get(f"{H}/devices/{flat_lamp}").status_code == 404
    assert api.put(cap(flat_lamp, "onoff"), {"value": True}).status_code == 404


def test_the_index_names_the_document_and_the_docs_which_need_no_token():
    client = Client()

    index = client.get("/api/v1/")
    document = client.get(index.json()["openapi"])
    docs = client.get(index.json()["docs"])

    assert document.status_code == 200
    assert document.json()["openapi"].startswith("3.")
    schemes = document.json()["components"]["securitySchemes"]
    assert schemes == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    assert docs.status_code == 200
    assert "<script>" not in docs.content.decode()  # only <script src=…> and a JSON block


def test_malformed_requests_and_wrong_methods_answer_as_json(alice_client, token):
    api = token(alice_client)
    client, headers = api.client, api.headers

    malformed = client.put(
        f"/api/v1{cap(LIGHTS, 'onoff')}", "{nope", content_type="application/json", headers=headers
    )
    wrong_method = client.delete(f"/api/v1{cap(LIGHTS, 'onoff')}", headers=headers)
    negative = api.get(cap(LIGHTS, "onoff"), {"max_stale": -1})

    assert (malformed.status_code, malformed.json()["code"]) == (422, "invalid_request")
    assert (wrong_method.status_code, wrong_method.json()["code"]) == (405, "method_not_allowed")
    assert "GET" in wrong_method["Allow"] and "PUT" in wrong_method["Allow"]
    assert negative.json()["code"] == "invalid_request"


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


# Each documented operation and the test above that calls it through HTTP with a real token.
TESTED = {
    ("get", "/homeys"): test_it_lists_the_one_homey_a_token_reaches_with_what_it_may_do,
    ("get", "/homeys/{homey_id}/zones"): test_it_lists_zones_and_devices_with_their_capabilities,
    ("get", "/homeys/{homey_id}/devices"): test_it_lists_zones_and_devices_with_their_capabilities,
    ("get", "/homeys/{homey_id}/devices/{device_id}"): (
        test_it_lists_zones_and_devices_with_their_capabilities
    ),
    ("get", "/homeys/{homey_id}/devices/{device_id}/capabilities/{capability_id}"): (
        test_it_reads_one_capability_with_units_decimals_and_last_update
    ),
    ("put", "/homeys/{homey_id}/devices/{device_id}/capabilities/{capability_id}"): (
        test_it_sets_a_capability_and_answers_the_value_the_homey_confirms
    ),
    ("get", "/homeys/{homey_id}/devices/{device_id}/capabilities/{capability_id}/insights"): (
        test_it_reads_a_capabilitys_insights_history
    ),
    ("get", "/homeys/{homey_id}/variables"): test_it_reads_and_updates_logic_variables,
    ("get", "/homeys/{homey_id}/variables/{variable_id}"): (
        test_it_reads_and_updates_logic_variables
    ),
    ("put", "/homeys/{homey_id}/variables/{variable_id}"): (
        test_it_reads_and_updates_logic_variables
    ),
    ("get", "/homeys/{homey_id}/flows"): test_it_lists_and_starts_flows_and_advanced_flows,
    ("get", "/homeys/{homey_id}/advanced-flows"): test_it_lists_and_starts_flows_and_advanced_flows,
    ("post", "/homeys/{homey_id}/flows/{flow_id}/trigger"): (
        test_it_lists_and_starts_flows_and_advanced_flows
    ),
    ("post", "/homeys/{homey_id}/advanced-flows/{flow_id}/trigger"): (
        test_it_lists_and_starts_flows_and_advanced_flows
    ),
    (
        "get",
        "/homeys/{homey_id}/apps",
    ): test_a_crashed_app_shows_in_apps_and_health_with_its_devices,
    ("get", "/homeys/{homey_id}/apps/{app_id}"): (
        test_an_owner_token_lists_the_apps_with_state_and_version
    ),
    ("get", "/homeys/{homey_id}/health"): (
        test_a_crashed_app_shows_in_apps_and_health_with_its_devices
    ),
}


def test_every_documented_operation_has_a_test_through_http(db):
    document = Client().get("/api/v1/openapi.json").json()

    documented = {
        (method, path.removeprefix("/api/v1"))
        for path, operations in document["paths"].items()
        for method in operations
    }

    assert documented == set(TESTED)


def test_a_warm_read_costs_a_few_queries_and_no_homey_request(
    alice_client, token, homey_requests, django_assert_max_num_queries
):
    api = token(alice_client, access="read")
    api.get(cap(AIR, "measure_temperature"))
    before = len(homey_requests)

    # The token, its person's links (with the account), and the rate count: on the database
    # cache a read and a write of six statements with their savepoint (on Redis: no query).
    with django_assert_max_num_queries(8):
        response = api.get(cap(AIR, "measure_temperature"))

    assert response.status_code == 200
    assert len(homey_requests) == before


def test_no_athom_or_homey_token_ever_leaves_the_server(alice_client, token):
    api = token(alice_client)
    bodies = [
        api.get("/homeys").content,
        api.get(f"{H}/devices").content,
        api.put(cap(LIGHTS, "onoff"), {"value": True}).content,
        api.get(f"{H}/variables").content,
        api.get(f"{H}/apps").content,
        api.get(f"{H}/health").content,
    ]
    link = HomeyLink.objects.get(user=alice_client.user, household__homey_id=HOME_ID)
    account = Account.objects.get(user=alice_client.user)
    secrets = [
        crypto.decrypt(cache.get(session_cache_key(link))),
        account.access_token(),
        account.refresh_token(),
    ]

    assert all(secrets)
    for body in bodies:
        for secret in secrets:
            assert secret.encode() not in body
