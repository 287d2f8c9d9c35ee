"""In a real browser: a wall screen's health alert appears when an app crashes and goes away
when it runs again, through the poll, without a reload (and without breaking the CSP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard import snapshot
from emulator.world import HOME_ID
from tests.e2e.test_kiosk import alice, new_kiosk, pair, tablet  # noqa: F401

pytestmark = pytest.mark.e2e


def test_the_wall_screen_alerts_while_an_app_is_crashed(alice, tablet, emulator_world, clock):  # noqa: F811
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
