"""Failures every page can meet have their own honest answer, never a 500."""

from __future__ import annotations

import pytest

from emulator.world import DEMO_PAT_TOKEN, HOME_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_client(client, homey_settings, emulator_url):
    url = f"{emulator_url}/homey/{HOME_ID}"
    assert (
        client.post("/connect/local/", {"url": url, "api_key": DEMO_PAT_TOKEN}).status_code == 302
    )
    return client


def test_a_homey_that_refuses_its_api_key_from_the_start_says_so(local_client, emulator_world):
    emulator_world.homeys[HOME_ID].sessions.pop(DEMO_PAT_TOKEN)
    page = local_client.get("/").content.decode()
    assert "The Homey refused the API key" in page
    assert "Showing the values from" not in page  # there are none to show


def test_a_homey_offline_before_the_first_fetch_shows_no_old_values(alice_client, emulator_world):
    alice_client.get("/account/")
    emulator_world.faults.homey(HOME_ID).status = 503
    page = alice_client.get("/").content.decode()
    assert "stale-banner" in page
    assert "Showing the values from" not in page
