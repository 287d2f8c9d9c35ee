"""Fidelity tests need Athom's official package, fetched by fetch_official_client.sh."""

from __future__ import annotations

import pytest

from tests.support.spec import load_spec


@pytest.fixture(scope="session")
def homey_spec() -> dict:
    return load_spec("HomeyAPIV3Local")


@pytest.fixture(scope="session")
def cloud_spec() -> dict:
    return load_spec("AthomCloudAPI")
