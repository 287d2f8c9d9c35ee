"""A Homey Pro 2016–2019 (apiVersion 2, "Attic") and a Homey Cloud ("Cloud home") from the
emulator's demo accounts work wherever Athom's official client supports them: the board,
controls and history (V2 Insights logs have their short ids); Homey Cloud only through its
remote address. Each is found by name on the demo accounts' ``/user/me``."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from django.core.cache import cache
from django.core.signals import request_started
from django.test import Client
from django.utils.html import escape

from dashboard import snapshot
from dashboard.connection import address_cache_key
from dashboard.models import Dashboard, Household
from tests.support.cast import DEMO_CLIENT, sign_in
from tests.support.tiles import tile_ids

DEMO_EMAILS = [
    f"{name}@example.com" for name in ("alice", "bob", "charlie", "dave", "erin", "frank")
]


def owner_of(emulator_url: str, homey_name: str) -> str:
    """The demo account that reaches the Homey called ``homey_name``."""
    for email in DEMO_EMAILS:
        token = requests.post(
            f"{emulator_url}/cloud/oauth2/token",
            data={"grant_type": "password", "username": email, "password": "homey"},
            auth=DEMO_CLIENT,
            timeout=5,
        )
        if token.status_code != 200:
            continue
        me = requests.get(
            f"{emulator_url}/cloud/user/me",
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
            timeout=5,
        ).json()
        if any(homey.get("name") == homey_name for homey in me.get("homeys", [])):
            return email
    pytest.skip(f"the emulator has no demo Homey called {homey_name}")


@pytest.fixture
def paths():
    """Paths of every Homey API request the emulator serves during the test."""
    seen: list[tuple[str, str]] = []
    lock = threading.Lock()

    def record(sender, environ=None, **kwargs):
        path = (environ or {}).get("PATH_INFO", "")
        if "/api/manager/" in path:
            with lock:
                seen.append((environ["REQUEST_METHOD"], path))

    request_started.connect(record, dispatch_uid="older-homey-paths")
    yield seen
    request_started.disconnect(dispatch_uid="older-homey-paths")


def open_homey(emulator_url: str, name: str) -> tuple[Client, Household]:
    client = Client()
    client.user = sign_in(client, emulator_url, owner_of(emulator_url, name), homey_name=name)
    return client, Household.objects.get(name=name)


def numeric_source(household: Household) -> str:
    snap = snapshot.cached(household.pk)
    for device in snap.devices.values():
        for capability in device.capabilities.values():
            if capability.type == "number" and capability.id.startswith("measure_"):
                return f"{device.id}/{capability.id}"
    pytest.fail("no numeric capability on this Homey")


@pytest.mark.django_db
def test_a_homey_pro_2016_2019_shows_its_board_at_the_v2_paths(homey_settings, emulator_url, paths):
    client, household = open_homey(emulator_url, "Attic")

    response = client.get("/")

    assert household.api_version == 2 and household.supported
    body = response.content.decode()
    assert response.status_code == 200
    assert tile_ids(body) and "cannot be reached" not in body
    assert any(path.endswith("/api/manager/devices/device/") for _m, path in paths)


@pytest.mark.django_db
def test_a_homey_pro_2016_2019_draws_history_from_its_short_log_ids(
    homey_settings, emulator_url, paths
):
    client, household = open_homey(emulator_url, "Attic")
    client.get("/")
    source = numeric_source(household)
    made = client.post("/dashboards/new", {"name": "Boat", "audience": "private"})
    dashboard = Dashboard.objects.get(code=made.headers["Location"].split("/")[2])
    client.post(f"/d/{dashboard.code}/tiles/add", {"kind": "history", "source": source})

    page = client.get(f"/d/{dashboard.code}/").content.decode()

    device, capability = source.split("/")
    assert 'class="sparkline"' in page
    entries = [p for _m, p in paths if "/insights/log/" in p]
    assert entries
    assert all(
        re.search(rf"/log/homey:device:{device}/{re.escape(capability)}/entry$", p) for p in entries
    )


@pytest.mark.django_db
def test_a_homey_pro_2016_2019_can_be_controlled(homey_settings, emulator_url):
    client, household = open_homey(emulator_url, "Attic")
    client.get("/")
    snap = snapshot.cached(household.pk)
    device = next(
        d
        for d in snap.devices.values()
        if d.available and d.ready and "onoff" in d.capabilities and d.capabilities["onoff"].setable
    )
    wanted = "false" if device.capabilities["onoff"].value else "true"

    response = client.post(
        f"/devices/{device.id}/control",
        {"capability": "onoff", "value": wanted},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert snapshot.cached(household.pk).devices[device.id].capabilities["onoff"].value is (
        wanted == "true"
    )


@pytest.mark.django_db
def test_a_homey_cloud_is_reached_through_its_remote_address_only(homey_settings, emulator_url):
    client, household = open_homey(emulator_url, "Cloud home")

    response = client.get("/")

    assert household.platform == "cloud" and household.supported
    assert list(household.addresses()) == ["cloud"]
    assert response.status_code == 200
    assert tile_ids(response.content.decode())
    chosen = cache.get(address_cache_key(household))
    assert (chosen["strategy"], chosen["url"]) == ("cloud", household.remote_url)


@pytest.mark.django_db
def test_the_messy_farmhouse_shows_every_device_and_never_calls_it_offline(
    homey_settings, emulator_url
):
    client, household = open_homey(emulator_url, "Farmhouse")

    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "cannot be reached" not in body
    devices = snapshot.cached(household.pk).devices
    assert len([i for i in tile_ids(body) if i.startswith("dev-")]) == len(devices)
    for device in devices.values():
        if device.available and not device.ready:
            assert "Starting up" in body
        if device.warning_message:
            assert escape(device.warning_message) in body
