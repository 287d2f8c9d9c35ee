"""Fixtures for the API tests: real tokens made the way the account page makes them.

``token(client, homey="Home", access="control")`` makes a token for the person signed in on
``client`` (one of the cast in ``tests/support/cast.py``) and returns a ``TokenClient``: the Django
test client sending ``Authorization: Bearer <token>`` with every request. Reads and writes go
on to the emulated Homey over real HTTP.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from dashboard import api_tokens
from dashboard.models import Household


class TokenClient:
    def __init__(self, raw: str, row) -> None:
        self.raw = raw
        self.row = row
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(f"/api/v1{path}", params, headers={**self.headers, **headers})

    def put(self, path: str, body: dict, **headers):
        return self.client.put(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body or {}),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def token():
    def make(person: Client, homey: str = "Home", access: str = "control") -> TokenClient:
        household = Household.objects.get(name=homey, private_to__isnull=True)
        made = api_tokens.create_token(person.user, household, f"{homey} script", access)
        return TokenClient(made.token, made.row)

    return make
