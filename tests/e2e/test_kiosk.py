"""In a real browser: a wall tablet paired by link and by code, its screen kept live by the
poll, revoked within a poll, refused a forged control, keeping the screen awake, saying when
it is offline, dimming at night, asking for its PIN; and the kiosk and phone layouts
(the README's screenshots come from tools/screenshots.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import kiosks
from dashboard.models import Dashboard, Household, Tile
from emulator.house import FRONT_DOOR_LOCK, LIVING_THERMOSTAT, TV_SOCKET, item_id
from emulator.world import HOME_ID
from tests.support.tiles import device_id, stored_value, variable_id
from tests.support.wall import new_kiosk, pair

pytestmark = pytest.mark.e2e

AIR = device_id("Living room air")
KITCHEN = device_id("Kitchen lights")
EMULATOR_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the emulator's frozen clock

# A stand-in for the Screen Wake Lock API that records what the page asks for (headless
# Chromium has no screen to keep on).
FAKE_WAKE_LOCK = """
window.__wakeLockCalls = [];
window.__wakeLocks = [];
Object.defineProperty(navigator, "wakeLock", {configurable: true, value: {
  request(type) {
    window.__wakeLockCalls.push(type);
    const lock = new EventTarget();
    lock.type = type;
    lock.released = false;
    lock.release = () => {
      lock.released = true;
      lock.dispatchEvent(new Event("release"));
      return Promise.resolve();
    };
    window.__wakeLocks.push(lock);
    return Promise.resolve(lock);
  }
}});
"""


@pytest.fixture(autouse=True)
def _fast_pin_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# pairing -----------------------------------------------------------------------------------


def test_alice_creates_a_wall_screen_and_the_tablet_pairs_by_its_link(
    signed_in_page, tablet, app_url
):
    page = signed_in_page("alice@example.com")
    page.goto("/account/")
    page.get_by_role("link", name="Manage wall screens").click()
    page.get_by_label("Name").fill("Hall tablet")
    page.get_by_label("Allow controls").check()
    page.get_by_role("button", name="Create and pair").click()
    link = page.locator("#pair-link").get_attribute("href")
    assert link.startswith(f"{app_url}/kiosk/pair/")

    tablet.goto(link)
    expect(tablet.get_by_role("heading")).to_have_text("Make this screen “Hall tablet”?")
    tablet.get_by_role("button", name="Pair this screen").click()

    expect(tablet).to_have_url(f"{app_url}/kiosk/")
    expect(tablet.locator(f"#dev-{KITCHEN}")).to_contain_text("Kitchen lights")
    expect(tablet.locator(f"#dev-{KITCHEN}").get_by_role("switch")).to_be_visible()
    cookie = {c["name"]: c for c in tablet.context.cookies()}[kiosks.COOKIE_NAME]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert tablet.evaluate("document.cookie").find(kiosks.COOKIE_NAME) == -1
    page.goto("/kiosks/")
    expect(page.locator("#kiosks")).to_contain_text("Paired")
    tablet.goto(link)  # used up
    expect(tablet.get_by_role("heading")).to_contain_text("expired or was already used")


def test_a_tablet_pairs_by_typing_the_short_code(alice, tablet, app_url):
    pairing = kiosks.start_pairing(new_kiosk(alice))

    tablet.goto("/kiosk/")
    expect(tablet.get_by_role("heading")).to_have_text("This screen is not paired yet")
    tablet.get_by_role("link", name="Pair this screen").click()
    tablet.get_by_label("Pairing code").fill(pairing.code.lower())
    tablet.get_by_role("button", name="Pair").click()

    expect(tablet).to_have_url(f"{app_url}/kiosk/")
    expect(tablet.locator(".kiosk-title")).to_have_text("Home")
    expect(tablet.locator(f"#dev-{KITCHEN}")).to_be_visible()


# a live, revocable screen -------------------------------------------------------------------


def test_the_kiosk_screen_updates_a_value_without_a_reload(alice, tablet, emulator_world, clock):
    pair(tablet, new_kiosk(alice))
    tablet.evaluate("document.documentElement.dataset.samePage = 'yes'")
    temperature = tablet.locator(f'#dev-{AIR} [data-capability="measure_temperature"] strong')
    before = temperature.inner_text()

    clock.shift(3 * 3600)

    expect(temperature).not_to_have_text(before)
    expect(tablet.locator("html")).to_have_attribute("data-same-page", "yes")


def test_revoking_shows_pair_again_on_the_tablet_within_a_poll(signed_in_page, tablet, alice):
    kiosk = new_kiosk(alice)
    pair(tablet, kiosk)
    expect(tablet.locator("#board")).to_be_visible()
    page = signed_in_page("alice@example.com")
    page.goto("/kiosks/")

    disconnect = page.locator(f"#kiosk-{kiosk.code}").get_by_role(
        "link", name="Disconnect Hall tablet…"
    )
    disconnect.click()
    question = page.get_by_role("dialog", name="Disconnect “Hall tablet”?")
    expect(question).to_be_visible()  # asked first: nothing happens on one click
    question.get_by_role("button", name="Cancel").click()
    expect(question).to_be_hidden()
    expect(page.locator("#kiosks")).to_contain_text("Paired")
    expect(tablet.locator("#board")).to_be_visible()
    disconnect.click()
    question.get_by_role("button", name="Disconnect “Hall tablet”").click()
    expect(page.locator("#kiosks")).to_contain_text("Disconnected")

    # polls run every second here: well within two polls
    disconnected = tablet.get_by_role("heading", name="This screen is disconnected")
    expect(disconnected).to_be_visible(timeout=2500)
    expect(tablet.get_by_role("link", name="Pair this screen")).to_be_visible()


def test_a_view_only_kiosk_is_refused_a_control_forged_from_its_page(alice, tablet):
    pair(tablet, new_kiosk(alice, can_control=False))
    tile = tablet.locator(f"#dev-{KITCHEN}")
    expect(tile).to_contain_text("Off")
    expect(tablet.locator("#board form")).to_have_count(0)

    # What a tampered page would send: htmx posting the light's control anyway.
    tablet.evaluate(
        """id => htmx.ajax("POST", `/devices/${id}/control`, {target: `#dev-${id}`,
             swap: "outerHTML", values: {capability: "onoff", value: "true"}})""",
        KITCHEN,
    )

    expect(tile.get_by_role("alert")).to_have_text("You can look at this tile but not control it.")
    assert stored_value("Kitchen lights", "onoff") is False
    status = tablet.evaluate(
        """async id => (await fetch(`/devices/${id}/control`, {method: "POST",
             headers: {"HX-Request": "true", "HX-Current-URL": location.href,
                       "X-CSRFToken": JSON.parse(document.body.dataset.hxHeaders ||
                                      document.body.getAttribute("hx-headers"))["X-CSRFToken"]},
             body: new URLSearchParams({capability: "onoff", value: "true"})})).status""",
        KITCHEN,
    )
    assert status == 403
    assert stored_value("Kitchen lights", "onoff") is False


def test_the_pin_is_asked_before_unlocking_from_a_kiosk(alice, tablet):
    kiosk = new_kiosk(alice, can_control=True, require_pin=True)
    kiosks.set_pin(kiosk, "2468")
    kiosk.save()
    pair(tablet, kiosk)
    lock = tablet.locator(f"#dev-{device_id(FRONT_DOOR_LOCK)}")

    lock.get_by_role("button", name="Unlock").click()
    lock.get_by_label("PIN").fill("1111")
    lock.get_by_role("button", name="Yes").click()
    expect(lock.get_by_role("alert")).to_contain_text("Wrong PIN; nothing was sent.")
    assert stored_value(FRONT_DOOR_LOCK, "locked") is True
    lock.get_by_label("PIN").fill("2468")
    lock.get_by_role("button", name="Yes").click()

    expect(lock.locator('[data-capability="locked"] .value-text')).to_have_text("Unlocked")
    assert stored_value(FRONT_DOOR_LOCK, "locked") is False


# the screen itself -------------------------------------------------------------------------


def test_the_screen_asks_for_a_wake_lock_and_takes_it_again_when_visible(alice, tablet):
    tablet.add_init_script(FAKE_WAKE_LOCK)
    pair(tablet, new_kiosk(alice))

    tablet.wait_for_function("window.homeydashKiosk.wakeLock === 'active'")
    assert tablet.evaluate("window.__wakeLockCalls") == ["screen"]
    # Hiding the page releases the lock; showing it again asks again.
    tablet.evaluate("window.__wakeLocks[0].release()")
    tablet.wait_for_function("window.homeydashKiosk.wakeLock === 'released'")
    tablet.evaluate("document.dispatchEvent(new Event('visibilitychange'))")

    tablet.wait_for_function("window.homeydashKiosk.wakeLock === 'active'")
    assert tablet.evaluate("window.__wakeLockCalls") == ["screen", "screen"]
    expect(tablet.locator("#kiosk-wake-hint")).to_be_hidden()


def test_without_a_wake_lock_the_screen_says_what_to_do(alice, tablet):
    tablet.add_init_script("delete Navigator.prototype.wakeLock")
    pair(tablet, new_kiosk(alice))

    expect(tablet.locator("#kiosk-wake-hint")).to_be_visible()
    assert tablet.evaluate("window.homeydashKiosk.wakeLock") == "unsupported"


def test_failed_polls_mark_the_screen_offline_and_a_long_outage_reloads_it(alice, tablet):
    pair(tablet, new_kiosk(alice))
    connection = tablet.locator("#kiosk-connection")
    expect(connection).to_have_text("Live", use_inner_text=True)
    tablet.evaluate("document.documentElement.dataset.samePage = 'yes'")

    tablet.route("**/poll/**", lambda route: route.abort())
    expect(connection).to_have_text("Offline · values may be out of date", use_inner_text=True)
    expect(tablet.locator("html")).to_have_class("kiosk is-offline")
    tablet.unroute("**/poll/**")
    expect(connection).to_have_text("Live", use_inner_text=True)
    expect(tablet.locator("html")).to_have_attribute("data-same-page", "yes")

    tablet.route("**/poll/**", lambda route: route.abort())
    expect(connection).to_contain_text("Offline", use_inner_text=True)
    tablet.evaluate("window.homeydashKiosk.offlineSince -= 6 * 60 * 1000")  # six minutes ago
    tablet.unroute("**/poll/**")

    # reloaded (an expect, not wait_for_function: its string would need eval, which the
    # Content-Security-Policy forbids)
    expect(tablet.locator("html")).not_to_have_attribute("data-same-page", "yes")
    expect(connection).to_have_text("Live", use_inner_text=True)


def test_the_screen_says_when_the_homey_cannot_be_reached(alice, tablet, emulator_world):
    pair(tablet, new_kiosk(alice))
    emulator_world.config.offline_hang_seconds = 0
    emulator_world.set_offline(HOME_ID, True)

    expect(tablet.locator("#kiosk-connection")).to_have_text(
        "Homey unreachable", use_inner_text=True
    )
    expect(tablet.locator(f"#dev-{KITCHEN}")).to_contain_text("stale since")


def test_night_mode_follows_a_logic_variable_without_a_reload(alice, tablet, emulator_world):
    away = variable_id("Away mode")
    pair(tablet, new_kiosk(alice, night_mode="variable", night_variable_id=away))
    expect(tablet.locator("html")).to_have_class("kiosk")

    with emulator_world.lock:
        emulator_world.homeys[HOME_ID].update_variable(away, {"value": True})

    expect(tablet.locator("html")).to_have_class("kiosk night")
    background = tablet.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"


def test_the_screen_shifts_a_few_pixels_against_burn_in(alice, tablet):
    tablet.clock.install(time=EMULATOR_NOW)
    pair(tablet, new_kiosk(alice))
    main = tablet.locator("#kiosk-main")
    assert main.evaluate("el => el.style.transform") == ""

    tablet.clock.fast_forward("03:01")

    shift = main.evaluate("el => el.style.transform")
    assert shift.startswith("translate(") and shift != "translate(0px, 0px)"


def test_the_screen_reloads_itself_once_a_day_at_a_quiet_hour(alice, tablet):
    tablet.clock.install(time=datetime(2026, 11, 24, 23, 30, tzinfo=UTC))  # 00:30 at the Homey
    pair(tablet, new_kiosk(alice))
    tablet.evaluate("document.documentElement.dataset.samePage = 'yes'")

    tablet.clock.fast_forward("01:00:00")  # 01:30: too early
    expect(tablet.locator("html")).to_have_attribute("data-same-page", "yes")
    tablet.clock.fast_forward("01:40:00")  # 03:10 in Amsterdam

    expect(tablet.locator("html")).not_to_have_attribute("data-same-page", "yes")
    expect(tablet.locator("#board")).to_be_visible()


def test_the_clock_shows_the_homeys_time_in_the_households_language(browser, alice, app_url):
    context = browser.new_context(
        base_url=app_url, viewport={"width": 1280, "height": 800}, locale="nl-NL"
    )
    dutch = context.new_page()
    dutch.clock.install(time=EMULATOR_NOW)  # 12:00 UTC is 13:00 in Amsterdam
    pair(dutch, new_kiosk(alice), button="Dit scherm koppelen")

    expect(dutch.locator("#kiosk-time")).to_have_text("13:00")
    expect(dutch.locator("#kiosk-date")).to_have_text("woensdag 25 november")
    context.close()


def test_a_wall_screen_keeps_its_own_language_and_clock_in_any_browser(browser, alice, app_url):
    context = browser.new_context(
        base_url=app_url, viewport={"width": 1280, "height": 800}, locale="en-US"
    )
    tablet = context.new_page()
    tablet.clock.install(time=EMULATOR_NOW)
    kiosk = new_kiosk(alice, language="de", time_format="24h")
    pair(tablet, kiosk)  # pairing speaks the browser's language; the paired screen its own

    expect(tablet.locator("html")).to_have_attribute("lang", "de")
    expect(tablet.locator("#kiosk-time")).to_have_text("13:00")
    expect(tablet.locator("#kiosk-date")).to_have_text("Mittwoch, 25. November")
    expect(tablet.locator(".when-online")).to_have_text("Live")
    context.close()


# layouts and screenshots -------------------------------------------------------------------


def screenshot_path(name: str, tmp_path: Path) -> Path:
    return tmp_path / name


def wall_dashboard(alice) -> Dashboard:
    """The kind of board people put on a wall: the living room and the front door."""
    home = Household.objects.get(homey_id=HOME_ID)
    board = Dashboard.objects.create(
        household=home, owner=alice, name="Living room", audience="household"
    )
    tiles = [
        {"kind": "device", "device_id": device_id(LIVING_THERMOSTAT)},
        {"kind": "history", "device_id": AIR, "capability_id": "measure_temperature"},
        {"kind": "device", "device_id": device_id("Floor lamp")},
        {"kind": "device", "device_id": device_id("Ceiling light")},
        {"kind": "device", "device_id": device_id("Living room blinds")},
        {"kind": "device", "device_id": device_id(FRONT_DOOR_LOCK)},
        {"kind": "device", "device_id": device_id("Home alarm")},
        {"kind": "capability", "device_id": device_id(TV_SOCKET), "capability_id": "measure_power"},
        {"kind": "variable", "variable_id": variable_id("Away mode")},
        {"kind": "capability", "device_id": AIR, "capability_id": "measure_humidity"},
    ]
    for position, tile in enumerate(tiles):
        Tile.objects.create(dashboard=board, position=position, **tile)
    return board


def test_the_kiosk_layout_is_landscape_full_screen_with_large_targets(alice, tablet, tmp_path):
    tablet.clock.install(time=EMULATOR_NOW)
    pair(tablet, new_kiosk(alice, can_control=True, dashboard=wall_dashboard(alice)))
    expect(tablet.locator(".kiosk-title")).to_have_text("Living room")
    expect(tablet.locator(".sparkline")).to_be_visible()
    expect(tablet.locator("#kiosk-time")).to_have_text("1:00 PM")
    expect(tablet.locator("#kiosk-date")).to_have_text("Wednesday, November 25")

    assert tablet.locator(".topbar").count() == 0
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 1280
    assert small_targets(tablet, 56) == []
    tablet.screenshot(path=screenshot_path("kiosk.png", tmp_path))


def test_the_phone_layout_fits_360_pixels_with_thumb_sized_controls(
    signed_in_page, browser, app_url, tmp_path
):
    page = signed_in_page("bob@example.com")
    page.set_viewport_size({"width": 360, "height": 780})
    page.clock.install(time=EMULATOR_NOW)
    page.goto("/")
    expect(page.locator(f"#dev-{KITCHEN}")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert small_targets(page, 44) == []
    # the living room: lights, the thermostat, the blinds (under the sticky header)
    living_room = page.locator(f"#zone-{item_id(HOME_ID, 'zone', 'Living room')}")
    living_room.evaluate("zone => window.scrollTo(0, zone.offsetTop - 52)")
    page.screenshot(path=screenshot_path("phone.png", tmp_path))


def test_dark_mode_follows_the_system(signed_in_page):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")

    page.emulate_media(color_scheme="dark")

    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(11, 18, 32)"


def small_targets(page, minimum: int) -> list[str]:
    """Visible controls on the board smaller than ``minimum`` CSS pixels either way."""
    return page.evaluate(
        """minimum => [...document.querySelectorAll(
              "#board button, #board input:not([type=hidden]), #board select, #board a.button")]
            .filter(el => el.offsetParent !== null)
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, box]) => box.width < minimum || box.height < minimum)
            .map(([el, box]) => `${el.closest("article")?.id} ${el.outerHTML.slice(0, 60)}`
                                + ` ${Math.round(box.width)}x${Math.round(box.height)}`)""",
        minimum,
    )
