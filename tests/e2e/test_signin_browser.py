"""In a real browser: the Sign in with Homey button, Athom's (the emulator's) sign-in and
consent pages, the Homey picker, and the dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.models import Account

pytestmark = pytest.mark.e2e


def test_alice_signs_in_with_homey_picks_a_homey_and_sees_her_house(page, app_url):
    page.goto("/")
    expect(page).to_have_url(f"{app_url}/login/?next=/")

    page.get_by_role("button", name="Sign in with Homey").click()

    page.wait_for_url("**/emulator/cloud/oauth2/authorise?**")
    assert "/emulator/cloud/oauth2/authorise" in page.url
    assert "client_secret" not in page.url
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill("homey")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Allow").click()

    expect(page).to_have_url(f"{app_url}/homeys/")
    expect(page.locator("#homey-list")).to_contain_text("Holiday house")
    page.get_by_role("button", name="Open Home").click()

    expect(page).to_have_url(f"{app_url}/")
    expect(page.locator(".homey-name")).to_have_text("Home")
    expect(page.get_by_role("link", name="Switch Homey")).to_have_attribute("href", "/homeys/")
    expect(page.locator("text=Living room").first).to_be_visible()
    assert "code=" not in page.url and "token" not in page.url
    account = Account.objects.get(email="alice@example.com")
    assert account.connected

    # The browser holds a session cookie and nothing else of the sign-in.
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["sessionid"]["httpOnly"]
    stored = page.evaluate("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")
    seen = stored + page.content() + repr(cookies)
    assert account.access_token() not in seen
    assert account.refresh_token() not in seen
