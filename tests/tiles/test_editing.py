"""Editing without reloads: the order saved at once (drag and drop posts it whole), each change
answered to htmx with the redrawn list and a sentence for screen readers; the long "single
value" list grouped by zone and device; tiles that read alike told apart; a hint on an empty
dashboard; and a guest told the board is view-only."""

from __future__ import annotations

import re

import pytest

from dashboard.models import Dashboard
from emulator.house import CEILING_LIGHT, LIVING_THERMOSTAT
from tests.support.boards import add, create, page
from tests.support.tiles import HTMX, device_id, tile_html


@pytest.fixture
def three(alice_client) -> Dashboard:
    dashboard = create(alice_client, "Kitchen", Dashboard.Audience.USERS)
    for name in ("Fridge", "Kitchen lights", CEILING_LIGHT):
        add(alice_client, dashboard, "device", device_id(name))
    return dashboard


def order(client, dashboard: Dashboard, codes, moved="", **headers):
    data = {"order": ",".join(str(c) for c in codes), "moved": str(moved)}
    return client.post(f"/d/{dashboard.code}/tiles/order", data, **headers)


def status_line(html: str) -> str:
    found = re.search(r'<p id="edit-status"[^>]*>(.*?)</p>', html, re.S)
    return found.group(1).strip() if found else ""


def test_the_whole_order_is_saved_at_once(three, alice_client):
    fridge, kitchen, ceiling = three.tiles.all()
    layout = three.layout_version

    response = order(
        alice_client, three, [ceiling.code, fridge.code, kitchen.code], ceiling.code, **HTMX
    )

    assert response.status_code == 200
    assert list(three.tiles.all()) == [ceiling, fridge, kitchen]
    html = response.content.decode()
    assert status_line(html) == "“Ceiling light” is now tile 1 of 3."
    assert 'hx-swap-oob="innerHTML"' in html and "<html" not in html
    assert re.findall(r'<li id="edit-([^"]+)"', html) == [
        str(t.code) for t in (ceiling, fridge, kitchen)
    ]
    three.refresh_from_db()
    assert three.layout_version != layout  # open boards redraw with the new order


def test_an_order_that_is_not_exactly_the_dashboards_tiles_changes_nothing(
    three, alice_client, bob_client
):
    fridge, kitchen, ceiling = three.tiles.all()
    elsewhere = create(alice_client, "Elsewhere")
    add(alice_client, elsewhere, "device", device_id(LIVING_THERMOSTAT))
    stranger = elsewhere.tiles.get()

    for codes in (
        [ceiling.code, fridge.code],  # one missing
        [ceiling.code, fridge.code, fridge.code],  # twice
        [ceiling.code, fridge.code, stranger.code],  # another dashboard's tile
        ["not-a-code", fridge.code, kitchen.code],
        [],
    ):
        response = order(alice_client, three, codes, **HTMX)
        assert response.status_code == 422, codes
        assert "The tiles changed meanwhile" in status_line(response.content.decode())
    assert list(three.tiles.all()) == [fridge, kitchen, ceiling]
    assert list(elsewhere.tiles.all()) == [stranger]


def test_only_those_who_may_edit_reorder(three, bob_client, charlie_client, dave_client):
    fridge, kitchen, ceiling = three.tiles.all()
    backwards = [ceiling.code, kitchen.code, fridge.code]

    assert order(bob_client, three, backwards).status_code == 403  # a user: shared board
    assert order(dave_client, three, backwards).status_code == 404  # a guest: not his audience
    assert order(charlie_client, three, backwards).status_code == 404  # another household
    assert list(three.tiles.all()) == [fridge, kitchen, ceiling]


def test_without_htmx_a_move_goes_back_to_the_list_not_the_top(three, alice_client):
    _fridge, kitchen, _ceiling = three.tiles.all()

    response = alice_client.post(f"/tiles/{kitchen.code}/move", {"direction": "up"})

    assert response.status_code == 302
    assert response.url == f"/d/{three.code}/edit#tiles"
    assert "“Kitchen lights” is now tile 1 of 3." in alice_client.get(response.url).content.decode()


def test_moves_adds_and_removals_answer_htmx_in_place(three, alice_client):
    fridge, kitchen, ceiling = three.tiles.all()

    moved = alice_client.post(f"/tiles/{ceiling.code}/move", {"direction": "up"}, **HTMX)
    added = add_htmx = alice_client.post(
        f"/d/{three.code}/tiles/add",
        {"kind": "capability", "source": f"{device_id(LIVING_THERMOSTAT)}/measure_temperature"},
        **HTMX,
    )
    removed = alice_client.post(f"/tiles/{fridge.code}/remove", **HTMX)
    refused = alice_client.post(
        f"/d/{three.code}/tiles/add", {"kind": "device", "source": "nothing"}, **HTMX
    )

    assert status_line(moved.content.decode()) == "“Ceiling light” is now tile 2 of 3."
    assert status_line(added.content.decode()) == (
        "Added “Living room thermostat · Temperature” as tile 4 of 4."
    )
    assert add_htmx.status_code == 200
    assert status_line(removed.content.decode()) == "Removed “Fridge”."
    assert refused.status_code == 422
    assert status_line(refused.content.decode()) == "Choose something the Homey has."
    assert [t.device_id for t in three.tiles.all()][:2] == [
        device_id(CEILING_LIGHT),
        device_id("Kitchen lights"),
    ]
    assert kitchen in three.tiles.all()


def test_single_values_are_grouped_by_zone_and_device(alice_client):
    dashboard = create(alice_client)

    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()

    single = re.search(r'<select id="add-capability".*?</select>', edit, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', single)
    assert "Living room · Living room thermostat" in groups
    thermostat = re.search(
        r'<optgroup label="Living room · Living room thermostat">(.*?)</optgroup>', single, re.S
    ).group(1)
    assert set(re.findall(r"<option [^>]*>([^<]+)</option>", thermostat)) >= {
        "Temperature",
        "Target temperature",
    }
    assert 'id="filter-capability"' in edit and 'id="filter-history"' in edit
    # no group holds more than one device's values
    assert max(len(re.findall("<option", g)) for g in single.split("<optgroup")) < 15


def test_tiles_that_read_alike_say_where_they_come_from(alice_client):
    dashboard = create(alice_client)
    add(alice_client, dashboard, "device", device_id("Kitchen lights"))
    add(alice_client, dashboard, "device", device_id(CEILING_LIGHT))
    kitchen, ceiling = dashboard.tiles.all()
    for tile in (kitchen, ceiling):
        alice_client.post(f"/tiles/{tile.code}/edit", {"title": "Lights"})

    board = page(alice_client, dashboard)
    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()

    assert '<p class="tile-subtitle">Kitchen · Kitchen lights</p>' in tile_html(
        board, f"tile-{kitchen.code}"
    )
    assert '<p class="tile-subtitle">Living room · Ceiling light</p>' in tile_html(
        board, f"tile-{ceiling.code}"
    )
    assert "Kitchen · Kitchen lights" in edit and "Living room · Ceiling light" in edit
    # one title apart again: no subtitle
    alice_client.post(f"/tiles/{ceiling.code}/edit", {"title": ""})
    assert "tile-subtitle" not in page(alice_client, dashboard)


def test_a_new_dashboard_says_what_to_do(alice_client):
    dashboard = create(alice_client)

    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()
    board = page(alice_client, dashboard)

    assert "Pick what it should show under “Add a tile” below" in edit
    assert "This dashboard has no tiles yet." in board
    assert f'href="/d/{dashboard.code}/edit">Add tiles</a>' in board


def test_a_guest_is_told_the_board_is_view_only(alice_client, dave_client, bob_client):
    board = dave_client.get("/").content.decode()

    assert "View only" in board
    assert "View only" not in bob_client.get("/").content.decode()


def test_saving_a_tiles_title_keeps_its_settings_open(three, alice_client):
    _fridge, kitchen, _ceiling = three.tiles.all()

    saved = alice_client.post(f"/tiles/{kitchen.code}/edit", {"title": "Worktop"}, **HTMX)

    html = saved.content.decode()
    assert status_line(html) == "Tile saved."
    assert re.findall(r'<details class="tile-settings" open>', html) == [
        '<details class="tile-settings" open>'
    ]
    assert (
        f'id="save-{kitchen.code}"' in html.split('<details class="tile-settings" open>')[1][:2000]
    )
