"""WCAG 2.2 AA in a real browser: axe-core finds nothing on any page or tile kind, in light
and dark mode (and night mode on the wall screen); every control is named and reachable by
keyboard, and text still fits at 200 % zoom (a 640 x 400 viewport, as a 1280 x 800 screen
zoomed to 200 % lays out)."""

from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import expect

from dashboard import kiosks
from dashboard.models import Dashboard, Household, KioskDevice, Tile
from emulator.camera import image_id
from emulator.house import FRONT_DOOR_LOCK, LIVING_THERMOSTAT, TV_SOCKET, item_id
from emulator.world import HOME_ID
from tests.support.axe import violations
from tests.support.tiles import device_id, flow_id, variable_id

pytestmark = pytest.mark.e2e

SCHEMES = ("light", "dark")
AIR = device_id("Living room air")


def every_kind_of_tile(alice) -> Dashboard:
    """A shared board with one tile of each kind (the house's too), a few controls of each
    sort, and a tile whose device is gone."""
    home = Household.objects.get(homey_id=HOME_ID)
    board = Dashboard.objects.create(
        household=home, owner=alice, name="Everything", audience="household"
    )
    tiles = [
        {"kind": "device", "device_id": device_id(LIVING_THERMOSTAT)},
        {"kind": "device", "device_id": device_id("Floor lamp")},
        {"kind": "device", "device_id": device_id("Living room blinds")},
        {"kind": "device", "device_id": device_id(FRONT_DOOR_LOCK)},
        {"kind": "device", "device_id": device_id("Home alarm")},
        {"kind": "device", "device_id": device_id("Pond pump")},
        {"kind": "capability", "device_id": device_id(TV_SOCKET), "capability_id": "measure_power"},
        {"kind": "capability", "device_id": device_id("Kitchen lights"), "capability_id": "onoff"},
        {"kind": "history", "device_id": AIR, "capability_id": "measure_temperature"},
        {"kind": "variable", "variable_id": variable_id("Away mode")},
        {"kind": "variable", "variable_id": variable_id("Heating set point")},
        {"kind": "variable", "variable_id": variable_id("Last person home")},
        {"kind": "flow", "flow_id": flow_id("Movie time")},
        {
            "kind": "flow",
            "flow_id": flow_id("Evening routine", advanced=True),
            "flow_advanced": True,
        },
        {"kind": "flow", "flow_id": flow_id("Night watch", advanced=True), "flow_advanced": True},
        {"kind": "device", "device_id": "gone-device-id", "title": "Old sensor"},
        # the house
        {"kind": "weather"},
        {"kind": "energy"},
        {"kind": "energy_chart"},
        {"kind": "moods", "zone_id": item_id(HOME_ID, "zone", "Living room")},
        {"kind": "timeline"},
        {"kind": "camera", "image_id": image_id(device_id("Front door camera"))},
    ]
    for position, tile in enumerate(tiles):
        Tile.objects.create(dashboard=board, position=position, **tile)
    return board


def check(page, found: dict[str, list[str]], label: str) -> None:
    """Run axe in light and dark mode on the page as it is now."""
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        problems = violations(page)
        if problems:
            found[f"{label} ({scheme})"] = problems


def assert_none(found: dict[str, list[str]]) -> None:
    report = "\n".join(f"{where}:\n  " + "\n  ".join(items) for where, items in found.items())
    assert not found, f"axe-core found WCAG 2.2 AA violations:\n{report}"


def test_the_pages_people_use_have_no_axe_violations(signed_in_page, alice, app_url):
    board = every_kind_of_tile(alice)
    kiosk = KioskDevice.objects.create(
        name="Hall tablet", household=board.household, created_by=alice, can_control=True
    )
    found: dict[str, list[str]] = {}
    page = signed_in_page("alice@example.com")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"/d/{board.code}/")
    expect(page.locator(".tile")).to_have_count(22)
    check(page, found, "board")
    lock = page.locator(f"#tile-{board.tiles.get(device_id=device_id(FRONT_DOOR_LOCK)).code}")
    lock.get_by_role("button", name="Unlock").click()
    expect(lock.get_by_role("button", name="Yes")).to_be_visible()
    check(page, found, "board asking to confirm")
    page.goto("/")
    expect(page.locator(".tile").first).to_be_visible()
    check(page, found, "all devices")
    page.goto(f"/d/{board.code}/edit")
    check(page, found, "edit")
    page.goto("/dashboards/new")
    check(page, found, "new dashboard")
    page.goto("/account/")
    check(page, found, "account")
    page.goto("/homeys/")
    check(page, found, "Homey picker")
    page.goto("/connect/local/")
    check(page, found, "connect with an API key")
    page.goto("/d/00000000-0000-0000-0000-000000000000/")
    check(page, found, "not found")
    page.goto("/kiosks/")
    page.get_by_role("button", name="New pairing link").click()
    expect(page.locator("#pair-code")).to_be_visible()
    check(page, found, "wall screens with a pairing card")
    page.get_by_role("link", name="Disconnect Hall tablet…").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    check(page, found, "wall screens asking to disconnect")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("link", name="Disconnect Hall tablet…")).to_be_focused()
    page.goto(f"/kiosks/{kiosk.code}/")
    check(page, found, "wall screen settings")
    page.goto(f"/kiosks/{kiosk.code}/revoke")
    check(page, found, "disconnect a wall screen")
    empty = Dashboard.objects.create(household=board.household, owner=alice, name="Empty")
    page.goto(f"/d/{empty.code}/")
    check(page, found, "an empty board")
    page.goto(f"/d/{empty.code}/edit")
    check(page, found, "an empty board's edit page")
    page.get_by_label("Search the list “Single value”").fill("thermostat")
    page.get_by_role("button", name="Add: Single value").click()
    expect(page.locator("#edit-status")).to_contain_text("Added")
    check(page, found, "edit page after adding by search")

    assert_none(found)


def test_a_guest_and_a_signed_out_visitor_see_no_axe_violations(signed_in_page, alice, page):
    board = every_kind_of_tile(alice)
    found: dict[str, list[str]] = {}
    page.goto("/login/")
    check(page, found, "sign-in")
    page.goto("/kiosk/")
    check(page, found, "kiosk not paired")
    page.goto("/kiosk/pair")
    check(page, found, "kiosk pairing code")
    page.get_by_label("Pairing code").fill("WRONG")
    page.get_by_role("button", name="Pair").click()
    check(page, found, "kiosk pairing code refused")

    guest = signed_in_page("dave@example.com")
    guest.goto(f"/d/{board.code}/")
    expect(guest.locator(".tile")).to_have_count(22)
    expect(guest.locator("#view-only-note")).to_contain_text("View only.")
    expect(guest.locator("#board form")).to_have_count(0)
    check(guest, found, "board as a guest")

    assert_none(found)


@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
def test_the_wall_screen_has_no_axe_violations(browser, alice, app_url, night):
    board = every_kind_of_tile(alice)
    kiosk = KioskDevice.objects.create(
        name="Hall tablet",
        household=board.household,
        created_by=alice,
        can_control=True,
        dashboard=board,
        night_mode="schedule" if night else "off",
        night_start=time(0, 0),
        night_end=time(23, 59, 59),
    )
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 800})
    tablet = context.new_page()
    found: dict[str, list[str]] = {}
    pairing = kiosks.start_pairing(kiosk)
    tablet.goto(f"/kiosk/pair/{pairing.secret}/")
    check(tablet, found, "pairing link")
    tablet.get_by_role("button", name="Pair this screen").click()
    tablet.wait_for_url("**/kiosk/")
    expect(tablet.locator(".tile")).to_have_count(22)
    if night:
        expect(tablet.locator("html")).to_have_class("kiosk night")
    check(tablet, found, "wall screen")
    context.close()

    assert_none(found)


# keyboard --------------------------------------------------------------------------------

CONTROLS = ", ".join(
    f"main {each}"
    for each in (
        "button:not([disabled])",
        "a[href]",
        "input:not([type=hidden])",
        "select",
        "summary",
    )
)


def test_every_control_on_the_board_is_reached_by_tab_and_works_by_keyboard(signed_in_page, alice):
    board = every_kind_of_tile(alice)
    page = signed_in_page("alice@example.com")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/d/{board.code}/")
    expect(page.locator(".tile")).to_have_count(22)
    total = page.evaluate(
        """selector => { const all = [...document.querySelectorAll(selector)]
                .filter(el => el.offsetParent !== null);
              all.forEach((el, n) => el.dataset.k = n); return all.length; }""",
        CONTROLS,
    )
    assert total > 20

    reached = set()
    for _ in range(total + 20):
        page.keyboard.press("Tab")
        key = page.evaluate("document.activeElement.dataset.k")
        if key is not None:
            reached.add(int(key))
    missed = page.evaluate(
        "([selector, reached]) => [...document.querySelectorAll(selector)]"
        ".filter(el => el.dataset.k !== undefined && !reached.includes(+el.dataset.k))"
        ".map(el => el.outerHTML.slice(0, 120))",
        [CONTROLS, sorted(reached)],
    )
    assert missed == []

    # a switch, by keyboard: focus it, press Space, and its state is announced
    switch = page.locator(
        f"#tile-{board.tiles.get(device_id=device_id('Floor lamp')).code}"
    ).get_by_role("switch")
    before = switch.get_attribute("aria-checked")
    switch.focus()
    page.keyboard.press("Space")
    expect(
        page.locator(
            f"#tile-{board.tiles.get(device_id=device_id('Floor lamp')).code}"
        ).get_by_role("switch")
    ).not_to_have_attribute("aria-checked", before)
    # the focus ring shows where the keyboard is
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


# 200 % zoom ------------------------------------------------------------------------------


def test_text_still_fits_at_200_percent_zoom(signed_in_page, alice, browser, app_url):
    """A 1280 x 800 screen zoomed to 200 % lays pages out in 640 x 400 CSS pixels: nothing may
    need sideways scrolling."""
    board = every_kind_of_tile(alice)
    kiosk = KioskDevice.objects.create(
        name="Hall tablet", household=board.household, created_by=alice, dashboard=board
    )
    page = signed_in_page("alice@example.com")
    page.set_viewport_size({"width": 640, "height": 400})
    wide = {}

    def measure(label: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 640:
            wide[label] = width

    for label, url in [
        ("board", f"/d/{board.code}/"),
        ("all devices", "/"),
        ("edit", f"/d/{board.code}/edit"),
        ("account", "/account/"),
        ("wall screens", "/kiosks/"),
        ("wall screen settings", f"/kiosks/{kiosk.code}/"),
        ("disconnect", f"/kiosks/{kiosk.code}/revoke"),
    ]:
        page.goto(url)
        measure(label)
    page.context.clear_cookies()
    page.goto("/login/")
    measure("sign-in")
    page.goto("/kiosk/pair")
    measure("pairing code")
    pairing = kiosks.start_pairing(kiosk)
    page.goto(f"/kiosk/pair/{pairing.secret}/")
    measure("pairing link")
    page.get_by_role("button", name="Pair this screen").click()
    page.wait_for_url("**/kiosk/")
    expect(page.locator(".tile")).to_have_count(22)
    measure("wall screen")

    assert wide == {}
