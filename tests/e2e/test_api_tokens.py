"""Making and revoking an API token on the account page in a real browser, under the CSP; the
token it shows works with curl-like requests and stops when revoked."""

from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.e2e


def test_a_person_makes_a_token_uses_it_and_revokes_it(signed_in_page, app_url):
    page = signed_in_page("alice@example.com")
    page.goto("/account/")

    page.fill("#token-form input[name=name]", "Kitchen display")
    page.select_option("#token-form select[name=access]", "read")
    page.click("#token-form button[type=submit]")

    token = page.locator("#new-token-value").inner_text().strip()
    assert token.startswith("hd_")
    headers = {"Authorization": f"Bearer {token}"}
    homeys = requests.get(f"{app_url}/api/v1/homeys", headers=headers, timeout=10)
    assert homeys.json()[0]["access"] == "read"

    page.goto("/account/")
    assert token not in page.content()
    row = page.locator("#tokens li", has_text="Kitchen display")
    row.locator("button", has_text="Revoke").click()
    page.locator(".message", has_text="Kitchen display").wait_for()
    gone = requests.get(f"{app_url}/api/v1/homeys", headers=headers, timeout=10)
    assert gone.json()["code"] == "invalid_token"
