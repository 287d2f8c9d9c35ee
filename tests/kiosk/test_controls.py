"""Controls from a kiosk: a view-only tablet is refused on the server whatever it posts; a
control tablet can be made to ask for a PIN for locks and alarm states, checked on the server
with attempt limiting, and nothing reaches the Homey on a wrong PIN."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from dashboard import kiosks
from dashboard.models import KioskDevice
from emulator.house import FRONT_DOOR_LOCK
from emulator.world import HOME_ID
from tests.support.kiosk import pair
from tests.support.tiles import HTMX, device_id, poll_url, stored_value

FROM_SCREEN = {"HTTP_HX_CURRENT_URL": "http://testserver/kiosk/", **HTMX}


def control(tablet, name: str, capability: str, **data):
    return tablet.post(
        f"/devices/{device_id(name)}/control", {"capability": capability, **data}, **FROM_SCREEN
    )


def message(response) -> str:
    found = re.search(r'<p class="tile-message[^"]*" role="alert">(.*?)</p>', response.text, re.S)
    return found.group(1).strip() if found else ""


@pytest.fixture
def pin_tablet(new_kiosk):
    kiosk = new_kiosk(can_control=True, require_pin=True)
    kiosks.set_pin(kiosk, "2468")
    kiosk.save()
    return kiosk, pair(kiosk)


def test_a_view_only_kiosk_is_refused_a_forged_control(new_kiosk, homey_requests):
    tablet = pair(new_kiosk(can_control=False))

    response = control(tablet, "Kitchen lights", "onoff", value="true")

    assert response.status_code == 403
    assert message(response) == "You can look at this tile but not control it."
    assert stored_value("Kitchen lights", "onoff") is False
    assert homey_requests.writes() == 0
    plain = tablet.post(
        f"/devices/{device_id('Kitchen lights')}/control", {"capability": "onoff", "value": "1"}
    )
    assert plain.status_code == 403


def test_a_control_kiosk_switches_a_light(new_kiosk):
    tablet = pair(new_kiosk(can_control=True))

    response = control(tablet, "Kitchen lights", "onoff", value="true")

    assert response.status_code == 200 and 'aria-checked="true"' in response.text
    assert stored_value("Kitchen lights", "onoff") is True


def test_a_kiosk_is_never_more_than_its_creator(new_kiosk, emulator_world):
    """A control kiosk acts through its creator's link: when the Homey makes Alice a guest,
    her kiosk is refused too."""
    tablet = pair(new_kiosk(can_control=True))
    emulator_world.set_role(HOME_ID, "alice@example.com", "guest")

    assert control(tablet, "Kitchen lights", "onoff", value="true").status_code == 403
    assert stored_value("Kitchen lights", "onoff") is False


def test_unlocking_on_a_pin_kiosk_asks_for_the_pin(pin_tablet, homey_requests):
    _kiosk, tablet = pin_tablet

    asked = control(tablet, FRONT_DOOR_LOCK, "locked", value="false")

    assert asked.status_code == 200 and "Unlock Front door lock?" in asked.text
    assert 'name="pin"' in asked.text
    assert homey_requests.writes() == 0


def test_locking_on_a_pin_kiosk_asks_only_to_confirm(pin_tablet, homey_requests):
    """The setting says "a PIN to unlock doors or change the alarm": locking needs none."""
    _kiosk, tablet = pin_tablet
    control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="2468")
    assert stored_value(FRONT_DOOR_LOCK, "locked") is False

    asked = control(tablet, FRONT_DOOR_LOCK, "locked", value="true")
    assert "Lock Front door lock?" in asked.text and 'name="pin"' not in asked.text
    locked = control(tablet, FRONT_DOOR_LOCK, "locked", value="true", confirm="1")

    assert locked.status_code == 200
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True


def test_a_wrong_pin_sends_nothing_and_says_so(pin_tablet, homey_requests):
    _kiosk, tablet = pin_tablet

    response = control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="1111")

    assert response.status_code == 403
    assert message(response) == "Wrong PIN; nothing was sent. 4 tries left."
    assert 'name="pin"' in response.text  # asked again
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True
    assert homey_requests.writes() == 0


def test_a_missing_pin_is_a_wrong_pin(pin_tablet):
    _kiosk, tablet = pin_tablet

    response = control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1")

    assert response.status_code == 403 and "Wrong PIN" in message(response)
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True


def test_the_right_pin_unlocks(pin_tablet):
    kiosk, tablet = pin_tablet
    control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="0000")

    response = control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="2468")

    assert response.status_code == 200
    assert stored_value(FRONT_DOOR_LOCK, "locked") is False
    kiosk.refresh_from_db()
    assert kiosk.pin_failures == 0


def test_five_wrong_pins_lock_the_pin_for_five_minutes(pin_tablet, homey_requests):
    kiosk, tablet = pin_tablet
    for _ in range(4):
        control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="1111")
    fifth = control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="1111")
    assert message(fifth) == "Too many wrong PINs. Try again in 5 minutes."

    right = control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="2468")

    assert right.status_code == 403 and "Too many wrong PINs" in message(right)
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True
    assert homey_requests.writes() == 0
    # five minutes later
    KioskDevice.objects.filter(pk=kiosk.pk).update(
        pin_locked_until=timezone.now() - timedelta(seconds=1)
    )
    later = control(tablet, FRONT_DOOR_LOCK, "locked", value="false", confirm="1", pin="2468")
    assert later.status_code == 200
    assert stored_value(FRONT_DOOR_LOCK, "locked") is False


def test_the_alarm_state_needs_the_pin_too(pin_tablet):
    _kiosk, tablet = pin_tablet

    asked = control(tablet, "Home alarm", "homealarm_state", value="armed")
    wrong = control(tablet, "Home alarm", "homealarm_state", value="armed", confirm="1", pin="1")
    assert 'name="pin"' in asked.text and wrong.status_code == 403
    assert stored_value("Home alarm", "homealarm_state") == "disarmed"

    right = control(tablet, "Home alarm", "homealarm_state", value="armed", confirm="1", pin="2468")

    assert right.status_code == 200
    assert stored_value("Home alarm", "homealarm_state") == "armed"


def test_ordinary_controls_on_a_pin_kiosk_need_no_pin(pin_tablet):
    _kiosk, tablet = pin_tablet

    response = control(tablet, "Kitchen lights", "onoff", value="true")

    assert response.status_code == 200
    assert stored_value("Kitchen lights", "onoff") is True


def test_people_are_never_asked_for_a_pin(bob_client):
    asked = bob_client.post(
        f"/devices/{device_id(FRONT_DOOR_LOCK)}/control",
        {"capability": "locked", "value": "false"},
        **HTMX,
    )

    assert "Unlock Front door lock?" in asked.text and 'name="pin"' not in asked.text


def test_an_unchanged_kiosk_poll_runs_two_queries(new_kiosk, django_assert_max_num_queries):
    tablet = pair(new_kiosk())
    url = poll_url(tablet.get("/kiosk/").content.decode())

    with django_assert_max_num_queries(2) as queries:  # the kiosk, then the link it uses
        response = tablet.get(url, **FROM_SCREEN)

    assert response.status_code == 204
    assert "dashboard_kioskdevice" in queries.captured_queries[0]["sql"]
