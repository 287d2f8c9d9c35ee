"""House tiles on stored dashboards: added in the editor like any tile, drawn through the same
partial, joined to the poll, stale when the Homey is away, refused to roles the Homey does not
show them to, and working on a wall tablet bound to that dashboard (moods, camera stills)."""

from __future__ import annotations

import re

from django.core.cache import cache

from dashboard.models import Dashboard, Tile
from emulator.camera import image_id
from emulator.house import CEILING_LIGHT, item_id
from emulator.world import HOME_ID
from tests.support.boards import add as add_tile
from tests.support.boards import create, page
from tests.support.emulator import Emu
from tests.support.tiles import HTMX, make_due, poll_url, stored_value, tile_html

DOORBELL = item_id(HOME_ID, "device", "Front door camera")
IMAGE = image_id(DOORBELL)
LIVING_ROOM = item_id(HOME_ID, "zone", "Living room")


def mood_id(name: str) -> str:
    return item_id(HOME_ID, "mood", name)


def hall(client, name: str = "Hall") -> Dashboard:
    """A dashboard shared with the household."""
    return create(client, name, Dashboard.Audience.HOUSEHOLD)


def add(client, dashboard: Dashboard, source: str) -> Tile:
    """A house tile added through the editor's house list."""
    response = add_tile(client, dashboard, "house", source)
    assert response.status_code == 302, response.content.decode()[:500]
    return dashboard.tiles.order_by("-position").first()


def tile_of(html: str, tile: Tile) -> str:
    return tile_html(html, f"tile-{tile.code}")


def still_url(html: str, tile: Tile) -> str:
    match = re.search(r'<img class="camera-still" src="([^"]+)"', tile_of(html, tile))
    assert match, "no still in the tile"
    return match.group(1).replace("&amp;", "&")


def test_the_editor_offers_the_house_grouped_with_moods_by_zone_and_cameras(alice_client):
    dashboard = hall(alice_client)
    html = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()
    form = re.search(r'<select id="add-house".*?</select>', html, re.S).group(0)
    for option in ("weather", "energy", "energy_chart", "timeline", "moods"):
        assert f'<option value="{option}">' in form, option
    assert '<optgroup label="Moods"><option value="moods">All moods</option>' in form
    assert f'<option value="moods/{LIVING_ROOM}">Living room</option>' in form
    assert f'<option value="camera/{IMAGE}">Front door camera</option>' in form
    speaker = image_id(item_id(HOME_ID, "device", "Living room speaker"))
    assert f"camera/{speaker}" not in form  # its album art is on the speaker's own tile
    assert 'data-filter-for="add-house"' in html  # searchable like the other long lists


def test_house_tiles_added_to_a_dashboard_show_what_the_homey_has(alice_client):
    dashboard = hall(alice_client)
    weather, energy, chart = (
        add(alice_client, dashboard, s) for s in ("weather", "energy", "energy_chart")
    )
    moods = add(alice_client, dashboard, f"moods/{LIVING_ROOM}")
    timeline = add(alice_client, dashboard, "timeline")
    camera = add(alice_client, dashboard, f"camera/{IMAGE}")
    assert (moods.kind, moods.zone_id, camera.kind, camera.image_id) == (
        "moods",
        LIVING_ROOM,
        "camera",
        IMAGE,
    )
    html = page(alice_client, dashboard)
    assert re.search(r"-?\d+\.\d °C", tile_of(html, weather))
    assert "Home use" in tile_of(html, energy)
    assert tile_of(html, chart).count("<rect") == 48
    living = tile_of(html, moods)
    assert "Moods · Living room" in living and "Film" in living and "Cooking" not in living
    assert f'action="/tiles/{moods.code}/moods/{mood_id("Film")}/set"' in living
    assert tile_of(html, timeline).count("timeline-entry") >= 3
    url = still_url(html, camera)
    assert url.startswith(f"/tiles/{camera.code}/still?v=")
    still = alice_client.get(url)
    assert still.status_code == 200 and still.content.startswith(b"\x89PNG")
    assert "127.0.0.1" not in tile_of(html, camera)


def test_the_editor_refuses_house_tiles_the_homey_does_not_have(alice_client):
    dashboard = hall(alice_client)
    for kind, source in (
        ("house", "camera/nope"),
        ("house", f"camera/{image_id(item_id(HOME_ID, 'device', 'Living room speaker'))}"),
        ("house", "moods/not-a-zone"),
        ("house", "radio"),
        ("weather", "weather"),  # only through the house list
    ):
        response = alice_client.post(
            f"/d/{dashboard.code}/tiles/add", {"kind": kind, "source": source}, **HTMX
        )
        assert response.status_code == 422, source
        assert "Choose something the Homey has." in response.content.decode()
    assert not dashboard.tiles.exists()


def test_a_user_sets_a_mood_from_a_stored_tile_and_only_that_zones(alice_client, bob_client):
    dashboard = hall(alice_client)
    tile = add(alice_client, dashboard, f"moods/{LIVING_ROOM}")
    page(bob_client, dashboard)
    response = bob_client.post(f"/tiles/{tile.code}/moods/{mood_id('Film')}/set", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="tile-{tile.code}"' in html and "Mood Film is set." in html
    assert re.search(r'class="mood is-active"[^>]*>Film<', html)
    assert tile_of(html, tile).count("Living room") == 1  # the title; no heading says it again
    assert stored_value(CEILING_LIGHT, "dim") == 0.2
    other = bob_client.post(f"/tiles/{tile.code}/moods/{mood_id('Cooking')}/set", **HTMX)
    assert other.status_code == 422
    plain = bob_client.post(f"/tiles/{tile.code}/moods/{mood_id('Relax')}/set")
    assert plain.status_code == 302 and plain.headers["Location"] == f"/d/{dashboard.code}/"


def test_guests_see_moods_but_not_set_them_and_a_sentence_for_energy(
    alice_client, dave_client, homey_requests
):
    dashboard = hall(alice_client)
    moods, energy = add(alice_client, dashboard, "moods"), add(alice_client, dashboard, "energy")
    html = page(dave_client, dashboard)
    assert "Film" in tile_of(html, moods) and "<form" not in tile_of(html, moods)
    assert "The Homey does not share its energy use with you." in tile_of(html, energy)
    assert "Home use" not in html
    homey_requests.clear()
    response = dave_client.post(f"/tiles/{moods.code}/moods/{mood_id('Film')}/set", **HTMX)
    assert response.status_code == 403
    assert homey_requests.writes() == 0 and stored_value(CEILING_LIGHT, "dim") == 0.7


def test_who_cannot_see_the_dashboard_gets_nothing_from_its_house_tiles(
    alice_client, bob_client, charlie_client
):
    private = create(alice_client, "Mine", Dashboard.Audience.PRIVATE)
    camera = add(alice_client, private, f"camera/{IMAGE}")
    moods = add(alice_client, private, "moods")
    for client in (bob_client, charlie_client):
        assert client.get(f"/tiles/{camera.code}/still").status_code == 404
        assert client.get(f"/tiles/{camera.code}/").status_code == 404
        film = f"/tiles/{moods.code}/moods/{mood_id('Film')}/set"
        assert client.post(film, **HTMX).status_code == 404
    assert alice_client.get(f"/tiles/{moods.code}/still").status_code == 404  # not a camera
    assert stored_value(CEILING_LIGHT, "dim") == 0.7


def test_the_chart_changes_period_and_the_camera_refreshes_through_the_tile(alice_client):
    dashboard = hall(alice_client)
    chart, camera = (
        add(alice_client, dashboard, "energy_chart"),
        add(alice_client, dashboard, f"camera/{IMAGE}"),
    )
    html = page(alice_client, dashboard)
    assert f'href="/tiles/{chart.code}/?period=week"' in tile_of(html, chart)
    week = alice_client.get(f"/tiles/{chart.code}/?period=week", **HTMX).content.decode()
    assert week.count("<rect") == 14 and 'aria-current="true">Week<' in week
    refresh = re.search(r'hx-get="(/tiles/[^"]+\?refresh=\d+)"', tile_of(html, camera)).group(1)
    again = alice_client.get(refresh, **HTMX).content.decode()
    assert "&amp;r=" in again
    assert alice_client.post(f"/tiles/{camera.code}/control", **HTMX).status_code == 422


def test_stored_house_tiles_redraw_on_the_poll_only_when_their_data_changed(alice_client, clock):
    dashboard = hall(alice_client)
    energy, moods = add(alice_client, dashboard, "energy"), add(alice_client, dashboard, "moods")
    html = page(alice_client, dashboard)
    make_due(clock)
    clock.shift(30)
    poll = alice_client.get(poll_url(html), **HTMX).content.decode()
    assert f'id="tile-{energy.code}"' in poll  # the live report moved
    assert f'id="tile-{moods.code}"' not in poll  # the moods did not


def test_stored_house_tiles_keep_their_values_marked_stale_while_the_homey_is_away(
    alice_client, clock, emulator_world
):
    dashboard = hall(alice_client)
    energy, weather = (
        add(alice_client, dashboard, "energy"),
        add(alice_client, dashboard, "weather"),
    )
    html = page(alice_client, dashboard)
    emulator_world.control({"faults": {HOME_ID: {"offline": True}}, "offline_hang_seconds": 0.2})
    make_due(clock)
    poll = alice_client.get(poll_url(html), **HTMX).content.decode()
    assert "is-stale" in tile_of(poll, energy) and "Home use" in tile_of(poll, energy)
    assert "stale since" in tile_of(poll, weather)


def test_a_wall_tablet_on_the_dashboard_shows_its_house_tiles_and_sets_moods(
    alice_client, new_kiosk, tablet
):
    dashboard = hall(alice_client)
    moods = add(alice_client, dashboard, "moods")
    camera = add(alice_client, dashboard, f"camera/{IMAGE}")
    headers = {"HTTP_HX_CURRENT_URL": "http://testserver/kiosk/", **HTMX}
    film = f"/tiles/{moods.code}/moods/{mood_id('Film')}/set"
    view_only = tablet(new_kiosk(name="Hall", dashboard=dashboard))
    assert "<form" not in tile_of(view_only.get("/kiosk/").content.decode(), moods)
    assert view_only.post(film, **headers).status_code == 403
    screen_client = tablet(new_kiosk(dashboard=dashboard, can_control=True))
    screen = screen_client.get("/kiosk/").content.decode()
    assert "Relax" in tile_of(screen, moods) and "<form" in tile_of(screen, moods)
    assert screen_client.get(still_url(screen, camera)).status_code == 200
    response = screen_client.post(film, **headers)
    assert response.status_code == 200, response.content.decode()
    assert stored_value(CEILING_LIGHT, "dim") == 0.2
    assert screen_client.get("/house/weather/", **headers).status_code == 404  # default board's
    elsewhere = tablet(new_kiosk(dashboard=hall(alice_client, "Kitchen"), can_control=True))
    assert elsewhere.get(f"/tiles/{camera.code}/still").status_code == 404
    assert elsewhere.post(film, **headers).status_code == 404


def test_a_camera_tile_says_why_when_the_homey_cannot_say_what_the_viewer_may_see(
    alice_client, emulator_world
):
    dashboard = hall(alice_client)
    camera = add(alice_client, dashboard, f"camera/{IMAGE}")
    emulator_world.control({"faults": {HOME_ID: {"operations": {"getSessionMe": {"status": 500}}}}})
    cache.clear()  # the scopes asked before the fault
    html = tile_of(page(alice_client, dashboard), camera)
    assert "cannot check with the Homey yet whether you may see this" in html
    assert "camera-still" not in html
    assert alice_client.get(f"/tiles/{camera.code}/still").status_code == 404


def test_tiles_whose_zone_or_camera_left_the_homey_say_so(alice_client):
    dashboard = hall(alice_client)
    zone = Tile.objects.create(dashboard=dashboard, kind="moods", zone_id="gone", position=1)
    camera = Tile.objects.create(dashboard=dashboard, kind="camera", image_id="gone", position=2)
    html = page(alice_client, dashboard)
    assert "This zone is no longer on the Homey." in tile_of(html, zone)
    assert "This camera is no longer on the Homey." in tile_of(html, camera)
    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()
    assert "Unknown camera" in edit and "<strong>Moods</strong>" in edit


def test_the_edit_page_names_house_tiles_as_the_board_does(alice_client):
    dashboard = hall(alice_client)
    add(alice_client, dashboard, f"moods/{LIVING_ROOM}")
    add(alice_client, dashboard, f"camera/{IMAGE}")
    add(alice_client, dashboard, "energy_chart")
    edit = alice_client.get(f"/d/{dashboard.code}/edit").content.decode()
    for label, kind in (
        ("Moods · Living room", "Moods"),
        ("Front door camera", "Camera"),
        ("Energy use", "Energy chart"),
    ):
        assert f'<strong>{label}</strong> <span class="badge">{kind}</span>' in edit, label


def relax_is_on(html: str) -> bool:
    return re.search(r'class="mood is-active"[^>]*>Relax<', html) is not None


def test_a_mood_tile_redraws_when_the_homey_turns_its_mood_off(alice_client, clock, emulator_url):
    dashboard = hall(alice_client)
    moods = add(alice_client, dashboard, f"moods/{LIVING_ROOM}")
    html = page(alice_client, dashboard)
    home_page = alice_client.get("/").content.decode()
    assert relax_is_on(tile_of(html, moods))
    emu = Emu(emulator_url)
    light = item_id(HOME_ID, "device", CEILING_LIGHT)
    token = emu.session("alice@example.com")
    assert emu.put(f"devices/device/{light}/capability/dim", token, {"value": 0.5}).ok
    make_due(clock)
    poll = alice_client.get(poll_url(html), **HTMX).content.decode()
    assert tile_of(poll, moods) and not relax_is_on(tile_of(poll, moods))
    default = alice_client.get(poll_url(home_page), **HTMX).content.decode()
    assert tile_html(default, "house-moods") and not relax_is_on(default)


def test_a_mood_tile_redraws_when_someone_elses_control_turns_its_mood_off(
    alice_client, bob_client
):
    dashboard = hall(alice_client)
    moods = add(alice_client, dashboard, f"moods/{LIVING_ROOM}")
    html = page(alice_client, dashboard)
    light = item_id(HOME_ID, "device", CEILING_LIGHT)
    control = {"capability": "dim", "value": "0.5"}
    assert bob_client.post(f"/devices/{light}/control", control, **HTMX).status_code == 200
    poll = alice_client.get(poll_url(html), **HTMX).content.decode()
    assert tile_of(poll, moods) and not relax_is_on(tile_of(poll, moods))
