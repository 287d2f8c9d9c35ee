"""The house tiles in a real browser: a mood set with a tap shows as active without a reload,
the energy chart switches period in place, house tiles added to a dashboard in the editor
show on a wall tablet of that dashboard, and none of it needs inline code or styles (the CSP
watch of tests/e2e/conftest.py fails the test on any violation)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.models import Dashboard
from tests.support.wall import new_kiosk, pair

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_user_taps_a_mood_and_it_shows_as_active(signed_in_page):
    page = signed_in_page("bob@example.com")
    page.goto("/")
    film = page.locator("#house-moods button", has_text="Film")
    film.wait_for()
    assert film.get_attribute("aria-pressed") == "false"
    film.click()
    page.wait_for_selector("#house-moods button.is-active:has-text('Film')")
    assert page.locator("#house-moods [role=alert]").inner_text() == "Mood Film is set."
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_the_energy_chart_switches_to_the_week_in_place(signed_in_page):
    page = signed_in_page("alice@example.com")
    page.goto("/")
    page.wait_for_selector("#house-energy-chart rect")
    assert page.locator("#house-energy-chart rect").count() == 48
    page.locator("#house-energy-chart a", has_text="Week").click()
    page.wait_for_selector("#house-energy-chart a[aria-current='true']:has-text('Week')")
    assert page.locator("#house-energy-chart rect").count() == 14
    box = page.locator("#house-energy-chart svg").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 30


def test_a_guest_reads_a_sentence_where_the_energy_would_be(signed_in_page):
    page = signed_in_page("dave@example.com")
    page.goto("/")
    sentence = page.locator("#house-energy .panel-denied")
    sentence.wait_for()
    assert "does not share its energy use" in sentence.inner_text()
    assert page.locator("#house-moods form").count() == 0


def test_house_tiles_added_in_the_editor_show_on_a_wall_tablet_of_that_dashboard(
    signed_in_page, tablet
):
    page = signed_in_page("alice@example.com")
    page.goto("/dashboards/new")
    page.get_by_label("Name").fill("Hall")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/edit")
    page.evaluate("window.stillTheSamePage = true")
    search = page.get_by_label(
        "Search the list “At home: weather, energy, moods, timeline, cameras”"
    )
    search.fill("living")
    select = page.locator("#add-house")
    expect(select.locator("option:not([hidden])")).to_have_count(1)
    add = page.get_by_role("button", name="Add: At home: weather, energy, moods, timeline, cameras")
    add.click()
    expect(page.locator("#edit-status")).to_have_text("Added “Moods · Living room” as tile 1 of 1.")
    search.fill("front door")
    add.click()
    expect(page.locator("#tile-list > li")).to_have_count(2)
    assert page.evaluate("window.stillTheSamePage") is True
    page.locator("#tile-list > li").first.locator("summary").click()
    page.locator("#tile-list > li").first.get_by_label("Size").select_option("wide")
    page.locator("#tile-list > li").first.get_by_role("button", name="Save tile").click()
    expect(page.locator("#edit-status")).to_have_text("Tile saved.")

    dashboard = Dashboard.objects.get(name="Hall")
    moods, camera = dashboard.tiles.all()
    kiosk = new_kiosk(dashboard.owner, dashboard=dashboard, can_control=True)
    pair(tablet, kiosk)
    mood_tile = tablet.locator(f"#tile-{moods.code}")
    expect(mood_tile).to_have_class(re.compile(r"\bsize-wide\b"))
    still = tablet.locator(f"#tile-{camera.code} img.camera-still")
    expect(still).to_have_attribute("src", re.compile(rf"^/tiles/{camera.code}/still\?v="))
    tablet.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=still.element_handle()
    )
    expect(tablet.locator("#kiosk-weather")).to_contain_text("°C")
    mood_tile.get_by_role("button", name="Film").click()
    expect(mood_tile.locator("button.is-active", has_text="Film")).to_be_visible()
    expect(mood_tile.locator("[role=alert]")).to_have_text("Mood Film is set.")
