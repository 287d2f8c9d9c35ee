"""People and their open pages over HTTP, the way browsers reach a deployment."""

from __future__ import annotations

import re
import threading
import time
from html import unescape

import requests

from tests.support.deployment import POLL_SECONDS
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


HTMX = {"HX-Request": "true"}


def open_page(browser, base: str) -> tuple:
    tab = clone(browser)
    page = tab.get(f"{base}/", timeout=60)
    assert page.status_code == 200
    return tab, page.text


def poll_pages(base: str, tabs: list, seconds: float, answers: list) -> None:
    """Each page polls every interval at its own phase for ``seconds``, as htmx does."""
    start = time.monotonic()
    lock = threading.Lock()

    def page(n: int, tab, html: str) -> None:
        url = base + poll_url(html)
        due = start + POLL_SECONDS * n / len(tabs)
        while due < start + seconds:
            time.sleep(max(0.0, due - time.monotonic()))
            response = tab.get(url, headers=HTMX, timeout=30)
            if response.status_code == 200 and 'id="poller"' in response.text:
                url = base + poll_url(response.text)
            with lock:
                answers.append((response.status_code, response.text))
            due += POLL_SECONDS

    threads = [
        threading.Thread(target=page, args=(n, tab, html)) for n, (tab, html) in enumerate(tabs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
