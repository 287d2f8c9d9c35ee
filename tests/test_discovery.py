"""Finding a Homey among its addresses the way Athom's official client does, and keeping it.

Addresses are the emulator's (through proxies where an answer must be slowed or counted),
ports that accept and never answer (a LAN address seen from a VPS) and ports that refuse.
How long discovery takes on a LAN and on a VPS is printed by ``bench/discovery.py``.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from dashboard import snapshot
from dashboard.connection import (
    RECHECK_SECONDS,
    address_cache_key,
    wait_for_rechecks,
)
from dashboard.homey.discovery import discover
from dashboard.homey.errors import HomeyOffline
from dashboard.models import HomeyLink, Household
from emulator.world import HOME_ID
from tests.support.loopback import FaultProxy, hanging, refusing
from tests.support.tiles import HTMX, poll_url


@pytest.fixture
def lan(emulator_url, emulator_world):
    with FaultProxy(f"{emulator_url}/homey/{HOME_ID}") as proxy:
        yield proxy


@pytest.fixture
def relay(emulator_url, emulator_world):
    with FaultProxy(f"{emulator_url}/relay/{HOME_ID}") as proxy:
        yield proxy


@pytest.fixture
def dead():
    with hanging() as url:
        yield url


def pings(proxy: FaultProxy) -> int:
    return proxy.count(r"/api/manager/system/ping$")


# choosing ----------------------------------------------------------------------------------


def test_local_secure_wins_when_it_answers_even_after_the_cloud(lan, relay):
    lan.alter(r"/system/ping$", delay=0.3)

    found = discover(HOME_ID, {"localSecure": lan.url, "cloud": relay.url})

    assert (found.strategy, found.url) == ("localSecure", lan.url)
    assert pings(relay) == 1  # asked at the same time, not after


def test_without_local_secure_the_first_other_answer_wins(relay, dead):
    found = discover(
        HOME_ID,
        {"localSecure": dead, "local": refusing(), "remoteForwarded": dead, "cloud": relay.url},
    )

    assert (found.strategy, found.url) == ("cloud", relay.url)


def test_a_forwarded_address_that_answers_wins_over_a_slower_cloud(lan, relay, dead):
    relay.alter(r"/system/ping$", delay=1.5)

    found = discover(HOME_ID, {"localSecure": dead, "remoteForwarded": lan.url, "cloud": relay.url})

    assert found.strategy == "remoteForwarded"


def test_local_falls_back_to_the_cloud_only(relay, lan, dead):
    found = discover(HOME_ID, {"local": dead, "remoteForwarded": lan.url, "cloud": relay.url})

    assert found.strategy == "cloud"  # as the official client: local → cloud, nothing else


def test_another_homey_at_an_address_is_not_chosen(emulator_url, relay):
    from emulator.world import HOLIDAY_ID

    found = discover(
        HOME_ID, {"localSecure": f"{emulator_url}/homey/{HOLIDAY_ID}", "cloud": relay.url}
    )

    assert found.strategy == "cloud"


def test_nothing_answering_is_homey_offline(dead):
    with pytest.raises(HomeyOffline):
        discover(HOME_ID, {"localSecure": dead, "local": refusing(), "cloud": refusing()})


# keeping and re-checking, through a signed-in person ---------------------------------------


@pytest.fixture
def home_at(alice_client):
    """Give Home these addresses (strategy → URL); the others are cleared."""

    def place(**addresses: str) -> Household:
        fields = {
            "localSecure": "local_url_secure",
            "local": "local_url",
            "remoteForwarded": "remote_url_forwarded",
            "cloud": "remote_url",
        }
        values = {field: addresses.get(strategy, "") for strategy, field in fields.items()}
        Household.objects.filter(homey_id=HOME_ID).update(**values)
        return Household.objects.get(homey_id=HOME_ID)

    yield place
    wait_for_rechecks()


def chosen(household: Household) -> dict:
    return cache.get(address_cache_key(household))


def test_a_homey_cloud_is_only_reached_through_its_remote_address(
    alice_client, home_at, lan, relay
):
    household = home_at(localSecure=lan.url, local=lan.url, cloud=relay.url)
    Household.objects.filter(pk=household.pk).update(platform="cloud")

    assert alice_client.get("/").status_code == 200

    assert pings(lan) == 0 and lan.count(r"/devices/device$") == 0
    assert relay.count(r"/devices/device$") == 1


def test_the_address_is_kept_while_it_works_even_through_429_and_5xx(
    alice_client, home_at, lan, relay, clock
):
    household = home_at(localSecure=lan.url, cloud=relay.url)
    page = alice_client.get("/").content.decode()
    assert chosen(household)["strategy"] == "localSecure"
    for status in (503, 429, 500):
        lan.fail(r"/devices/device$", status=status, headers={"Retry-After": "1"})
        clock.shift(RECHECK_SECONDS + 5)
        alice_client.get(poll_url(page), **HTMX)
        lan.clear()
    clock.shift(RECHECK_SECONDS + 5)
    alice_client.get(poll_url(page), **HTMX)

    assert pings(lan) == 1 and pings(relay) == 1  # the first discovery only
    assert chosen(household)["url"] == lan.url


def test_an_address_that_stops_answering_is_replaced_in_the_background(
    alice_client, home_at, lan, relay, clock
):
    household = home_at(localSecure=lan.url, cloud=relay.url)
    page = alice_client.get("/").content.decode()
    lan.fail(r"/", hang=5)  # the Homey's LAN address goes silent
    snapshot.forget(household.pk)
    clock.shift(snapshot.SLOW_SECONDS)

    alice_client.get(poll_url(page), **HTMX)  # times out: values go stale
    wait_for_rechecks()

    assert chosen(household)["strategy"] == "cloud"
    clock.shift(snapshot.SLOW_SECONDS)
    response = alice_client.get("/")
    assert response.status_code == 200
    assert "stale since" not in response.content.decode()
    assert relay.count(r"/devices/device$") >= 1


def test_a_better_address_is_looked_for_in_the_background_not_in_the_request(
    alice_client, home_at, lan, relay, dead, clock
):
    household = home_at(localSecure=dead, cloud=relay.url)
    page = alice_client.get("/").content.decode()
    assert chosen(household)["strategy"] == "cloud"
    clock.shift(RECHECK_SECONDS + 1)

    response = alice_client.get(poll_url(page), **HTMX)

    assert response.status_code in (200, 204)
    # The re-check still waits on the silent LAN address after the page was answered.
    assert cache.get(f"{address_cache_key(household)}:recheck") is not None
    wait_for_rechecks()
    assert chosen(household)["strategy"] == "cloud"  # nothing better answered: kept

    home_at(localSecure=lan.url, cloud=relay.url)
    clock.shift(RECHECK_SECONDS + 1)
    alice_client.get(poll_url(page), **HTMX)
    wait_for_rechecks()
    assert (chosen(household)["strategy"], chosen(household)["url"]) == ("localSecure", lan.url)


def test_no_address_answering_marks_the_link_offline(alice_client, home_at, dead):
    home_at(localSecure=dead, local=refusing(), cloud=refusing())

    response = alice_client.get("/")

    assert response.status_code == 200  # the board says it is waiting, never a 500
    assert not HomeyLink.objects.get(user=alice_client.user, household__homey_id=HOME_ID).online
