"""Named dashboards: who may make, see and edit them, and the tiles on them (every kind,
picked from the Homey's lists, removed, reordered, tuned) — kept server-side."""

from __future__ import annotations

import re

import pytest

from dashboard.models import Dashboard, Tile
from emulator.house import ALL_LIGHTS_OFF, CEILING_LIGHT, LIVING_THERMOSTAT
from tests.support.boards import add, create, page
from tests.support.tiles import (
    HTMX,
    device_id,
    flow_id,
    home,
    poll_url,
    tile_html,
    tile_ids,
    variable_id,
)


@pytest.fixture
def shared(alice_client) -> Dashboard:
    """Alice's dashboard for members who control devices, with a thermostat tile."""
    dashboard = create(alice_client, "Evening board", Dashboard.Audience.USERS)
    add(alice_client, dashboard, "device", device_id(LIVING_THERMOSTAT))
    return dashboard


# making and seeing dashboards -----------------------------------------------------------


def test_a_member_makes_a_personal_dashboard(bob_client):
    dashboard = create(bob_client, "Bob's")

    assert dashboard.owner == bob_client.user
    assert dashboard.household == home()
    assert dashboard.audience == Dashboard.Audience.PRIVATE
    assert "Bob&#x27;s" in page(bob_client, dashboard)


def test_only_owners_and_managers_share_dashboards(bob_client):
    response = bob_client.post("/dashboards/new", {"name": "Ours", "audience": "users"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Dashboard.objects.exists()


def test_a_shared_dashboard_reaches_its_audience_only(shared, bob_client, dave_client):
    assert bob_client.get(f"/d/{shared.code}/").status_code == 200
    assert shared.name in bob_client.get("/").content.decode()  # in the switcher
    assert dave_client.get(f"/d/{shared.code}/").status_code == 404
    assert shared.name not in dave_client.get("/").content.decode()


def test_a_dashboard_for_everyone_reaches_guests(alice_client, dave_client):
    dashboard = create(alice_client, "Hall", Dashboard.Audience.HOUSEHOLD)

    assert dave_client.get(f"/d/{dashboard.code}/").status_code == 200


def test_a_personal_dashboard_is_nobody_elses(bob_client, alice_client):
    dashboard = create(bob_client)

    assert alice_client.get(f"/d/{dashboard.code}/").status_code == 404
    assert alice_client.get(f"/d/{dashboard.code}/edit").status_code == 404


def test_guests_make_personal_dashboards_they_can_only_look_at(dave_client):
    dashboard = create(dave_client)
    add(dave_client, dashboard, "device", device_id(CEILING_LIGHT))

    board = page(dave_client, dashboard)

    assert "<strong>On</strong>" in board
    assert "<form" not in board.split('<section id="board"')[1]


def test_a_member_cannot_edit_a_shared_dashboard(shared, bob_client):
    assert bob_client.get(f"/d/{shared.code}/edit").status_code == 403
    assert add(bob_client, shared, "device", device_id(CEILING_LIGHT)).status_code == 403
    assert bob_client.post(f"/d/{shared.code}/delete").status_code == 403
    tile = shared.tiles.get()
    assert bob_client.post(f"/tiles/{tile.code}/remove").status_code == 403
    assert shared.tiles.count() == 1
    assert "Edit</a>" not in page(bob_client, shared)


def test_the_owner_renames_and_shares_a_dashboard(alice_client):
    dashboard = create(alice_client)

    alice_client.post(f"/d/{dashboard.code}/edit", {"name": "Evenings", "audience": "household"})

    dashboard.refresh_from_db()
    assert (dashboard.name, dashboard.audience) == ("Evenings", Dashboard.Audience.HOUSEHOLD)


def test_deleting_a_dashboard_takes_its_tiles(shared, alice_client):
    response = alice_client.post(f"/d/{shared.code}/delete")

    assert response.status_code == 302
    assert not Dashboard.objects.exists()
    assert not Tile.objects.exists()


def test_another_household_reaches_nothing_by_guessing(shared, charlie_client):
    tile = shared.tiles.get()
    for url in (
        f"/d/{shared.code}/",
        f"/d/{shared.code}/poll?v=1",
        f"/d/{shared.code}/edit",
        f"/tiles/{tile.code}/",
        f"/devices/{device_id(LIVING_THERMOSTAT)}/",
    ):
        assert charlie_client.get(url).status_code == 404, url
    for url in (
        f"/d/{shared.code}/delete",
        f"/d/{shared.code}/tiles/add",
        f"/tiles/{tile.code}/remove",
        f"/tiles/{tile.code}/move",
        f"/tiles/{tile.code}/edit",
        f"/tiles/{tile.code}/control",
    ):
        assert charlie_client.post(url, {"direction": "up"}).status_code == 404, url
    assert Dashboard.objects.filter(pk=shared.pk).exists()
    assert shared.tiles.count() == 1


# tiles ------------------------------------------------------------------------------------


def test_every_kind_of_tile_is_picked_from_the_homeys_lists(alice_client):
    dashboard = create(alice_client)
    thermostat = device_id(LIVING_THERMOSTAT)
    sources = [
        ("device", device_id(CEILING_LIGHT)),
        ("capability", f"{thermostat}/target_temperature"),
        ("variable", variable_id("Heating set point")),
        ("flow", f"flow/{flow_id(ALL_LIGHTS_OFF)}"),
        ("flow", f"advancedflow/{flow_id('Evening routine', advanced=True)}"),
        ("history", f"{thermostat}/measure_temperature"),
    ]
    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()
    for kind, source in sources:
        assert f'<option value="{source}">' in edit, source
        add(alice_client, dashboard, kind, source)

    board = page(alice_client, dashboard)

    tiles = list(dashboard.tiles.all())
    assert [t.kind for t in tiles] == [k for k, _s in sources]
    assert tile_ids(board) == [f"tile-{t.code}" for t in tiles]
    kinds = re.findall(r'class="tile tile-(\w+)', board)
    assert kinds == ["device", "capability", "variable", "flow", "flow", "history"]
    assert "<strong>20.5</strong>" in tile_html(board, f"tile-{tiles[2].code}")
    assert "Evening routine" in tile_html(board, f"tile-{tiles[4].code}")


def test_flows_that_cannot_be_started_are_not_offered(alice_client):
    dashboard = create(alice_client)

    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()

    assert flow_id("Hallway light on motion") not in edit
    assert flow_id("Christmas lights (last year)") not in edit
    assert flow_id("Good morning") in edit


def test_a_tile_must_be_something_the_homey_has(alice_client, charlie_client):
    dashboard = create(alice_client)
    flat_lamp = device_id("Lounge lamp", homey="6650f2e2d2c2b2a292827262")

    response = add(alice_client, dashboard, "device", flat_lamp)
    add(alice_client, dashboard, "flow", f"flow/{flow_id('Hallway light on motion')}")
    add(alice_client, dashboard, "teapot", device_id(CEILING_LIGHT))

    assert response.status_code == 302
    assert "Choose something the Homey has." in alice_client.get(response.url).content.decode()
    assert not dashboard.tiles.exists()


def test_tiles_are_reordered_and_removed(alice_client):
    dashboard = create(alice_client)
    for name in ("Fridge", "Kitchen lights", CEILING_LIGHT):
        add(alice_client, dashboard, "device", device_id(name))
    fridge, kitchen, ceiling = dashboard.tiles.all()

    alice_client.post(f"/tiles/{ceiling.code}/move", {"direction": "up"})
    alice_client.post(f"/tiles/{fridge.code}/move", {"direction": "up"})  # already first
    alice_client.post(f"/tiles/{kitchen.code}/remove")

    assert list(dashboard.tiles.all()) == [fridge, ceiling]
    assert tile_ids(page(alice_client, dashboard)) == [
        f"tile-{fridge.code}",
        f"tile-{ceiling.code}",
    ]


def test_a_device_tile_shows_the_capabilities_chosen_for_it(alice_client):
    dashboard = create(alice_client)
    add(alice_client, dashboard, "device", device_id(LIVING_THERMOSTAT))
    tile = dashboard.tiles.get()

    alice_client.post(
        f"/tiles/{tile.code}/edit",
        {"title": "Warmth", "capabilities": ["measure_temperature", "no_such_capability"]},
    )

    tile.refresh_from_db()
    assert tile.capabilities == ["measure_temperature"]
    html = tile_html(page(alice_client, dashboard), f"tile-{tile.code}")
    assert re.findall(r'data-capability="(\w+)"', html) == ["measure_temperature"]
    assert '<h3 class="tile-title">Warmth</h3>' in html


def test_a_tile_whose_device_left_the_homey_says_so(alice_client):
    dashboard = create(alice_client)
    tile = Tile.objects.create(dashboard=dashboard, kind=Tile.Kind.DEVICE, device_id="gone")

    html = tile_html(page(alice_client, dashboard), f"tile-{tile.code}")

    assert "This device is no longer on the Homey." in html
    assert "is-unavailable" in html


def test_dashboards_follow_the_user_to_another_browser(alice_client, emulator_url):
    from django.test import Client

    from tests.support.cast import sign_in

    dashboard = create(alice_client)
    add(alice_client, dashboard, "device", device_id(CEILING_LIGHT))
    other = Client()
    sign_in(other, emulator_url, "alice@example.com")

    assert tile_ids(page(other, dashboard)) == [f"tile-{dashboard.tiles.get().code}"]


# stored boards live ---------------------------------------------------------------------


def test_a_stored_board_polls_only_its_own_tiles(shared, bob_client):
    board = page(bob_client, shared)
    bob_client.post(
        f"/devices/{device_id('Kitchen lights')}/control",
        {"capability": "onoff", "value": "true"},
        **HTMX,
    )

    answer = bob_client.get(poll_url(board), **HTMX)

    assert answer.status_code == 200
    assert tile_ids(answer.content.decode()) == []  # kitchen lights are not on this board
    assert bob_client.get(poll_url(answer.content.decode()), **HTMX).status_code == 204


def test_an_edit_elsewhere_redraws_open_pages_of_the_dashboard(shared, alice_client):
    board = page(alice_client, shared)
    add(alice_client, shared, "device", device_id(CEILING_LIGHT))

    answer = alice_client.get(poll_url(board), **HTMX).content.decode()

    assert re.search(r'<section id="board"[^>]*hx-swap-oob="true"', answer)
    assert len(tile_ids(answer)) == 2


# history ----------------------------------------------------------------------------------


def test_a_history_tile_draws_the_last_24_hours_as_a_sparkline(alice_client, homey_requests):
    dashboard = create(alice_client)
    add(alice_client, dashboard, "history", f"{device_id('Weather station')}/measure_temperature")
    tile = dashboard.tiles.get()

    html = tile_html(page(alice_client, dashboard), f"tile-{tile.code}")
    page(alice_client, dashboard)

    svg = re.search(r'<svg class="sparkline".*?</svg>', html, re.S).group(0)
    assert "<script" not in svg
    points = re.findall(r"[ML]([\d.]+) ([\d.]+)", svg)
    assert 24 <= len(points) <= 72
    low = re.search(r'class="history-low">([^<]+)<', html).group(1)
    high = re.search(r'class="history-high">([^<]+)<', html).group(1)
    assert re.fullmatch(r"-?\d+\.\d\xa0°C", low) and re.fullmatch(r"-?\d+\.\d\xa0°C", high)
    assert float(low.split("\xa0")[0]) < float(high.split("\xa0")[0])
    assert homey_requests.count("GET", r"/insights/log/.*/entry") == 1  # cached for the next view


def test_history_gaps_break_the_line():
    from datetime import UTC, datetime, timedelta

    from dashboard.history import build
    from dashboard.homey.types import Capability, LogEntries

    start = datetime(2026, 11, 25, tzinfo=UTC)
    values = [1.0, 2.0, None, None, 3.0, 4.0]
    entries = LogEntries(
        id="homey:device:x:measure_power",
        step_ms=300000,
        points=tuple((start + timedelta(minutes=5 * n), v) for n, v in enumerate(values)),
    )
    capability = Capability("measure_power", "number", "Power", 4.0, units="W", decimals=0)

    line = build(entries, capability)

    assert len(line.paths) == 2
    assert (line.low_text, line.high_text) == ("1\xa0W", "4\xa0W")
