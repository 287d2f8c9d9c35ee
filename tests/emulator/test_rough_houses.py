"""Issue 10: real addresses, faults per operation, the messy Farmhouse, a rebooting Homey,
the old Homey Pro (Web API v2), the Homey Cloud and the large house, all over real HTTP."""

from __future__ import annotations

import time

import pytest
import requests

from emulator import network
from emulator.constants import (
    CLOUD_HOMEY_ID,
    ESTATE_ID,
    FARMHOUSE_ID,
    HOME_ID,
    OLD_PRO_ID,
)
from emulator.house_rough import (
    BARN_DOOR,
    DOUBLE_RELAY,
    GREENHOUSE_SENSOR,
    HEAT_PUMP,
    OLD_THERMOMETER,
    THREE_PHASE_METER,
)
from tests.support.tiles import device_id


def homeys_of(emu, email):
    access = emu.password_tokens(email)["access_token"]
    response = requests.get(
        f"{emu.cloud}/user/me", headers={"Authorization": f"Bearer {access}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return {h["id"]: h for h in response.json()["homeys"]}


def ping(base, timeout=5.0):
    return requests.get(f"{base}/api/manager/system/ping", timeout=timeout)


@pytest.fixture
def farm(emu):
    return homeys_of(emu, "erin@example.com")[FARMHOUSE_ID]


@pytest.fixture
def erin(emu):
    return emu.session("erin@example.com", FARMHOUSE_ID)


# ------------------------------------------------------------------------------ addresses


def test_the_farmhouse_has_every_address_shape_the_real_cloud_gives(emu, farm):
    net = f"{emu.url}/net"
    assert farm["localUrlSecure"] == f"{net}/https/192-168-178-23.homey.homeylocal.com"
    assert farm["localUrl"] == f"{net}/http/192.168.178.23"
    assert farm["remoteUrlForwarded"] == f"{net}/https/203-0-113-7.homey.homeylocal.com:45443"
    assert farm["remoteUrl"] == f"{net}/https/{FARMHOUSE_ID}.connect.athom.com"
    for field in ("localUrlSecure", "localUrl", "remoteUrlForwarded", "remoteUrl"):
        answer = ping(farm[field])
        assert answer.status_code == 200, field
        assert answer.json() is True
        assert answer.headers["X-Homey-ID"] == FARMHOUSE_ID


def test_the_original_demo_homeys_keep_their_simple_addresses(emu):
    home = homeys_of(emu, "alice@example.com")[HOME_ID]
    assert home["localUrl"] == home["localUrlSecure"] == f"{emu.url}/homey/{HOME_ID}"
    assert home["remoteUrl"] == f"{emu.url}/relay/{HOME_ID}"
    assert home["remoteUrlForwarded"] is None


def test_an_address_nobody_lives_at_fails_at_once(emu):
    answer = ping(f"{emu.url}/net/http/192.168.99.99")
    assert answer.status_code == 502
    assert "X-Homey-ID" not in answer.headers


def test_each_address_can_refuse_fast_or_hang_on_its_own(emu, farm):
    emu.control(
        faults={FARMHOUSE_ID: {"addresses": {"localUrlSecure": "hang", "localUrl": "refuse"}}},
        offline_hang_seconds=1.5,
    )
    with pytest.raises(requests.Timeout):
        ping(farm["localUrlSecure"], timeout=0.4)
    started = time.monotonic()
    refused = ping(farm["localUrl"])
    assert time.monotonic() - started < 0.5
    assert refused.status_code == 502
    assert "X-Homey-ID" not in refused.headers
    assert ping(farm["remoteUrlForwarded"]).json() is True
    assert ping(farm["remoteUrl"]).json() is True
    state = emu.control(faults={FARMHOUSE_ID: {"addresses": {"localUrl": "answer"}}})
    assert state["faults"][FARMHOUSE_ID]["addresses"]["localUrl"] == "answer"
    assert ping(farm["localUrl"]).json() is True


def test_an_unknown_address_field_or_mode_is_refused_by_the_control_api(emu):
    for bad in ({"localUrl": "sulk"}, {"lanUrl": "hang"}):
        response = requests.post(
            f"{emu.url}/_control", json={"faults": {FARMHOUSE_ID: {"addresses": bad}}}, timeout=5
        )
        assert response.status_code == 400
        assert "addresses" in response.json()["error"]


def test_the_relay_of_the_farmhouse_is_slow(emu, farm):
    started = time.monotonic()
    assert ping(farm["remoteUrl"]).ok
    relayed = time.monotonic() - started
    started = time.monotonic()
    assert ping(farm["localUrl"]).ok
    assert relayed >= 0.4 > time.monotonic() - started


# ------------------------------------------------------------------- faults per operation


def test_a_429_on_one_operation_carries_retry_after_and_leaves_the_rest(emu, erin):
    emu.control(
        faults={FARMHOUSE_ID: {"operations": {"getDevices": {"status": 429, "retry_after": 12}}}}
    )
    limited = emu.get("devices/device", erin, FARMHOUSE_ID)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "12"
    assert limited.json()["statusCode"] == 429
    assert emu.get("zones/zone", erin, FARMHOUSE_ID).status_code == 200
    emu.control(faults={FARMHOUSE_ID: {"operations": {"getDevices": None}}})
    assert emu.get("devices/device", erin, FARMHOUSE_ID).status_code == 200


def test_an_operation_can_fail_be_slow_or_hang(emu, erin):
    emu.control(
        offline_hang_seconds=1.5,
        faults={
            FARMHOUSE_ID: {
                "operations": {
                    "getFlows": {"status": 500},
                    "getVariables": {"latency": 0.4},
                    "getZones": {"hang": True},
                }
            }
        },
    )
    failed = emu.get("flow/flow", erin, FARMHOUSE_ID)
    assert failed.status_code == 500
    assert failed.json()["statusCode"] == 500
    started = time.monotonic()
    assert emu.get("logic/variable", erin, FARMHOUSE_ID).status_code == 200
    assert time.monotonic() - started >= 0.4
    with pytest.raises(requests.Timeout):
        requests.get(
            emu.api("zones/zone", FARMHOUSE_ID),
            headers={"Authorization": f"Bearer {erin}"},
            timeout=0.4,
        )


def test_an_unknown_operation_is_refused_by_the_control_api(emu):
    response = requests.post(
        f"{emu.url}/_control",
        json={"faults": {FARMHOUSE_ID: {"operations": {"getEverything": {"status": 500}}}}},
        timeout=5,
    )
    assert response.status_code == 400
    assert "getEverything" in response.json()["error"]


# ---------------------------------------------------------------------------- rebooting


def test_a_rebooting_homey_goes_away_and_comes_back_with_a_fresh_uptime(emu, farm, erin, clock):
    emu.control(reboot={"homey": FARMHOUSE_ID, "seconds": 60})
    assert ping(farm["localUrl"]).status_code == 502
    relay = ping(farm["remoteUrl"])
    assert relay.status_code == 502
    assert relay.json() == {"error": "Homey Offline", "statusCode": 502}
    assert homeys_of(emu, "erin@example.com")[FARMHOUSE_ID]["state"] == "offline"
    clock.shift(61)
    assert ping(farm["localUrl"]).json() is True
    assert homeys_of(emu, "erin@example.com")[FARMHOUSE_ID]["state"] == "online"
    info = emu.get("system", erin, FARMHOUSE_ID).json()
    assert 0 <= info["uptime"] <= 2


# ------------------------------------------------------------------------- the messy house


def test_the_farmhouse_devices_have_a_real_house_rough_edges(emu, erin):
    devices = emu.get("devices/device", erin, FARMHOUSE_ID).json()
    meter = devices[device_id(THREE_PHASE_METER, FARMHOUSE_ID)]
    assert meter["capabilities"][:2] == ["measure_power", "meter_power"]
    phase = meter["capabilitiesObj"]["measure_power.phase2"]
    assert (phase["title"], phase["decimals"], phase["units"]) == ("Phase 2", 1, "W")
    assert isinstance(phase["value"], int | float)
    relay = devices[device_id(DOUBLE_RELAY, FARMHOUSE_ID)]["capabilitiesObj"]
    assert relay["onoff.output2"]["title"] == "Output 2"
    assert relay["onoff.output2"]["value"] is False
    pump = devices[device_id(HEAT_PUMP, FARMHOUSE_ID)]
    assert pump["ready"] is False
    thermometer = devices[device_id(OLD_THERMOMETER, FARMHOUSE_ID)]
    assert thermometer["capabilitiesObj"]["measure_temperature"]["value"] is None
    greenhouse = devices[device_id(GREENHOUSE_SENSOR, FARMHOUSE_ID)]["capabilitiesObj"]
    assert greenhouse["measure_temperature"]["title"] == "Soil temperature"
    assert greenhouse["measure_temperature"]["decimals"] == 2
    assert greenhouse["measure_humidity"]["units"] == "% RH"
    door = devices[device_id(BARN_DOOR, FARMHOUSE_ID)]
    assert door["warningMessage"] == "Battery almost empty: replace it soon"
    assert emu.get("logic/variable", erin, FARMHOUSE_ID).status_code == 200


def test_the_greenhouse_sensors_icon_is_a_huge_but_plain_drawing(emu, erin):
    device = emu.get(
        f"devices/device/{device_id(GREENHOUSE_SENSOR, FARMHOUSE_ID)}", erin, FARMHOUSE_ID
    ).json()
    url = device["iconObj"]["url"]
    response = requests.get(
        f"{emu.local(FARMHOUSE_ID)}{url}", headers={"Authorization": f"Bearer {erin}"}, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert len(response.content) > 64 * 1024
    assert response.text.startswith("<?xml") and response.text.rstrip().endswith("</svg>")


def test_a_sub_capability_can_be_set_on_its_own(emu, erin):
    relay = device_id(DOUBLE_RELAY, FARMHOUSE_ID)
    path = f"devices/device/{relay}/capability/onoff.output2"
    assert emu.put(path, erin, {"value": True}, FARMHOUSE_ID).status_code == 200
    caps = emu.get(f"devices/device/{relay}", erin, FARMHOUSE_ID).json()["capabilitiesObj"]
    assert (caps["onoff.output2"]["value"], caps["onoff"]["value"]) == (True, True)


def test_insights_of_a_null_valued_and_a_sub_capability_answer(emu, erin):
    logs = emu.get("insights/log", erin, FARMHOUSE_ID).json()
    ids = set(logs)
    thermometer = device_id(OLD_THERMOMETER, FARMHOUSE_ID)
    meter = device_id(THREE_PHASE_METER, FARMHOUSE_ID)
    assert f"homey:device:{thermometer}:measure_temperature" in ids
    assert f"homey:device:{meter}:measure_power.phase1" in ids
    for device, cap in ((thermometer, "measure_temperature"), (meter, "measure_power.phase1")):
        entries = emu.get(
            f"insights/log/homey:device:{device}/homey:device:{device}:{cap}/entry"
            "?resolution=last24Hours",
            erin,
            FARMHOUSE_ID,
        )
        assert entries.status_code == 200, entries.text


# ------------------------------------------------------------- other platforms, big house


def test_the_homey_cloud_has_only_a_remote_address_and_says_so(emu):
    cloud = homeys_of(emu, "frank@example.com")[CLOUD_HOMEY_ID]
    assert (cloud["platform"], cloud["platformVersion"], cloud["apiVersion"]) == ("cloud", 1, 3)
    assert cloud["localUrl"] is cloud["localUrlSecure"] is cloud["remoteUrlForwarded"] is None
    assert cloud["remoteUrl"].endswith(f"/net/https/{CLOUD_HOMEY_ID}.connect.athom.com")
    token = emu.session("frank@example.com", CLOUD_HOMEY_ID)
    info = requests.get(
        f"{cloud['remoteUrl']}/api/manager/system",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    ).json()
    assert (info["platform"], info["homeyModelName"]) == ("cloud", "Homey Cloud")


def test_the_old_homey_pro_says_it_speaks_web_api_v2(emu):
    old = homeys_of(emu, "frank@example.com")[OLD_PRO_ID]
    assert (old["apiVersion"], old["platform"], old["platformVersion"]) == (2, "local", 1)
    assert old["modelName"] == "Homey Pro (2019)"
    assert old["softwareVersion"].startswith("4.")
    assert ping(old["localUrl"]).headers["X-Homey-Version"] == old["softwareVersion"]


def test_the_large_house_appears_on_request_with_hundreds_of_devices(emu):
    assert ESTATE_ID not in homeys_of(emu, "erin@example.com")
    state = emu.control(large_house={"devices": 320})
    assert state["homeys"][ESTATE_ID]["devices"] == 320
    estate = homeys_of(emu, "erin@example.com")[ESTATE_ID]
    token = emu.session("erin@example.com", ESTATE_ID)
    response = requests.get(
        f"{estate['localUrl']}/api/manager/devices/device",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert len(response.json()) == 320
    assert len(response.content) > 300_000


def test_a_v2_homey_names_logs_by_owner_uri_and_capability_id(emu):
    token = emu.session("frank@example.com", OLD_PRO_ID)
    radiator = device_id("Attic radiator", OLD_PRO_ID)
    uri = f"homey:device:{radiator}"
    logs = emu.get("insights/log", token, OLD_PRO_ID).json()
    log = next(v for v in logs.values() if v["uri"] == uri and v["id"] == "measure_temperature")
    assert "ownerUri" not in log
    assert emu.get(f"insights/log/{uri}/measure_temperature", token, OLD_PRO_ID).json()["id"] == (
        "measure_temperature"
    )
    entries = emu.get(
        f"insights/log/{uri}/measure_temperature/entry",
        token,
        OLD_PRO_ID,
        params={"resolution": "lastHour"},
    )
    assert len(entries.json()["values"]) == 60
    v3_form = emu.get(f"insights/log/{uri}/{uri}:measure_temperature/entry", token, OLD_PRO_ID)
    assert v3_form.status_code == 404


@pytest.mark.parametrize(
    ("email", "homey_id"),
    [("frank@example.com", OLD_PRO_ID), ("frank@example.com", CLOUD_HOMEY_ID)],
)
def test_neither_a_v2_homey_nor_a_homey_cloud_has_api_keys(emu, email, homey_id):
    token = emu.session(email, homey_id)
    assert emu.get("users/pat", token, homey_id).status_code == 404
    assert emu.get("users/pat", emu.session("alice@example.com"), HOME_ID).status_code == 200


def test_strict_paths_refuses_a_trailing_slash_the_spec_does_not_have(emu, alice):
    assert emu.get("devices/device/", alice).status_code == 200
    emu.control(strict_paths=True)
    assert emu.get("devices/device/", alice).status_code == 404
    assert emu.get("devices/device", alice).status_code == 200
    assert emu.get("system/", alice).status_code == 200  # getInfo's path is "/"


def test_strict_paths_answers_the_spec_s_paths_with_parameters(emu, alice):
    """``/log/:uri/:id/entry`` (getLogEntries), ``/device/:id``: a parameter is not a slash."""
    emu.control(strict_paths=True)
    log = next(iter(emu.get("insights/log", alice).json().values()))
    uri = log["ownerUri"]
    response = emu.get(f"insights/log/{uri}/{log['id']}/entry", alice)
    assert response.status_code == 200, response.text
    assert "values" in response.json()
    assert emu.get(f"insights/log/{uri}/{log['id']}/entry/", alice).status_code == 404
    device = next(iter(emu.get("devices/device", alice).json()))
    assert emu.get(f"devices/device/{device}", alice).status_code == 200
    assert emu.get(f"devices/device/{device}/", alice).status_code == 404


def test_a_changed_client_secret_makes_the_token_endpoint_answer_invalid_client(emu):
    refresh = emu.password_tokens("erin@example.com")["refresh_token"]
    emu.control(client_secret={"client": "homeydash-demo", "secret": "rotated"})
    response = emu.token(grant_type="refresh_token", refresh_token=refresh)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    renewed = requests.post(
        f"{emu.cloud}/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh},
        auth=("homeydash-demo", "rotated"),
        timeout=10,
    )
    assert renewed.status_code == 200, renewed.text


def test_a_cloud_route_can_be_rate_limited_fail_or_hang_on_its_own(emu):
    emu.control(
        offline_hang_seconds=1.5,
        cloud={
            "operations": {
                "/oauth2/token": {"status": 429, "retry_after": 7},
                "/delegation/key": {"status": 503},
                "/user/me": {"hang": True},
            }
        },
    )
    limited = emu.token(grant_type="password", username="erin@example.com", password="homey")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "7"
    assert requests.get(f"{emu.cloud}/delegation/key", timeout=5).status_code == 503
    with pytest.raises(requests.Timeout):
        requests.get(f"{emu.cloud}/user/me", timeout=0.4)
    emu.control(cloud={"operations": {"/oauth2/token": None}})
    assert emu.password_tokens("erin@example.com")["access_token"]
    bad = requests.post(
        f"{emu.url}/_control", json={"cloud": {"operations": {"/nope": {"status": 500}}}}, timeout=5
    )
    assert bad.status_code == 400


def test_a_v2_homey_shapes_devices_and_flow_cards_the_v2_way(emu):
    token = emu.session("frank@example.com", OLD_PRO_ID)
    lamp = emu.get(f"devices/device/{device_id('Attic lamp', OLD_PRO_ID)}", token, OLD_PRO_ID)
    body = lamp.json()
    assert (body["driverUri"], body["driverId"]) == ("homey:app:com.klikaanklikuit", "bulb")
    assert body["zoneName"] == "Attic flat"
    flow = next(iter(emu.get("flow/flow", token, OLD_PRO_ID).json().values()))
    assert flow["trigger"] == {"uri": "homey:manager:flow", "id": "programmatic_trigger"}
    advanced = next(iter(emu.get("flow/advancedflow", token, OLD_PRO_ID).json().values()))
    trigger = next(c for c in advanced["cards"].values() if c["type"] == "trigger")
    assert (trigger["id"], trigger["ownerUri"]) == ("programmatic_trigger", "homey:manager:flow")
    home_flow = next(iter(emu.get("flow/flow", emu.session("alice@example.com")).json().values()))
    assert ":" in home_flow["trigger"]["id"]  # v3: one full id


def test_a_tidy_demo_homey_can_be_given_the_real_address_shapes(emu):
    emu.control(layout={HOME_ID: "real"})
    home = homeys_of(emu, "alice@example.com")[HOME_ID]
    assert home["localUrlSecure"] == f"{emu.url}/net/https/192-168-1-50.homey.homeylocal.com"
    assert home["localUrl"] == f"{emu.url}/net/http/192.168.1.50"
    emu.control(faults={HOME_ID: {"addresses": {"localUrlSecure": "refuse"}}})
    assert ping(home["localUrlSecure"]).status_code == 502
    assert ping(home["localUrl"]).headers["X-Homey-ID"] == HOME_ID


def test_every_real_address_belongs_to_one_homey_only(emulator_world):
    emulator_world.add_large_house(300)
    seen = [a.path for h in emulator_world.homeys.values() for a in network.addresses(h)]
    assert len(seen) == len(set(seen))
