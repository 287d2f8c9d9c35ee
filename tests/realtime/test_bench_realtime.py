"""bench/realtime.py still runs (tiny numbers; the figures themselves are for people to read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "realtime.py"


@pytest.mark.bench
def test_the_realtime_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--seconds", "3", "--changes", "2", "--no-browser"],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    rows = re.findall(
        r"(interval reads |realtime socket): start [\d.]+ MB, ([\d.]+) MB per hour", result.stdout
    )
    assert len(rows) == 4, result.stdout
    assert "NOT live" not in result.stdout
