"""Pairing a wall tablet: a one-time link or code, a long-lived HttpOnly cookie, revocation,
and what a kiosk may reach (its dashboard and its controls, never account pages)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dashboard import kiosks
from dashboard.models import Account, Dashboard, KioskDevice
from emulator.world import HOME_ID
from tests.support.cast import sign_in
from tests.support.kiosk import pair
from tests.support.tiles import HTMX, device_id, home, make_due

COOKIE = kiosks.COOKIE_NAME


def shown_pairing(html: str) -> tuple[str, str]:
    link = re.search(r'id="pair-link" href="([^"]+)"', html)
    code = re.search(r'id="pair-code">([A-Z0-9-]+)<', html)
    assert link and code, "no pairing on the page"
    return link.group(1), code.group(1)


def poll_from_screen(client: Client, url: str = "/poll/?v=1&l=0"):
    return client.get(url, HTTP_HX_CURRENT_URL="http://testserver/kiosk/", **HTMX)


# creating and pairing --------------------------------------------------------------------


def test_a_manager_creates_a_kiosk_and_sees_its_link_and_code_once(alice_client):
    response = alice_client.post(
        "/kiosks/", {"name": "Kitchen wall", "dashboard": "", "night_mode": "off"}, follow=True
    )

    kiosk = KioskDevice.objects.get(name="Kitchen wall")
    assert kiosk.household == home() and not kiosk.can_control and kiosk.dashboard is None
    link, code = shown_pairing(response.content.decode())
    assert link.startswith("http://testserver/kiosk/pair/")
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    # only hashes are kept, and the page does not show them a second time
    secret = link.rstrip("/").rsplit("/", 1)[1]
    assert kiosk.pairing_token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(KioskDevice.objects.filter(pk=kiosk.pk).values().get())
    assert 'id="pair-code"' not in alice_client.get("/kiosks/").content.decode()


def test_the_link_asks_first_then_pairs_once_with_an_httponly_cookie(new_kiosk):
    kiosk = new_kiosk()
    pairing = kiosks.start_pairing(kiosk)
    tablet = Client()

    # A link preview (GET) does not use the link up.
    for _ in range(2):
        asked = tablet.get(f"/kiosk/pair/{pairing.secret}/")
        assert asked.status_code == 200 and "Hall tablet" in asked.content.decode()
    response = tablet.post(f"/kiosk/pair/{pairing.secret}/")

    assert response.status_code == 302 and response["Location"] == "/kiosk/"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    assert cookie.value not in response["Location"]
    kiosk.refresh_from_db()
    assert kiosk.active and kiosk.paired_at is not None
    assert kiosk.device_secret_hash == hashlib.sha256(cookie.value.encode()).hexdigest()
    assert tablet.get("/kiosk/").status_code == 200
    # used up: neither the link nor the code works again
    again = Client().post(f"/kiosk/pair/{pairing.secret}/")
    assert again.status_code == 404 and COOKIE not in again.cookies
    assert Client().post("/kiosk/pair", {"code": pairing.code}).status_code == 400


def test_the_cookie_is_secure_when_homeydash_runs_on_https(new_kiosk, settings):
    settings.HOMEYDASH_HTTPS = True
    pairing = kiosks.start_pairing(new_kiosk())

    response = Client().post(f"/kiosk/pair/{pairing.secret}/", secure=True)

    assert response.cookies[COOKIE]["secure"]


def test_the_short_code_pairs_in_any_case_and_with_or_without_the_dash(new_kiosk):
    kiosk = new_kiosk()
    pairing = kiosks.start_pairing(kiosk)
    typed = pairing.code.replace("-", " ").lower()

    response = Client().post("/kiosk/pair", {"code": typed})

    assert response.status_code == 302 and response["Location"] == "/kiosk/"
    assert response.cookies[COOKIE]["httponly"]
    assert Client().get(f"/kiosk/pair/{pairing.secret}/").status_code == 404


def test_an_expired_pairing_pairs_nothing(new_kiosk):
    kiosk = new_kiosk()
    pairing = kiosks.start_pairing(kiosk)
    KioskDevice.objects.filter(pk=kiosk.pk).update(
        pairing_expires=timezone.now() - timedelta(seconds=1)
    )

    assert Client().post(f"/kiosk/pair/{pairing.secret}/").status_code == 404
    response = Client().post("/kiosk/pair", {"code": pairing.code})
    assert response.status_code == 400 and "expired" in response.content.decode()
    kiosk.refresh_from_db()
    assert not kiosk.active


def test_wrong_codes_lock_the_form_for_that_address(new_kiosk):
    pairing = kiosks.start_pairing(new_kiosk())
    tablet = Client()
    for _ in range(10):
        assert tablet.post("/kiosk/pair", {"code": "AAAA-AAAA"}).status_code == 400

    response = tablet.post("/kiosk/pair", {"code": pairing.code})

    assert response.status_code == 400 and "Too many wrong codes" in response.content.decode()
    assert COOKIE not in response.cookies
    # another address is not locked out
    other = Client(REMOTE_ADDR="10.0.0.2").post("/kiosk/pair", {"code": pairing.code})
    assert other.status_code == 302


def test_pairing_again_replaces_the_old_tablet(new_kiosk):
    kiosk = new_kiosk()
    old = pair(kiosk)
    assert 'id="board"' in old.get("/kiosk/").content.decode()

    new = pair(kiosk)

    assert 'id="board"' in new.get("/kiosk/").content.decode()
    screen = old.get("/kiosk/").content.decode()
    assert "This screen is disconnected" in screen and 'id="board"' not in screen


# the screen and revocation ----------------------------------------------------------------


def test_the_kiosk_screen_is_the_board_without_navigation(new_kiosk):
    tablet = pair(new_kiosk())

    html = tablet.get("/kiosk/").content.decode()

    assert 'id="board"' in html and 'id="poller"' in html
    assert f'id="dev-{device_id("Kitchen lights")}"' in html
    assert 'id="kiosk-time"' in html and 'data-timezone="Europe/Amsterdam"' in html
    assert 'href="/kiosk/manifest.webmanifest"' in html
    assert "/account/" not in html and 'class="topbar"' not in html
    assert "<form" not in html.split('id="board"', 1)[1]  # view-only: no controls


def test_an_unpaired_browser_is_told_how_to_pair():
    html = Client().get("/kiosk/").content.decode()

    assert "This screen is not paired yet" in html and 'href="/kiosk/pair"' in html


def test_a_revoked_kiosk_shows_pair_again_and_its_poll_is_sent_there(alice_client, new_kiosk):
    kiosk = new_kiosk()
    tablet = pair(kiosk)
    assert poll_from_screen(tablet).status_code == 200

    alice_client.post(f"/kiosks/{kiosk.code}/revoke")

    poll = poll_from_screen(tablet)
    assert poll.status_code == 200 and poll["HX-Redirect"] == "/kiosk/"
    screen = tablet.get("/kiosk/").content.decode()
    assert "This screen is disconnected" in screen and "Pair this screen" in screen
    control = tablet.post(
        f"/devices/{device_id('Kitchen lights')}/control",
        {"capability": "onoff", "value": "true"},
        HTTP_HX_CURRENT_URL="http://testserver/kiosk/",
        **HTMX,
    )
    assert control["HX-Redirect"] == "/kiosk/"


def test_last_seen_is_written_at_most_once_a_minute(new_kiosk):
    kiosk = new_kiosk()
    tablet = pair(kiosk)
    earlier = timezone.now() - timedelta(minutes=5)
    KioskDevice.objects.filter(pk=kiosk.pk).update(last_seen=earlier)

    tablet.get("/kiosk/")
    kiosk.refresh_from_db()
    seen = kiosk.last_seen
    assert seen > earlier
    poll_from_screen(tablet)
    kiosk.refresh_from_db()
    assert kiosk.last_seen == seen


# what a kiosk may reach ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/account/", "/homeys/", "/kiosks/", "/dashboards/new"],
)
def test_a_kiosk_never_reaches_account_pages(new_kiosk, url):
    tablet = pair(new_kiosk(can_control=True))

    response = tablet.get(url)

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_kiosk_cannot_edit_or_manage_anything(alice_client, new_kiosk):
    board = Dashboard.objects.create(
        household=home(), owner=alice_client.user, name="Hall", audience="household"
    )
    kiosk = new_kiosk(dashboard=board, can_control=True)
    tablet = pair(kiosk)

    for url in (f"/d/{board.code}/edit", f"/kiosks/{kiosk.code}/", f"/d/{board.code}/delete"):
        assert tablet.post(url).status_code == 302, url
    assert tablet.post(f"/kiosks/{kiosk.code}/revoke").status_code == 302
    kiosk.refresh_from_db()
    assert kiosk.active and Dashboard.objects.filter(pk=board.pk).exists()


def test_a_kiosk_reaches_only_its_own_dashboard(alice_client, new_kiosk):
    mine = Dashboard.objects.create(household=home(), owner=alice_client.user, name="Hall")
    other = Dashboard.objects.create(
        household=home(), owner=alice_client.user, name="Other", audience="household"
    )
    tablet = pair(new_kiosk(dashboard=mine, can_control=True))

    assert '<h1 class="kiosk-title">Hall</h1>' in tablet.get("/kiosk/").content.decode()
    assert poll_from_screen(tablet, f"/d/{mine.code}/poll?v=1&l=0").status_code == 200
    assert poll_from_screen(tablet, f"/d/{other.code}/poll?v=1&l=0").status_code == 404
    assert poll_from_screen(tablet, "/poll/?v=1&l=0").status_code == 404
    control = tablet.post(
        f"/devices/{device_id('Kitchen lights')}/control", {"capability": "onoff", "value": "1"}
    )
    assert control.status_code == 404


def test_a_tablet_without_a_person_is_sent_to_its_screen(new_kiosk):
    tablet = pair(new_kiosk())

    response = tablet.get("/")

    assert response.status_code == 302 and response["Location"] == "/kiosk/"


def test_a_person_with_a_kiosk_cookie_is_the_kiosk_only_on_the_kiosk_screen(
    alice_client, new_kiosk
):
    """Alice paired her own browser as a view-only kiosk: her pages stay hers."""
    pair(new_kiosk(), client=alice_client)
    lamp = f"/devices/{device_id('Kitchen lights')}/control"

    own = alice_client.get("/").content.decode()
    screen = alice_client.get("/kiosk/").content.decode()

    assert 'class="topbar"' in own and 'role="switch"' in own
    assert 'class="kiosk-title"' in screen and 'role="switch"' not in screen
    from_screen = alice_client.post(
        lamp,
        {"capability": "onoff", "value": "true"},
        HTTP_HX_CURRENT_URL="http://testserver/kiosk/",
        **HTMX,
    )
    assert from_screen.status_code == 403
    from_own_page = alice_client.post(
        lamp, {"capability": "onoff", "value": "true"}, HTTP_HX_CURRENT_URL="http://testserver/"
    )
    assert from_own_page.status_code == 302
    assert alice_client.get("/kiosks/").status_code == 200


def test_when_its_creator_must_sign_in_again_the_screen_says_so(
    alice_client, new_kiosk, emulator_world, emulator_url, clock
):
    """Alice's refresh token is revoked at Athom: once her access token and Homey session run
    out, nobody can stand in for her, and the tablet says why instead of a sign-in page."""
    tablet = pair(new_kiosk())
    assert 'id="board"' in tablet.get("/kiosk/").text
    emulator_world.cloud.revoke_refresh_tokens("alice@example.com")
    emulator_world.homeys[HOME_ID].expire_sessions()
    Account.objects.filter(user=alice_client.user).update(
        access_expires=timezone.now() - timedelta(seconds=1)
    )
    make_due(clock)

    poll = poll_from_screen(tablet)

    assert poll["HX-Redirect"] == "/kiosk/"
    assert Account.objects.get(user=alice_client.user).signin_required
    screen = tablet.get("/kiosk/").text
    assert "This screen cannot reach the Homey" in screen and 'id="board"' not in screen
    # Alice signs in again: the screen is back.
    sign_in(Client(), emulator_url, "alice@example.com")
    assert 'id="board"' in tablet.get("/kiosk/").text
