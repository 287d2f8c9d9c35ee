"""bench/served.py still runs (tiny numbers; the figures themselves are for people to read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "served.py"


@pytest.mark.bench
def test_the_served_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--pages", "6", "--seconds", "4", "--samples", "20"],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"total +[\d.]+ KB on the wire", result.stdout), result.stdout
    assert re.search(r"unchanged poll / trivial view: [\d.]+x", result.stdout)
    assert re.search(r"queries of an unchanged poll \(204\): \d+", result.stdout)
    assert re.search(r"device reads = [\d.]+ per interval", result.stdout)
