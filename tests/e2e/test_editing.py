"""In a real browser: tiles reordered by drag and drop (mouse and touch) and by keyboard,
saved at once without a reload or a jump to the top; the filter over the single values."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from dashboard.models import Dashboard, Household, Tile
from emulator.world import HOME_ID
from tests.support.cast import sign_in
from tests.support.tiles import device_id

pytestmark = pytest.mark.e2e

NAMES = ["Fridge", "Kitchen lights", "Ceiling light", "Floor lamp", "TV socket", "Pond pump"]


@pytest.fixture
def board(app_url) -> Dashboard:
    alice = sign_in(Client(), f"{app_url}/emulator", "alice@example.com")
    home = Household.objects.get(homey_id=HOME_ID)
    dashboard = Dashboard.objects.create(household=home, owner=alice, name="Kitchen")
    for position, name in enumerate(NAMES):
        Tile.objects.create(
            dashboard=dashboard, position=position, kind="device", device_id=device_id(name)
        )
    return dashboard


def names(page) -> list[str]:
    return page.locator("#tile-list > li .tile-row-name strong").all_inner_texts()


def stored(dashboard: Dashboard) -> list[str]:
    return [NAMES[[device_id(n) for n in NAMES].index(t.device_id)] for t in dashboard.tiles.all()]


def test_dragging_a_tile_reorders_and_the_order_persists(signed_in_page, board):
    page = signed_in_page("alice@example.com")
    page.set_viewport_size({"width": 1280, "height": 1600})  # the whole list in view
    page.goto(f"/d/{board.code}/edit")
    page.evaluate("window.stillTheSamePage = true")
    handle = page.locator("#tile-list > li").nth(4).locator(".drag-handle")
    target = page.locator("#tile-list > li").nth(0)

    box, goal = handle.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):  # Sortable follows the pointer in small steps
        page.mouse.move(
            box["x"] + box["width"] / 2, goal["y"] + 5 + (box["y"] - goal["y"]) * (10 - step) / 10
        )
    page.mouse.move(box["x"] + box["width"] / 2, goal["y"] + 5)
    page.mouse.up()

    expect(page.locator("#edit-status")).to_have_text("“TV socket” is now tile 1 of 6.")
    assert names(page)[0] == "TV socket"
    assert stored(board)[0] == "TV socket"
    assert page.evaluate("window.stillTheSamePage") is True
    page.reload()
    assert names(page) == [
        "TV socket",
        "Fridge",
        "Kitchen lights",
        "Ceiling light",
        "Floor lamp",
        "Pond pump",
    ]
    page.goto(f"/d/{board.code}/")
    expect(page.locator(".tile-title").first).to_have_text("TV socket")


def test_dragging_works_by_touch(browser, app_url, signed_in_page, board):
    page = signed_in_page("alice@example.com")
    page.set_viewport_size({"width": 390, "height": 1800})  # a phone, the whole list in view
    page.goto(f"/d/{board.code}/edit")
    handle = page.locator("#tile-list > li").nth(2).locator(".drag-handle")
    target = page.locator("#tile-list > li").nth(0)
    box, goal = handle.bounding_box(), target.bounding_box()
    x, start, end = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, goal["y"] + 5

    # A finger on the handle, through the DevTools protocol: real touch input, as a phone
    # sends it (the browser makes the pointer events Sortable listens to).
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", start)
    for step in range(1, 11):
        touch("touchMove", start + (end - start) * step / 10)
        page.wait_for_timeout(20)
    touch("touchEnd", end)

    expect(page.locator("#edit-status")).to_have_text("“Ceiling light” is now tile 1 of 6.")
    assert stored(board)[0] == "Ceiling light"


def test_the_keyboard_moves_a_tile_and_hears_where_it_went(signed_in_page, board):
    page = signed_in_page("alice@example.com")
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"/d/{board.code}/edit")
    page.evaluate("window.stillTheSamePage = true")
    up = page.get_by_role("button", name="Move Floor lamp up")
    up.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0

    up.focus()
    for position in (3, 2):
        page.keyboard.press("Enter")
        expect(page.locator("#edit-status")).to_have_text(
            f"“Floor lamp” is now tile {position} of 6."
        )
        expect(page.get_by_role("button", name="Move Floor lamp up")).to_be_focused()
    page.keyboard.press("Enter")  # the third press: now at the top

    status = page.locator("#edit-status")
    expect(status).to_have_text("“Floor lamp” is now tile 1 of 6.")
    expect(status).to_have_attribute("aria-live", "polite")
    assert stored(board)[0] == "Floor lamp"
    # at the top ↑ is disabled: the focus moved to ↓, on the same tile, still on the keyboard
    expect(page.get_by_role("button", name="Move Floor lamp up")).to_be_disabled()
    expect(page.get_by_role("button", name="Move Floor lamp down")).to_be_focused()
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.evaluate("window.scrollY") > 0  # no jump to the top
    page.keyboard.press("Enter")
    expect(status).to_have_text("“Floor lamp” is now tile 2 of 6.")
    expect(page.get_by_role("button", name="Move Floor lamp down")).to_be_focused()


def test_adding_a_single_value_by_searching_needs_no_reload(signed_in_page, board):
    page = signed_in_page("alice@example.com")
    page.goto(f"/d/{board.code}/edit")
    page.evaluate("window.stillTheSamePage = true")
    search = page.get_by_label("Search the list “Single value”")

    search.fill("thermostat target")

    select = page.locator("#add-capability")
    shown = select.locator("option:not([hidden])")
    expect(shown).to_have_count(1)
    assert shown.inner_text() == "Target temperature"
    assert select.evaluate("s => s.selectedOptions[0].parentElement.label") == (
        "Living room · Living room thermostat"
    )
    page.get_by_role("button", name="Add: Single value").click()

    expect(page.locator("#edit-status")).to_have_text(
        "Added “Living room thermostat · Target temperature” as tile 7 of 7."
    )
    expect(page.locator("#tile-list > li")).to_have_count(7)
    assert page.evaluate("window.stillTheSamePage") is True


def test_arrow_keys_on_a_move_button_move_the_tile(signed_in_page, board):
    page = signed_in_page("alice@example.com")
    page.goto(f"/d/{board.code}/edit")
    page.get_by_role("button", name="Move Fridge down").focus()

    page.keyboard.press("ArrowDown")
    expect(page.locator("#edit-status")).to_have_text("“Fridge” is now tile 2 of 6.")
    expect(page.get_by_role("button", name="Move Fridge down")).to_be_focused()
    page.keyboard.press("ArrowDown")

    expect(page.locator("#edit-status")).to_have_text("“Fridge” is now tile 3 of 6.")
    assert stored(board)[:3] == ["Kitchen lights", "Ceiling light", "Fridge"]
    page.keyboard.press("ArrowUp")
    expect(page.locator("#edit-status")).to_have_text("“Fridge” is now tile 2 of 6.")
