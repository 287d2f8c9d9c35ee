"""Browser fixtures: Debian's chromium through Playwright, the app and the emulator on one
live server (the emulator is mounted at /emulator/ of the same server).

``app_url``          the live server's base URL, with homeydash pointed at its emulator and a
                     one-second poll interval.
``browser``          a Chromium browser (one per test module).
``page``             a fresh browser context and page.
``signed_in_page``   ``signed_in_page("bob@example.com", homey="Home")``: a page whose context
                     carries the session of that person, signed in with real emulator tokens.
``alice``, ``tablet`` Alice signed in once (her user) and a wall tablet's page: from
                     ``tests/support/wall.py`` (here ``tablet`` is a browser page, not a client).

Every browser context made in a test watches for Content-Security-Policy violations (the
browser's console and ``securitypolicyviolation`` events); a test during which one happened
fails, so inline code or styles cannot creep back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.support.browser import launch
from tests.support.cast import sign_in
from tests.support.wall import alice, tablet  # noqa: F401

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


# Init scripts run outside the page's policy; this one reports what the policy blocked.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " blocked " +
                (event.blockedURI || "inline") + " at " + event.sourceFile + ":" +
                event.lineNumber);
});
"""


class WatchedBrowser:
    """The Playwright browser, whose contexts note every CSP violation in ``violations``."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self.violations: list[str] = []

    def __getattr__(self, name: str):
        return getattr(self._browser, name)

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.add_init_script(CSP_WATCH)
        context.on("console", self._note)
        return context

    def _note(self, message) -> None:
        text = message.text
        if text.startswith("CSP violation") or "Content Security Policy" in text:
            self.violations.append(text)


@pytest.fixture(autouse=True)
def _no_csp_violations(request) -> Iterator[None]:
    if "browser" not in request.fixturenames:
        yield
        return
    watched = request.getfixturevalue("browser")
    watched.violations.clear()
    yield
    found, watched.violations[:] = list(watched.violations), []
    assert not found, f"Content-Security-Policy violations: {found}"


@pytest.fixture(scope="module")
def browser() -> Iterator[WatchedBrowser]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while it runs; the ORM calls
    # that tests and fixtures make meanwhile are still plain synchronous code.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                yield WatchedBrowser(browser)
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def app_url(live_server, settings, emulator_world) -> str:
    settings.ATHOM_API_URL = f"{live_server.url}/emulator/cloud"
    settings.HOMEYDASH_HTTP_TIMEOUT = 3
    settings.HOMEYDASH_POLL_SECONDS = 1
    return live_server.url


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(base_url=app_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def signed_in_page(page, app_url) -> Callable[..., object]:
    def open_as(email: str, homey: str = "Home"):
        client = Client()
        sign_in(client, f"{app_url}/emulator", email, homey_name=homey)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": app_url, "httpOnly": True}]
        )
        return page

    return open_as
