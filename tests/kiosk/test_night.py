"""Night mode: the kiosk screen dims by schedule (in the Homey's timezone), while a Logic
variable is yes, or while a device is on; the server decides at each render and poll."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from dashboard import kiosks
from dashboard.models import KioskDevice
from emulator.house import FLOOR_LAMP
from emulator.world import HOME_ID
from tests.support.kiosk import pair
from tests.support.tiles import HTMX, device_id, make_due, variable_id

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FROM_SCREEN = {"HTTP_HX_CURRENT_URL": "http://testserver/kiosk/", **HTMX}


def is_dim(html: str) -> bool:
    return '<html lang="en" class="kiosk night">' in html


def night_event(tablet) -> bool | None:
    """What the next poll from the kiosk screen says about night mode (None: nothing)."""
    response = tablet.get("/poll/?v=1&l=0", **FROM_SCREEN)
    assert response.status_code in (200, 204)
    if "HX-Trigger" not in response:
        return None
    return json.loads(response["HX-Trigger"])["kiosk-night"]["night"]


@pytest.mark.parametrize(
    ("moment", "start", "end", "inside"),
    [
        (time(23, 0), time(22, 0), time(7, 0), True),
        (time(3, 0), time(22, 0), time(7, 0), True),
        (time(7, 0), time(22, 0), time(7, 0), False),
        (time(12, 0), time(22, 0), time(7, 0), False),
        (time(22, 0), time(22, 0), time(7, 0), True),
        (time(13, 0), time(12, 0), time(14, 0), True),
        (time(14, 0), time(12, 0), time(14, 0), False),
        (time(12, 0), time(12, 0), time(12, 0), False),
    ],
)
def test_a_night_window_may_run_past_midnight(moment, start, end, inside):
    assert kiosks.in_window(moment, start, end) is inside


def test_the_schedule_is_read_in_the_homeys_timezone(new_kiosk):
    kiosk = new_kiosk(night_mode="schedule", night_start=time(22, 0), night_end=time(7, 0))
    kiosk.household.timezone = "Europe/Amsterdam"

    # 21:30 UTC is 22:30 in Amsterdam in November; 06:30 UTC is 07:30 there.
    assert kiosks.is_night(kiosk, None, datetime(2026, 11, 25, 21, 30, tzinfo=UTC))
    assert not kiosks.is_night(kiosk, None, datetime(2026, 11, 25, 6, 30, tzinfo=UTC))
    assert kiosks.is_night(kiosk, None, datetime(2026, 11, 25, 5, 59, tzinfo=UTC))


def test_the_screen_is_dim_during_the_scheduled_night(new_kiosk):
    local = timezone.localtime(timezone.now(), AMSTERDAM)
    kiosk = new_kiosk(
        night_mode="schedule",
        night_start=(local - timedelta(hours=2)).time(),
        night_end=(local + timedelta(hours=2)).time(),
    )
    tablet = pair(kiosk)

    assert is_dim(tablet.get("/kiosk/").text)
    assert night_event(tablet) is True

    KioskDevice.objects.filter(pk=kiosk.pk).update(
        night_start=(local + timedelta(hours=2)).time(),
        night_end=(local + timedelta(hours=4)).time(),
    )
    assert night_event(tablet) is False
    assert not is_dim(tablet.get("/kiosk/").text)


def test_night_follows_a_logic_variable(new_kiosk, emulator_world, clock):
    away = variable_id("Away mode")
    tablet = pair(new_kiosk(night_mode="variable", night_variable_id=away))
    assert not is_dim(tablet.get("/kiosk/").text)
    assert night_event(tablet) is False

    with emulator_world.lock:
        emulator_world.homeys[HOME_ID].update_variable(away, {"value": True})
    make_due(clock)

    assert night_event(tablet) is True
    assert is_dim(tablet.get("/kiosk/").text)


def test_night_follows_a_device(new_kiosk, emulator_world, clock):
    lamp = device_id(FLOOR_LAMP)
    tablet = pair(new_kiosk(night_mode="device", night_device_id=lamp))
    with emulator_world.lock:
        emulator_world.homeys[HOME_ID].set_capability(lamp, "onoff", False, emulator_world.now())
    tablet.get("/kiosk/")
    assert night_event(tablet) is False

    with emulator_world.lock:
        emulator_world.homeys[HOME_ID].set_capability(lamp, "onoff", True, emulator_world.now())
    make_due(clock)

    assert night_event(tablet) is True


def test_without_night_mode_polls_say_nothing_about_it(new_kiosk):
    tablet = pair(new_kiosk())

    assert not is_dim(tablet.get("/kiosk/").text)
    assert night_event(tablet) is None
