"""People and their open pages over HTTP, the way browsers reach a deployment."""

from __future__ import annotations

import re
from html import unescape

import requests

from tests.support.signin_flow import SignInFlow

POLLER = re.compile(r'id="poller"[^>]*hx-get="([^"]+)"')
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
PICKER = re.compile(r'<form method="post" action="(/homeys/[^"]+/select)"')
TILE = re.compile(r'class="tile[ "]')


def sign_in(base: str, email: str, homey: str = "Home") -> requests.Session:
    """Sign ``email`` in with Homey (homeydash → the emulator's sign-in and consent pages →
    the callback, then ``homey`` on the picker if they have several); returns the browser's
    cookies as a session."""
    browser = requests.Session()
    browser.get(f"{base}/login/", timeout=10)
    start = browser.post(
        f"{base}/login/homey/",
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"], "next": ""},
        allow_redirects=False,
        timeout=10,
    )
    assert start.status_code == 302, start.status_code
    callback = SignInFlow(client=None).authorise(start.headers["Location"], email)
    landed = browser.get(callback, timeout=30)
    choice = PICKER.search(landed.text.split(f"<strong>{homey}</strong>", 1)[-1])
    if landed.url.endswith("/homeys/") and choice:
        landed = browser.post(
            base + choice.group(1),
            data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
            timeout=30,
        )
    assert landed.status_code == 200 and POLLER.search(landed.text), (
        landed.url,
        landed.text[-1500:],
    )
    return browser


def clone(browser: requests.Session) -> requests.Session:
    """Another tab of the same browser (same cookies, its own connection)."""
    tab = requests.Session()
    tab.cookies.update(browser.cookies)
    return tab


def poll_url(html: str) -> str:
    match = POLLER.search(html)
    assert match, "no poller on the page"
    return unescape(match.group(1))


def csrf_token(html: str) -> str:
    return CSRF.search(html).group(1)


def tile_count(html: str) -> int:
    return len(TILE.findall(html))
