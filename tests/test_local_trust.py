"""The local-connection form against impostor Homeys: what a typed address says is only a claim.

Each impostor is a real HTTP server on 127.0.0.1 (``tests/support/impostor.py``) answering like
a Homey Pro with someone else's identity: Alice's Athom id, Home's Homey id, the owner role.
"""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard import snapshot
from dashboard.access import Viewer
from dashboard.homey.addresses import AddressRefused, check_url, parse_networks
from dashboard.homey.client import HomeyClient
from dashboard.homey.errors import HomeyOffline
from dashboard.models import Account, Dashboard, HomeyLink, Household, KioskDevice
from emulator.world import ALICE_ID, DEMO_PAT_TOKEN, HOME_ID
from tests.support.impostor import IMPOSTOR_DEVICE, IMPOSTOR_KEY, Impostor, running
from tests.support.tiles import device_id

pytestmark = pytest.mark.django_db

REFUSED = b"homeydash may not connect to this address."


def connect(client: Client, url: str, api_key: str = IMPOSTOR_KEY):
    return client.post("/connect/local/", {"url": url, "api_key": api_key})


def home() -> Household:
    return Household.objects.get(homey_id=HOME_ID, private_to=None)


# 1. an impostor's claims identify no one ---------------------------------------------------


def test_an_impostor_claiming_alices_athom_id_does_not_sign_in_as_alice(
    client, homey_settings, alice_client
):
    alice = alice_client.user
    with running(Impostor(homey_id=HOME_ID, athom_id=ALICE_ID, role="owner")) as impostor:
        response = connect(client, impostor.url)

    assert response.status_code == 302
    visitor = HomeyLink.objects.get(kind="local").user
    assert visitor != alice
    assert visitor.account.athom_user_id != ALICE_ID
    assert int(client.session["_auth_user_id"]) == visitor.pk
    # The visitor reaches nothing of Alice's: not her cloud links, not her Homeys.
    assert set(HomeyLink.objects.filter(user=visitor).values_list("kind", flat=True)) == {"local"}
    page = client.get("/account/").content.decode()
    assert "Holiday" not in page
    for link in HomeyLink.objects.filter(user=alice):
        assert client.post(f"/homeys/{link.code}/select").status_code == 404
    assert Account.objects.get(user=alice).athom_user_id == ALICE_ID


def test_an_impostor_with_homes_id_and_the_owner_role_gets_a_household_of_its_own(
    client, homey_settings, alice_client
):
    board = Dashboard.objects.create(
        household=home(), owner=alice_client.user, name="Family", audience="household"
    )
    kiosk = KioskDevice.objects.create(
        name="Hall tablet", household=home(), created_by=alice_client.user
    )
    with running(Impostor(homey_id=HOME_ID, role="owner", name="Home")) as impostor:
        connect(client, impostor.url)

    link = HomeyLink.objects.get(kind="local")
    assert link.household != home()
    assert link.household.private_to == link.user
    assert link.household.homey_id == HOME_ID  # what it claimed, kept to itself
    assert not home().links.filter(user=link.user).exists()
    # Alice's shared board and wall screens stay out of reach.
    assert client.get(f"/d/{board.code}/").status_code == 404
    assert client.get(f"/kiosks/{kiosk.code}/").status_code == 404
    assert client.post(f"/kiosks/{kiosk.code}/pair").status_code == 404
    assert board.name.encode() not in client.get("/", follow=True).content


def test_a_private_household_is_seen_by_its_owner_alone(client, homey_settings, dave_client):
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        connect(client, impostor.url)
        link = HomeyLink.objects.get(kind="local")
        board = Dashboard.objects.create(
            household=link.household, owner=link.user, name="Mine", audience="household"
        )
        assert dave_client.get(f"/d/{board.code}/").status_code == 404


# 2. a local link joins a household only when the cloud vouches -------------------------------


def test_a_cloud_member_joins_with_no_more_than_the_cloud_role(bob_client, homey_settings):
    with running(Impostor(homey_id=HOME_ID, athom_id=ALICE_ID, role="owner")) as impostor:
        response = connect(bob_client, impostor.url)

    assert response.status_code == 302
    link = HomeyLink.objects.get(user=bob_client.user, kind="local")
    assert link.household == home()  # the cloud links Bob to Home
    assert link.role == "user"  # what the cloud says Bob is there, not the impostor's "owner"
    assert bob_client.user.account.athom_user_id != ALICE_ID


def test_a_local_link_leaves_the_household_when_the_cloud_no_longer_vouches(
    bob_client, homey_settings, emulator_world
):
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        connect(bob_client, impostor.url)
    assert HomeyLink.objects.get(user=bob_client.user, kind="local").household == home()

    emulator_world.set_role(HOME_ID, "bob@example.com", None)  # Alice removes Bob from Home
    bob_client.get("/homeys/")

    link = HomeyLink.objects.get(user=bob_client.user, kind="local")
    assert link.household.private_to == bob_client.user
    assert not home().links.filter(user=bob_client.user).exists()


def test_someone_the_cloud_does_not_link_to_the_homey_stays_private(charlie_client, homey_settings):
    with running(Impostor(homey_id=HOME_ID, role="owner")) as impostor:
        connect(charlie_client, impostor.url)

    link = HomeyLink.objects.get(user=charlie_client.user, kind="local")
    assert link.household.private_to == charlie_client.user
    shared = HomeyLink.objects.filter(household__homey_id=HOME_ID, household__private_to=None)
    assert not shared.filter(user=charlie_client.user).exists()


# 3. the shared snapshot is fetched only through verified links ------------------------------


def test_a_local_link_in_a_shared_household_never_feeds_its_snapshot(
    bob_client, alice_client, homey_settings
):
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        connect(bob_client, impostor.url)
        link = HomeyLink.objects.get(user=bob_client.user, kind="local")
        assert link.household == home()

        snap = snapshot.get_snapshot(Viewer(household=home(), link=link))
        fetched_devices = [p for p in impostor.requests if "/devices/" in p]

    assert IMPOSTOR_DEVICE not in snap.devices
    assert len(snap.devices) >= 25  # the real Home, read through a cloud link
    assert fetched_devices == []
    alices = HomeyLink.objects.get(user=alice_client.user, household=home(), kind="cloud")
    assert IMPOSTOR_DEVICE not in snapshot.get_snapshot(Viewer(home(), alices)).devices


def test_what_a_local_link_answers_to_a_control_stays_out_of_the_shared_snapshot(
    bob_client, homey_settings
):
    kitchen = device_id("Kitchen lights")
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        connect(bob_client, impostor.url)
        assert bob_client.get("/").status_code == 200  # the snapshot, read through the cloud
        bob_client.post(f"/devices/{kitchen}/control", {"capability": "onoff", "value": "true"})
        assert any(kitchen in path for path in impostor.requests)  # Bob's own link was used

    assert snapshot.cached(home().pk).devices[kitchen].name == "Kitchen lights"


def test_a_private_household_is_fetched_through_its_owners_own_link(client, homey_settings):
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        connect(client, impostor.url)
        link = HomeyLink.objects.get(kind="local")
        snap = snapshot.get_snapshot(Viewer(household=link.household, link=link))
    assert list(snap.devices) == [IMPOSTOR_DEVICE]


# 4. the key holder of a local-only installation -----------------------------------------------


def test_the_key_holder_comes_back_to_the_same_account_with_the_same_key(
    client, homey_settings, emulator_url
):
    url = f"{emulator_url}/homey/{HOME_ID}"
    connect(client, url, DEMO_PAT_TOKEN)
    first = HomeyLink.objects.get(kind="local").user
    again = Client()
    assert connect(again, url, DEMO_PAT_TOKEN).status_code == 302
    assert HomeyLink.objects.get(kind="local").user == first
    assert again.get("/").status_code == 200


# 5. who may use the form, and which addresses it calls ----------------------------------------


def test_by_default_with_athom_sign_in_only_signed_in_people_may_use_the_form(
    client, homey_settings, alice_client
):
    homey_settings.HOMEYDASH_LOCAL_CONNECT = "signed-in"
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        response = connect(client, impostor.url)
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert impostor.requests == []
        assert b"Connect with an API key" not in client.get("/login/").content
        assert alice_client.get("/connect/local/").status_code == 200


def test_the_form_can_be_switched_off(alice_client, homey_settings):
    homey_settings.HOMEYDASH_LOCAL_CONNECT = "nobody"
    assert alice_client.get("/connect/local/").status_code == 404


@pytest.mark.parametrize(
    "typed",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://0.0.0.0:{port}",
        "http://user:pw@127.0.0.1:{port}",
        "ftp://192.168.1.50/",
        "http://8.8.8.8/",
        "http://no-such-name.invalid/",
    ],
)
def test_every_refused_address_gets_the_same_message_and_no_request(client, homey_settings, typed):
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        port = impostor.url.rsplit(":", 1)[1]
        response = connect(client, typed.format(port=port))
        assert impostor.requests == []
    assert response.status_code == 200
    assert REFUSED in response.content
    assert not HomeyLink.objects.exists()


@pytest.mark.parametrize(
    "typed", ["http://127.0.0.1:{port}", "127.0.0.1:{port}", "http://localhost:{port}"]
)
def test_loopback_is_refused_outside_demo_mode(alice_client, homey_settings, typed):
    homey_settings.DEMO_MODE = False
    homey_settings.HOMEYDASH_LOCAL_NETWORKS = ["127.0.0.0/8", "::1/128", "192.168.0.0/16"]
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        port = impostor.url.rsplit(":", 1)[1]
        response = connect(alice_client, typed.format(port=port))
        assert impostor.requests == []
    assert REFUSED in response.content
    assert not HomeyLink.objects.filter(kind="local").exists()


def test_redirects_are_not_followed(client, homey_settings):
    target = Impostor(homey_id=HOME_ID)
    with running(target), running(Impostor(homey_id=HOME_ID, redirect_to="")) as redirector:
        redirector.redirect_to = target.url
        response = connect(client, redirector.url)
        assert redirector.requests and target.requests == []
    assert b"No Homey answered at this address." in response.content
    assert not HomeyLink.objects.exists()


def test_a_stored_address_is_checked_again_each_time_it_is_used(client, homey_settings):
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        connect(client, impostor.url)
        link = HomeyLink.objects.get(kind="local")
        homey_settings.HOMEYDASH_LOCAL_NETWORKS = ["192.168.0.0/16"]
        snap = snapshot.get_snapshot(Viewer(household=link.household, link=link))
        assert [p for p in impostor.requests if "/devices/" in p] == []
    assert snap.problem


def test_the_checked_ip_is_the_one_connected_to_whatever_the_name_resolves_to(homey_settings):
    with running(Impostor(homey_id=HOME_ID)) as impostor:
        port = impostor.url.rsplit(":", 1)[1]
        # This name resolves nowhere; the pinned IP is used, the name kept for the Host header.
        with HomeyClient(f"http://homey.invalid:{port}", pinned_ip="127.0.0.1") as homey:
            assert homey.ping() == HOME_ID
        with HomeyClient(f"http://homey.invalid:{port}") as homey, pytest.raises(HomeyOffline):
            homey.ping()


def test_names_are_checked_on_every_address_they_resolve_to():
    private = parse_networks(["10.0.0.0/8", "192.168.0.0/16", "fc00::/7"])
    assert check_url("http://192.168.1.50", private, allow_loopback=False).ip == "192.168.1.50"
    assert check_url("https://[fd12::5]:4859", private, allow_loopback=False).ip == "fd12::5"
    with pytest.raises(AddressRefused):
        check_url("http://localhost", parse_networks(["127.0.0.0/8"]), allow_loopback=False)
    assert check_url("http://127.0.0.1:1", parse_networks(["127.0.0.0/8"]), allow_loopback=True)
