"""The Wall screens page: owners and managers create, tune, re-pair and disconnect kiosks;
users and guests may not; another household's kiosk does not exist for them."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password

from dashboard.models import Dashboard, KioskDevice
from tests.support.kiosk import pair
from tests.support.tiles import device_id, flat, home, variable_id


def form(**fields) -> dict:
    return {"name": "Hall tablet", "dashboard": "", "night_mode": "off", **fields}


@pytest.mark.parametrize("person", ["bob_client", "dave_client"])
def test_users_and_guests_cannot_manage_kiosks(request, person, new_kiosk):
    client = request.getfixturevalue(person)
    kiosk = new_kiosk()

    assert client.get("/kiosks/").status_code == 403
    assert client.post("/kiosks/", form(name="Mine")).status_code == 403
    assert client.get(f"/kiosks/{kiosk.code}/").status_code == 403
    assert client.post(f"/kiosks/{kiosk.code}/pair").status_code == 403
    assert client.post(f"/kiosks/{kiosk.code}/revoke").status_code == 403
    assert not KioskDevice.objects.filter(name="Mine").exists()
    kiosk.refresh_from_db()
    assert kiosk.revoked_at is None and kiosk.pairing_expires is None


def test_another_households_kiosk_is_not_found(charlie_client, new_kiosk):
    kiosk = new_kiosk()
    tablet = pair(kiosk)

    assert charlie_client.get(f"/kiosks/{kiosk.code}/").status_code == 404
    assert charlie_client.post(f"/kiosks/{kiosk.code}/pair").status_code == 404
    assert charlie_client.post(f"/kiosks/{kiosk.code}/revoke").status_code == 404
    assert "Hall tablet" not in charlie_client.get("/kiosks/").content.decode()
    assert 'id="board"' in tablet.get("/kiosk/").content.decode()


def test_a_kiosk_can_only_show_a_dashboard_of_its_household(alice_client, charlie_client):
    theirs = Dashboard.objects.create(
        household=flat(), owner=charlie_client.user, name="Flat", audience="household"
    )

    response = alice_client.post("/kiosks/", form(dashboard=theirs.pk))

    assert response.status_code == 400
    assert not KioskDevice.objects.exists()


def test_the_list_shows_state_and_last_seen(alice_client, new_kiosk):
    paired = new_kiosk(name="Kitchen wall")
    pair(paired)
    new_kiosk(name="Spare tablet")

    html = alice_client.get("/kiosks/").content.decode()

    kitchen = html.split('id="kiosk-', 2)[1]
    assert "Kitchen wall" in kitchen and "Paired" in kitchen and "last seen" in kitchen
    assert "Not paired" in html.split("Spare tablet", 1)[1]


def test_revoking_and_a_new_link_show_in_the_list(alice_client, new_kiosk):
    kiosk = new_kiosk()
    pair(kiosk)

    alice_client.post(f"/kiosks/{kiosk.code}/revoke")
    kiosk.refresh_from_db()
    assert not kiosk.active and kiosk.revoked_at is not None
    assert "Disconnected" in alice_client.get("/kiosks/").content.decode()

    response = alice_client.post(f"/kiosks/{kiosk.code}/pair", follow=True)
    assert 'id="pair-code"' in response.content.decode()
    assert "Waiting for pairing" in response.content.decode()
    tablet = pair(kiosk)  # pairs again after a revocation
    assert 'id="board"' in tablet.get("/kiosk/").content.decode()


def test_a_manager_sets_a_pin_and_night_mode(alice_client, new_kiosk):
    kiosk = new_kiosk()

    response = alice_client.post(
        f"/kiosks/{kiosk.code}/",
        form(
            can_control="on",
            require_pin="on",
            pin="2468",
            night_mode="variable",
            night_variable_id=variable_id("Away mode"),
        ),
    )

    assert response.status_code == 302
    kiosk.refresh_from_db()
    assert kiosk.can_control and kiosk.require_pin
    assert check_password("2468", kiosk.pin_hash) and "2468" not in kiosk.pin_hash
    assert kiosk.night_mode == "variable" and kiosk.night_variable_id == variable_id("Away mode")
    # an empty PIN field keeps the PIN
    alice_client.post(
        f"/kiosks/{kiosk.code}/",
        form(can_control="on", require_pin="on", night_mode="device", night_device_id=""),
    )
    kiosk.refresh_from_db()
    assert kiosk.night_mode == "variable"  # refused: no device chosen
    alice_client.post(
        f"/kiosks/{kiosk.code}/",
        form(
            can_control="on",
            require_pin="on",
            night_mode="device",
            night_device_id=device_id("Floor lamp"),
        ),
    )
    kiosk.refresh_from_db()
    assert kiosk.night_mode == "device" and check_password("2468", kiosk.pin_hash)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"require_pin": "on"}, "Choose a PIN."),
        ({"require_pin": "on", "pin": "12ab"}, "Use digits only."),
        ({"night_mode": "schedule", "night_start": "22:00"}, "Set both times"),
        ({"night_mode": "variable", "night_variable_id": "nope"}, "Select a valid choice"),
    ],
)
def test_the_form_refuses_incomplete_settings(alice_client, fields, error):
    response = alice_client.post("/kiosks/", form(**fields))

    assert response.status_code == 400 and error in response.content.decode()
    assert not KioskDevice.objects.exists()


def test_the_variable_and_device_choices_come_from_the_homey(alice_client):
    html = alice_client.get("/kiosks/").content.decode()

    assert f'<option value="{variable_id("Away mode")}">Away mode</option>' in html
    assert "Heating set point" not in html  # a number, not yes/no
    assert f'<option value="{device_id("Floor lamp")}">Floor lamp</option>' in html


def test_the_account_page_leads_owners_to_wall_screens(alice_client, bob_client):
    assert 'href="/kiosks/"' in alice_client.get("/account/").content.decode()
    assert 'href="/kiosks/"' not in bob_client.get("/account/").content.decode()


def test_a_kiosk_on_the_default_board_and_one_on_a_dashboard(alice_client):
    board = Dashboard.objects.create(household=home(), owner=alice_client.user, name="Hall")
    alice_client.post("/kiosks/", form(name="Everything"))
    alice_client.post("/kiosks/", form(name="Hall only", dashboard=board.pk))

    everything = KioskDevice.objects.get(name="Everything")
    hall = KioskDevice.objects.get(name="Hall only")

    assert everything.dashboard is None and hall.dashboard == board
    assert "Hall</h1>" in pair(hall).get("/kiosk/").content.decode()
    assert "Home</h1>" in pair(everything).get("/kiosk/").content.decode()


def test_disconnecting_asks_first(alice_client, bob_client, charlie_client, new_kiosk):
    kiosk = new_kiosk()
    tablet = pair(kiosk)
    listed = alice_client.get("/kiosks/").content.decode()

    asked = alice_client.get(f"/kiosks/{kiosk.code}/revoke")

    assert f'href="/kiosks/{kiosk.code}/revoke"' in listed  # a link to the question, not a form
    assert asked.status_code == 200
    assert "Disconnect “Hall tablet”?" in asked.content.decode()
    kiosk.refresh_from_db()
    assert kiosk.active and 'id="board"' in tablet.get("/kiosk/").content.decode()
    assert bob_client.get(f"/kiosks/{kiosk.code}/revoke").status_code == 403
    assert charlie_client.get(f"/kiosks/{kiosk.code}/revoke").status_code == 404
