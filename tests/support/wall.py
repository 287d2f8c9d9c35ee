"""A wall tablet in a real browser (the e2e tests'; ``kiosk.py`` has the test-client ones).

``alice``                    fixture: Alice signed in once (so Home and her link exist); her user.
``tablet``                   fixture: a landscape, dark browser page (1280 x 800).
``new_kiosk(alice, **f)``    a KioskDevice on Home created by Alice.
``pair(tablet, kiosk)``      the tablet paired to ``kiosk`` by a fresh link, on its screen.
"""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard import kiosks
from dashboard.models import Household, KioskDevice
from emulator.world import HOME_ID
from tests.support.cast import sign_in


@pytest.fixture
def alice(app_url):
    """Alice signed in once (so Home and her link exist); her user."""
    return sign_in(Client(), f"{app_url}/emulator", "alice@example.com")


@pytest.fixture
def tablet(browser, app_url):
    """A landscape wall tablet (1280 x 800), dark like most wall screens."""
    context = browser.new_context(
        base_url=app_url, viewport={"width": 1280, "height": 800}, color_scheme="dark"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def new_kiosk(alice, **fields) -> KioskDevice:
    home = Household.objects.get(homey_id=HOME_ID)
    return KioskDevice.objects.create(
        name="Hall tablet", household=home, created_by=alice, **fields
    )


def pair(tablet, kiosk: KioskDevice, button: str = "Pair this screen"):
    pairing = kiosks.start_pairing(kiosk)
    tablet.goto(f"/kiosk/pair/{pairing.secret}/")
    tablet.get_by_role("button", name=button).click()
    tablet.wait_for_url("**/kiosk/")
    return tablet
