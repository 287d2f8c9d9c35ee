"""Which language homeydash speaks: the browser's (Accept-Language) until the person chooses
one on the account page; that choice is stored with the account and follows them."""

from __future__ import annotations

import re

from django.test import Client

from dashboard.models import Account
from emulator.world import HOME_ID

DUTCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9,en;q=0.5"}
GERMAN_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}


def language_of(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_a_person_is_spoken_to_in_their_browsers_language_by_default(alice_client):
    dutch = alice_client.get("/account/", **DUTCH_BROWSER)
    german = alice_client.get("/account/", **GERMAN_BROWSER)

    assert language_of(dutch) == "nl" and dutch.headers["Content-Language"] == "nl"
    assert "<h2>Je Homeys</h2>" in dutch.content.decode()
    assert language_of(german) == "de" and "<h2>Deine Homeys</h2>" in german.content.decode()
    assert Account.objects.get(user=alice_client.user).language == ""


def test_the_chosen_language_wins_over_the_browser_and_follows_the_person(
    alice_client, emulator_url
):
    response = alice_client.post("/account/language", {"language": "de"}, **DUTCH_BROWSER)
    assert response.status_code == 302
    assert Account.objects.get(user=alice_client.user).language == "de"

    page = alice_client.get("/account/", **DUTCH_BROWSER)
    assert language_of(page) == "de"
    assert "Deine Sprache wurde gespeichert." in page.content.decode()  # said in the new one
    assert '<option value="de" selected>Deutsch</option>' in page.content.decode()
    board = alice_client.get("/", **DUTCH_BROWSER)
    assert language_of(board) == "de" and "Batterie" in board.content.decode()

    other_browser = Client()
    other_browser.force_login(alice_client.user)
    assert language_of(other_browser.get("/account/", HTTP_ACCEPT_LANGUAGE="en")) == "de"

    alice_client.post("/account/language", {"language": ""})
    assert language_of(alice_client.get("/account/", **DUTCH_BROWSER)) == "nl"


def test_a_language_homeydash_does_not_speak_is_refused_and_changes_nothing(alice_client):
    Account.objects.filter(user=alice_client.user).update(language="nl")

    response = alice_client.post("/account/language", {"language": "xx"}, follow=True)

    assert response.status_code == 200
    assert "Kies een van de talen uit de lijst." in response.content.decode()
    assert Account.objects.get(user=alice_client.user).language == "nl"


def test_capability_titles_stay_in_the_homeys_language(alice_client, emulator_world):
    """A Dutch Homey names its capabilities in Dutch; homeydash shows those names as they
    are, while its own words around them follow the viewer (German here)."""
    with emulator_world.lock:
        homey = emulator_world.homeys[HOME_ID]
        homey.language = "nl"
        for device in homey.devices.values():
            for capability_id, capability in device.capabilities.items():
                if capability_id == "measure_temperature":
                    capability.overrides["title"] = "Temperatuur"
                if capability_id == "onoff":
                    capability.overrides["title"] = "Aangezet"

    html = alice_client.get("/", **GERMAN_BROWSER).content.decode()

    assert '<span class="value-title">Temperatuur</span>' in html
    assert '<span class="value-title visually-hidden">Aangezet</span>' in html
    assert "Temperature" not in html and "Temperatur<" not in html
    assert "Batterie" in html and "Battery" not in html  # homeydash's words: German
    assert re.search(r'aria-label="(Einschalten|Ausschalten)"', html)  # the switch's action


def test_the_install_manifests_speak_the_browsers_language(db):
    dutch = Client().get("/manifest.webmanifest", **DUTCH_BROWSER).json()
    german = Client().get("/kiosk/manifest.webmanifest", **GERMAN_BROWSER).json()

    assert dutch["lang"] == "nl" and dutch["description"].startswith("De apparaten van je Homey")
    assert german["lang"] == "de" and german["short_name"] == "Wanddisplay"
