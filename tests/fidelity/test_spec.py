"""The emulator against Athom's own spec files (HomeyAPIV3Local.json, AthomCloudAPI.json):
every route it serves exists there with that method (and the same scopes), and every item
it returns validates against the spec's item JSON schema (draft 2020-12)."""

from __future__ import annotations

import copy

import pytest
import requests
from django.urls import resolve
from jsonschema import Draft202012Validator

from emulator import cloud_views
from emulator.constants import (
    CLOUD_HOMEY_ID,
    DEMO_PAT_TOKEN,
    FLAT_ID,
    HOLIDAY_ID,
    HOME_ID,
    OLD_PRO_ID,
)
from emulator.homey_views import ROUTES, SPEC_ROUTES
from tests.support.emulator import Emu
from tests.support.spec import load_spec


def spec_operations(spec: dict, manager_id: str) -> dict[tuple[str, str], tuple[str, dict]]:
    manager = next(m for m in spec["managers"].values() if m["id"] == manager_id)
    return {
        (op["method"].upper(), op["path"]): (name, op) for name, op in manager["operations"].items()
    }


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.manager}{r.path}")
def test_every_homey_route_exists_in_the_spec_with_that_method_and_scopes(homey_spec, route):
    operations = spec_operations(homey_spec, route.manager)
    assert (route.method, route.path) in operations
    name, op = operations[(route.method, route.path)]
    assert name == route.operation
    assert tuple(op.get("scopes", [])) == route.scopes


def test_every_cloud_route_exists_in_the_spec_with_that_method(cloud_spec):
    operations = {(op["method"].upper(), op["path"]) for op in cloud_spec["operations"].values()}
    for method, path in cloud_views.ROUTES:
        if (method, path) in cloud_views.NOT_IN_SPEC:
            assert (method, path) not in operations
            continue
        assert (method, path) in operations, (method, path)


def test_every_cloud_route_is_served():
    for _, path in cloud_views.ROUTES:
        assert resolve(f"/emulator/cloud{path}").namespace == "emulator"


def item_validator(spec: dict, manager_id: str, item: str) -> Draft202012Validator:
    manager = next(m for m in spec["managers"].values() if m["id"] == manager_id)
    schema = manager["items"][item]["schema"]
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(validator: Draft202012Validator, item: dict) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(item)]
    assert not errors, errors


@pytest.fixture
def emu(emulator_url, emulator_world) -> Emu:
    return Emu(emulator_url)


@pytest.fixture
def sessions(emu) -> dict[str, str]:
    return {
        HOME_ID: emu.session("alice@example.com", HOME_ID),
        HOLIDAY_ID: emu.session("alice@example.com", HOLIDAY_ID),
        FLAT_ID: emu.session("charlie@example.com", FLAT_ID),
    }


ITEM_LISTS = [
    ("devices", "device", "Device"),
    ("zones", "zone", "Zone"),
    ("logic", "variable", "Variable"),
    ("flow", "flow", "Flow"),
    ("flow", "advancedflow", "AdvancedFlow"),
    ("flow", "flowfolder", "FlowFolder"),
    ("users", "user", "User"),
    ("moods", "mood", "Mood"),
]


@pytest.mark.parametrize(("manager", "path", "item"), ITEM_LISTS)
def test_every_listed_item_and_each_single_item_validates(
    emu, sessions, homey_spec, manager, path, item
):
    validator = item_validator(homey_spec, manager, item)
    for homey_id, token in sessions.items():
        listed = emu.get(f"{manager}/{path}", token, homey_id).json()
        assert listed, (homey_id, path)
        for item_id, value in listed.items():
            assert value["id"] == item_id
            assert_valid(validator, value)
        first = next(iter(listed))
        single = emu.get(f"{manager}/{path}/{first}", token, homey_id)
        assert single.status_code == 200
        assert_valid(validator, single.json())


def test_logs_validate_except_for_the_spec_s_generic_uuid_id(emu, sessions, homey_spec):
    """The spec gives every item a uuid ``id`` pattern, but V3 log ids are full
    ``homey:device:<uuid>:<capability>`` ids (the official client splits them for
    getLogEntries). Everything else about a Log must match."""
    validator = item_validator(homey_spec, "insights", "Log")
    schema = copy.deepcopy(validator.schema)
    schema["properties"]["id"] = {
        "type": "string",
        "pattern": r"^homey:device:[0-9a-f-]{36}:[a-z0-9_.]+$",
    }
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for homey_id, token in sessions.items():
        logs = emu.get("insights/log", token, homey_id).json()
        assert logs
        for log in logs.values():
            assert_valid(validator, log)


@pytest.mark.parametrize(
    ("spec_name", "homey_id", "email"),
    [
        ("HomeyAPIV3Local", HOME_ID, "alice@example.com"),
        ("HomeyAPIV3Cloud", CLOUD_HOMEY_ID, "frank@example.com"),
        ("HomeyAPIV2", OLD_PRO_ID, "frank@example.com"),
    ],
)
def test_apps_running_and_crashed_validate_except_for_the_spec_s_generic_uuid_id(
    emu, emulator_world, spec_name, homey_id, email
):
    """Apps have reverse-domain ids (``com.fibaro``), as on every real Homey and in their
    devices' ``driverId``; everything else about an App must match its spec."""
    validator = item_validator(load_spec(spec_name), "apps", "App")
    schema = copy.deepcopy(validator.schema)
    schema["properties"]["id"] = {"type": "string", "pattern": r"^[a-z0-9-]+(\.[a-z0-9-]+)+$"}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    token = emu.session(email, homey_id)
    first = next(iter(emu.get("apps/app", token, homey_id).json()))
    emu.control(crash_app={"homey": homey_id, "app": first})
    apps = emu.get("apps/app", token, homey_id).json()
    assert apps[first]["crashed"] is True
    for app_id, app in apps.items():
        assert app["id"] == app_id
        assert_valid(validator, app)
    assert_valid(validator, emu.get(f"apps/app/{first}", token, homey_id).json())


def test_the_user_me_answer_validates_as_a_user(emu, sessions, homey_spec):
    validator = item_validator(homey_spec, "users", "User")
    for homey_id, token in sessions.items():
        assert_valid(validator, emu.get("users/user/me", token, homey_id).json())


def test_sessions_validate_for_a_login_and_an_api_key(emu, sessions, homey_spec):
    validator = item_validator(homey_spec, "sessions", "Session")
    oauth = emu.get("sessions/session/me", sessions[HOME_ID]).json()
    pat = emu.get("sessions/session/me", DEMO_PAT_TOKEN).json()
    assert (oauth["type"], pat["type"]) == ("OAUTH", "PAT")
    assert_valid(validator, oauth)
    assert_valid(validator, pat)


def test_capability_states_carry_the_fields_the_reference_lists(emu, sessions):
    devices = emu.get("devices/device", sessions[HOME_ID]).json()
    for device in devices.values():
        assert list(device["capabilitiesObj"]) == device["capabilities"]
        for cap in device["capabilitiesObj"].values():
            assert {
                "id",
                "type",
                "title",
                "getable",
                "setable",
                "value",
                "lastUpdated",
                "units",
                "options",
            } <= set(cap)
            if cap["type"] == "number":
                assert "decimals" in cap
            if cap["type"] == "enum":
                assert all({"id", "title"} == set(v) for v in cap["values"])


def test_the_spec_has_no_authorise_route_so_the_emulator_says_why(cloud_spec):
    assert ("GET", "/oauth2/authorise") in cloud_views.NOT_IN_SPEC
    assert cloud_views.NOT_IN_SPEC[("GET", "/oauth2/authorise")]


def test_an_api_call_without_trailing_slash_and_with_one_answer_the_same(emu, sessions):
    token = sessions[HOME_ID]
    plain = emu.get("zones/zone", token).json()
    slashed = requests.get(
        emu.api("zones/zone/"), headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).json()
    assert plain == slashed


@pytest.mark.parametrize("spec_name", ["HomeyAPIV3Cloud", "HomeyAPIV2"])
def test_a_homey_cloud_and_a_v2_homey_serve_exactly_what_their_spec_has(spec_name):
    spec = load_spec(spec_name)
    for route in SPEC_ROUTES[spec_name]:
        operations = {
            (m, p.rstrip("/") or "/"): (name, op)
            for (m, p), (name, op) in spec_operations(spec, route.manager).items()
        }
        assert (route.method, route.path) in operations, route.operation
        name, op = operations[(route.method, route.path)]
        assert name == route.operation
        assert tuple(op.get("scopes", [])) == route.scopes


def test_every_image_validates(emu, sessions, homey_spec):
    validator = item_validator(homey_spec, "images", "Image")
    listed = emu.get("images/image", sessions[HOME_ID]).json()
    assert listed
    for item in listed.values():
        assert_valid(validator, item)


def test_every_notification_validates(emu, sessions, homey_spec):
    validator = item_validator(homey_spec, "notifications", "Notification")
    listed = emu.get("notifications/notification", sessions[HOME_ID]).json()
    assert listed
    for item_id, item in listed.items():
        assert item["id"] == item_id
        assert_valid(validator, item)
