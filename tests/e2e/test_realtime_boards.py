"""In a real browser: a wall tablet and a phone on the same Homey, both kept current by the
one realtime subscription homeydash holds for that Homey (no device list read in between)."""

from __future__ import annotations

import pytest
import requests
from django.test import Client
from playwright.sync_api import expect

from dashboard import subscriber
from emulator.constants import DEMO_PAT_TOKEN
from emulator.house import FLOOR_LAMP
from emulator.world import HOME_ID
from tests.support.cast import sign_in
from tests.support.emulator import Emu
from tests.support.realtime import live, sockets, wait_until
from tests.support.tiles import device_id
from tests.support.wall import new_kiosk, pair

pytestmark = pytest.mark.e2e

LAMP = device_id(FLOOR_LAMP)


@pytest.fixture
def app_url(transactional_db, settings, emulator_url, emulator_world) -> str:
    """homeydash on the tests' project server, which serves the Homeys' realtime socket too
    (Django's live server does not: there the subscriber would fall back to reads)."""
    settings.ATHOM_API_URL = f"{emulator_url}/cloud"
    settings.HOMEYDASH_HTTP_TIMEOUT = 3
    settings.HOMEYDASH_POLL_SECONDS = 1
    return emulator_url.removesuffix("/emulator")


@pytest.fixture(autouse=True)
def _realtime_switch(settings):
    settings.HOMEYDASH_REALTIME = True
    yield
    subscriber.supervisor().stop()


def switch_lamp(app_url: str, on: bool) -> None:
    response = requests.put(
        f"{app_url}/emulator/homey/{HOME_ID}/api/manager/devices/device/{LAMP}/capability/onoff",
        json={"value": on},
        headers={"Authorization": f"Bearer {DEMO_PAT_TOKEN}"},
        timeout=10,
    )
    response.raise_for_status()


def test_a_kiosk_and_a_phone_on_one_homey_both_show_a_change_from_its_socket(
    browser,
    signed_in_page,
    app_url,
    homey_requests,  # noqa: F811
):
    alice = sign_in(Client(), f"{app_url}/emulator", "alice@example.com")
    tablet = browser.new_context(
        base_url=app_url, viewport={"width": 1280, "height": 800}
    ).new_page()
    tablet.set_default_timeout(15000)
    phone = signed_in_page("bob@example.com")
    phone.goto("/")
    pair(tablet, new_kiosk(alice, can_control=True))
    wait_until(live, what="the socket to go live")
    phone_switch = phone.locator(f"#dev-{LAMP}").get_by_role("switch")
    tablet_switch = tablet.locator(f"#dev-{LAMP}").get_by_role("switch")
    was_on = phone_switch.get_attribute("aria-checked") == "true"
    expect(tablet_switch).to_have_attribute("aria-checked", str(was_on).lower())
    reads = homey_requests.devices_fetches()

    switch_lamp(app_url, not was_on)

    expect(phone_switch).to_have_attribute("aria-checked", str(not was_on).lower())
    expect(tablet_switch).to_have_attribute("aria-checked", str(not was_on).lower())
    assert homey_requests.devices_fetches() == reads
    assert sockets(Emu(f"{app_url}/emulator"), HOME_ID) == 1
    assert live()
    tablet.context.close()
