"""Installable: a manifest for people's dashboards and one for the wall tablet, with PNG icons
that exist at the sizes they claim."""

from __future__ import annotations

import struct

import pytest
from django.contrib.staticfiles import finders
from django.test import Client


def png_size(static_url: str) -> tuple[int, int]:
    path = finders.find(static_url.removeprefix("/static/"))
    assert path, f"{static_url} is not a static file"
    with open(path, "rb") as file:
        header = file.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{static_url} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("url", ["/manifest.webmanifest", "/kiosk/manifest.webmanifest"])
def test_each_manifest_has_png_icons_of_the_sizes_it_claims(db, url):
    response = Client().get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    icons = response.json()["icons"]
    pngs = [icon for icon in icons if icon["type"] == "image/png"]
    assert {(icon["sizes"], icon.get("purpose", "any")) for icon in pngs} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }
    for icon in pngs:
        width, height = png_size(icon["src"])
        assert f"{width}x{height}" == icon["sizes"]


def test_the_people_app_is_standalone_and_starts_at_the_dashboards(db):
    data = Client().get("/manifest.webmanifest").json()

    assert data["display"] == "standalone" and data["start_url"] == "/"
    assert data["name"] == "homeydash" and data["theme_color"]


def test_the_wall_screen_app_is_full_screen_landscape_and_starts_at_the_kiosk(db):
    data = Client().get("/kiosk/manifest.webmanifest").json()

    assert data["display"] == "fullscreen" and data["orientation"] == "landscape"
    assert data["start_url"] == "/kiosk/" and data["id"] != "/"


def test_pages_link_their_manifest_and_an_apple_touch_icon(alice_client):
    people = alice_client.get("/").text
    pairing = Client().get("/kiosk/pair").text

    assert 'rel="manifest" href="/manifest.webmanifest"' in people
    assert 'rel="manifest" href="/kiosk/manifest.webmanifest"' in pairing
    for html in (people, pairing):
        assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in html
        assert 'name="theme-color"' in html
    assert png_size("/static/icons/apple-touch-icon.png") == (180, 180)
