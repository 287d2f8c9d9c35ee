"""The emulator's Athom authorise pages driven as a browser would (a ``requests`` session with
its own cookies): sign in, consent to some Homeys, and the code sent back to ``CALLBACK``."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from emulator.constants import DEMO_CLIENT_ID
from tests.support.emulator import hidden_inputs

CALLBACK = "http://127.0.0.1:8000/oauth/callback"


def authorise_url(emu, **params) -> str:
    query = {
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "state": "xyz",
        **params,
    }
    return f"{emu.cloud}/oauth2/authorise?{urlencode(query)}"


def browser_sign_in(emu, email="alice@example.com", password="homey", **params):
    """GET authorise → POST sign-in; returns (session, url, consent page response)."""
    browser = requests.Session()
    url = authorise_url(emu, **params)
    page = browser.get(url, timeout=10)
    assert page.status_code == 200
    form = {**hidden_inputs(page.text), "email": email, "password": password}
    consent = browser.post(url, data=form, timeout=10)
    return browser, url, consent


def consent(browser, url, page, action="allow", homeys=None):
    form = hidden_inputs(page.text)
    form["action"] = action
    # Like a browser: the ticked boxes, unless the test ticks others.
    form["homey"] = checked_homeys(page.text) if homeys is None else homeys
    return browser.post(url, data=form, allow_redirects=False, timeout=10)


def checked_homeys(html: str) -> list[str]:
    return re.findall(r'name="homey" value="([0-9a-f]{24})" checked', html)


def code_from(response) -> str:
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    return query["code"][0]
