"""bench/kiosk_weight.py still runs and prints a row per page (the figures themselves are for
people to read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "kiosk_weight.py"


@pytest.mark.bench
def test_the_kiosk_weight_bench_runs_and_prints_each_page():
    result = subprocess.run(
        [sys.executable, str(BENCH)], capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr[-2000:]
    for page in ("kiosk /kiosk/, view-only", "kiosk /kiosk/, with controls", "phone / (Bob"):
        row = rf"^\s*{re.escape(page)}.*?(\d+ / \d+\s+){{3}}\d+ / \d+\s*$"
        assert re.search(row, result.stdout, re.M), result.stdout
