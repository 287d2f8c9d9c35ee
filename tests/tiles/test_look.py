"""What a board looks like and the controls people expect (issue 14), through the emulator
over HTTP: icons from the Homey (fetched, cleaned and cached by the server), state classes,
labels that say the state and the action, colour lights, media, limits, alerts, tile sizes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from dashboard import clock as dashboard_clock
from dashboard import icons, snapshot
from dashboard.homey.types import Device
from dashboard.models import Dashboard, KioskDevice, Tile
from emulator.house import CEILING_LIGHT, FLOOR_LAMP, FRONT_DOOR_LOCK, LIVING_THERMOSTAT, POND_PUMP
from emulator.world import HOME_ID
from tests.support.boards import board, control, message, text
from tests.support.kiosk import pair
from tests.support.tiles import HTMX, device_id, home, poll_url, stored_value, tile_html

SPEAKER = "Living room speaker"
KITCHEN = "Kitchen lights"


def tile(html: str, name: str) -> str:
    return tile_html(html, f"dev-{device_id(name)}")


def set_value(world, name: str, capability: str, value, *, ago: float = 0.0) -> None:
    """What happens in the house: a value changes (``ago`` seconds before now)."""
    with world.lock:
        device = world.homeys[HOME_ID].devices[device_id(name)]
        cap = device.capabilities[capability]
        if cap.signal is not None:  # a simulated sensor: it holds this value from now on
            cap.signal, cap.history = None, [(device.installed_at, not value)]
        device.record(capability, value, world.now() - ago)
    snapshot.forget(home().pk)


# icons -------------------------------------------------------------------------------------


def test_a_tile_shows_the_devices_own_icon_through_homeydash(
    alice_client, emulator_world, homey_requests
):
    html = tile(board(alice_client), FRONT_DOOR_LOCK)
    href = re.search(r'<svg class="tile-icon"[^>]*><use href="([^"]+)"', html).group(1)
    assert href.startswith(f"/devices/{device_id(FRONT_DOOR_LOCK)}/icon.svg?v=")
    assert href.endswith("#i")

    response = alice_client.get(href.split("#")[0])

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert '<symbol id="i" viewBox="0 0 32 32" fill="currentColor">' in svg
    assert "<rect" in svg and "<path" in svg  # the lock's shapes, from the Homey
    # what must never reach a page: the Homey's styles, its scripts, its address
    for banned in ("style", "onclick", "alert(", "script", "emulator", "http"):
        assert banned not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert homey_requests.count("GET", r"/icon/[0-9a-f]+/icon\.svg$") == 1

    again = alice_client.get(href.split("#")[0])
    assert again.content == response.content
    assert homey_requests.count("GET", r"/icon/[0-9a-f]+/icon\.svg$") == 1  # cached


def test_an_icon_the_homey_cannot_send_falls_back_to_the_vendored_one(alice_client, emulator_world):
    board(alice_client)  # the snapshot is loaded
    emulator_world.faults.homey(HOME_ID).status = 500

    response = alice_client.get(f"/devices/{device_id(KITCHEN)}/icon.svg")

    assert response.status_code == 200
    svg = response.content.decode()
    assert '<symbol id="i" viewBox="0 0 24 24"' in svg and 'stroke="currentColor"' in svg


def test_another_household_gets_no_icon_of_alices_devices(alice_client, charlie_client):
    board(alice_client)
    response = charlie_client.get(f"/devices/{device_id(KITCHEN)}/icon.svg")
    assert response.status_code == 404


def test_cleaning_keeps_shapes_and_drops_everything_else():
    raw = b"""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"
      onload="alert(1)"><style>path{fill:red}</style><script>alert(2)</script>
      <g transform="translate(1 1)"><path d="M0 0h5v5z" fill="#123456" style="x"/>
      <circle cx="2" cy="2" r="1" fill="none" stroke="#000"/></g>
      <image href="http://evil/x.png"/><use href="#a"/>
      <a href="javascript:alert(3)"><path d="M1 1"/></a>
      <path d="M0 0" fill="url(http://evil/)"/></svg>"""

    svg = icons.clean_svg(raw)

    assert svg == (
        '<svg xmlns="http://www.w3.org/2000/svg"><symbol id="i" viewBox="0 0 10 10" '
        'fill="currentColor"><g transform="translate(1 1)"><path d="M0 0h5v5z"></path>'
        '<circle cx="2" cy="2" r="1" fill="none" stroke="currentColor"></circle></g>'
        '<path d="M0 0"></path></symbol></svg>\n'
    )


@pytest.mark.parametrize(
    "raw",
    [
        b"not xml",
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg viewBox="0 0 1 1"><path d="&a;"/></svg>',
        b'<html><path d="M0 0"/></html>',
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>hi</text></svg>',
    ],
)
def test_what_is_not_a_plain_svg_is_not_shown(raw):
    assert icons.clean_svg(raw) == ""


def test_without_an_icon_of_its_own_a_device_gets_one_by_its_kind():
    def device(cls: str, *capabilities: str) -> Device:
        return Device("d", "D", "z", cls, capabilities, dict.fromkeys(capabilities))

    assert icons.href(device("light")).endswith("/icons/lucide/kinds.svg#light")
    assert icons.fallback_kind(device("sensor", "alarm_smoke")) == "smoke"
    assert icons.fallback_kind(device("sensor", "alarm_contact")) == "contact"
    assert icons.fallback_kind(device("somethingnew")) == "other"
    assert '<symbol id="i"' in icons.fallback_svg("smoke")


# states and labels -------------------------------------------------------------------------


def test_a_tile_is_coloured_by_its_state(alice_client, emulator_world):
    set_value(emulator_world, FRONT_DOOR_LOCK, "locked", False)
    html = board(alice_client)

    assert 'class="tile tile-device state-on"' in tile(html, CEILING_LIGHT)
    assert 'class="tile tile-device"' in tile(html, KITCHEN)  # off: no colour
    assert "state-unlocked" in tile(html, FRONT_DOOR_LOCK)
    assert "state-unavailable" in tile(html, POND_PUMP)
    assert '<span class="visually-hidden">: Unlocked</span>' in tile(html, FRONT_DOOR_LOCK)


def test_labels_say_the_state_and_buttons_say_the_action(bob_client):
    html = board(bob_client)

    kitchen = tile(html, KITCHEN)
    assert '<span class="value-title visually-hidden">Turned on</span>' in kitchen
    assert "<strong>Off</strong>" in kitchen
    assert 'aria-label="Turn on"' in kitchen and 'aria-label="Turned on' not in kitchen
    assert 'aria-label="Turn off"' in tile(html, CEILING_LIGHT)

    lock = tile(html, FRONT_DOOR_LOCK)
    assert "<strong>Locked</strong>" in lock and ">Unlock</button>" in lock

    speaker = tile(html, SPEAKER)
    assert "<strong>Paused</strong>" in speaker and "Stopped" not in speaker
    assert re.search(r'name="value" value="true">\s*<svg[^>]*>.*?</svg>Play</button>', speaker)
    assert "<strong>Sound on</strong>" in speaker and 'aria-label="Mute"' in speaker
    assert 'aria-label="Mute: ' not in speaker and "Mute</span>" in speaker


def test_a_sub_capability_keeps_its_title(alice_client):
    # measure_power.phase1 and the like are named; only plain states lose their title.
    from dashboard.homey.types import Capability
    from dashboard.presentation import says_its_state

    assert says_its_state(Capability("onoff", "boolean", "Turned on", True))
    assert not says_its_state(Capability("onoff.output2", "boolean", "Output 2", True))
    assert not says_its_state(Capability("measure_power", "number", "Power", 3.0))


# controls ----------------------------------------------------------------------------------


def test_the_thermostats_buttons_are_disabled_at_its_limits(bob_client, emulator_world):
    set_value(emulator_world, LIVING_THERMOSTAT, "target_temperature", 30)
    html = tile(board(bob_client), LIVING_THERMOSTAT)
    assert re.search(r'value="30" disabled aria-label="Raise Target temperature"', html)
    assert re.search(r'value="29.5" aria-label="Lower Target temperature"', html)

    set_value(emulator_world, LIVING_THERMOSTAT, "target_temperature", 5)
    html = tile(board(bob_client), LIVING_THERMOSTAT)
    assert re.search(r'value="5" disabled aria-label="Lower Target temperature"', html)

    response = control(bob_client, LIVING_THERMOSTAT, "target_temperature", value="4.5")
    assert response.status_code == 422 and "at least 5" in message(response)
    assert stored_value(LIVING_THERMOSTAT, "target_temperature") == 5


def test_the_hue_slider_sets_hue_and_saturation_at_the_homey(bob_client, homey_requests):
    html = tile(board(bob_client), FLOOR_LAMP)
    assert re.search(
        r'<input type="range" class="hue" name="value" min="0" max="1" step="0.01" '
        r'value="0.08" aria-label="Colour" aria-valuetext="Orange">',
        html,
    )
    # the slider keeps the lamp's own saturation (0.6)
    assert re.search(r'name="saturation" value="0\.6">\s*<input type="range" class="hue"', html)

    response = control(bob_client, FLOOR_LAMP, "light_hue", value="0.64", saturation="1")

    assert response.status_code == 200
    assert stored_value(FLOOR_LAMP, "light_hue") == 0.64
    assert stored_value(FLOOR_LAMP, "light_saturation") == 1
    assert stored_value(FLOOR_LAMP, "light_mode") == "color"
    assert 'color="hsl(230 100% 50%)"' in text(response)
    assert 'value="0.64" aria-label="Colour" aria-valuetext="Blue"' in text(response)


@pytest.mark.parametrize(
    ("capability", "data", "why"),
    [
        ("light_hue", {"value": "0.5", "saturation": "2"}, "at most 100"),
        ("light_hue", {"value": "1.5", "saturation": "1"}, "at most 1"),
        ("light_hue", {"value": "0.5", "saturation": "lots"}, "Enter a number."),
        ("light_hue", {"value": "0.5", "saturation": "-0.1"}, "at least 0"),
        ("light_saturation", {"percent": "150"}, "at most 100"),
        ("dim", {"value": "0.5", "saturation": "1"}, "This tile has no such control."),
    ],
)
def test_a_bad_colour_is_refused_before_anything_is_sent(
    bob_client, homey_requests, capability, data, why
):
    board(bob_client)
    before = homey_requests.writes()

    response = control(bob_client, FLOOR_LAMP, capability, **data)

    assert response.status_code == 422
    assert why in message(response)
    assert homey_requests.writes() == before
    assert stored_value(FLOOR_LAMP, "light_hue") == 0.08


def swatch_buttons(html: str) -> list[tuple[str, str, str, str]]:
    """(hue, saturation, pressed, name) of each swatch on a tile."""
    return re.findall(
        r'<input type="hidden" name="value" value="([\d.]+)"><input type="hidden" '
        r'name="saturation" value="([\d.]+)"><button type="submit" class="swatch" '
        r'aria-pressed="(true|false)" title="[^"]+"><svg class="swatch-dot".*?</svg>'
        r'<span class="visually-hidden">([^<]+)</span></button>',
        html,
    )


def test_a_colour_light_offers_named_swatches_and_presses_the_one_it_shows(bob_client):
    html = tile(board(bob_client), FLOOR_LAMP)
    swatches = swatch_buttons(html)
    names = [name for *_, name in swatches]
    assert names == [
        "Warm white", "Cool white", "Red", "Orange", "Yellow", "Green", "Cyan", "Blue",
        "Purple", "Pink",
    ]  # fmt: skip
    assert ("0.64", "1", "false", "Blue") in swatches
    assert ("0", "0", "false", "Cool white") in swatches
    # the lamp is in white mode: no colour is pressed
    assert all(pressed == "false" for _, _, pressed, _ in swatches)
    assert '<div class="swatches" role="group" aria-label="Colours">' in html
    assert 'fill="hsl(230 100% 50%)"' in html  # drawn with an SVG attribute, not a style
    assert " style=" not in html


def test_a_swatch_sets_hue_saturation_and_the_colour_mode_at_the_homey(bob_client, homey_requests):
    board(bob_client)

    response = control(bob_client, FLOOR_LAMP, "light_hue", value="0.08", saturation="0.45")

    assert response.status_code == 200
    assert stored_value(FLOOR_LAMP, "light_hue") == 0.08
    assert stored_value(FLOOR_LAMP, "light_saturation") == 0.45
    assert stored_value(FLOOR_LAMP, "light_mode") == "color"
    # homeydash asks for the mode itself: not every driver switches it with the hue
    assert homey_requests.count("PUT", r"/capability/light_mode$") == 1
    pressed = [name for *_, p, name in swatch_buttons(text(response)) if p == "true"]
    assert pressed == ["Warm white"]
    assert 'color="hsl(29 45% 50%)"' in text(response)

    white = control(bob_client, FLOOR_LAMP, "light_hue", value="0", saturation="0")
    assert [n for *_, p, n in swatch_buttons(text(white)) if p == "true"] == ["Cool white"]
    assert '<svg class="tile-icon" aria-hidden="true" focusable="false"><use' in text(white)

    again = control(bob_client, FLOOR_LAMP, "light_hue", value="0.64", saturation="1")
    assert [n for *_, p, n in swatch_buttons(text(again)) if p == "true"] == ["Blue"]
    assert homey_requests.count("PUT", r"/capability/light_mode$") == 1  # already in colour


def test_the_saturation_slider_sets_the_saturation_at_the_homey(bob_client):
    html = tile(board(bob_client), FLOOR_LAMP)
    assert re.search(
        r'<input type="range" class="saturation" name="percent" min="0" max="100" step="1" '
        r'value="60" aria-label="Saturation" aria-valuetext="60%">',
        html,
    )

    response = control(bob_client, FLOOR_LAMP, "light_saturation", percent="30")

    assert response.status_code == 200
    assert stored_value(FLOOR_LAMP, "light_saturation") == 0.3
    assert stored_value(FLOOR_LAMP, "light_mode") == "color"
    assert 'aria-valuetext="30%"' in text(response)


def test_a_light_without_a_saturation_gets_the_full_colours_only():
    from dashboard.homey.types import Capability
    from dashboard.presentation import colour_view

    hue = Capability("light_hue", "number", "Hue", 0.33, min=0, max=1, setable=True)
    lamp = Device("d", "Lamp", "z", "light", ("onoff", "light_hue"), {"light_hue": hue})

    view = colour_view(lamp)

    assert [s.name for s in view.swatches][0] == "Red"
    assert len(view.swatches) == 8
    assert [s.name for s in view.swatches if s.selected] == ["Green"]
    assert view.saturation is None


def test_warm_to_cool_and_the_light_mode_are_set_at_the_homey(bob_client):
    html = tile(board(bob_client), FLOOR_LAMP)
    assert 'name="capability" value="light_temperature"' in html

    assert control(bob_client, FLOOR_LAMP, "light_temperature", value="0.9").status_code == 200
    assert stored_value(FLOOR_LAMP, "light_temperature") == 0.9
    assert stored_value(FLOOR_LAMP, "light_mode") == "temperature"
    assert control(bob_client, FLOOR_LAMP, "light_mode", value="color").status_code == 200
    assert stored_value(FLOOR_LAMP, "light_mode") == "color"
    assert control(bob_client, FLOOR_LAMP, "light_mode", value="disco").status_code == 422


def test_a_speaker_plays_skips_and_says_what_plays(bob_client):
    html = tile(board(bob_client), SPEAKER)
    assert "Blue in Green" in html and "Miles Davis" in html

    assert control(bob_client, SPEAKER, "speaker_playing", value="true").status_code == 200
    assert stored_value(SPEAKER, "speaker_playing") is True
    response = control(bob_client, SPEAKER, "speaker_next", value="true")

    assert response.status_code == 200
    assert stored_value(SPEAKER, "speaker_track") == "Take Five"
    assert "Take Five" in text(response) and "state-on" in text(response)
    assert ">Pause</button>" in text(response)
    assert control(bob_client, SPEAKER, "speaker_prev", value="maybe").status_code == 422


def test_a_guest_sees_the_media_but_gets_no_buttons(dave_client):
    html = tile(board(dave_client), SPEAKER)
    assert "Blue in Green" in html and "<form" not in html


# alerts ------------------------------------------------------------------------------------


def alerts(html: str) -> list[str]:
    return re.findall(r'<li class="alert-banner[^"]*"[^>]*><svg.*?</svg>([^<]+)</li>', html)


def test_smoke_shows_as_an_alert_on_every_board(alice_client, emulator_world):
    dashboard = Dashboard.objects.create(household=home(), owner=alice_client.user, name="Wall")
    assert alerts(board(alice_client)) == []

    set_value(emulator_world, "Smoke alarm", "alarm_smoke", True)

    assert alerts(board(alice_client)) == ["Smoke: Smoke alarm"]
    page = alice_client.get(f"/d/{dashboard.code}/").content.decode()
    assert alerts(page) == ["Smoke: Smoke alarm"]  # a board without that device says it too
    assert 'class="alert-banner alert-alarm_smoke is-urgent"' in page

    set_value(emulator_world, "Smoke alarm", "alarm_smoke", False)
    assert alerts(board(alice_client)) == []


def test_an_armed_alarm_is_a_quiet_notice(alice_client, emulator_world):
    set_value(emulator_world, "Home alarm", "homealarm_state", "armed")
    html = board(alice_client)
    assert alerts(html) == ["Home alarm is armed"]
    assert 'class="alert-banner alert-armed"' in html


def test_a_door_open_longer_than_the_dashboards_minutes_is_an_alert(
    alice_client, emulator_world, clock
):
    dashboard = Dashboard.objects.create(
        household=home(), owner=alice_client.user, name="Wall", open_alert_minutes=15
    )
    set_value(emulator_world, "Bedroom window", "alarm_contact", True, ago=11 * 60)

    assert any("Bedroom window has been open since" in a for a in alerts(board(alice_client)))
    page = alice_client.get(f"/d/{dashboard.code}/").content.decode()
    assert not any("Bedroom window" in a for a in alerts(page))  # 15 minutes there

    # The page asks again when the window becomes an alert, though nothing else changed.
    url = poll_url(page)
    due = int(re.search(r"&a=(\d+)", url).group(1))
    assert due == int((dashboard_clock.now() + timedelta(minutes=4)).timestamp())
    clock.shift(5 * 60)
    answer = alice_client.get(url, **HTMX)
    assert answer.status_code == 200
    assert any("Bedroom window has been open since" in a for a in alerts(answer.content.decode()))


def test_the_minutes_are_checked_like_any_setting(alice_client):
    dashboard = Dashboard.objects.create(household=home(), owner=alice_client.user, name="Wall")
    response = alice_client.post(
        f"/d/{dashboard.code}/edit",
        {"name": "Wall", "audience": "private", "open_alert_minutes": "0"},
    )
    assert response.status_code == 400 or "errorlist" in response.content.decode()
    dashboard.refresh_from_db()
    assert dashboard.open_alert_minutes == 10


def test_an_alert_wakes_a_night_screen_until_it_clears(alice_client, emulator_world):
    kiosk = KioskDevice.objects.create(
        name="Hall",
        household=home(),
        created_by=alice_client.user,
        night_mode="device",
        night_device_id=device_id(CEILING_LIGHT),  # on: night
    )
    tablet = pair(kiosk)

    assert '<html lang="en" class="kiosk night">' in tablet.get("/kiosk/").content.decode()
    set_value(emulator_world, "Kitchen water sensor", "alarm_water", True)
    screen = tablet.get("/kiosk/").content.decode()
    assert '<html lang="en" class="kiosk">' in screen
    assert 'class="kiosk-screen night-wanted"' in screen
    assert alerts(screen) == ["Water: Kitchen water sensor"]


# sizes -------------------------------------------------------------------------------------


def test_a_tile_keeps_the_size_chosen_for_it(alice_client):
    dashboard = Dashboard.objects.create(household=home(), owner=alice_client.user, name="Wall")
    tile_ = Tile.objects.create(dashboard=dashboard, kind="device", device_id=device_id(KITCHEN))
    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()
    assert f'<select id="size-{tile_.code}" name="size">' in edit

    alice_client.post(f"/tiles/{tile_.code}/edit", {"title": "", "size": "wide"})
    tile_.refresh_from_db()
    assert tile_.size == "wide"
    page = alice_client.get(f"/d/{dashboard.code}/").content.decode()
    assert "tile tile-device size-wide" in page

    response = alice_client.post(f"/tiles/{tile_.code}/edit", {"title": "X", "size": "huge"})
    assert response.status_code == 302
    tile_.refresh_from_db()
    assert (tile_.size, tile_.title) == ("wide", "")


@pytest.mark.parametrize(
    "path", ["//evil.example/icon.svg", "http://evil.example/x", "/api/manager/users", "/icon/../x"]
)
def test_only_an_icon_path_is_ever_asked_for(path, homey_requests):
    from dashboard.homey.client import HomeyClient
    from dashboard.homey.errors import InvalidValue

    with HomeyClient("http://127.0.0.1:9", "secret-token") as homey, pytest.raises(InvalidValue):
        homey.get_icon(path)
    assert homey_requests == []
