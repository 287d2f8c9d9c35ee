"""Guessing is bounded whatever the number of workers, proxies or parallel requests: pairing
codes are counted per real client in the shared cache and per live code; the PIN check is one
atomic step whose lock-outs double, so a 4-digit PIN takes years to guess."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test import Client

from dashboard import kiosks
from dashboard.models import Household, KioskDevice
from dashboard.views.kiosk_screen import PAIR_ATTEMPTS

ROOT = Path(__file__).resolve().parents[2]
WRONG = "AAAA-AAAA"


@pytest.fixture(autouse=True)
def _fresh_counts(db):
    caches["shared"].clear()
    yield
    caches["shared"].clear()


def behind_proxy(address: str, spoofed: str = "") -> Client:
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_the_reverse_proxy_each_client_has_its_own_count(new_kiosk, settings):
    settings.HOMEYDASH_TRUSTED_PROXIES = 1
    pairing = kiosks.start_pairing(new_kiosk())
    guesser = behind_proxy("203.0.113.7")
    for _ in range(10):
        assert guesser.post("/kiosk/pair", {"code": WRONG}).status_code == 400
    refused = guesser.post("/kiosk/pair", {"code": pairing.code})
    assert "Too many wrong codes" in refused.content.decode()
    # What the client itself writes further left in X-Forwarded-For buys it nothing.
    spoofing = behind_proxy("203.0.113.7", spoofed="198.51.100.1")
    assert "Too many wrong codes" in spoofing.post("/kiosk/pair", {"code": WRONG}).text
    # Another household behind the same proxy pairs.
    assert behind_proxy("192.0.2.44").post("/kiosk/pair", {"code": pairing.code}).status_code == 302


def test_without_trusted_proxies_forwarded_headers_are_ignored(new_kiosk):
    for index in range(10):
        behind_proxy(f"203.0.113.{index}").post("/kiosk/pair", {"code": WRONG})
    assert (
        "Too many wrong codes"
        in behind_proxy("203.0.113.99").post("/kiosk/pair", {"code": WRONG}).content.decode()
    )


def test_an_ipv6_client_counts_by_its_64(new_kiosk):
    for host in range(10):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{host + 1:x}").post("/kiosk/pair", {"code": WRONG})
    same_net = Client(REMOTE_ADDR="2001:db8:1:2:ffff::1").post("/kiosk/pair", {"code": WRONG})
    assert "Too many wrong codes" in same_net.content.decode()
    other_net = Client(REMOTE_ADDR="2001:db8:1:3::1").post("/kiosk/pair", {"code": WRONG})
    assert "unknown or has expired" in other_net.content.decode()


WORKER = """
import django, sys
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR="198.51.100.8")
for _ in range(int(sys.argv[1])):
    assert client.post("/kiosk/pair", {"code": "AAAA-AAAA"}).status_code == 400
print("ok")
"""


@pytest.mark.django_db(transaction=True)
def test_the_count_is_shared_by_every_worker_process(new_kiosk):
    """Two other processes (two workers) spend 5 tries each; this one then has none left."""
    pairing = kiosks.start_pairing(new_kiosk())
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "homeydash.settings",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, "5"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [out.strip() for out, _ in outputs] == ["ok", "ok"], [err for _, err in outputs]
    response = Client(REMOTE_ADDR="198.51.100.8").post("/kiosk/pair", {"code": pairing.code})
    assert "Too many wrong codes" in response.content.decode()


def in_parallel(count: int, job) -> list:
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = job(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_from_one_client_get_ten_tries_and_no_more():
    def guess(_index: int) -> str:
        return Client(REMOTE_ADDR="198.51.100.9").post("/kiosk/pair", {"code": WRONG}).text

    answers = in_parallel(24, guess)
    assert sum("unknown or has expired" in answer for answer in answers) == 10
    assert sum("Too many wrong codes" in answer for answer in answers) == 14
    assert PAIR_ATTEMPTS.used("198.51.100.9") == 10


def test_a_live_code_ends_after_fifty_wrong_codes_from_anywhere_but_its_link_works(
    new_kiosk, alice_client
):
    kiosk = new_kiosk()
    pairing = kiosks.start_pairing(kiosk)
    for index in range(kiosks.PAIRING_CODE_MISSES):
        Client(REMOTE_ADDR=f"198.51.100.{index}").post("/kiosk/pair", {"code": WRONG})
    late = Client(REMOTE_ADDR="192.0.2.1").post("/kiosk/pair", {"code": pairing.code})
    assert "unknown or has expired" in late.content.decode()
    page = alice_client.get("/kiosks/").content.decode()
    assert "pairing code stopped working after too many wrong codes" in page
    assert Client().post(f"/kiosk/pair/{pairing.secret}/").status_code == 302
    # A new pairing has a new code with a fresh count.
    fresh = kiosks.start_pairing(kiosk)
    assert (
        Client(REMOTE_ADDR="192.0.2.2").post("/kiosk/pair", {"code": fresh.code}).status_code == 302
    )


# PIN -------------------------------------------------------------------------------------


@pytest.fixture
def pin_kiosk(new_kiosk):
    kiosk = new_kiosk(can_control=True, require_pin=True)
    kiosks.set_pin(kiosk, "2468")
    kiosk.save()
    return kiosk


def test_lock_outs_double_with_every_five_more_wrong_pins(pin_kiosk, clock):
    expected = [5, 10, 20, 40]
    for minutes in expected:
        for _ in range(4):
            assert "Wrong PIN" in kiosks.check_pin(pin_kiosk, "0000")
        assert kiosks.check_pin(pin_kiosk, "0000") == (
            f"Too many wrong PINs. Try again in {minutes} minutes."
        )
        clock.shift(timedelta(minutes=minutes) - timedelta(seconds=1))
        assert "Too many wrong PINs" in kiosks.check_pin(pin_kiosk, "2468")
        clock.shift(timedelta(seconds=1))
    assert kiosks.check_pin(pin_kiosk, "2468") == ""
    pin_kiosk.refresh_from_db()
    assert pin_kiosk.pin_failures == 0 and pin_kiosk.pin_locked_until is None
    for _ in range(4):
        kiosks.check_pin(pin_kiosk, "0000")
    assert "5 minutes" in kiosks.check_pin(pin_kiosk, "0000")  # back to the first lock-out


def test_guessing_a_four_digit_pin_takes_years():
    def time_to_try(guesses: int) -> timedelta:
        return sum(
            (kiosks.pin_lock_after(n) or timedelta() for n in range(1, guesses)), timedelta()
        )

    year = timedelta(days=365)
    assert time_to_try(5_000) > 2.5 * year  # half the PINs: even odds
    assert time_to_try(10_000) > 5 * year  # every PIN
    assert kiosks.pin_lock_after(10_000) == kiosks.PIN_LOCK_MAX


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_pins_cannot_pass_the_limit():
    alice = User.objects.create(username="alice")
    kiosk = KioskDevice.objects.create(
        name="Hall",
        household=Household.objects.create(name="Home", homey_id="h1"),
        created_by=alice,
    )
    kiosks.set_pin(kiosk, "2468")
    kiosk.save()

    answers = in_parallel(20, lambda index: kiosks.check_pin(kiosk, f"{index + 1000}"))

    assert sum(answer.startswith("Wrong PIN") for answer in answers) == 4
    assert sum(answer.startswith("Too many wrong PINs") for answer in answers) == 16
    kiosk.refresh_from_db()
    assert kiosk.pin_failures == 5
    assert "Too many wrong PINs" in kiosks.check_pin(kiosk, "2468")


def test_the_wall_screens_page_shows_wrong_pins(pin_kiosk, alice_client, clock):
    for _ in range(3):
        kiosks.check_pin(pin_kiosk, "1111")
    page = alice_client.get("/kiosks/").content.decode()
    assert "3 wrong PINs since the last right one" in page
    assert "locked until" not in page
    for _ in range(2):
        kiosks.check_pin(pin_kiosk, "1111")
    page = alice_client.get("/kiosks/").content.decode()
    assert "5 wrong PINs since the last right one" in page
    assert "The PIN is locked until" in page
    kiosks.check_pin(pin_kiosk, "2468")
    clock.shift(timedelta(minutes=6))
    assert kiosks.check_pin(pin_kiosk, "2468") == ""
    assert "wrong PIN" not in alice_client.get("/kiosks/").content.decode()
