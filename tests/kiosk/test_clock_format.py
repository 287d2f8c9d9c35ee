"""One clock per language: 24-hour in Dutch and German, "1:00 PM" in English unless a wall
screen is set to 24 hours. The screen's clock, its pairing card ("until …") and the Wall screens
list write a wall screen's times alike."""

from __future__ import annotations

import re

import pytest

from dashboard import kiosks
from tests.support.kiosk import pair

H12 = r"(1[0-2]|[1-9]):[0-5]\d (AM|PM)"
H24 = r"([01]\d|2[0-3]):[0-5]\d"


def pairing_card(client, kiosk, **headers) -> tuple[str, str]:
    """The pairing card's "until …" and the list's "Waiting for pairing until …"."""
    client.post(f"/kiosks/{kiosk.code}/pair", **headers)
    html = client.get("/kiosks/", **headers).content.decode()
    card = re.search(r"(?:until|tot|bis) ([^.<]+?)\. ", html).group(1)
    badge = re.search(r'<span class="badge">([^<]*?(?:until|tot|bis)[^<]*)</span>', html).group(1)
    return card, re.search(r"\d+:\d\d(?: [AP]M)?", badge).group(0)


def screen_clock(kiosk) -> tuple[str, str]:
    html = pair(kiosk).get("/kiosk/").content.decode()
    time = re.search(r'<time id="kiosk-time" class="kiosk-time">([^<]+)</time>', html).group(1)
    cycle = re.search(r'data-hour-cycle="(h12|h23)"', html).group(1)
    return time, cycle


@pytest.mark.parametrize(
    ("setting", "pattern", "cycle"), [("", H12, "h12"), ("24h", H24, "h23"), ("12h", H12, "h12")]
)
def test_an_english_wall_screen_keeps_one_clock_everywhere(
    alice_client, new_kiosk, setting, pattern, cycle
):
    kiosk = new_kiosk(time_format=setting)

    card, listed = pairing_card(alice_client, kiosk)
    time, hour_cycle = screen_clock(kiosk)

    assert re.fullmatch(pattern, card), card
    assert re.fullmatch(pattern, listed), listed
    assert re.fullmatch(pattern, time), time
    assert hour_cycle == cycle  # the browser's Intl clock ticks in the same format


@pytest.mark.parametrize("language", ["nl", "de"])
def test_dutch_and_german_write_24_hours(alice_client, new_kiosk, language):
    kiosk = new_kiosk(language=language)

    card, listed = pairing_card(alice_client, kiosk, HTTP_ACCEPT_LANGUAGE=language)
    time, hour_cycle = screen_clock(kiosk)

    assert re.fullmatch(H24, card), card
    assert re.fullmatch(H24, listed), listed
    assert re.fullmatch(H24, time) and hour_cycle == "h23", time


def test_a_disconnected_screens_date_follows_its_clock(alice_client, new_kiosk):
    english = new_kiosk(name="English")
    kiosks.revoke(english)
    military = new_kiosk(name="Military", time_format="24h")
    kiosks.revoke(military)

    html = alice_client.get("/kiosks/").content.decode()

    stamps = re.findall(r'Disconnected</span> <span class="muted">([^<]+)</span>', html)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} " + H12, stamps[0]), stamps
    assert re.fullmatch(r"\d\d/\d\d/\d{4} " + H24, stamps[1]), stamps
