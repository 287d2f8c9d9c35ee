"""Which Homeys homeydash opens: what Athom's official client supports (a Homey Pro speaking
apiVersion 3 or 2, Homey Cloud) and nothing else; anything else is shown on the picker with
a sentence saying why, and cannot be chosen. The cloud is the emulator's, behind a proxy that
adds Homeys of other kinds to Alice's ``/user/me``."""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard.models import Account, HomeyLink, Household
from tests.support.cast import sign_in
from tests.support.loopback import FaultProxy

ODD_HOMEYS = [
    {"name": "Cellar", "apiVersion": 1, "platform": "local"},
    {"name": "Future", "apiVersion": 4, "platform": "local"},
    {"name": "Satellite", "apiVersion": 3, "platform": "bridge"},
]


def odd_entry(number: int, kind: dict) -> dict:
    homey_id = f"0dd0000000000000000000{number:02d}"
    return {
        "_id": homey_id,
        "id": homey_id,
        "role": "owner",
        "state": "online",
        "localUrl": f"http://192.168.1.{number}",
        "remoteUrl": f"https://{homey_id}.connect.athom.com",
        **kind,
    }


def with_odd_homeys(user: dict) -> dict:
    user["homeys"] = [*user["homeys"], *(odd_entry(n, k) for n, k in enumerate(ODD_HOMEYS, 1))]
    return user


def only_odd_homeys(user: dict) -> dict:
    user["homeys"] = [odd_entry(1, ODD_HOMEYS[0])]
    return user


@pytest.fixture
def cloud(homey_settings, emulator_url):
    with FaultProxy(f"{emulator_url}/cloud") as proxy:
        homey_settings.ATHOM_API_URL = proxy.url
        yield proxy


@pytest.mark.django_db
def test_the_picker_explains_why_other_kinds_of_homey_cannot_be_opened(cloud, emulator_url):
    cloud.alter(r"/user/me$", transform=with_odd_homeys)
    client = Client()
    sign_in(client, emulator_url, "alice@example.com")

    picker = client.get("/homeys/").content.decode()

    for name, sentence in (
        ("Cellar", "older than version 2"),
        ("Future", "newer Web API (version 4)"),
        ("Satellite", "platform “bridge”"),
    ):
        row = picker[picker.index(f"<strong>{name}</strong>") :]
        row = row[: row.index("</li>")]
        assert sentence in row
        assert "Open " not in row
    home_row = picker[picker.index("<strong>Home</strong>") :]
    assert "Open " in home_row[: home_row.index("</li>")] or "Current" in home_row


@pytest.mark.django_db
def test_choosing_another_kind_of_homey_is_refused_with_the_reason(cloud, emulator_url):
    cloud.alter(r"/user/me$", transform=with_odd_homeys)
    client = Client()
    user = sign_in(client, emulator_url, "alice@example.com")
    before = Account.objects.get(user=user).selected_link_id
    attic = HomeyLink.objects.get(user=user, household__name="Cellar")

    response = client.post(f"/homeys/{attic.code}/select", follow=True)

    assert "older than version 2" in response.content.decode()
    assert Account.objects.get(user=user).selected_link_id == before


@pytest.mark.django_db
def test_a_person_whose_only_homey_is_unsupported_lands_on_the_picker(cloud, emulator_url):
    cloud.alter(r"/user/me$", transform=only_odd_homeys)
    client = Client()
    user = sign_in(client, emulator_url, "alice@example.com", homey_name="Cellar")
    Account.objects.filter(user=user).update(selected_link=None)

    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/homeys/"


@pytest.mark.django_db
def test_the_kind_of_each_homey_is_kept_from_the_cloud(cloud, emulator_url):
    cloud.alter(r"/user/me$", transform=with_odd_homeys)
    sign_in(Client(), emulator_url, "alice@example.com")

    kinds = {h.name: (h.platform, h.api_version, h.supported) for h in Household.objects.all()}

    assert kinds["Home"] == ("local", 3, True)
    assert kinds["Cellar"] == ("local", 1, False)
    assert kinds["Satellite"] == ("bridge", 3, False)
