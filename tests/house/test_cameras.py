"""Camera stills: read by the server with the viewer's own rights, passed through at a
homeydash URL (never the Homey's address or a token), with a size and type check, a cache,
a per-viewer rate limit, and a tile whose still changes with the Homey's image."""

from __future__ import annotations

import re

from emulator.camera import image_id
from emulator.house import item_id
from emulator.world import HOME_ID
from tests.support.boards import board
from tests.support.loopback import FaultProxy
from tests.support.tiles import HTMX, home, make_due, poll_url, tile_html

DOORBELL = item_id(HOME_ID, "device", "Front door camera")
IMAGE = image_id(DOORBELL)


def still_url(html: str) -> str:
    match = re.search(
        r'<img class="camera-still" src="([^"]+)"', tile_html(html, f"camera-{IMAGE}")
    )
    assert match, "no still on the board"
    return match.group(1).replace("&amp;", "&")


def test_the_board_shows_the_camera_through_a_homeydash_url(alice_client, emulator_url):
    html = board(alice_client)
    tile = tile_html(html, f"camera-{IMAGE}")
    assert "Front door camera" in tile
    url = still_url(html)
    assert url.startswith(f"/house/cameras/{IMAGE}/still?v=")
    assert "127.0.0.1" not in tile and "/emulator/" not in tile and "token" not in tile.lower()
    still = alice_client.get(url)
    assert still.status_code == 200
    assert still["Content-Type"] == "image/png"
    assert still["X-Content-Type-Options"] == "nosniff"
    assert still.content.startswith(b"\x89PNG")


def test_the_still_changes_on_the_poll_and_on_demand(alice_client, clock):
    html = board(alice_client)
    first = still_url(html)
    picture = alice_client.get(first).content
    clock.shift(30)
    make_due(clock)
    poll = alice_client.get(poll_url(html), **HTMX).content.decode()
    second = still_url(poll)
    assert second != first
    assert alice_client.get(second).content != picture
    refresh = re.search(
        r'hx-get="(/house/cameras/[^"]+\?refresh=\d+)"', tile_html(poll, f"camera-{IMAGE}")
    )
    again = alice_client.get(refresh.group(1), **HTMX).content.decode()
    assert "&amp;r=" in again


def test_too_many_stills_are_refused_with_retry_after(bob_client, homey_requests):
    url = still_url(board(bob_client))
    for _ in range(30):
        assert bob_client.get(url).status_code == 200
    homey_requests.clear()
    refused = bob_client.get(url)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert not homey_requests  # refused before asking the Homey


def test_stills_are_cached_per_link_for_a_few_seconds(alice_client, homey_requests):
    url = still_url(board(alice_client))
    homey_requests.clear()
    for _ in range(5):
        assert alice_client.get(url).status_code == 200
    assert homey_requests.count("GET", r"/api/image/") == 1


def test_an_unknown_image_or_another_households_is_not_found(alice_client, charlie_client):
    board(alice_client)
    assert alice_client.get("/house/cameras/nope/still").status_code == 404
    board(charlie_client)
    assert charlie_client.get(f"/house/cameras/{IMAGE}/still").status_code == 404


def test_a_homey_that_sends_something_else_or_too_much_is_not_passed_on(alice_client, emulator_url):
    with FaultProxy(f"{emulator_url}/homey/{HOME_ID}") as proxy:
        type(home()).objects.filter(homey_id=HOME_ID).update(
            local_url_secure=proxy.url, local_url="", remote_url_forwarded="", remote_url=""
        )
        url = still_url(board(alice_client))
        svg = {"Content-Type": "image/svg+xml"}
        proxy.fail(r"/api/image/", status=200, body="<svg onload=alert(1)>", headers=svg)
        answer = alice_client.get(url + "&r=1")
        assert answer.status_code == 502 and b"svg" not in answer.content
        proxy.clear()
        big = "0" * (3 * 1024 * 1024)
        proxy.fail(r"/api/image/", status=200, body=big, headers={"Content-Type": "image/png"})
        assert alice_client.get(url + "&r=2").status_code == 502
