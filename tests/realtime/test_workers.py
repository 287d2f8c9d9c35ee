"""Two gunicorn worker processes serving pages of one Homey: one socket between them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone

from dashboard.models import RealtimeLease
from emulator.world import HOME_ID
from tests.support.cast import sign_in
from tests.support.loopback import free_port
from tests.support.realtime import sockets, wait_until

ROOT = Path(__file__).resolve().parents[2]
YEARS = timedelta(days=3 * 365)


@pytest.fixture
def gunicorn(homey_settings, emulator_url, emulator_world):
    """homeydash in two gunicorn workers on the test database, its cloud the test emulator."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "ATHOM_API_URL": f"{emulator_url}/cloud",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "HOMEYDASH_TOKEN_KEYS": ",".join(settings.HOMEYDASH_TOKEN_KEYS),
        "HOMEYDASH_REALTIME": "1",
        "HOMEYDASH_HTTP_TIMEOUT": "3",
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "homeydash.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--threads", "1", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(base), what="gunicorn to answer")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_two_worker_processes_serving_one_homey_open_one_socket(gunicorn, emulator_url):
    client = Client()
    sign_in(client, emulator_url, "alice@example.com")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The workers do not share the tests' frozen clock (nor faketime's offset with it).
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + YEARS)
    cookies = {settings.SESSION_COOKIE_NAME: key}

    def open_board(_n: int) -> int:
        return requests.get(f"{gunicorn}/", cookies=cookies, timeout=30).status_code

    with ThreadPoolExecutor(4) as pool:  # concurrent pages: both workers serve some
        assert set(pool.map(open_board, range(12))) == {200}
    wait_until(lambda: sockets_of(emulator_url) == 1, what="a socket")
    time.sleep(2)  # both supervisors have stepped; the loser stays out

    assert sockets_of(emulator_url) == 1
    assert RealtimeLease.objects.count() == 1


def sockets_of(emulator_url: str) -> int:
    from tests.support.emulator import Emu

    return sockets(Emu(emulator_url), HOME_ID)
