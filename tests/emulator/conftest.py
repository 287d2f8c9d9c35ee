"""The emulator's own tests: the emulator under test and the cast's Homey session tokens."""

from __future__ import annotations

import pytest

from tests.support.emulator import Emu


@pytest.fixture
def emu(emulator_url, emulator_world) -> Emu:
    return Emu(emulator_url)


@pytest.fixture
def alice(emu) -> str:
    """Alice's (owner) session token on Home."""
    return emu.session("alice@example.com")


@pytest.fixture
def bob(emu) -> str:
    return emu.session("bob@example.com")


@pytest.fixture
def dave(emu) -> str:
    return emu.session("dave@example.com")
