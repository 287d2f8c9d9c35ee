"""bench/discovery.py still runs (the figures themselves are for people to read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "discovery.py"


@pytest.mark.bench
def test_the_discovery_bench_runs_and_prints_each_scenario():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for scenario in ("LAN", "VPS", "VPS, no forwarded port"):
        assert re.search(rf"^{re.escape(scenario)}\s+[\d.]+s\s+[\d.]+s", result.stdout, re.M), (
            result.stdout
        )
