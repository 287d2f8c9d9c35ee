"""Wall tablets: pairing, the device cookie, the PIN for sensitive controls, night mode.

Pairing: an owner or manager starts a pairing and gets a one-time link secret and a short
code, stored only as hashes and dead after ``KioskDevice.PAIRING_TTL`` or their first use
(either one kills both). The tablet that presents one gets a fresh random device secret in a
long-lived HttpOnly cookie; only its hash is stored, so pairing again replaces the previous
tablet and revoking clears it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import ngettext
from django_htmx.http import trigger_client_event

from dashboard import clock, snapshot
from dashboard.models import KioskDevice
from dashboard.snapshot import Snapshot

COOKIE_NAME = "homeydash_kiosk"
COOKIE_MAX_AGE = 60 * 60 * 24 * 400  # browsers cap cookie lifetimes at 400 days
# No 0/O, 1/I/L: the code is read off a phone and typed on a tablet.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
LAST_SEEN_EVERY = timedelta(minutes=1)
# A live code ends after this many wrong codes typed anywhere during its ten minutes (from any
# number of addresses); its link, too long to guess, still works.
PAIRING_CODE_MISSES = 50
# Five wrong PINs in a row lock the PIN for five minutes; every five more double the lock-out,
# up to a day. Guessing a 4-digit PIN then takes about 2.7 years on average, 5.5 at worst
# (``tests/kiosk/test_guess_limits.py`` works it out).
PIN_FREE_TRIES = 5
PIN_LOCK = timedelta(minutes=5)
PIN_LOCK_MAX = timedelta(days=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# pairing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pairing:
    """What the manager sees once: the link secret, the code (``ABCD-EFGH``), the expiry."""

    secret: str
    code: str
    expires: datetime


def normalize_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def start_pairing(kiosk: KioskDevice) -> Pairing:
    """A new link and code for ``kiosk``; earlier unused ones stop working."""
    secret = secrets.token_urlsafe(24)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    kiosk.pairing_token_hash = _hash(secret)
    kiosk.pairing_code_hash = _hash(code)
    kiosk.pairing_expires = clock.now() + KioskDevice.PAIRING_TTL
    kiosk.pairing_code_misses = 0
    kiosk.save(
        update_fields=[
            "pairing_token_hash",
            "pairing_code_hash",
            "pairing_expires",
            "pairing_code_misses",
        ]
    )
    return Pairing(secret, f"{code[:4]}-{code[4:]}", kiosk.pairing_expires)


def pairing_kiosk(*, secret: str = "", code: str = "") -> KioskDevice | None:
    """The kiosk a live pairing link or code belongs to (None: unknown, used or expired)."""
    if secret:
        lookup = {"pairing_token_hash": _hash(secret)}
    elif normalize_code(code):
        lookup = {"pairing_code_hash": _hash(normalize_code(code))}
    else:
        return None
    return (
        KioskDevice.objects.select_related("household", "dashboard")
        .filter(**lookup, pairing_expires__gt=clock.now())
        .first()
    )


def complete_pairing(kiosk: KioskDevice, *, secret: str = "", code: str = "") -> str | None:
    """Bind the tablet: returns its new device secret, or None when the pairing was used up.

    One conditional UPDATE, so two tablets racing with the same link cannot both win.
    """
    lookup = (
        {"pairing_token_hash": _hash(secret)}
        if secret
        else {"pairing_code_hash": _hash(normalize_code(code))}
    )
    device_secret = secrets.token_urlsafe(32)
    now = clock.now()
    won = KioskDevice.objects.filter(pk=kiosk.pk, pairing_expires__gt=now, **lookup).update(
        device_secret_hash=_hash(device_secret),
        paired_at=now,
        last_seen=now,
        revoked_at=None,
        pairing_token_hash="",
        pairing_code_hash="",
        pairing_expires=None,
    )
    return device_secret if won else None


def count_code_miss() -> None:
    """A wrong code was typed: it may have been a guess at any live code, so each counts it,
    and those that reach ``PAIRING_CODE_MISSES`` stop working (their links do not)."""
    live = KioskDevice.objects.filter(pairing_expires__gt=clock.now()).exclude(pairing_code_hash="")
    live.update(pairing_code_misses=F("pairing_code_misses") + 1)
    live.filter(pairing_code_misses__gte=PAIRING_CODE_MISSES).update(pairing_code_hash="")


def set_cookie(response: HttpResponse, device_secret: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        device_secret,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.HOMEYDASH_HTTPS,
    )


def revoke(kiosk: KioskDevice) -> None:
    """The tablet's cookie stops working at its next request; pending pairings die too."""
    kiosk.revoked_at = clock.now()
    kiosk.device_secret_hash = ""
    kiosk.pairing_token_hash = ""
    kiosk.pairing_code_hash = ""
    kiosk.pairing_expires = None
    kiosk.save(
        update_fields=[
            "revoked_at",
            "device_secret_hash",
            "pairing_token_hash",
            "pairing_code_hash",
            "pairing_expires",
        ]
    )


# the tablet's cookie ---------------------------------------------------------------------


def kiosk_for_secret(device_secret: str) -> KioskDevice | None:
    """The active kiosk behind a cookie value; notes when it was last seen (once a minute)."""
    if not device_secret or len(device_secret) > 200:
        return None
    kiosk = (
        KioskDevice.objects.select_related("household", "dashboard")
        .filter(device_secret_hash=_hash(device_secret), revoked_at__isnull=True)
        .first()
    )
    if kiosk is not None:
        now = clock.now()
        if kiosk.last_seen is None or now - kiosk.last_seen >= LAST_SEEN_EVERY:
            KioskDevice.objects.filter(pk=kiosk.pk).update(last_seen=now)
            kiosk.last_seen = now
    return kiosk


# PIN -------------------------------------------------------------------------------------


def set_pin(kiosk: KioskDevice, pin: str) -> None:
    kiosk.pin_hash = make_password(pin)
    kiosk.pin_failures = 0
    kiosk.pin_locked_until = None


def pin_required(kiosk: KioskDevice | None) -> bool:
    return kiosk is not None and kiosk.require_pin


def pin_lock_after(failures: int) -> timedelta | None:
    """How long the PIN locks after the ``failures``-th wrong PIN in a row (None: not)."""
    if failures <= 0 or failures % PIN_FREE_TRIES:
        return None
    doublings = failures // PIN_FREE_TRIES - 1
    if doublings >= 20:
        return PIN_LOCK_MAX
    return min(PIN_LOCK * 2**doublings, PIN_LOCK_MAX)


def check_pin(kiosk: KioskDevice, pin: str) -> str:
    """'' when ``pin`` is right; otherwise why not.

    One step under the kiosk's row lock (``SELECT ... FOR UPDATE``; on SQLite the IMMEDIATE
    transaction): read the lock, check the hash, count the failure and lock. Parallel guesses
    queue behind each other, so none slips past the count, whatever the number of workers.
    """
    now = clock.now()
    with transaction.atomic():
        current = KioskDevice.objects.select_for_update().get(pk=kiosk.pk)
        if current.pin_locked_until is not None and current.pin_locked_until > now:
            return _locked_message(current.pin_locked_until - now)
        if pin and current.pin_hash and check_password(pin, current.pin_hash):
            if current.pin_failures or current.pin_locked_until:
                KioskDevice.objects.filter(pk=kiosk.pk).update(
                    pin_failures=0, pin_locked_until=None
                )
            return ""
        failures = current.pin_failures + 1
        lock = pin_lock_after(failures)
        KioskDevice.objects.filter(pk=kiosk.pk).update(
            pin_failures=failures,
            pin_last_failure=now,
            pin_locked_until=now + lock if lock else None,
        )
    if lock:
        return _locked_message(lock)
    left = PIN_FREE_TRIES - failures % PIN_FREE_TRIES
    return ngettext(
        "Wrong PIN; nothing was sent. %(left)d try left.",
        "Wrong PIN; nothing was sent. %(left)d tries left.",
        left,
    ) % {"left": left}


def _locked_message(remaining: timedelta) -> str:
    minutes = max(1, -(-int(remaining.total_seconds()) // 60))
    if minutes > 90:
        hours = -(-minutes // 60)
        return ngettext(
            "Too many wrong PINs. Try again in %(hours)d hour.",
            "Too many wrong PINs. Try again in %(hours)d hours.",
            hours,
        ) % {"hours": hours}
    return ngettext(
        "Too many wrong PINs. Try again in %(minutes)d minute.",
        "Too many wrong PINs. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


# night mode ------------------------------------------------------------------------------


def in_window(moment: time, start: time, end: time) -> bool:
    """Whether ``moment`` falls in [start, end), a window that may run past midnight."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def is_night(kiosk: KioskDevice, snap: Snapshot | None, now: datetime | None = None) -> bool:
    """Whether the screen should be dimmed now: by schedule (in the Homey's timezone), by a
    boolean Logic variable that is true, or by a device that is on."""
    mode = kiosk.night_mode
    if mode == KioskDevice.NightMode.SCHEDULE:
        if kiosk.night_start is None or kiosk.night_end is None:
            return False
        local = timezone.localtime(now or clock.now(), kiosk.household.tzinfo())
        return in_window(local.time().replace(tzinfo=None), kiosk.night_start, kiosk.night_end)
    if snap is None:
        return False
    if mode == KioskDevice.NightMode.VARIABLE:
        variable = snap.variables.get(kiosk.night_variable_id)
        return variable is not None and variable.value is True
    if mode == KioskDevice.NightMode.DEVICE:
        device = snap.devices.get(kiosk.night_device_id)
        onoff = device.capabilities.get("onoff") if device is not None else None
        return onoff is not None and onoff.value is True
    return False


def night_now(kiosk: KioskDevice) -> bool:
    """``is_night`` from the household's cached snapshot (no upstream request)."""
    if kiosk.night_mode in (KioskDevice.NightMode.OFF, KioskDevice.NightMode.SCHEDULE):
        return is_night(kiosk, None)
    return is_night(kiosk, snapshot.cached(kiosk.household_id))


def announce_night(kiosk: KioskDevice, response: HttpResponse) -> None:
    """Tell the kiosk screen on every poll whether to dim (``kiosk-night`` event)."""
    if kiosk.night_mode != KioskDevice.NightMode.OFF:
        trigger_client_event(response, "kiosk-night", {"night": night_now(kiosk)})
