"""Every refusal of a refresh that is not transient ends in "sign in again" for that person;
a refusal of homeydash's own client (``invalid_client``) is also a configuration problem for
whoever runs the server: on /healthz and in the log at ERROR. Network failures, 5xx and 429
from the token endpoint keep the person signed in. The cloud is the emulator's, behind a
proxy where a test needs an answer the emulator does not give."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboard.connection import access_token, athom_cloud
from dashboard.homey.errors import CloudUnavailable, SignInRequired
from dashboard.models import Account
from tests.support.loopback import FaultProxy, refusing

pytestmark = pytest.mark.django_db


def expire_access_token(user) -> Account:
    Account.objects.filter(user=user).update(access_expires=timezone.now() - timedelta(minutes=1))
    return Account.objects.get(user=user)


@pytest.fixture
def cloud_proxy(homey_settings, emulator_url):
    with FaultProxy(f"{emulator_url}/cloud") as proxy:
        homey_settings.ATHOM_API_URL = proxy.url
        yield proxy


def test_invalid_client_sends_the_person_to_sign_in_again(bob_client, settings):
    expire_access_token(bob_client.user)
    settings.ATHOM_CLIENT_SECRET = "changed-by-someone"

    response = bob_client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("signin_required")
    account = Account.objects.get(user=bob_client.user)
    assert account.signin_required and not account.refresh_token_enc


def test_invalid_client_is_a_configuration_problem_on_healthz_and_in_the_log(
    bob_client, settings, caplog
):
    assert Client().get("/healthz").json() == {"ok": True}
    expire_access_token(bob_client.user)
    settings.ATHOM_CLIENT_SECRET = "changed-by-someone"

    with caplog.at_level(logging.INFO):
        bob_client.get("/")

    health = Client().get("/healthz")
    assert health.status_code == 503
    assert health.json()["ok"] is False
    assert [p["id"] for p in health.json()["problems"]] == ["athom_client_refused"]
    assert "ATHOM_CLIENT_SECRET" in health.json()["problems"][0]["message"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "invalid_client" in errors[0].getMessage()
    assert "changed-by-someone" not in caplog.text


def test_the_problem_clears_once_the_cloud_accepts_the_client_again(
    alice_client, bob_client, settings
):
    secret = settings.ATHOM_CLIENT_SECRET
    expire_access_token(bob_client.user)
    settings.ATHOM_CLIENT_SECRET = "changed-by-someone"
    bob_client.get("/")
    assert Client().get("/healthz").status_code == 503

    settings.ATHOM_CLIENT_SECRET = secret
    expire_access_token(alice_client.user)
    assert alice_client.get("/").status_code == 200

    assert Client().get("/healthz").json() == {"ok": True}


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, "invalid_request"),
        (400, "unsupported_grant_type"),
        (400, "invalid_scope"),
        (401, "access_denied"),
        (403, "something_new"),
    ],
)
def test_any_other_refusal_of_the_refresh_means_signing_in_again(
    bob_client, cloud_proxy, status, error
):
    cloud_proxy.fail(
        r"/oauth2/token$", method="POST", status=status, body=f'{{"error": "{error}"}}'
    )
    account = expire_access_token(bob_client.user)

    with athom_cloud(None) as cloud, pytest.raises(SignInRequired):
        access_token(account, cloud)

    assert Account.objects.get(pk=account.pk).signin_required
    assert bob_client.get("/").headers["Location"] == reverse("signin_required")
    assert Client().get("/healthz").json() == {"ok": True}  # the person's, not the server's


@pytest.mark.parametrize(
    ("status", "body", "headers"),
    [
        (503, '{"error": "temporarily_unavailable"}', {}),
        (500, "<html>oops</html>", {"Content-Type": "text/html"}),
        (429, '{"error": "rate_limited"}', {"Retry-After": "30"}),
        (429, "slow down", {"Content-Type": "text/plain"}),
    ],
)
def test_a_transient_failure_of_the_refresh_keeps_the_person_signed_in(
    bob_client, cloud_proxy, status, body, headers
):
    cloud_proxy.fail(r"/oauth2/token$", method="POST", status=status, body=body, headers=headers)
    account = expire_access_token(bob_client.user)
    refresh = account.refresh_token_enc

    with athom_cloud(None) as cloud, pytest.raises(CloudUnavailable):
        access_token(account, cloud)

    account = Account.objects.get(pk=account.pk)
    assert not account.signin_required
    assert account.refresh_token_enc == refresh


def test_an_unreachable_cloud_keeps_the_person_signed_in(bob_client, homey_settings):
    homey_settings.ATHOM_API_URL = refusing()
    account = expire_access_token(bob_client.user)

    with athom_cloud(None) as cloud, pytest.raises(CloudUnavailable):
        access_token(account, cloud)

    assert not Account.objects.get(pk=account.pk).signin_required
