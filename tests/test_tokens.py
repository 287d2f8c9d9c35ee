"""Tokens at rest and silent renewal, against the emulator's rotating cloud."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dashboard import crypto
from dashboard.connection import Connection, access_token, athom_cloud
from dashboard.homey.errors import SignInRequired
from dashboard.models import Account, HomeyLink
from tests.support.cast import sign_in

ROOT = Path(__file__).resolve().parent.parent


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
        return repr(cursor.fetchall())


def expire_access_token(account: Account) -> None:
    Account.objects.filter(pk=account.pk).update(
        access_expires=timezone.now() - timedelta(minutes=1)
    )
    account.refresh_from_db()


@pytest.mark.django_db
def test_the_database_row_holds_no_token(alice_client):
    account = Account.objects.get(user=alice_client.user)
    access, refresh = account.access_token(), account.refresh_token()
    assert access and refresh
    rows = raw_rows("dashboard_account")
    assert access not in rows and refresh not in rows
    assert account.refresh_token_enc in rows  # what is there is the ciphertext


@pytest.mark.django_db
def test_a_new_key_in_front_keeps_everyone_signed_in(alice_client, settings):
    old = list(settings.HOMEYDASH_TOKEN_KEYS)
    account = Account.objects.get(user=alice_client.user)
    refresh = account.refresh_token()

    settings.HOMEYDASH_TOKEN_KEYS = [Fernet.generate_key().decode(), *old]
    account.refresh_from_db()
    assert account.refresh_token() == refresh
    assert crypto.needs_rotation(account.refresh_token_enc)
    assert alice_client.get("/").status_code == 200

    call_command("rotate_token_keys", stdout=io.StringIO())
    account.refresh_from_db()
    assert not crypto.needs_rotation(account.refresh_token_enc)
    settings.HOMEYDASH_TOKEN_KEYS = settings.HOMEYDASH_TOKEN_KEYS[:1]
    assert account.refresh_token() == refresh


@pytest.mark.django_db
def test_a_token_stored_with_a_removed_key_means_signing_in_again(alice_client, settings):
    account = Account.objects.get(user=alice_client.user)
    expire_access_token(account)
    settings.HOMEYDASH_TOKEN_KEYS = [Fernet.generate_key().decode()]
    with athom_cloud(None) as cloud, pytest.raises(SignInRequired):
        access_token(account, cloud)
    assert Account.objects.get(pk=account.pk).signin_required


@pytest.mark.django_db
def test_an_expiring_access_token_is_refreshed_and_the_rotated_refresh_token_saved(
    alice_client,
):
    account = Account.objects.get(user=alice_client.user)
    old_access, old_refresh = account.access_token(), account.refresh_token()
    expire_access_token(account)

    with athom_cloud(None) as cloud:
        token = access_token(account, cloud)

    account.refresh_from_db()
    assert token == account.access_token() != old_access
    assert account.refresh_token() != old_refresh  # the emulator rotates
    assert account.access_expires > timezone.now()


@pytest.mark.django_db
def test_a_token_the_cloud_refuses_early_is_renewed_once_and_the_call_retried(
    alice_client, emulator_world
):
    # The cloud's clock runs ahead: it considers the token expired while we do not.
    emulator_world.clock.advance(4000)
    link = HomeyLink.objects.get(user=alice_client.user, household__name="Home")
    devices = Connection(link).call(lambda homey: homey.get_devices())
    assert len(devices) >= 25


@pytest.mark.django_db
def test_a_homey_session_that_expires_is_replaced_by_a_new_login(alice_client, emulator_world):
    link = HomeyLink.objects.get(user=alice_client.user, household__name="Home")
    connection_ = Connection(link)
    assert connection_.call(lambda homey: homey.get_zones())
    emulator_world.homeys[link.household.homey_id].expire_sessions()
    assert connection_.call(lambda homey: homey.get_zones())


@pytest.mark.django_db
def test_every_request_names_the_homey_it_is_for(alice_client, emulator_world):
    holiday = HomeyLink.objects.get(user=alice_client.user, household__name="Holiday house")
    home = HomeyLink.objects.get(user=alice_client.user, household__name="Home")
    holiday_devices = Connection(holiday).call(lambda homey: homey.get_devices())
    home_devices = Connection(home).call(lambda homey: homey.get_devices())
    assert set(holiday_devices).isdisjoint(home_devices)
    assert len(holiday_devices) < len(home_devices)


def _session_cookie_for(user, live_server) -> dict[str, str]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_on_an_expired_token_keep_the_person_connected(
    live_server, settings, emulator_world
):
    """Eight requests at once, all finding the access token expired, against a cloud that
    refuses a refresh token once it has been rotated: exactly one refresh happens and the
    person stays connected."""
    settings.ATHOM_API_URL = f"{live_server.url}/emulator/cloud"
    from django.test import Client

    user = sign_in(Client(), f"{live_server.url}/emulator", "alice@example.com")
    account = Account.objects.get(user=user)
    expire_access_token(account)
    refresh_before = account.refresh_token()
    cookies = _session_cookie_for(user, live_server)

    results: list[int] = []

    def open_picker() -> None:
        response = requests.get(f"{live_server.url}/homeys/", cookies=cookies, timeout=30)
        results.append(response.status_code)

    threads = [threading.Thread(target=open_picker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    account.refresh_from_db()
    assert results == [200] * 8
    assert account.connected and not account.signin_required
    assert account.refresh_token() != refresh_before
    # Still good for the next request, with the refresh token that was saved last.
    expire_access_token(account)
    with athom_cloud(None) as cloud:
        assert access_token(account, cloud)


WORKER = """
import django, sys
django.setup()
from dashboard.connection import access_token, athom_cloud
from dashboard.models import Account
account = Account.objects.get(pk=int(sys.argv[1]))
with athom_cloud(None) as cloud:
    access_token(account, cloud)
print("ok")
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_processes_refreshing_one_account_never_lose_the_link(
    live_server, settings, emulator_world
):
    settings.ATHOM_API_URL = f"{live_server.url}/emulator/cloud"
    from django.test import Client

    user = sign_in(Client(), f"{live_server.url}/emulator", "alice@example.com")
    account = Account.objects.get(user=user)
    expire_access_token(account)
    database = connection.settings_dict["NAME"]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "homeydash.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "ATHOM_API_URL": settings.ATHOM_API_URL,
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(account.pk)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [out.strip() for out, _err in outputs] == ["ok"] * 4, [err for _o, err in outputs]
    account.refresh_from_db()
    assert account.connected
