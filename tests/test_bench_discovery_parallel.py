"""bench/discovery_parallel.py still runs and prints its side-by-side figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "discovery_parallel.py"


@pytest.mark.bench
def test_the_discovery_bench_runs_and_prints_lan_and_vps_side_by_side():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--rounds", "1"], capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"LAN\s+[\d.]+ s\s+[\d.]+ s\s+localSecure", result.stdout), result.stdout
    assert re.search(r"VPS\s+[\d.]+ s\s+[\d.]+ s\s+cloud", result.stdout), result.stdout
