"""Athom's official JavaScript client (homey-api 3.20.0) against ``python -m emulator``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
import requests

from emulator.constants import HOME_ID
from tests.support.loopback import free_port
from tests.support.spec import CACHE, FETCH, ROOT

SCRIPT = ROOT / "tests" / "fidelity" / "official_client.mjs"
ROUGH_SCRIPT = ROOT / "tests" / "fidelity" / "official_client_rough.mjs"
REALTIME_SCRIPT = ROOT / "tests" / "fidelity" / "official_realtime.mjs"


@pytest.fixture
def standalone_emulator():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/emulator"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ping = requests.get(f"{base}/homey/{HOME_ID}/api/manager/system/ping", timeout=2)
                if ping.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "python -m emulator did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run_official(script, base: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (CACHE / "node" / "node_modules" / "homey-api").exists():
        pytest.skip(f"the official client is missing: run `{FETCH}` first")
    env = {**os.environ, "HOMEY_DISCOVERY_MDNS_HOST": "127.0.0.1", "HOMEY_DISCOVERY_MDNS_PORT": "9"}
    env.pop("ATHOM_CLOUD_API_BASEURL", None)
    result = subprocess.run(
        [node, str(script), base],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def test_the_official_client_signs_in_discovers_reads_and_controls_the_house(
    standalone_emulator,
):
    output = run_official(SCRIPT, standalone_emulator)
    assert "official client: all checks passed" in output


def test_the_official_client_copes_with_the_rough_houses_old_homeys_and_homey_cloud(
    standalone_emulator,
):
    """Real address shapes and their modes, a 429, a reboot, the messy Farmhouse, the old
    Homey Pro (HomeyAPIV2: its Insights ids) and the Homey Cloud (HomeyAPIV3Cloud)."""
    output = run_official(ROUGH_SCRIPT, standalone_emulator)
    assert "official client (rough): all checks passed" in output


def test_the_official_client_connects_the_realtime_socket_and_receives_changes(
    standalone_emulator,
):
    """``connect()``, API calls over the socket, ``makeCapabilityInstance`` and manager
    events, then a dropped socket and the client's own reconnect, on the LAN and relay."""
    output = run_official(REALTIME_SCRIPT, standalone_emulator)
    assert "official realtime: all checks passed" in output
