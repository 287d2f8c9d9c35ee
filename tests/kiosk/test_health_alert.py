"""A wall screen set up by an owner or manager shows an alert while something is wrong with
the Homey (an app crashed, devices unavailable), through its poll, and drops it when fixed."""

from __future__ import annotations

import re

from emulator.house import POND_PUMP
from emulator.world import HOME_ID
from tests.support.kiosk import pair
from tests.support.tiles import HTMX, device_id, make_due, poll_url

SPEAKER = "Living room speaker"


def crash(world, app="com.sonos"):
    world.control({"crash_app": {"homey": HOME_ID, "app": app}})


def alert(html: str) -> str:
    """The notice in the screen's header (on a poll: swapped in out of band)."""
    match = re.search(r'<div id="kiosk-health" class="kiosk-health"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def test_a_wall_screen_shows_the_alert_while_the_problem_lasts(
    alice_client, new_kiosk, emulator_world, clock
):
    tablet = pair(new_kiosk())
    screen = tablet.get("/kiosk/").content.decode()
    assert "Pond pump" in alert(screen) and "Sonos" not in alert(screen)
    crash(emulator_world)
    make_due(clock)
    polled = tablet.get(poll_url(screen), **HTMX)
    assert polled.status_code == 200
    shown = alert(polled.content.decode())
    assert "Sonos" in shown and "app crashed" in shown and SPEAKER in shown

    emulator_world.control({"restart_app": {"homey": HOME_ID, "app": "com.sonos"}})
    make_due(clock)
    again = tablet.get(poll_url(polled.content.decode()), **HTMX).content.decode()
    assert "Sonos" not in alert(again) and "Pond pump" in alert(again)


def test_the_notice_goes_away_when_nothing_is_wrong(alice_client, new_kiosk, emulator_world, clock):
    tablet = pair(new_kiosk())
    screen = tablet.get("/kiosk/").content.decode()
    assert "Pond pump" in alert(screen)
    with emulator_world.lock:  # the pond pump comes back
        pump = emulator_world.homeys[HOME_ID].devices[device_id(POND_PUMP)]
        pump.available, pump.unavailable_message = True, None
    make_due(clock)
    polled = tablet.get(poll_url(screen), **HTMX).content.decode()
    assert 'id="kiosk-health" class="kiosk-health" hx-swap-oob="true"></div>' in polled
    assert alert(polled) == ""


def test_a_members_wall_screen_has_no_notice(bob_client, emulator_world):
    from dashboard.models import KioskDevice
    from tests.support.tiles import home

    kiosk = KioskDevice.objects.create(name="Hall", household=home(), created_by=bob_client.user)
    screen = pair(kiosk).get("/kiosk/").content.decode()
    assert 'id="kiosk-health"' not in screen and "wrong with the Homey" not in screen


def test_a_person_s_board_shows_no_alert(alice_client, emulator_world, clock):
    crash(emulator_world)
    page = alice_client.get("/").content.decode()
    assert 'class="health-alert"' not in page and 'id="kiosk-health"' not in page
