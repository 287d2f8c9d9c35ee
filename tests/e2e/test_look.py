"""In a real browser (issue 14): a toggle changes the tile's colour, a colour light gets a
colour at the Homey, an alert wakes a night-dimmed wall screen until it clears, sixteen
tiles fit a 1280×800 wall tablet, and a 360 px phone keeps the Homey's name whole."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from dashboard import kiosks, snapshot
from dashboard.models import Dashboard, Household, KioskDevice, Tile
from emulator.house import ALL_LIGHTS_OFF, CEILING_LIGHT, FLOOR_LAMP, FRONT_DOOR_LOCK
from emulator.world import HOME_ID
from tests.support.cast import sign_in
from tests.support.tiles import device_id, flow_id, stored_value, variable_id

pytestmark = pytest.mark.e2e

KITCHEN = device_id("Kitchen lights")
BACKGROUND = "el => getComputedStyle(el).backgroundColor"


def home() -> Household:
    return Household.objects.get(homey_id=HOME_ID)


def set_value(world, name: str, capability: str, value) -> None:
    with world.lock:
        device = world.homeys[HOME_ID].devices[device_id(name)]
        cap = device.capabilities[capability]
        if cap.signal is not None:
            cap.signal, cap.history = None, [(device.installed_at, not value)]
        device.record(capability, value, world.now())
    snapshot.forget(home().pk)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_toggle_changes_the_tiles_colour(signed_in_page, scheme):
    page = signed_in_page("bob@example.com")
    page.emulate_media(color_scheme=scheme)
    page.goto("/")
    kitchen = page.locator(f"#dev-{KITCHEN}")
    off = kitchen.evaluate(BACKGROUND)
    icon_off = kitchen.locator(".tile-icon").evaluate("el => getComputedStyle(el).color")

    kitchen.get_by_role("switch", name="Turn on").click()

    expect(kitchen).to_have_class("tile tile-device state-on")
    expect(kitchen.locator('[data-capability="onoff"] .value-text')).to_have_text("On")
    assert kitchen.evaluate(BACKGROUND) != off
    assert kitchen.locator(".tile-icon").evaluate("el => getComputedStyle(el).color") != icon_off
    assert stored_value("Kitchen lights", "onoff") is True
    expect(kitchen.get_by_role("switch", name="Turn off")).to_have_attribute("aria-checked", "true")


def test_a_colour_light_gets_a_colour(signed_in_page):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    lamp = page.locator(f"#dev-{device_id(FLOOR_LAMP)}")

    lamp.get_by_role("slider", name="Colour", exact=True).fill("0.77")

    expect(lamp.get_by_role("slider", name="Colour", exact=True)).to_have_attribute(
        "aria-valuetext", "Purple"
    )
    # the slider keeps the lamp's saturation (60 %)
    expect(lamp.locator(".tile-icon")).to_have_attribute("color", "hsl(277 60% 50%)")
    assert stored_value(FLOOR_LAMP, "light_hue") == 0.77
    assert stored_value(FLOOR_LAMP, "light_saturation") == 0.6
    assert stored_value(FLOOR_LAMP, "light_mode") == "color"
    # the icon is drawn in that colour (an SVG attribute, not an inline style)
    expect(lamp.locator(".tile-icon")).to_have_css("color", re.compile(r"rgb\(14[56], 51, 204\)"))

    lamp.get_by_role("button", name="White", exact=True).click()
    expect(lamp.locator(".tile-icon")).not_to_have_attribute("color", "hsl(277 60% 50%)")
    assert stored_value(FLOOR_LAMP, "light_mode") == "temperature"


def test_tapping_a_swatch_gives_the_lamp_that_colour(signed_in_page):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    lamp = page.locator(f"#dev-{device_id(FLOOR_LAMP)}")
    colours = lamp.get_by_role("group", name="Colours")
    expect(colours.get_by_role("button")).to_have_count(10)

    colours.get_by_role("button", name="Blue").click()

    expect(colours.get_by_role("button", name="Blue")).to_have_attribute("aria-pressed", "true")
    expect(lamp.locator(".tile-icon")).to_have_attribute("color", "hsl(230 100% 50%)")
    expect(lamp.locator(".tile-icon")).to_have_css("color", re.compile(r"rgb\(0, 4[23], 255\)"))
    assert stored_value(FLOOR_LAMP, "light_hue") == 0.64
    assert stored_value(FLOOR_LAMP, "light_saturation") == 1
    assert stored_value(FLOOR_LAMP, "light_mode") == "color"

    # by keyboard: the swatches are buttons, the pressed one says so
    colours.get_by_role("button", name="Warm white").focus()
    page.keyboard.press("Enter")
    expect(colours.get_by_role("button", name="Warm white")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(colours.get_by_role("button", name="Blue")).to_have_attribute("aria-pressed", "false")
    assert stored_value(FLOOR_LAMP, "light_saturation") == 0.45
    expect(lamp.get_by_role("slider", name="Saturation")).to_have_value("45")


def test_the_speaker_shows_its_album_art_and_none_when_the_homey_has_none(
    signed_in_page, emulator_world
):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    speaker = page.locator(f"#dev-{device_id('Living room speaker')}")
    art = speaker.locator("img.media-art")
    loaded = "el => el.complete && el.naturalWidth > 0"
    expect(art).to_be_visible()
    page.wait_for_function(loaded, arg=art.element_handle())
    first = art.get_attribute("src")

    speaker.get_by_role("button", name="Next").click()

    expect(speaker).to_contain_text("Take Five")
    expect(art).not_to_have_attribute("src", first)
    page.wait_for_function(loaded, arg=art.element_handle())

    # a track without a cover: the tile says what plays, with no broken picture
    set_value(emulator_world, "Living room speaker", "speaker_track", "")
    expect(speaker).to_contain_text("Nothing playing", timeout=20000)
    expect(speaker.locator("img.media-art")).to_be_hidden()


def test_an_alert_wakes_a_night_screen_until_it_clears(alice, browser, app_url, emulator_world):
    kiosk = KioskDevice.objects.create(
        name="Hall tablet",
        household=home(),
        created_by=alice,
        night_mode="device",
        night_device_id=device_id(CEILING_LIGHT),  # on: it is night
    )
    context = browser.new_context(
        base_url=app_url, viewport={"width": 1280, "height": 800}, color_scheme="dark"
    )
    tablet = context.new_page()
    tablet.set_default_timeout(15000)
    pairing = kiosks.start_pairing(kiosk)
    tablet.goto(f"/kiosk/pair/{pairing.secret}/")
    tablet.get_by_role("button", name="Pair this screen").click()
    tablet.wait_for_url("**/kiosk/")
    expect(tablet.locator("html")).to_have_class("kiosk night")

    set_value(emulator_world, "Smoke alarm", "alarm_smoke", True)

    expect(tablet.locator(".alerts")).to_contain_text("Smoke: Smoke alarm")
    expect(tablet.locator("html")).to_have_class("kiosk is-alerting")
    assert tablet.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(0, 0, 0)"

    set_value(emulator_world, "Smoke alarm", "alarm_smoke", False)

    expect(tablet.locator("html")).to_have_class("kiosk night")
    expect(tablet.locator(".alert-banner")).to_have_count(0)
    context.close()


def test_a_poll_leaves_an_unchanged_alert_in_place(signed_in_page, emulator_world):
    # A screen reader announces an alert each time it is put in the page: a poll that brings
    # other changes must not put the same alert back.
    page = signed_in_page("bob@example.com")
    page.goto("/")
    set_value(emulator_world, "Smoke alarm", "alarm_smoke", True)
    expect(page.locator(".alerts")).to_contain_text("Smoke: Smoke alarm")
    page.locator(".alerts").evaluate("el => { el.seen = true; }")  # a mark outside the HTML
    page.evaluate(
        """() => { window.statusSwaps = 0; document.addEventListener('htmx:oobBeforeSwap',
        e => { if (e.detail.target.id === 'board-status') window.statusSwaps += 1; }); }"""
    )

    kitchen = page.locator(f"#dev-{KITCHEN}")
    kitchen.get_by_role("switch", name="Turn on").click()  # the next poll brings the change
    expect(kitchen.locator('[data-capability="onoff"] .value-text')).to_have_text("On")
    page.wait_for_function("() => window.statusSwaps > 0")

    assert page.locator(".alerts").evaluate("el => el.seen === true")
    expect(page.locator(".alerts")).to_contain_text("Smoke: Smoke alarm")


@pytest.mark.parametrize("by", ["alice", "bob"])
def test_sixteen_typical_tiles_fit_a_wall_tablet(alice, browser, app_url, by):
    # Alice's wall screen (the owner's) has the Homey's health notice (the pond pump is
    # unavailable) in its header; Bob's (a member's) has none. Both fit.
    creator = (
        alice if by == "alice" else sign_in(Client(), f"{app_url}/emulator", "bob@example.com")
    )
    dashboard = Dashboard.objects.create(
        household=home(), owner=alice, name="Wall", audience="household"
    )
    devices = [
        CEILING_LIGHT,
        "Kitchen lights",
        "Hallway light",
        "Bedside lamp",
        "TV socket",
        "Coffee machine",
        "Living room thermostat",
        FRONT_DOOR_LOCK,
        "Living room blinds",
        "Front door",
    ]
    for position, name in enumerate(devices):
        Tile.objects.create(
            dashboard=dashboard, kind="device", device_id=device_id(name), position=position
        )
    values = [("Living room air", "measure_temperature"), ("Kids room climate", "measure_humidity")]
    for name, capability in values:
        Tile.objects.create(
            dashboard=dashboard,
            kind="capability",
            device_id=device_id(name),
            capability_id=capability,
            position=20,
        )
    Tile.objects.create(
        dashboard=dashboard, kind="history", device_id=device_id("Living room air"),
        capability_id="measure_co2", position=30,
    )  # fmt: skip
    Tile.objects.create(dashboard=dashboard, kind="flow", flow_id=flow_id(ALL_LIGHTS_OFF))
    Tile.objects.create(dashboard=dashboard, kind="variable", variable_id=variable_id("Away mode"))
    Tile.objects.create(
        dashboard=dashboard, kind="capability", device_id=device_id("Fridge"),
        capability_id="measure_power", position=40,
    )  # fmt: skip
    assert dashboard.tiles.count() == 16
    kiosk = KioskDevice.objects.create(
        name="Hall tablet", household=home(), created_by=creator, dashboard=dashboard,
        can_control=True,
    )  # fmt: skip
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 800})
    tablet = context.new_page()
    tablet.set_default_timeout(15000)
    pairing = kiosks.start_pairing(kiosk)
    tablet.goto(f"/kiosk/pair/{pairing.secret}/")
    tablet.get_by_role("button", name="Pair this screen").click()
    tablet.wait_for_url("**/kiosk/")

    expect(tablet.locator("article.tile")).to_have_count(16)
    if by == "alice":
        notice = tablet.locator(".kiosk-bar #kiosk-health").get_by_role("alert")
        expect(notice).to_contain_text("Pond pump unavailable")
        assert notice.evaluate("el => el.getBoundingClientRect().bottom") < 90
    else:
        expect(tablet.locator("#kiosk-health")).to_have_count(0)
    scroll = tablet.evaluate("document.scrollingElement.scrollHeight")
    assert scroll <= 800, f"the board is {scroll} px tall"
    # compact: a flow button is not stretched to the tallest tile of its row
    heights = tablet.locator("article.tile").evaluate_all("els => els.map(e => e.offsetHeight)")
    assert min(heights) < max(heights)
    context.close()


def test_a_phone_keeps_the_homeys_name_whole(signed_in_page):
    page = signed_in_page("alice@example.com", homey="Holiday house")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")

    name = page.locator(".topbar .homey-name")
    expect(name).to_have_text("Holiday house")
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth")
    box = name.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # switching Homey opens a page, and says so: a link, no menu arrow
    switch = page.get_by_role("link", name="Switch Homey")
    expect(switch).not_to_contain_text("▾")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
