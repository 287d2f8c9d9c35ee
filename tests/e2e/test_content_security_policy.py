"""The Content-Security-Policy: no inline code or styles, no eval; the pages still work, and
the browser tests notice a violation (``tests/e2e/conftest.py`` fails the test on one)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_every_page_carries_a_policy_without_inline_code_or_eval(db):
    policy = Client().get("/kiosk/pair")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_the_browser_blocks_inline_code_and_the_watch_reports_it(browser, page, app_url):
    page.goto("/kiosk/pair")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "document.body.dataset.inlineRan = 'yes'";
          document.head.appendChild(script);
          const style = document.createElement("style");
          style.textContent = "body { color: red }";
          document.head.appendChild(style);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.inlineRan") is None
    found = list(browser.violations)
    browser.violations.clear()  # seen on purpose: this test must not fail on them
    assert any("script-src" in text for text in found), found
    assert any("style-src" in text for text in found), found


def test_htmx_adds_no_inline_styles_and_polls_without_eval(signed_in_page):
    page = signed_in_page("alice@example.com")
    page.goto("/")
    page.wait_for_selector("#poller", state="attached")
    with page.expect_response(lambda response: "/poll" in response.url, timeout=10000):
        pass
    assert page.locator("head style").count() == 0


def test_a_hidden_tab_polls_slowly_and_a_shown_one_at_once_without_trigger_filters(
    signed_in_page,
):
    page = signed_in_page("alice@example.com")
    page.add_init_script(
        "Object.defineProperty(Document.prototype, 'hidden', "
        "{get() { return window.__hidden === true; }})"
    )
    polls: list[str] = []
    page.on("request", lambda request: "/poll" in request.url and polls.append(request.url))
    page.goto("/")
    page.wait_for_timeout(2500)
    assert len(polls) >= 2  # every second while seen

    page.evaluate("window.__hidden = true; document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_timeout(300)
    hidden_from = len(polls)
    page.wait_for_timeout(3000)
    assert len(polls) == hidden_from  # slow poll: 12 s at a one-second interval

    page.evaluate("window.__hidden = false; document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_timeout(400)
    assert len(polls) > hidden_from  # at once when seen again
