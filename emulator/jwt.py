"""RS512 JSON Web Tokens for delegation, with the ``cryptography`` package.

The key pair is made once per process; ``/delegation/key`` serves the public half as PEM,
which is what the official client's ``verifyDelegationTokenCached`` hands to jsonwebtoken.
"""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

_lock = threading.Lock()
_key: rsa.RSAPrivateKey | None = None


class InvalidToken(ValueError):
    """Malformed, badly signed or (see :func:`decode`) expired."""


def _private_key() -> rsa.RSAPrivateKey:
    global _key
    with _lock:
        if _key is None:
            _key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return _key


def public_key_pem() -> str:
    return (
        _private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(claims: dict[str, Any]) -> str:
    header = _b64(json.dumps({"alg": "RS512", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = _private_key().sign(signing_input, padding.PKCS1v15(), hashes.SHA512())
    return f"{header}.{payload}.{_b64(signature)}"


def decode(token: str, *, audience: str, now: float) -> dict[str, Any]:
    """Verify signature, ``aud`` and ``exp`` (against the emulator clock ``now``)."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_unb64(header_b64))
        claims = json.loads(_unb64(payload_b64))
        signature = _unb64(signature_b64)
    except (ValueError, TypeError) as exc:
        raise InvalidToken("Malformed token") from exc
    if header.get("alg") != "RS512" or not isinstance(claims, dict):
        raise InvalidToken("Unsupported token")
    try:
        _private_key().public_key().verify(
            signature, f"{header_b64}.{payload_b64}".encode(), padding.PKCS1v15(), hashes.SHA512()
        )
    except InvalidSignature as exc:
        raise InvalidToken("Invalid signature") from exc
    if claims.get("aud") != audience:
        raise InvalidToken("Invalid audience")
    if not isinstance(claims.get("exp"), int | float) or now >= claims["exp"]:
        raise InvalidToken("Token expired")
    return claims
