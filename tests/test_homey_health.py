"""The Homey's health from the shared snapshot: apps that stopped or crashed, devices that
became unavailable, and since when; read through real sign-ins against the emulator."""

from __future__ import annotations

import pickle
import re

import pytest

from dashboard import homey_health, snapshot
from dashboard.access import Viewer
from dashboard.models import HomeyLink
from emulator.house import POND_PUMP
from emulator.world import HOME_ID
from tests.support.tiles import device_id, home, make_due

SPEAKER = "Living room speaker"


def viewer_of(client) -> Viewer:
    link = HomeyLink.objects.get(user=client.user, household=home(), kind="cloud")
    return Viewer(household=link.household, link=link)


def crash(world, app="com.sonos", **extra):
    world.control({"crash_app": {"homey": HOME_ID, "app": app, **extra}})


def keys(problems) -> list[str]:
    return [problem.key for problem in problems]


def test_a_healthy_home_has_only_its_unreachable_pond_pump(alice_client):
    snap = snapshot.read_apps_for(viewer_of(alice_client))
    assert "com.sonos" in snap.apps and snap.apps["com.sonos"].running
    problems = homey_health.problems(snap)
    assert keys(problems) == [f"device:{device_id(POND_PUMP)}"]
    assert problems[0].app_id == "com.fibaro" and problems[0].state == "unavailable"


def test_a_crash_shows_the_app_and_its_devices_since_they_were_seen(
    alice_client, emulator_world, clock
):
    viewer = viewer_of(alice_client)
    snapshot.read_apps_for(viewer)
    clock.shift(5)
    crash(emulator_world, message="TypeError: boom")
    make_due(clock)
    seen_at = snapshot.clock.now()
    problems = homey_health.problems(snapshot.read_apps_for(viewer))
    assert keys(problems) == [
        "app:com.sonos",
        f"device:{device_id(SPEAKER)}",
        f"device:{device_id(POND_PUMP)}",
    ]
    by_key = {p.key: p for p in problems}
    app = by_key["app:com.sonos"]
    assert (app.name, app.state, app.message, app.since) == (
        "Sonos",
        "crashed",
        "TypeError: boom",
        seen_at,
    )
    speaker = by_key[f"device:{device_id(SPEAKER)}"]
    assert (speaker.state, speaker.message, speaker.app_id) == (
        "unavailable",
        "The app has crashed.",
        "com.sonos",
    )
    assert speaker.since == seen_at

    # Later reads keep the time it was first seen; a restart clears it.
    make_due(clock)
    again = {p.key: p for p in homey_health.problems(snapshot.read_apps_for(viewer))}
    assert again["app:com.sonos"].since == seen_at
    emulator_world.control({"restart_app": {"homey": HOME_ID, "app": "com.sonos"}})
    make_due(clock)
    after = keys(homey_health.problems(snapshot.read_apps_for(viewer)))
    assert after == [f"device:{device_id(POND_PUMP)}"]


def test_a_user_s_reads_keep_the_apps_an_owner_read(
    alice_client, bob_client, emulator_world, clock
):
    """Bob (user) may not read apps: the snapshot his requests refresh keeps Alice's apps,
    and only an owner's own read brings news of them."""
    snapshot.read_apps_for(viewer_of(alice_client))
    crash(emulator_world)
    make_due(clock)
    bob = viewer_of(bob_client)
    snap = snapshot.read_apps_for(bob)  # a full refresh through Bob's link
    assert snap.apps["com.sonos"].running  # not emptied, not re-read
    assert f"device:{device_id(SPEAKER)}" in keys(homey_health.problems(snap))
    assert not homey_health.visible_to(bob)
    snap = snapshot.read_apps_for(viewer_of(alice_client))
    assert snap.apps["com.sonos"].crashed
    assert homey_health.visible_to(viewer_of(alice_client))


def test_a_stopped_app_is_a_problem_but_one_its_owner_disabled_is_not(
    alice_client, emulator_world, clock
):
    viewer = viewer_of(alice_client)
    emulator_world.control({"stop_app": {"homey": HOME_ID, "app": "com.sonos"}})
    problems = {p.key: p for p in homey_health.problems(snapshot.read_apps_for(viewer))}
    # Disabled (what stop_app and disableApp do): its devices are unavailable, the app is not
    # listed as a problem of its own.
    assert "app:com.sonos" not in problems
    assert f"device:{device_id(SPEAKER)}" in problems


# the account page ----------------------------------------------------------------------


def health_section(client) -> str:
    """The account page's health section, as it loads itself with htmx."""
    page = client.get("/account/")
    assert page.status_code == 200
    assert 'hx-get="/account/health"' in page.content.decode()
    response = client.get("/account/health", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    match = re.search(r'<section class="card" id="health">.*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_the_account_page_lists_a_crashed_app_and_its_devices_for_the_owner(
    alice_client, emulator_world, clock
):
    assert "Pond pump" in health_section(alice_client)
    assert "Sonos" not in health_section(alice_client)
    crash(emulator_world, message="TypeError: boom")
    make_due(clock)
    section = health_section(alice_client)
    assert "Sonos" in section and "App crashed" in section and "TypeError: boom" in section
    assert SPEAKER in section and "The app has crashed." in section
    assert section.count('class="health-problem"') == 3  # Sonos, the speaker, the pond pump
    assert "since " in section

    emulator_world.control({"restart_app": {"homey": HOME_ID, "app": "com.sonos"}})
    make_due(clock)
    section = health_section(alice_client)
    assert "Sonos" not in section and SPEAKER not in section
    assert "Pond pump" in section


@pytest.mark.parametrize("who", ["bob_client", "dave_client"])
def test_users_and_guests_see_nothing_of_the_health(request, alice_client, emulator_world, who):
    crash(emulator_world)
    client = request.getfixturevalue(who)
    page = client.get("/account/").content.decode()
    assert 'id="health"' not in page and "/account/health" not in page
    assert client.get("/account/health").status_code == 404
    assert client.get("/account/health", HTTP_HX_REQUEST="true").status_code == 404


def test_another_household_s_owner_sees_only_their_own_homey(
    alice_client, charlie_client, emulator_world
):
    crash(emulator_world)
    section = health_section(charlie_client)
    assert "Flat" in section
    assert "Sonos" not in section and "Pond pump" not in section
    assert "every device is available" in section


def test_a_snapshot_cached_by_an_older_homeydash_reads_with_no_apps_and_no_problems_since():
    old = snapshot.Snapshot(household_id=1, version=5)
    for name in ("apps", "health_since", "apps_read_at"):
        del old.__dict__[name]
    revived = pickle.loads(pickle.dumps(old))
    assert (revived.apps, revived.health_since, revived.apps_read_at) == ({}, {}, 0.0)
    assert revived.version == 5
    assert homey_health.problems(revived) == []


def test_apps_that_fail_to_load_keep_the_last_ones_and_are_not_asked_for_at_every_request(
    alice_client,
    emulator_world,
    clock,
    homey_requests,  # noqa: F811
):
    viewer = viewer_of(alice_client)
    snapshot.read_apps_for(viewer)
    emulator_world.control({"faults": {HOME_ID: {"operations": {"getApps": {"status": 500}}}}})
    crash(emulator_world)
    make_due(clock)
    for _ in range(3):
        snap = snapshot.read_apps_for(viewer)
    assert snap.apps["com.sonos"].running  # the last apps known
    assert homey_requests.count("GET", r"/apps/app$") <= 2  # the refresh and one retry
    assert f"device:{device_id(SPEAKER)}" in keys(homey_health.problems(snap))
