"""Tiles in Dutch and German: words and what people read follow the viewer's language,
while numbers meant for machines (SVG, form values, limits, data attributes, htmx triggers)
stay as code writes them ("120.0", never "120,0")."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from emulator.house import ALL_LIGHTS_OFF, LIVING_THERMOSTAT
from tests.support.tiles import device_id, flow_id, variable_id

LANGUAGES = {"nl": "nl-NL,nl;q=0.9,en;q=0.5", "de": "de-DE,de;q=0.9,en;q=0.5"}
NUMBER = r"-?\d+(\.\d+)?"
PATH = re.compile(rf"^(\s*[MLh]\s*{NUMBER}(\s+{NUMBER})?)+\s*$")
# Attributes people read (localised on purpose); every other attribute is for machines.
READ_BY_PEOPLE = {"title", "aria-label", "alt", "placeholder"}


class Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def attributes(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Attributes()
    parser.feed(html)
    return parser.found


@pytest.fixture
def every_kind_of_tile(alice_client) -> str:
    """A dashboard holding every kind of tile; its URL."""
    response = alice_client.post("/dashboards/new", {"name": "Alles", "audience": "private"})
    code = response.headers["Location"].split("/")[2]
    thermostat = device_id(LIVING_THERMOSTAT)
    for kind, source in [
        ("capability", f"{thermostat}/target_temperature"),
        ("variable", variable_id("Heating set point")),
        ("flow", f"flow/{flow_id(ALL_LIGHTS_OFF)}"),
        ("flow", f"advancedflow/{flow_id('Evening routine', advanced=True)}"),
        ("history", f"{thermostat}/measure_temperature"),
        ("history", f"{device_id('Weather station')}/measure_temperature"),
    ]:
        added = alice_client.post(f"/d/{code}/tiles/add", {"kind": kind, "source": source})
        assert added.status_code == 302
    return f"/d/{code}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_tile_keeps_machine_numbers_unlocalised(alice_client, every_kind_of_tile, language):
    pages = []
    for url in ("/", every_kind_of_tile):  # every device (and control) and every other kind
        response = alice_client.get(url, HTTP_ACCEPT_LANGUAGE=LANGUAGES[language])
        assert response.status_code == 200
        assert response.headers["Content-Language"] == language
        pages.append(response.content.decode())
    html = "\n".join(pages)
    assert f'<html lang="{language}">' in html

    for icon in re.findall(r'<svg class="tile-icon".*?</svg>', html, re.S):
        ET.fromstring(icon)  # icons too are well-formed, whatever their colour
    svgs = re.findall(r'<svg class="sparkline".*?</svg>', html, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        root = ET.fromstring(svg)  # a real XML parse: the browser's SVG parser is as strict
        box = root.get("viewBox").split(" ")
        assert [float(n) for n in box] == [0.0, 0.0, 120.0, 36.0]
        paths = [path.get("d") for path in root.iter("path")]
        assert paths and all(PATH.match(d) for d in paths), paths

    elements = attributes(html)
    checked = 0
    for tag, attrs in elements:
        if tag == "input" and attrs.get("type") in ("number", "range"):
            for name in ("value", "min", "max", "step"):
                if attrs.get(name, "any") not in ("", "any"):
                    float(attrs[name])  # "0,5" would raise
                    checked += 1
        for name, value in attrs.items():
            text_value = tag == "input" and attrs.get("type") in ("text", "password")
            if name in READ_BY_PEOPLE or (name == "value" and text_value):
                continue
            assert not re.search(r"\d,\d", value), f"<{tag} {name}={value!r}>"
    assert checked >= 5
    poller = next(attrs for tag, attrs in elements if attrs.get("id") == "poller")
    assert re.match(r"every \d+(\.\d+)?s\b", poller["hx-trigger"])
    assert re.fullmatch(r"\d+(\.\d+)?", poller["data-slow-poll-seconds"])


def test_people_read_numbers_and_words_in_their_language(alice_client, every_kind_of_tile):
    dutch = alice_client.get(every_kind_of_tile, HTTP_ACCEPT_LANGUAGE=LANGUAGES["nl"])
    german = alice_client.get(every_kind_of_tile, HTTP_ACCEPT_LANGUAGE=LANGUAGES["de"])
    english = alice_client.get(every_kind_of_tile, HTTP_ACCEPT_LANGUAGE="en")
    dutch, german, english = (r.content.decode() for r in (dutch, german, english))

    low = re.search(r'class="history-low">([^<]+)<', dutch).group(1)
    assert re.fullmatch(r"-?\d+,\d\xa0°C", low)  # what people read is Dutch: 21,5
    assert "<strong>20,5</strong>" in dutch and "<strong>20,5</strong>" in german
    assert "<strong>20.5</strong>" in english
    assert "Afgelopen 24 uur: van" in dutch and "Letzte 24 Stunden: von" in german
    assert "Starten" in dutch and "Starten" in german and "Start" in english


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", ("geleden", "zojuist")), ("de", ("vor ", "gerade eben")), ("en", ("ago", "just now"))],
)
def test_how_long_ago_a_value_changed_is_said_in_the_viewers_language(
    alice_client, clock, language, words
):
    response = alice_client.get("/", HTTP_ACCEPT_LANGUAGE=LANGUAGES.get(language, "en"))
    times = re.findall(
        r'<time class="changed" datetime="([^"]+)"[^>]*>([^<]+)</time>', response.content.decode()
    )
    assert times
    for iso, text in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00", iso)
        assert any(word in text for word in words), text
