"""Fault switches and the control API."""

from __future__ import annotations

import time

import requests

from emulator.constants import DEMO_PAT_TOKEN, HOLIDAY_ID, HOME_ID


def user_me_homeys(emu, email="alice@example.com"):
    access = emu.password_tokens(email)["access_token"]
    response = requests.get(
        f"{emu.cloud}/user/me", headers={"Authorization": f"Bearer {access}"}, timeout=10
    )
    return {h["id"]: h for h in response.json()["homeys"]}


def test_an_offline_homey_gives_502_on_the_relay_and_hangs_then_504_locally(emu):
    emu.control(faults={HOME_ID: {"offline": True}}, offline_hang_seconds=0.3)
    relay = requests.get(f"{emu.relay()}/api/manager/system/ping", timeout=10)
    assert relay.status_code == 502
    assert relay.json() == {"error": "Homey Offline", "statusCode": 502}
    started = time.monotonic()
    local = requests.get(f"{emu.local()}/api/manager/system/ping", timeout=10)
    assert time.monotonic() - started >= 0.3
    assert local.status_code == 504
    assert requests.get(f"{emu.local(HOLIDAY_ID)}/api/manager/system/ping", timeout=10).ok


def test_an_offline_homey_looks_like_an_unreachable_host_to_a_client_with_a_timeout(emu):
    emu.control(faults={HOME_ID: {"offline": True}}, offline_hang_seconds=1.5)
    started = time.monotonic()
    try:
        requests.get(f"{emu.local()}/api/manager/system/ping", timeout=0.5)
        raise AssertionError("expected a timeout")
    except requests.Timeout:
        pass
    assert time.monotonic() - started < 2


def test_user_me_shows_the_offline_state_and_when_it_began(emu, emulator_world, clock):
    online = user_me_homeys(emu)[HOME_ID]
    clock.shift(10)
    emu.control(faults={HOME_ID: {"offline": True}})
    offline = user_me_homeys(emu)[HOME_ID]
    assert (online["state"], offline["state"]) == ("online", "offline")
    assert offline["stateSince"] == "2026-11-25T12:00:10.000Z"
    assert user_me_homeys(emu)[HOLIDAY_ID]["state"] == "online"


def test_latency_slows_every_request_to_that_homey(emu):
    emu.control(faults={HOME_ID: {"latency": 0.3}})
    started = time.monotonic()
    assert requests.get(f"{emu.local()}/api/manager/system/ping", timeout=10).ok
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    requests.get(f"{emu.local(HOLIDAY_ID)}/api/manager/system/ping", timeout=10)
    assert time.monotonic() - started < 0.3


def test_a_forced_status_answers_every_request_with_it(emu):
    emu.control(faults={HOME_ID: {"status": 503}})
    for url in (f"{emu.local()}/api/manager/system/ping", emu.api("devices/device")):
        response = requests.get(
            url, headers={"Authorization": f"Bearer {DEMO_PAT_TOKEN}"}, timeout=10
        )
        assert response.status_code == 503 and response.json()["statusCode"] == 503
    emu.control(faults={HOME_ID: {"status": None}})
    assert emu.get("devices/device", DEMO_PAT_TOKEN).status_code == 200


def test_cloud_down_answers_503_on_every_cloud_route(emu):
    tokens = emu.password_tokens("alice@example.com")
    emu.control(cloud={"down": True})
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    responses = [
        emu.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"]),
        requests.get(f"{emu.cloud}/user/me", headers=headers, timeout=10),
        requests.post(f"{emu.cloud}/delegation/token?audience=homey", headers=headers, timeout=10),
        requests.get(f"{emu.cloud}/oauth2/authorise?client_id=homeydash-demo", timeout=10),
        requests.get(f"{emu.cloud}/delegation/key", timeout=10),
    ]
    assert [r.status_code for r in responses] == [503] * 5
    assert responses[0].json()["error"] == "temporarily_unavailable"
    assert emu.get("devices/device", DEMO_PAT_TOKEN).status_code == 200
    emu.control(cloud={"down": False})
    assert (
        emu.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"]).status_code
        == 200
    )


def test_cloud_latency_slows_cloud_routes(emu):
    emu.control(cloud={"latency": 0.3})
    started = time.monotonic()
    emu.password_tokens("alice@example.com")
    assert time.monotonic() - started >= 0.3


def test_the_control_api_reads_the_state(emu):
    state = requests.get(f"{emu.url}/_control", timeout=10).json()
    assert state["seed"] == 1
    assert state["clock"] == {"now": "2026-11-25T12:00:00.000Z", "mode": "real"}
    assert state["config"]["access_token_seconds"] == 3660
    assert state["homeys"][HOME_ID]["users"]


def test_the_control_api_moves_the_clock(emu):
    assert emu.control(clock={"advance": 90})["clock"]["now"] == "2026-11-25T12:01:30.000Z"
    state = emu.control(clock={"set": "2026-12-24T18:00:00Z"})
    assert state["clock"]["now"] == "2026-12-24T18:00:00.000Z"


def test_the_control_api_resets_everything(emu, alice):
    emu.control(faults={HOME_ID: {"offline": True}}, code_seconds=5, clock={"advance": 999})
    state = emu.control(reset={"seed": 3, "now": "2026-11-25T12:00:00Z"})
    assert state["seed"] == 3 and state["faults"] == {} and state["config"]["code_seconds"] == 30
    assert emu.get("zones/zone", alice).status_code == 401


def test_the_control_api_sets_roles(emu, bob):
    emu.control(set_role={"homey": HOME_ID, "email": "bob@example.com", "role": "guest"})
    assert emu.get("users/user/me", bob).json()["role"] == "guest"


def test_the_control_api_refuses_nonsense(emu):
    for body in (
        {"faults": {"nope": {"offline": True}}},
        {"clock": {"mode": "sideways"}},
        {"set_role": {"homey": HOME_ID, "email": "bob@example.com", "role": "king"}},
    ):
        response = requests.post(f"{emu.url}/_control", json=body, timeout=10)
        assert response.status_code == 400, body
    assert requests.post(f"{emu.url}/_control", data="{", timeout=10).status_code == 400


def test_the_control_api_sets_config_knobs_with_their_types(emu):
    state = emu.control(rotate_refresh_tokens=False, session_seconds=600, offline_hang_seconds=0.5)
    assert state["config"]["rotate_refresh_tokens"] is False
    assert state["config"]["session_seconds"] == 600
    assert state["config"]["offline_hang_seconds"] == 0.5
    response = requests.post(
        f"{emu.url}/_control", json={"rotate_refresh_tokens": "false"}, timeout=10
    )
    assert response.status_code == 400
