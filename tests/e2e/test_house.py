"""The house tiles in a real browser: a mood set with a tap shows as active without a reload,
the energy chart switches period in place, and none of it needs inline code or styles (the
CSP watch of tests/e2e/conftest.py fails the test on any violation)."""

from __future__ import annotations

import pytest

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
