"""The house on a wall tablet: the weather next to the clock, the house tiles on its board,
new weather swapped into the header by the poll; a view-only kiosk cannot set a mood."""

from __future__ import annotations

import re

from emulator.house import CEILING_LIGHT, item_id
from emulator.world import HOME_ID
from tests.support.tiles import HTMX, make_due, poll_url, stored_value, tile_html

SCREEN = {"HTTP_HX_CURRENT_URL": "http://testserver/kiosk/", **HTMX}


def header_weather(html: str) -> str:
    match = re.search(r'<div id="kiosk-weather".*?</div>', html, re.S)
    return match.group(0) if match else ""


def test_the_kiosk_shows_the_weather_next_to_the_clock_and_the_house_tiles(new_kiosk, tablet):
    screen = tablet(new_kiosk()).get("/kiosk/").content.decode()
    weather = header_weather(screen)
    assert re.search(r"-?\d+\.\d °C", weather) and "High" in weather
    assert screen.index('id="kiosk-time"') < screen.index('id="kiosk-weather"')
    for dom_id in ("house-weather", "house-energy", "house-moods", "house-timeline"):
        assert tile_html(screen, dom_id), dom_id


def test_new_weather_reaches_the_header_through_the_poll(new_kiosk, tablet, clock):
    client = tablet(new_kiosk())
    screen = client.get("/kiosk/").content.decode()
    before = header_weather(screen)
    clock.shift(3 * 3600)
    make_due(clock)
    poll = client.get(poll_url(screen), **SCREEN).content.decode()
    after = header_weather(poll)
    assert 'hx-swap-oob="true"' in after
    assert after != before


def test_a_view_only_kiosk_shows_moods_without_buttons_and_cannot_set_one(new_kiosk, tablet):
    client = tablet(new_kiosk(can_control=False))
    screen = client.get("/kiosk/").content.decode()
    assert "<form" not in tile_html(screen, "house-moods")
    response = client.post(f"/house/moods/{item_id(HOME_ID, 'mood', 'Film')}/set", **SCREEN)
    assert response.status_code == 403
    assert stored_value(CEILING_LIGHT, "dim") == 0.7


def test_a_kiosk_on_a_stored_dashboard_has_no_house_fragments(alice_client, new_kiosk, tablet):
    response = alice_client.post("/dashboards/new", {"name": "Hall", "audience": "household"})
    code = response.headers["Location"].split("/")[2]
    from dashboard.models import Dashboard

    client = tablet(new_kiosk(dashboard=Dashboard.objects.get(code=code)))
    assert client.get("/house/weather/", **SCREEN).status_code == 404
