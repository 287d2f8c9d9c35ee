"""The apps manager: apps listed with their state, an app that crashes takes its devices
with it, and a restart brings them back as they were."""

from __future__ import annotations

import pytest
import requests

from emulator.constants import CLOUD_HOMEY_ID, HOME_ID, OLD_PRO_ID
from emulator.house import item_id


@pytest.fixture
def alice(emu, emulator_world) -> str:
    return emu.session("alice@example.com")


@pytest.fixture
def admin(emu, alice) -> str:
    """An API key of Alice's that may manage apps (the demo sign-in may only read them)."""
    created = emu.post("users/pat", alice, {"name": "apps", "scopes": ["homey.app"]})
    assert created.status_code == 200, created.text
    return created.json()["token"]


def test_the_demo_sign_in_may_read_apps_but_not_restart_them(emu, alice):
    assert emu.get("apps/app", alice).status_code == 200
    assert emu.post("apps/app/com.sonos/restart", alice).status_code == 403


def device(emu, token, name, homey_id=HOME_ID) -> dict:
    return emu.get(f"devices/device/{item_id(homey_id, 'device', name)}", token, homey_id).json()


def test_the_home_lists_one_running_app_for_each_app_its_devices_use(emu, alice):
    apps = emu.get("apps/app", alice).json()
    assert {"com.sonos", "com.fibaro", "com.philips.hue.zigbee"} <= apps.keys()
    sonos = apps["com.sonos"]
    assert (sonos["id"], sonos["name"], sonos["state"]) == ("com.sonos", "Sonos", "running")
    assert (sonos["crashed"], sonos["crashedMessage"], sonos["enabled"]) == (False, None, True)
    assert emu.get("apps/app/com.sonos", alice).json() == sonos


def test_an_unknown_app_is_404(emu, alice):
    response = emu.get("apps/app/com.nowhere", alice)
    assert response.status_code == 404
    assert response.json()["statusCode"] == 404


def test_a_crashed_app_makes_its_devices_unavailable_until_it_restarts(emu, alice, admin):
    emu.control(crash_app={"homey": HOME_ID, "app": "com.sonos", "message": "TypeError: x"})
    sonos = emu.get("apps/app/com.sonos", alice).json()
    assert (sonos["state"], sonos["crashed"], sonos["crashedMessage"]) == (
        "crashed",
        True,
        "TypeError: x",
    )
    assert sonos["crashedCount"] == 1
    speaker = device(emu, alice, "Living room speaker")
    assert speaker["available"] is False
    assert speaker["unavailableMessage"] == "The app has crashed."
    assert device(emu, alice, "TV socket")["available"] is True  # another app's device

    assert emu.post("apps/app/com.sonos/restart", admin).status_code == 204
    assert emu.get("apps/app/com.sonos", alice).json()["state"] == "running"
    speaker = device(emu, alice, "Living room speaker")
    assert (speaker["available"], speaker["unavailableMessage"]) == (True, None)


def test_a_restart_gives_back_each_device_as_it_was_before_the_crash(emu, alice):
    """The pond pump was unreachable before its app crashed; it stays so after."""
    emu.control(crash_app={"homey": HOME_ID, "app": "com.fibaro"})
    assert device(emu, alice, "Pond pump")["unavailableMessage"] == "The app has crashed."
    emu.control(restart_app={"homey": HOME_ID, "app": "com.fibaro"})
    pump = device(emu, alice, "Pond pump")
    assert pump["available"] is False
    assert pump["unavailableMessage"].startswith("Device is unreachable")
    assert device(emu, alice, "TV socket")["available"] is True


def test_a_disabled_app_is_stopped_and_a_restart_is_refused_until_it_is_enabled(emu, alice, admin):
    assert emu.put("apps/app/com.sonos/disable", admin, None).status_code == 204
    sonos = emu.get("apps/app/com.sonos", alice).json()
    assert (sonos["state"], sonos["enabled"], sonos["crashed"]) == ("stopped", False, False)
    assert device(emu, alice, "Living room speaker")["available"] is False
    assert emu.post("apps/app/com.sonos/restart", admin).status_code == 400
    assert emu.put("apps/app/com.sonos/enable", admin, None).status_code == 204
    assert device(emu, alice, "Living room speaker")["available"] is True


@pytest.mark.parametrize(("email", "status"), [("bob@example.com", 403), ("dave@example.com", 403)])
def test_users_and_guests_may_not_read_the_apps(emu, emulator_world, email, status):
    token = emu.session(email)
    assert emu.get("apps/app", token).status_code == status
    assert emu.post("apps/app/com.sonos/restart", token).status_code == status


def test_the_control_api_refuses_an_unknown_homey_or_app(emu, emulator_world):
    for spec in ({"homey": "nope", "app": "com.sonos"}, {"homey": HOME_ID, "app": "com.nope"}):
        response = requests.post(f"{emu.url}/_control", json={"crash_app": spec}, timeout=10)
        assert response.status_code == 400
    state = emu.control()
    assert state["homeys"][HOME_ID]["apps"]["com.sonos"] == "running"


def test_a_v2_homey_shapes_a_crashed_app_as_its_spec_does(emu, emulator_world):
    token = emu.session("frank@example.com", OLD_PRO_ID)
    apps = emu.get("apps/app", token, OLD_PRO_ID).json()
    assert apps
    app_id = next(iter(apps))
    emu.control(crash_app={"homey": OLD_PRO_ID, "app": app_id})
    app = emu.get(f"apps/app/{app_id}", token, OLD_PRO_ID).json()
    assert (app["state"], app["crashed"], app["ready"], app["exitCount"]) == (
        "stopped",
        True,
        False,
        1,
    )
    assert "brandColor" in app


def test_a_homey_cloud_lists_apps_but_cannot_restart_them(emu, emulator_world):
    token = emu.session("frank@example.com", CLOUD_HOMEY_ID)
    apps = emu.get("apps/app", token, CLOUD_HOMEY_ID).json()
    assert "crashedCount" not in next(iter(apps.values()))
    restart = emu.post("apps/app/com.fibaro/restart", token, homey_id=CLOUD_HOMEY_ID)
    assert restart.status_code == 404
