"""The house on the default board: the weather, Homey Energy (live and its chart), moods and the
timeline, read from the emulated Homey over HTTP, shown to whom the Homey's scopes allow."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from dashboard import snapshot
from emulator.house import CEILING_LIGHT, item_id
from emulator.world import HOME_ID
from tests.support.boards import board
from tests.support.tiles import HTMX, home, make_due, poll_url, stored_value, tile_html

AFTERNOON = datetime(2026, 6, 20, 12, 30, tzinfo=UTC)  # 14:30 in Amsterdam


def mood_id(name: str) -> str:
    return item_id(HOME_ID, "mood", name)


def test_the_owner_sees_weather_energy_moods_and_the_timeline(alice_client):
    html = board(alice_client)
    weather = tile_html(html, "house-weather")
    assert re.search(r"-?\d+\.\d °C", weather)
    assert "High" in weather and "low" in weather
    assert len(re.findall(r"<li>", weather)) == 6  # the next hours
    energy = tile_html(html, "house-energy")
    assert "Home use" in energy and re.search(r"\d+ W|\d\.\d kW", energy)
    assert "Using most now" in energy
    moods = tile_html(html, "house-moods")
    assert "Living room" in moods and "Film" in moods
    assert tile_html(html, "house-timeline").count("timeline-entry") >= 3
    chart = tile_html(html, "house-energy-chart")
    assert chart.count("<rect") == 48  # a bar of use and one of solar per hour


def test_the_active_mood_is_shown_as_active(alice_client):
    html = tile_html(board(alice_client), "house-moods")
    relax = re.search(r'<button[^>]*class="mood is-active"[^>]*>Relax</button>', html)
    assert relax, html
    assert 'aria-pressed="false">Film<' in html


def test_a_sunny_afternoon_shows_solar_export_and_a_charging_battery(alice_client, clock):
    clock.move_to(AFTERNOON)
    energy = tile_html(board(alice_client), "house-energy")
    assert "Grid export" in energy
    assert "Battery charging" in energy


def test_a_user_sets_a_mood_and_the_board_shows_it_active(bob_client):
    board(bob_client)
    response = bob_client.post(f"/house/moods/{mood_id('Film')}/set", **HTMX)
    assert response.status_code == 200
    assert stored_value(CEILING_LIGHT, "dim") == 0.2
    html = response.content.decode()
    assert re.search(r'class="mood is-active"[^>]*>Film<', html)
    assert "Mood Film is set." in html


def test_a_guest_sees_moods_but_may_not_set_them_and_nothing_is_sent(dave_client, homey_requests):
    html = tile_html(board(dave_client), "house-moods")
    assert "Film" in html and "<form" not in html
    homey_requests.clear()
    response = dave_client.post(f"/house/moods/{mood_id('Film')}/set", **HTMX)
    assert response.status_code == 403
    assert "You can look at the moods but not set them." in response.content.decode()
    assert homey_requests.writes() == 0
    assert stored_value(CEILING_LIGHT, "dim") == 0.7


def test_a_guest_sees_a_sentence_in_place_of_energy_and_the_timeline(dave_client):
    html = board(dave_client)
    assert "The Homey does not share its energy use with you." in tile_html(html, "house-energy")
    assert "does not share its timeline" in tile_html(html, "house-timeline")
    assert "timeline-entry" not in html and "Home use" not in html
    assert "°C" in tile_html(html, "house-weather")  # guests may see the weather
    assert tile_html(html, "house-energy-chart") == ""
    fragment = dave_client.get("/house/energy_chart/?period=week")
    assert "does not share its energy use" in fragment.content.decode()


def test_an_unknown_mood_or_kind_is_refused_clearly(bob_client):
    board(bob_client)
    response = bob_client.post("/house/moods/not-a-mood/set", **HTMX)
    assert response.status_code == 422
    assert "no longer on the Homey" in response.content.decode()
    assert bob_client.get("/house/nothing/").status_code == 404


def test_the_chart_switches_to_a_week_and_a_month(alice_client):
    board(alice_client)
    week = alice_client.get("/house/energy/chart?period=week", **HTMX).content.decode()
    assert week.count("<rect") == 14 and 'aria-current="true">Week<' in week
    month = alice_client.get("/house/energy/chart?period=month", **HTMX).content.decode()
    assert month.count("<rect") == 60  # November: 30 days
    odd = alice_client.get("/house/energy/chart?period=<script>", **HTMX).content.decode()
    assert odd.count("<rect") == 48


def test_chart_numbers_are_never_localised(alice_client):
    from dashboard.models import Account

    Account.objects.filter(user=alice_client.user).update(language="nl")
    html = tile_html(board(alice_client), "house-energy-chart")
    numbers = re.findall(r'(?:x|y|width|height)="([^"]+)"', html)
    assert numbers and all("," not in n for n in numbers)
    assert "kWh" in html and re.search(r"\d+,\d kWh", html)


def test_the_tiles_redraw_only_when_their_data_changed(alice_client, clock):
    html = board(alice_client)
    make_due(clock)
    clock.shift(30)
    poll = alice_client.get(poll_url(html), **HTMX)
    answer = poll.content.decode()
    assert 'id="house-energy"' in answer  # the live report moved
    assert 'id="house-moods"' not in answer  # the moods did not


def test_house_tiles_keep_their_values_marked_stale_while_the_homey_is_away(
    alice_client, clock, emulator_world
):
    html = board(alice_client)
    emulator_world.control({"faults": {HOME_ID: {"offline": True}}, "offline_hang_seconds": 0.2})
    make_due(clock)
    poll = alice_client.get(poll_url(html), **HTMX).content.decode()
    energy = tile_html(poll, "house-energy")
    assert "is-stale" in energy and "Home use" in energy
    assert "stale since" in tile_html(poll, "house-weather")


def test_an_energy_manager_that_fails_alone_marks_only_its_tile(
    alice_client, clock, emulator_world
):
    html = board(alice_client)
    emulator_world.control(
        {"faults": {HOME_ID: {"operations": {"getLiveReport": {"status": 500}}}}}
    )
    make_due(clock)
    poll = alice_client.get(poll_url(html), **HTMX).content.decode()
    assert "is-stale" in tile_html(poll, "house-energy")
    assert "is-stale" not in tile_html(poll, "house-timeline")
    snap = snapshot.cached(home().pk)
    assert "energy" in snap.parts_stale and snap.energy is not None


def test_a_guest_reading_the_household_does_not_empty_the_house_for_everyone(
    alice_client, dave_client, clock
):
    page = board(alice_client)
    make_due(clock)
    board(dave_client)  # this read goes through Dave's link: energy and timeline refused to him
    snap = snapshot.cached(home().pk)
    assert snap.energy is not None and snap.notifications
    body = alice_client.get(poll_url(page), **HTMX).content.decode()
    assert '<section id="board"' not in body  # no whole-board redraw
    assert "Home use" in tile_html(board(alice_client), "house-energy")
