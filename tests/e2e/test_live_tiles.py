"""In a real browser: a tile toggles a light, and a sensor value changes on its own after the
emulator's clock moves, without the page reloading."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from emulator.house import FRONT_DOOR_LOCK
from tests.support.tiles import device_id, stored_value

pytestmark = pytest.mark.e2e

AIR = device_id("Living room air")
KITCHEN = device_id("Kitchen lights")


def test_a_light_toggles_and_a_sensor_updates_without_a_reload(
    signed_in_page, emulator_world, clock
):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    page.evaluate("window.stillTheSamePage = true")
    kitchen = page.locator(f"#dev-{KITCHEN}")
    expect(kitchen.locator('[data-capability="onoff"] .value-text')).to_have_text("Off")

    kitchen.get_by_role("switch").click()

    expect(kitchen.locator('[data-capability="onoff"] .value-text')).to_have_text("On")
    expect(kitchen.get_by_role("switch")).to_have_attribute("aria-checked", "true")
    assert stored_value("Kitchen lights", "onoff") is True

    temperature = page.locator(f'#dev-{AIR} [data-capability="measure_temperature"] strong')
    before = temperature.inner_text()
    clock.shift(3 * 3600)

    expect(temperature).not_to_have_text(before, timeout=15000)
    assert page.evaluate("window.stillTheSamePage") is True


def test_unlocking_needs_a_second_tap(signed_in_page):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    lock = page.locator(f"#dev-{device_id(FRONT_DOOR_LOCK)}")

    lock.get_by_role("button", name="Unlock").click()
    expect(lock).to_contain_text("Unlock Front door lock?")
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True
    lock.get_by_role("button", name="Yes").click()

    expect(lock.locator('[data-capability="locked"] .value-text')).to_have_text("Unlocked")
    assert stored_value(FRONT_DOOR_LOCK, "locked") is False


def test_a_refused_value_shows_its_message_on_the_tile(signed_in_page):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    thermostat = page.locator(f"#dev-{device_id('Living room thermostat')}")
    raise_button = thermostat.get_by_role("button", name="Raise Target temperature")
    # A stale or hand-edited form: the server checks the value against the capability.
    raise_button.evaluate("button => { button.value = '40'; }")

    raise_button.click()

    expect(thermostat.get_by_role("alert")).to_contain_text("at most 30")
    expect(thermostat.locator('[data-capability="target_temperature"] strong')).to_have_text("20.5")
    assert stored_value("Living room thermostat", "target_temperature") == 20.5


def test_a_guest_sees_the_board_without_controls(signed_in_page):
    page = signed_in_page("dave@example.com")
    page.goto("/")

    expect(page.locator(f"#dev-{KITCHEN}")).to_contain_text("Off")
    expect(page.locator("#board form")).to_have_count(0)
