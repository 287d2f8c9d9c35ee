"""A speaker's album art (issue 14): the Homey publishes it as the speaker's image
(ManagerImages); homeydash shows it on the speaker's tile through its own URL, fetched with the
viewer's rights like a camera still, new with every track, and gets on without it when the
Homey has none."""

from __future__ import annotations

import re

from dashboard import snapshot
from emulator.camera import image_id
from emulator.house import item_id
from emulator.world import HOME_ID
from tests.support.boards import board
from tests.support.tiles import HTMX, home, make_due, poll_url, tile_html

SPEAKER = item_id(HOME_ID, "device", "Living room speaker")
ART = image_id(SPEAKER)


def art_url(html: str) -> str:
    match = re.search(r'<img class="media-art" src="([^"]+)" alt=""', html)
    assert match, "no album art on the tile"
    return match.group(1).replace("&amp;", "&")


def next_track(client) -> str:
    response = client.post(
        f"/devices/{SPEAKER}/control", {"capability": "speaker_next", "value": "true"}, **HTMX
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_speaker_tile_shows_its_album_art_through_homeydash(alice_client):
    html = board(alice_client)
    tile = tile_html(html, f"dev-{SPEAKER}")
    url = art_url(tile)
    assert url.startswith(f"/devices/{SPEAKER}/album-art?v=")
    assert "127.0.0.1" not in tile and "/emulator/" not in tile and "/api/image" not in tile
    # the cover is on the speaker's tile, not a camera tile of its own
    assert f'id="camera-{ART}"' not in html

    cover = alice_client.get(url)

    assert cover.status_code == 200
    assert cover["Content-Type"] == "image/png"
    assert cover["X-Content-Type-Options"] == "nosniff"
    assert cover.content.startswith(b"\x89PNG")


def test_the_next_track_brings_its_own_cover_when_the_homey_has_it(
    bob_client, homey_requests, clock
):
    html = board(bob_client)
    first_url = art_url(tile_html(html, f"dev-{SPEAKER}"))
    first = bob_client.get(first_url).content
    assert bob_client.get(first_url).content == first
    assert homey_requests.count("GET", r"/api/image/") == 1  # kept per link and cover

    tile = next_track(bob_client)

    assert "Take Five" in tile
    second_url = art_url(tile)
    assert second_url != first_url
    # the speaker's app is still fetching the new cover: the Homey has the old one
    assert bob_client.get(second_url).content == first
    # a moment later the Homey's image changes; the next poll draws the tile again
    clock.shift(3)
    make_due(clock)
    polled = bob_client.get(poll_url(html), **HTMX).content.decode()
    third_url = art_url(tile_html(polled, f"dev-{SPEAKER}"))
    assert third_url not in (first_url, second_url)
    third = bob_client.get(third_url)
    assert third.status_code == 200 and third.content != first
    assert homey_requests.count("GET", r"/api/image/") == 3


def test_without_a_cover_the_tile_still_says_what_plays(alice_client, emulator_world):
    # a track with no cover: the Homey's image answers 404, homeydash says so plainly
    with emulator_world.lock:
        speaker = emulator_world.homeys[HOME_ID].devices[SPEAKER]
        speaker.record("speaker_track", "", emulator_world.now())
    snapshot.forget(home().pk)
    url = art_url(tile_html(board(alice_client), f"dev-{SPEAKER}"))
    missing = alice_client.get(url)
    assert missing.status_code == 502
    assert missing["Content-Type"].startswith("text/plain")
    assert "emulator" not in missing.content.decode()

    # a speaker that publishes no image: no picture at all
    with emulator_world.lock:
        del emulator_world.homeys[HOME_ID].images[ART]
    snapshot.forget(home().pk)
    tile = tile_html(board(alice_client), f"dev-{SPEAKER}")
    assert "media-art" not in tile and "Nothing playing" in tile
    assert alice_client.get(f"/devices/{SPEAKER}/album-art").status_code == 404


def test_another_household_and_other_devices_have_no_album_art(alice_client, charlie_client):
    board(alice_client)
    board(charlie_client)
    assert charlie_client.get(f"/devices/{SPEAKER}/album-art").status_code == 404
    doorbell = item_id(HOME_ID, "device", "Front door camera")
    assert alice_client.get(f"/devices/{doorbell}/album-art").status_code == 404
    assert alice_client.get("/devices/nope/album-art").status_code == 404
