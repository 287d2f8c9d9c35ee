"""Schemathesis against the API's own OpenAPI document, over the live server with a real token:
no answer is a 500 and every answer matches the document (status, content type, body).

Kept short (a few examples per operation) so the suite stays fast; ``HOMEYDASH_SCHEMATHESIS``
raises the number of examples for a deeper run.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.cache import caches
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings

from dashboard import api_tokens
from dashboard.models import Household
from tests.support.cast import sign_in

EXAMPLES = int(os.environ.get("HOMEYDASH_SCHEMATHESIS", "3"))


@pytest.fixture
def api_url(live_server, settings, emulator_world) -> str:
    settings.ATHOM_API_URL = f"{live_server.url}/emulator/cloud"
    settings.HOMEYDASH_HTTP_TIMEOUT = 3
    settings.HOMEYDASH_API_RATE_LIMIT = 100_000
    caches["shared"].clear()
    return f"{live_server.url}/api/v1"


@pytest.fixture
def bearer(api_url) -> dict[str, str]:
    user = sign_in(Client(), api_url.removesuffix("/api/v1") + "/emulator", "alice@example.com")
    household = Household.objects.get(name="Home", private_to__isnull=True)
    made = api_tokens.create_token(user, household, "schemathesis", "control")
    return {"Authorization": f"Bearer {made.token}"}


def test_every_operation_answers_as_its_document_says(api_url, bearer):
    """Each operation of the document in turn, with Hypothesis-generated requests (paths,
    queries, bodies); ``call_and_validate`` runs Schemathesis' checks on every answer."""
    document = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    operations = [result.ok() for result in document.get_all_operations()]
    assert len(operations) >= 14

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            case.call_and_validate(headers=bearer)

        check()
