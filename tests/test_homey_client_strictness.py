"""``HomeyClient`` is exactly as strict as Athom's official client: pings without
``X-Homey-ID`` are accepted, another id is refused, and every list is asked for at the path
the Homey's own spec writes (through a recording proxy in front of the emulator)."""

from __future__ import annotations

import contextlib

import pytest

from dashboard.homey.client import HomeyClient
from dashboard.homey.errors import HomeyError, HomeyOffline, RateLimited
from emulator.world import DEMO_PAT_TOKEN, HOLIDAY_ID, HOME_ID
from tests.support.loopback import FaultProxy
from tests.support.spec import load_spec

# Our method → (spec manager, operation id) it calls.
OPERATIONS = {
    "get_devices": ("ManagerDevices", "getDevices"),
    "get_zones": ("ManagerZones", "getZones"),
    "get_variables": ("ManagerLogic", "getVariables"),
    "get_flows": ("ManagerFlow", "getFlows"),
    "get_advanced_flows": ("ManagerFlow", "getAdvancedFlows"),
    "get_system_info": ("ManagerSystem", "getInfo"),
    "get_session_me": ("ManagerSessions", "getSessionMe"),
    "get_user_me": ("ManagerUsers", "getUserMe"),
}


@pytest.fixture
def proxy(emulator_url, emulator_world):
    with FaultProxy(f"{emulator_url}/homey/{HOME_ID}") as proxy:
        yield proxy


def spec_path(spec: dict, manager: str, operation: str) -> str:
    found = spec["managers"][manager]
    return f"/api/manager/{found['id']}{found['operations'][operation]['path']}"


def test_a_ping_without_x_homey_id_is_accepted_as_the_homey_asked_for(proxy):
    proxy.alter(r"/system/ping$", drop_headers=("X-Homey-ID",))
    with HomeyClient(proxy.url, homey_id=HOME_ID) as homey:
        assert homey.ping() == HOME_ID


def test_a_ping_answered_with_another_homeys_id_is_refused(proxy):
    proxy.alter(r"/system/ping$", set_headers={"X-Homey-ID": HOLIDAY_ID})
    with (
        HomeyClient(proxy.url, homey_id=HOME_ID) as homey,
        pytest.raises(HomeyOffline, match="another Homey"),
    ):
        homey.ping()


def test_another_homey_at_the_address_is_refused(emulator_url, emulator_world):
    with (
        HomeyClient(f"{emulator_url}/homey/{HOLIDAY_ID}", homey_id=HOME_ID) as wrong,
        pytest.raises(HomeyOffline),
    ):
        wrong.ping()


def test_a_ping_answering_false_is_refused(proxy):
    proxy.fail(r"/system/ping$", status=200, body="false")
    with HomeyClient(proxy.url, homey_id=HOME_ID) as homey, pytest.raises(HomeyOffline):
        homey.ping()


def test_a_ping_that_names_no_homey_when_none_was_asked_for_is_refused(proxy):
    proxy.alter(r"/system/ping$", drop_headers=("X-Homey-ID",))
    with HomeyClient(proxy.url) as anyone, pytest.raises(HomeyOffline):
        anyone.ping()


@pytest.mark.parametrize(("spec_name", "api_version"), [("HomeyAPIV3Local", 3), ("HomeyAPIV2", 2)])
def test_every_list_is_asked_for_at_the_path_the_spec_writes(proxy, spec_name, api_version):
    spec = load_spec(spec_name)
    expected = {}
    with HomeyClient(proxy.url, DEMO_PAT_TOKEN, homey_id=HOME_ID, api_version=api_version) as homey:
        for method, (manager, operation) in OPERATIONS.items():
            before = len(proxy.seen)
            getattr(homey, method)()
            assert len(proxy.seen) == before + 1
            expected[method] = (proxy.seen[-1][1], spec_path(spec, manager, operation))
    assert {m: sent for m, (sent, _spec) in expected.items()} == {
        m: path for m, (_sent, path) in expected.items()
    }


def test_the_v3_lists_carry_no_trailing_slash(proxy):
    with HomeyClient(proxy.url, DEMO_PAT_TOKEN, homey_id=HOME_ID) as homey:
        homey.get_devices()
        homey.get_zones()
        homey.get_variables()
        homey.get_flows()
        homey.get_advanced_flows()
    lists = [path for _method, path in proxy.seen]
    assert lists == [
        "/api/manager/devices/device",
        "/api/manager/zones/zone",
        "/api/manager/logic/variable",
        "/api/manager/flow/flow",
        "/api/manager/flow/advancedflow",
    ]


def test_insights_entries_use_the_full_log_id_on_v3_and_the_short_one_on_v2(proxy):
    log_id = "homey:device:5d1c0e2a-8f7b-4c3d-9e1f-2a3b4c5d6e7f:measure_temperature"
    for api_version in (3, 2):
        # The emulator's Home has no such device: only the path asked for matters here.
        with (
            HomeyClient(proxy.url, DEMO_PAT_TOKEN, homey_id=HOME_ID, api_version=api_version) as h,
            contextlib.suppress(HomeyError),
        ):
            h.get_log_entries(log_id)
    uri = "homey:device:5d1c0e2a-8f7b-4c3d-9e1f-2a3b4c5d6e7f"
    assert [path for _m, path in proxy.seen] == [
        f"/api/manager/insights/log/{uri}/{log_id}/entry",
        f"/api/manager/insights/log/{uri}/measure_temperature/entry",
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("120", 120.0), ("0", 1.0), ("", 30.0), ("soon", 30.0), ("99999999", 3600.0)],
)
def test_a_429_is_rate_limited_with_the_retry_after_it_gives(proxy, header, expected):
    headers = {"Retry-After": header} if header else {}
    body = '{"error": "Too Many Requests", "statusCode": 429}'
    proxy.fail(r"/devices/device$", status=429, body=body, headers=headers)
    with (
        HomeyClient(proxy.url, DEMO_PAT_TOKEN, homey_id=HOME_ID) as homey,
        pytest.raises(RateLimited) as limited,
    ):
        homey.get_devices()
    assert limited.value.retry_after == expected
    assert limited.value.status == 429
