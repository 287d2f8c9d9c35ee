"""Tokens at rest: the one place that encrypts and decrypts them.

MultiFernet over ``HOMEYDASH_TOKEN_KEYS`` (newest first, like Django's SECRET_KEY_FALLBACKS):
encryption always uses the newest key, decryption tries each, so adding a key in front keeps
every stored token readable; ``needs_rotation`` tells a caller to re-encrypt an old one.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class UnreadableSecret(Exception):
    """Stored with a key that is no longer configured."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.HOMEYDASH_TOKEN_KEYS))


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    if not ciphertext:
        return ""
    try:
        return _current().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        raise UnreadableSecret("stored secret cannot be read with the configured keys") from None


def needs_rotation(ciphertext: str) -> bool:
    """True when ``ciphertext`` was not made with the newest key."""
    if not ciphertext:
        return False
    newest = Fernet(settings.HOMEYDASH_TOKEN_KEYS[0].encode())
    try:
        newest.decrypt(ciphertext.encode())
    except InvalidToken:
        return True
    return False


def invalid_keys(keys: list[str]) -> list[int]:
    """Positions (1-based) of entries in ``keys`` that are not Fernet keys."""
    bad = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            bad.append(position)
    return bad
