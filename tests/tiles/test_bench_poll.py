"""bench/poll.py still runs (tiny numbers; the figures themselves are for people to read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "poll.py"


@pytest.mark.bench
def test_the_poll_bench_runs_and_prints_its_figures():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--pages", "3", "--interval", "1", "--duration", "2.5"]
        + ["--samples", "20"],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    fetches = re.search(r"upstream device fetches: (\d+) = ([\d.]+) per interval", result.stdout)
    assert fetches, result.stdout
    assert int(fetches.group(1)) >= 1
    assert re.search(r"median unchanged poll \(204\): [\d.]+ ms", result.stdout)
    assert re.search(r"median trivial Django view \(/healthz\): [\d.]+ ms", result.stdout)
