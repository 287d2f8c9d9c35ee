"""A wall screen has its own language and clock, set by a manager in its settings; without
one it speaks its browser's language."""

from __future__ import annotations

import re
from datetime import timedelta

from dashboard.clock import now as clock_now
from dashboard.models import KioskDevice
from tests.support.kiosk import pair


def screen(tablet, **headers) -> str:
    response = tablet.get("/kiosk/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_wall_screen_speaks_its_own_language_with_its_own_clock(alice_client):
    response = alice_client.post(
        "/kiosks/",
        {
            "name": "Flur",
            "dashboard": "",
            "night_mode": "off",
            "language": "de",
            "time_format": "12h",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 302
    kiosk = KioskDevice.objects.get(name="Flur")
    assert (kiosk.language, kiosk.time_format) == ("de", "12h")

    html = screen(pair(kiosk), HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9")

    assert '<html lang="de"' in html
    assert '<span class="when-online">Live</span>' in html
    assert "Homey nicht erreichbar" in html and "Batterie" in html
    assert 'data-hour-cycle="h12"' in html
    clock = re.search(r'<time id="kiosk-time" class="kiosk-time">([^<]+)</time>', html).group(1)
    assert re.fullmatch(r"(1[0-2]|[1-9]):[0-5]\d (vorm\.|nachm\.)", clock), clock


def test_without_its_own_language_a_wall_screen_follows_its_browser(new_kiosk, tablet):
    kiosk = new_kiosk()
    assert (kiosk.language, kiosk.time_format) == ("", "")

    html = screen(tablet(kiosk), HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9")

    assert '<html lang="nl"' in html and "Homey niet bereikbaar" in html
    assert 'data-hour-cycle="h23"' in html  # Dutch writes a 24-hour clock
    clock = re.search(r'<time id="kiosk-time" class="kiosk-time">([^<]+)</time>', html).group(1)
    assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", clock), clock


def test_a_24_hour_clock_for_an_english_wall_screen(new_kiosk, tablet):
    html = screen(tablet(new_kiosk(time_format="24h")), HTTP_ACCEPT_LANGUAGE="en-US")

    assert '<html lang="en"' in html and 'data-hour-cycle="h23"' in html
    clock = re.search(r'<time id="kiosk-time" class="kiosk-time">([^<]+)</time>', html).group(1)
    assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", clock), clock


def test_the_language_a_manager_cannot_choose_is_refused(alice_client, new_kiosk):
    kiosk = new_kiosk(language="nl")
    fields = {"name": kiosk.name, "dashboard": "", "night_mode": "off", "language": "fr"}

    response = alice_client.post(f"/kiosks/{kiosk.code}/", fields)

    assert "errorlist" in response.content.decode()
    kiosk.refresh_from_db()
    assert kiosk.language == "nl"


def test_the_kiosks_polls_speak_its_language(new_kiosk, tablet):
    """The tablet's polls and controls use the kiosk's language too, not the browser's."""
    kiosk = new_kiosk(language="de")
    paired = tablet(kiosk)
    html = screen(paired, HTTP_ACCEPT_LANGUAGE="en")
    poll = re.search(r'id="poller"[^>]*hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")

    response = paired.get(
        re.sub(r"\bv=\d+", "v=999999", poll),  # a layout it does not know: the whole board
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/kiosk/",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "de"
    assert "Batterie" in response.content.decode()


def test_when_a_wall_screen_was_last_seen_is_said_in_the_viewers_language(
    alice_client, new_kiosk, clock
):
    kiosk = new_kiosk()
    pair(kiosk)
    KioskDevice.objects.filter(pk=kiosk.pk).update(last_seen=clock_now() - timedelta(days=5))

    german = alice_client.get("/kiosks/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    dutch = alice_client.get("/kiosks/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = alice_client.get("/kiosks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "zuletzt vor 5\xa0Tagen gesehen" in german
    assert "5\xa0dagen geleden voor het laatst gezien" in dutch
    assert "last seen 5\xa0days ago" in english
