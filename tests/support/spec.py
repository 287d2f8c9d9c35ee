"""Athom's official specifications, from the package fetch_official_client.sh fetches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "homey-api"
SPECS = CACHE / "package" / "assets" / "specifications"
FETCH = "sh tests/fidelity/fetch_official_client.sh"


def load_spec(name: str) -> dict:
    path = SPECS / f"{name}.json"
    if not path.exists():
        pytest.skip(f"{path} is missing: run `{FETCH}` first")
    return json.loads(path.read_text())
