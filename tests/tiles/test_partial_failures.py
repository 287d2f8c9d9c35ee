"""A real Homey fails in parts: one list answers 404, 5xx or nothing at all while the devices
come through, or the Homey says 429 with a Retry-After. Only the tiles that read the failing
part are marked stale; a 429 is obeyed and shown as stale values with their age, never as
"cannot be reached". A proxy in front of the emulator's Home plays the failing Homey."""

from __future__ import annotations

import pytest

from dashboard import snapshot
from dashboard.models import Dashboard, Household
from emulator.house import ALL_LIGHTS_OFF, FRONT_DOOR_LOCK, LIVING_THERMOSTAT
from emulator.world import HOME_ID
from tests.support.loopback import FaultProxy
from tests.support.tiles import (
    HTMX,
    device_id,
    flow_id,
    home,
    make_due,
    poll_url,
    tile_html,
    tile_ids,
    variable_id,
)

AWAY = variable_id("Away mode")
LOCK = device_id(FRONT_DOOR_LOCK)


@pytest.fixture
def proxy(alice_client, emulator_url):
    """Home reached only through a proxy (its one address), Alice signed in."""
    with FaultProxy(f"{emulator_url}/homey/{HOME_ID}") as proxy:
        Household.objects.filter(homey_id=HOME_ID).update(
            local_url_secure=proxy.url, local_url="", remote_url_forwarded="", remote_url=""
        )
        yield proxy


@pytest.fixture
def board(alice_client, proxy) -> Dashboard:
    """Alice's dashboard with a device, a variable and a flow tile."""
    response = alice_client.post("/dashboards/new", {"name": "Mixed", "audience": "private"})
    dashboard = Dashboard.objects.get(code=response.headers["Location"].split("/")[2])
    for kind, source in (
        ("device", device_id(LIVING_THERMOSTAT)),
        ("variable", AWAY),
        ("flow", f"flow/{flow_id(ALL_LIGHTS_OFF)}"),
    ):
        added = alice_client.post(
            f"/d/{dashboard.code}/tiles/add", {"kind": kind, "source": source}
        )
        assert added.status_code in (200, 302)
    return dashboard


def tiles_by_kind(html: str) -> dict[str, str]:
    return {
        kind: tile_html(html, dom_id)
        for dom_id in tile_ids(html)
        for kind in ("device", "variable", "flow")
        if f"tile-{kind}" in tile_html(html, dom_id)
    }


def open_page(client, dashboard: Dashboard) -> str:
    response = client.get(f"/d/{dashboard.code}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "fault",
    [{"status": 404}, {"status": 500}, {"hang": 4}],
    ids=["404", "500", "timeout"],
)
def test_a_failing_variables_list_marks_only_variable_tiles_stale(
    alice_client, board, proxy, clock, fault
):
    page = open_page(alice_client, board)
    proxy.fail(r"/logic/variable$", **fault)
    make_due(clock)

    response = alice_client.get(poll_url(page), **HTMX)

    assert response.status_code == 200
    body = response.content.decode()
    tiles = tiles_by_kind(body)
    assert "stale since" in tiles["variable"]
    assert "No" in tiles["variable"]  # the last value is still shown
    assert "stale since" not in tiles.get("device", "")
    assert "cannot be reached" not in body
    shown = open_page(alice_client, board)
    assert "stale since" not in tiles_by_kind(shown)["device"]
    assert "stale since" not in tiles_by_kind(shown)["flow"]
    assert "stale since" in tiles_by_kind(shown)["variable"]


def test_a_failing_flows_list_marks_only_flow_tiles_stale(alice_client, board, proxy, clock):
    open_page(alice_client, board)
    proxy.fail(r"/flow/flow$", status=503)
    make_due(clock)

    tiles = tiles_by_kind(open_page(alice_client, board))

    assert "stale since" in tiles["flow"]
    assert "stale since" not in tiles["variable"]
    assert "stale since" not in tiles["device"]


def test_the_default_board_still_shows_every_device_when_zones_and_flows_fail(alice_client, proxy):
    for path in (r"/zones/zone$", r"/flow/flow$", r"/flow/advancedflow$", r"/logic/variable$"):
        proxy.fail(path, status=404)

    response = alice_client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert f"dev-{LOCK}" in tile_ids(body)
    assert "stale since" not in tile_html(body, f"dev-{LOCK}")
    assert "cannot be reached" not in body


def test_a_variable_tile_never_loaded_says_the_part_is_missing_not_gone(
    alice_client, board, proxy, clock
):
    snapshot.forget(home().pk)
    proxy.fail(r"/logic/variable$", status=404)

    tiles = tiles_by_kind(open_page(alice_client, board))

    assert "no longer on the Homey" not in tiles["variable"]
    assert "stale" in tiles["variable"]


def test_a_part_that_recovers_is_fresh_again_and_its_tiles_redraw(
    alice_client, board, proxy, clock
):
    page = open_page(alice_client, board)
    proxy.fail(r"/logic/variable$", status=500)
    make_due(clock)
    stale = alice_client.get(poll_url(page), **HTMX).content.decode()
    proxy.clear()
    make_due(clock)

    response = alice_client.get(poll_url(stale), **HTMX)

    body = response.content.decode()
    assert "stale since" not in tiles_by_kind(body)["variable"]
    assert not snapshot.cached(home().pk).parts_stale


def test_a_failed_part_is_not_asked_for_at_every_poll(alice_client, board, proxy, clock):
    page = open_page(alice_client, board)
    proxy.fail(r"/logic/variable$", status=404)
    clock.shift(snapshot.SLOW_SECONDS)
    alice_client.get(poll_url(page), **HTMX)
    asked = proxy.count(r"/logic/variable$")

    for _ in range(3):
        clock.shift(6)
        alice_client.get(poll_url(page), **HTMX)

    assert proxy.count(r"/logic/variable$") == asked
    assert proxy.count(r"/devices/device$") >= 4


# 429 ---------------------------------------------------------------------------------------


def rate_limit(proxy: FaultProxy, seconds: int) -> None:
    proxy.fail(
        r"/api/manager/",
        status=429,
        body='{"error": "Too Many Requests", "statusCode": 429}',
        headers={"Retry-After": str(seconds)},
    )


def test_a_429_shows_stale_values_with_their_age_not_offline(alice_client, proxy, clock):
    page = alice_client.get("/").content.decode()
    rate_limit(proxy, 120)
    make_due(clock)

    response = alice_client.get(poll_url(page), **HTMX)

    body = response.content.decode()
    assert "stale since" in tile_html(body, f"dev-{LOCK}")
    assert "Locked" in tile_html(body, f"dev-{LOCK}")
    assert "wait before asking again" in body
    assert "cannot be reached" not in body


def test_a_429_is_obeyed_until_its_retry_after_has_passed(alice_client, proxy, clock):
    page = alice_client.get("/").content.decode()
    rate_limit(proxy, 120)
    make_due(clock)
    alice_client.get(poll_url(page), **HTMX)
    asked = len(proxy.seen)

    for _ in range(10):
        clock.shift(10)  # 100 s: every poll interval has passed, the Retry-After has not
        alice_client.get(poll_url(page), **HTMX)
        alice_client.get("/")
    assert len(proxy.seen) == asked

    proxy.clear()
    clock.shift(25)
    response = alice_client.get(poll_url(page), **HTMX)
    assert len(proxy.seen) > asked
    assert "stale since" not in response.content.decode()


def test_a_429_keeps_the_address_it_came_from(alice_client, proxy, clock):
    alice_client.get("/")
    pings = proxy.count(r"/system/ping$")
    rate_limit(proxy, 5)
    make_due(clock)
    alice_client.get("/")
    proxy.clear()
    clock.shift(10)

    alice_client.get("/")

    assert proxy.count(r"/system/ping$") == pings


def test_a_control_answered_429_says_the_homey_asked_to_wait(alice_client, proxy):
    alice_client.get("/")
    proxy.fail(
        r"/capability/onoff$",
        method="PUT",
        status=429,
        body='{"error": "Too Many Requests"}',
        headers={"Retry-After": "10"},
    )

    response = alice_client.post(
        f"/devices/{device_id('Floor lamp')}/control",
        {"capability": "onoff", "value": "true"},
        **HTMX,
    )

    assert response.status_code == 503
    assert "asked homeydash to wait; nothing changed" in response.content.decode()
