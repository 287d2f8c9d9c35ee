"""In a real browser: a wall screen's health alert appears when an app crashes and goes away
when it runs again, through the poll, without a reload (and without breaking the CSP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard import snapshot
from emulator.world import HOME_ID
from tests.support.wall import new_kiosk, pair

pytestmark = pytest.mark.e2e


def test_the_wall_screen_alerts_while_an_app_is_crashed(alice, tablet, emulator_world, clock):
    pair(tablet, new_kiosk(alice))
    tablet.evaluate("document.documentElement.dataset.samePage = 'yes'")
    banner = tablet.get_by_role("alert")
    expect(banner).to_contain_text("Pond pump")
    expect(banner).not_to_contain_text("Sonos")

    emulator_world.control({"crash_app": {"homey": HOME_ID, "app": "com.sonos"}})
    clock.shift(snapshot.SLOW_SECONDS)
    expect(banner).to_contain_text("Sonos app crashed")
    expect(banner).to_contain_text("Living room speaker unavailable")

    emulator_world.control({"restart_app": {"homey": HOME_ID, "app": "com.sonos"}})
    clock.shift(snapshot.SLOW_SECONDS)
    expect(banner).not_to_contain_text("Sonos")
    expect(banner).to_contain_text("Pond pump")
    expect(tablet.locator("html")).to_have_attribute("data-same-page", "yes")


def test_the_account_page_loads_the_health_of_the_homey_for_its_owner(
    signed_in_page, emulator_world
):
    emulator_world.control({"crash_app": {"homey": HOME_ID, "app": "com.sonos"}})
    page = signed_in_page("alice@example.com")
    page.goto("/account/")
    section = page.locator("#health")
    expect(section.get_by_role("heading")).to_have_text("Health of Home")
    expect(section.locator(".health-problem")).to_have_count(3)
    expect(section).to_contain_text("Sonos")
    expect(section).to_contain_text("App crashed")
    expect(section).to_contain_text("Living room speaker")


def test_a_guest_s_account_page_has_no_health(signed_in_page, emulator_world):
    emulator_world.control({"crash_app": {"homey": HOME_ID, "app": "com.sonos"}})
    page = signed_in_page("dave@example.com")
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Account")).to_be_visible()
    expect(page.locator("#health")).to_have_count(0)
    expect(page.get_by_text("Sonos")).to_have_count(0)
