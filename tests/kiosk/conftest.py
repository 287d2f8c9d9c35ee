"""The kiosk tests hash PINs quickly (the fixtures are in tests/support/kiosk.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_pin_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
