"""Kiosks on Alice's "Home", and tablets paired to them.

``new_kiosk(**fields)``  fixture: a KioskDevice on Home created by Alice (view-only, default board).
``tablet(kiosk)``        fixture: a fresh test client (no person) paired to ``kiosk`` by its link.
``pair(kiosk, client)``  the same as a function.
"""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard import kiosks
from dashboard.models import KioskDevice
from tests.support.tiles import home


@pytest.fixture
def new_kiosk(alice_client):
    def make(**fields) -> KioskDevice:
        defaults = {"name": "Hall tablet", "household": home(), "created_by": alice_client.user}
        return KioskDevice.objects.create(**{**defaults, **fields})

    return make


def pair(kiosk: KioskDevice, client: Client | None = None) -> Client:
    """Pair ``client`` (a new one by default) with a fresh link for ``kiosk``."""
    client = client or Client()
    pairing = kiosks.start_pairing(kiosk)
    response = client.post(f"/kiosk/pair/{pairing.secret}/")
    assert response.status_code == 302, response.status_code
    return client


@pytest.fixture
def tablet():
    return pair
