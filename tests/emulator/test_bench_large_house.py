"""bench/large_house.py still runs (the figures themselves are for people to read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "large_house.py"


@pytest.mark.bench
def test_the_large_house_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--devices", "300", "--samples", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"Estate\s+300\s+\d{6,}\s+\d+\s+[\d.]+\s+[\d.]+", result.stdout), result.stdout
