"""homeydash keeps a watched Homey's snapshot current from its realtime socket."""

from __future__ import annotations

import contextlib
import copy
import re

from django.core.cache import cache
from django.test import Client

from dashboard import homey_health, snapshot, subscriber
from dashboard.connection import session_cache_key
from dashboard.models import HomeyLink
from emulator.house import FLOOR_LAMP, item_id
from emulator.world import HOME_ID
from tests.support.realtime import listener as realtime_listener
from tests.support.realtime import live, sockets, wait_until
from tests.support.tiles import HTMX, device_id, home, poll_url, tile_html, tile_ids, variable_id

LAMP = device_id(FLOOR_LAMP)


def open_board(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def set_dim(emu, token: str, value: float) -> None:
    response = emu.put(f"devices/device/{LAMP}/capability/dim", token, {"value": value})
    assert response.status_code == 200, response.text


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def version() -> int:
    return snapshot.cached(home().pk).version


def test_an_event_changes_the_right_tile_without_reading_the_homey(
    alice_client, emu, clock, homey_requests
):
    page = open_board(alice_client)
    wait_until(live, what="the socket to go live")
    reads = homey_requests.devices_fetches()
    held = version()
    token = emu.session("bob@example.com")

    set_dim(emu, token, 0.25)
    wait_until(lambda: version() > held, what="the event")
    clock.shift(20)  # past the poll interval: without the socket this poll would read
    response = alice_client.get(poll_url(page), **HTMX)

    assert response.status_code == 200
    body = response.content.decode()
    # the lamp, and the moods: at 25 % the floor lamp no longer holds the "Relax" mood
    assert tile_ids(body) == ["house-moods", f"dev-{LAMP}"]
    assert "25" in tile_html(body, f"dev-{LAMP}")
    assert 'is-active" aria-pressed="true">Relax<' not in tile_html(body, "house-moods")
    assert homey_requests.devices_fetches() == reads
    assert sockets(emu, HOME_ID) == 1


def test_the_tile_an_event_draws_is_the_tile_a_full_read_draws(alice_client, emu, clock):
    page = open_board(alice_client)
    wait_until(live, what="the socket to go live")
    held = version()
    set_dim(emu, emu.session("bob@example.com"), 0.4)
    wait_until(lambda: version() > held, what="the event")
    from_event = tile_html(alice_client.get(poll_url(page), **HTMX).content.decode(), f"dev-{LAMP}")

    subscriber.supervisor().stop()
    snapshot.forget(home().pk)
    from_read = tile_html(open_board(alice_client), f"dev-{LAMP}")

    assert without_csrf(from_event).replace(' hx-swap-oob="true"', "") == without_csrf(from_read)


def test_it_subscribes_again_and_reads_once_after_the_homey_drops_the_socket(
    alice_client, emu, homey_requests
):
    open_board(alice_client)
    wait_until(live, what="the socket to go live")
    listener = realtime_listener()
    reads = homey_requests.devices_fetches()

    emu.control(drop_sockets=HOME_ID)
    wait_until(lambda: listener.connects == 2 and live(), what="the second subscription")

    assert homey_requests.devices_fetches() == reads + 1  # one full read after the reconnect
    held = version()
    set_dim(emu, emu.session("bob@example.com"), 0.6)
    wait_until(lambda: version() > held, what="an event on the new socket")
    assert sockets(emu, HOME_ID) == 1


def test_an_expired_session_is_renewed_and_the_subscription_goes_on(alice_client, emu):
    open_board(alice_client)
    wait_until(live, what="the socket to go live")
    listener = realtime_listener()
    key = session_cache_key(listener._viewer().link)
    session = cache.get(key)

    emu.control(expire_sessions=HOME_ID)  # the Homey closes the sockets of those sessions
    wait_until(lambda: listener.connects == 2 and live(), what="the subscription to come back")

    assert cache.get(key) not in (None, session)  # a new login, not a sign-in page
    assert HomeyLink.objects.get(pk=listener.watch.link_id).user.account.signin_required is False
    held = version()
    set_dim(emu, emu.session("bob@example.com"), 0.7)
    wait_until(lambda: version() > held, what="an event after the new login")


def test_it_reads_at_intervals_while_the_homey_refuses_the_socket(
    alice_client, emu, clock, homey_requests
):
    emu.control(faults={HOME_ID: {"refuse_socket": True}})
    page = open_board(alice_client)
    listener = realtime_listener()
    wait_until(lambda: listener.failures >= 2, what="two refusals")
    assert listener.connects == 0
    assert not live()
    assert sockets(emu, HOME_ID) == 0
    reads = homey_requests.devices_fetches()
    token = emu.session("bob@example.com")
    set_dim(emu, token, 0.15)

    clock.shift(5)  # one poll interval
    response = alice_client.get(poll_url(page), **HTMX)

    assert homey_requests.devices_fetches() == reads + 1
    assert f"dev-{LAMP}" in tile_ids(response.content.decode())
    assert "is-stale" not in response.content.decode()

    emu.control(faults={HOME_ID: {"refuse_socket": False}})
    wait_until(live, what="the socket once the Homey accepts it again")


def test_two_workers_watching_one_homey_hold_one_subscription(alice_client, emu, clock):
    link = HomeyLink.objects.get(user__email="alice@example.com", household=home())
    first, second = subscriber.Supervisor("worker-1"), subscriber.Supervisor("worker-2")
    try:
        first.watch(home().pk, link.pk, "http://127.0.0.1/")
        first.step()
        wait_until(live, what="the first worker's socket")
        second.watch(home().pk, link.pk, "http://127.0.0.1/")
        second.step()
        second.step()

        assert list(first.listeners) == [home().pk]
        assert second.listeners == {}
        assert sockets(emu, HOME_ID) == 1

        first.stop(release=False)  # dies: its lease is left to run out
        wait_until(lambda: sockets(emu, HOME_ID) == 0, what="the first socket to close")
        second.step()
        assert second.listeners == {}  # not before the lease has run out
        clock.shift(subscriber.LEASE_SECONDS + 1)
        second.step()
        wait_until(live, what="the second worker's socket")
        assert list(second.listeners) == [home().pk]
        assert sockets(emu, HOME_ID) == 1
    finally:
        first.stop()
        second.stop()


def test_logic_variables_created_changed_and_deleted_at_the_homey_reach_the_snapshot(
    alice_client, emu, homey_requests
):
    open_board(alice_client)
    wait_until(live, what="the socket to go live")
    reads = homey_requests.devices_fetches()
    set_point = variable_id("Heating set point")
    token = emu.session("alice@example.com")

    assert emu.put(f"logic/variable/{set_point}", token, {"value": 22}).status_code == 200
    wait_until(lambda: snapshot.cached(home().pk).variables[set_point].value == 22)
    assert snapshot.cached(home().pk).changed[f"variable:{set_point}"] == version()
    created = emu.post("logic/variable", token, {"name": "Guests", "type": "number", "value": 2})
    new_id = created.json()["id"]
    wait_until(lambda: new_id in snapshot.cached(home().pk).variables, what="the new variable")
    emu.delete(f"logic/variable/{new_id}", token)
    wait_until(lambda: new_id not in snapshot.cached(home().pk).variables, what="its deletion")

    assert homey_requests.devices_fetches() == reads


def test_values_arrive_as_capability_events_on_each_device_s_own_uri(
    alice_client, emu, emulator_world, homey_requests
):
    """A Homey sends a value change only on ``homey:device:<id>``: the subscriber subscribes
    to every device, and to a device added later as soon as its ``device.create`` comes."""
    open_board(alice_client)
    wait_until(live, what="the socket to go live")
    reads = homey_requests.devices_fetches()
    token = emu.session("alice@example.com")
    emu.put(f"devices/device/{LAMP}/capability/onoff", token, {"value": True})
    set_dim(emu, token, 0.35)
    wait_until(lambda: snapshot.cached(home().pk).devices[LAMP].capabilities["dim"].value == 0.35)

    with emulator_world.lock:
        homey = emulator_world.homeys[HOME_ID]
        twin = copy.deepcopy(homey.devices[LAMP])
        twin.name = "Reading lamp"
        twin.id = item_id(HOME_ID, "device", twin.name)
        homey.devices[twin.id] = twin
    wait_until(lambda: twin.id in snapshot.cached(home().pk).devices, what="the new device")
    for attempt in range(1, 40):  # its subscription follows its device.create
        value = round(0.5 + attempt / 100, 2)
        emu.put(f"devices/device/{twin.id}/capability/dim", token, {"value": value})
        with contextlib.suppress(AssertionError):
            wait_until(
                lambda v=value: (
                    snapshot.cached(home().pk).devices[twin.id].capabilities["dim"].value == v
                ),
                timeout=0.5,
            )
            break
    else:
        raise AssertionError("no value of the new device reached the snapshot")
    assert homey_requests.devices_fetches() == reads


def test_when_the_homey_goes_offline_pages_read_again_and_show_stale_values_as_before(
    alice_client, emu, emulator_world, clock
):
    page = open_board(alice_client)
    wait_until(live, what="the socket to go live")
    listener = realtime_listener()
    emulator_world.config.offline_hang_seconds = 0
    emulator_world.set_offline(HOME_ID, True)  # the Homey's sockets go with it
    wait_until(lambda: not live(), what="the subscriber to let the snapshot go")

    clock.shift(5)
    stale = alice_client.get(poll_url(page), **HTMX).content.decode()
    assert "stale since" in tile_html(stale, f"dev-{LAMP}")

    emulator_world.set_offline(HOME_ID, False)
    wait_until(lambda: listener.connects == 2 and live(), what="the socket to come back")
    response = alice_client.get(poll_url(stale), **HTMX)
    assert "stale since" not in response.content.decode()
    assert snapshot.cached(home().pk).stale_since is None


def test_a_crashed_app_and_its_devices_reach_the_health_without_reading_the_homey(
    alice_client, emu, emulator_world, homey_requests
):
    open_board(alice_client)
    wait_until(live, what="the socket to go live")
    reads = homey_requests.count("GET", r"/apps/app$")
    emulator_world.control({"crash_app": {"homey": HOME_ID, "app": "com.sonos"}})

    def crashed() -> bool:
        snap = snapshot.cached(home().pk)
        return "app:com.sonos" in {p.key for p in homey_health.problems(snap)}

    wait_until(crashed, what="the app.update event")
    problems = {p.key for p in homey_health.problems(snapshot.cached(home().pk))}
    assert f"device:{device_id('Living room speaker')}" in problems
    assert homey_requests.count("GET", r"/apps/app$") == reads
