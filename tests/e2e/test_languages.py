"""In a real browser set to Dutch or German: sign in through Athom's (the emulator's) pages,
walk the board, use a control, the account page, the wall-screens page and a paired wall
screen, and find no English left.

"English" is every phrase of the English catalogues (homeydash's and the emulator's msgids)
that the language translates differently, looked for in the text a person reads or hears
(text, titles, ARIA labels, placeholders, the page title). What the Homey itself names
(devices, zones, capabilities, flows: in the Homey's language, English in the emulator) is
left out of the search.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.support.tiles import device_id

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
BROWSERS = {"nl": "nl-NL", "de": "de-DE"}
KITCHEN = device_id("Kitchen lights")
# Text the Homey (or the person) named, in the Homey's language.
HOMEY_NAMED = ", ".join(
    [
        ".tile-title",
        ".value-title",
        ".zone-title",
        ".homey-name",
        ".board-head h1",
        ".kiosk-title",
        ".flow-run .visually-hidden",
        ".unavailable-message",  # the Homey's own words for why a device is unavailable
        ".media-now",  # what a speaker plays, as the Homey says it
        ".tile-changed",  # its title lists the Homey's names of the values (its text: tested)
        ".control-choice button",  # the Homey's titles of a capability's values
        ".control-cover button",
        "#homey-list strong",
        "#links strong",
        "#kiosks strong",
        "ul.plain",  # the consent page's Homeys and scopes
        "#add-tiles option",  # what the Homey has, to pick from (devices · capabilities)
    ]
)
VISIBLE_TEXT = """(skip) => {
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (element && !element.closest("script, style") && !element.closest(skip)) {
      parts.push(walker.currentNode.textContent);
    }
  }
  for (const element of document.querySelectorAll("[title], [placeholder], [aria-label]")) {
    if (element.closest(skip)) continue;
    for (const name of ["title", "placeholder", "aria-label"]) {
      if (!element.hasAttribute(name)) continue;
      const value = element.getAttribute(name);
      // A switch is labelled "<the Homey's title>: <what pressing does>"
      parts.push(element.matches("[role=switch]") ? value.split(": ").pop() : value);
    }
  }
  return parts.join("\\n");
}"""


def fragments(text: str) -> set[str]:
    """The literal phrases of a message, without placeholders, markup and punctuation; a
    short piece between placeholders ("of", "to") only counts as the whole message."""
    pieces = re.split(r"%\(\w+\)[sd]|<[^>]+>|[“”„\"():;?!·…→]|\s[-–]\s", text)
    found = {p.strip(" .,") for p in pieces if re.search(r"[A-Za-z]{2,}", p)}
    return {p for p in found if len(p) >= 5 or p == text.strip(" .")}


def english_phrases(language: str) -> list[re.Pattern]:
    """Phrases of the English catalogues that ``language`` says differently."""
    phrases: set[str] = set()
    for base in (ROOT / "locale", ROOT / "emulator" / "locale"):
        with open(base / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
            catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
        for key, translated in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            msgid = msgid.split("\x04")[-1]  # without a context
            if not msgid:
                continue
            phrases |= fragments(msgid) - fragments(translated)
    return [re.compile(rf"(?<![\w-]){re.escape(p)}(?![\w-])") for p in sorted(phrases)]


def assert_no_english(page, language: str, where: str) -> None:
    page.wait_for_load_state()
    text = page.evaluate(VISIBLE_TEXT, HOMEY_NAMED)
    left = sorted({p.pattern for p in english_phrases(language) if p.search(text)})
    assert left == [], f"English on {where} ({language}): {left}\n---\n{text}"
    assert page.locator("html").get_attribute("lang") == language


def said(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def browser_in(browser, app_url):
    contexts = []

    def open_in(language: str, **options):
        context = browser.new_context(base_url=app_url, locale=BROWSERS[language], **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_in
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", BROWSERS)
def test_a_dutch_or_german_browser_meets_no_english(browser_in, app_url, language, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page = browser_in(language, viewport={"width": 390, "height": 844})

    page.goto("/")
    assert_no_english(page, language, "the sign-in page")
    page.get_by_role("button", name=said(language, "Sign in with Homey")).click()

    page.wait_for_url("**/emulator/cloud/oauth2/authorise?**")
    assert_no_english(page, language, "Athom's sign-in page")
    page.get_by_label(said(language, "Email address")).fill("alice@example.com")
    page.get_by_label(said(language, "Password")).fill("homey")
    page.get_by_role("button", name=said(language, "Sign in")).click()
    expect(page.get_by_role("button", name=said(language, "Allow"))).to_be_visible()
    assert_no_english(page, language, "Athom's consent page")
    page.get_by_role("button", name=said(language, "Allow")).click()

    expect(page).to_have_url(f"{app_url}/homeys/")
    assert_no_english(page, language, "the Homey picker")
    open_home = said(language, "Open %(name)s") % {"name": "Home"}
    page.get_by_role("button", name=open_home).click()

    # the board, and a control
    expect(page).to_have_url(f"{app_url}/")
    kitchen = page.locator(f"#dev-{KITCHEN}")
    expect(kitchen.locator('[data-capability="onoff"] .value-text')).to_have_text(
        said(language, "Off")
    )
    assert_no_english(page, language, "the board")
    kitchen.get_by_role("switch").click()
    expect(kitchen.locator('[data-capability="onoff"] .value-text')).to_have_text(
        said(language, "On")
    )
    assert_no_english(page, language, "the board after a control")

    # the account page: the language the browser asked for is the one shown as default
    page.goto("/account/")
    assert_no_english(page, language, "the account page")
    expect(page.locator("#id_language")).to_have_value("")

    # a new dashboard and its editor
    page.goto("/dashboards/new")
    assert_no_english(page, language, "the new-dashboard page")
    page.locator("#id_name").fill("Avond")
    page.get_by_role("button", name=said(language, "Create")).click()
    page.wait_for_url("**/edit")
    assert_no_english(page, language, "the dashboard editor")

    # the wall screens page, a new wall screen, and its screen on a tablet in the same language
    page.goto("/kiosks/")
    assert_no_english(page, language, "the wall-screens page")
    page.locator("#kiosk-form #id_name").fill("Gang")
    page.get_by_role("button", name=said(language, "Create and pair")).click()
    link = page.locator("#pair-link").get_attribute("href")
    assert_no_english(page, language, "the pairing instructions")

    tablet = browser_in(language, viewport={"width": 1280, "height": 800})
    tablet.goto(link)
    assert_no_english(tablet, language, "the pairing page")
    tablet.get_by_role("button", name=said(language, "Pair this screen")).click()
    tablet.wait_for_url("**/kiosk/")
    expect(tablet.locator("#board .tile").first).to_be_visible()
    assert_no_english(tablet, language, "the wall screen")


def test_the_english_search_knows_english_and_spares_shared_words():
    dutch = {p.pattern for p in english_phrases("nl")}
    german = {p.pattern for p in english_phrases("de")}

    def has(patterns, phrase):
        return rf"(?<![\w-]){re.escape(phrase)}(?![\w-])" in patterns

    for phrase in ("Sign in with Homey", "Battery", "Wall screens", "Email address", "Off"):
        assert has(dutch, phrase) and has(german, phrase), phrase
    for phrase in ("Dashboard", "Live", "Flow", "online"):
        assert not has(dutch, phrase) and not has(german, phrase), phrase
    assert has(dutch, "Name") and not has(german, "Name")  # "Naam", but "Name" in German
