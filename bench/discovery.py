"""How long finding a Homey takes, on a LAN server and on a VPS, homeydash beside Athom's client.

    .venv/bin/python bench/discovery.py [--runs 3]

Starts homeydash in demo mode on 127.0.0.1 (it serves the emulator under /emulator/), signs
Erin in with real emulator tokens and times the first call to her Farmhouse (the Homey with
every real address shape: ``localUrlSecure``, ``localUrl``, ``remoteUrlForwarded``,
``remoteUrl``) with nothing cached. Scenarios, set through the emulator's address modes:

- ``LAN``: every address answers (a server in the home);
- ``VPS``: the two LAN addresses hang (unroutable from outside), the forwarded port answers;
- ``VPS, no forwarded port``: the LAN addresses and the forwarded one hang, only the relay
  (0.4 s slower per request) answers.

Printed side by side, per scenario: homeydash's discovery (``Connection`` finding a base URL,
median of ``--runs``), its whole first call (discovery + login + ``system.getInfo``), and the
official client's discovery (``AthomCloudAPI.Homey#authenticate``) when node and
``.cache/homey-api`` are present.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from poll import setup_django, start_server  # noqa: E402

HANG = "hang"
SCENARIOS = {
    "LAN": {},
    "VPS": {"localUrlSecure": HANG, "localUrl": HANG},
    "VPS, no forwarded port": {
        "localUrlSecure": HANG,
        "localUrl": HANG,
        "remoteUrlForwarded": HANG,
    },
}
OFFICIAL = """
import { createRequire } from 'node:module';
const require = createRequire(process.argv[2] + '/noop.js');
const AthomCloudAPI = require('homey-api/lib/AthomCloudAPI');
const cloud = new AthomCloudAPI({
  clientId: 'homeydash-demo', clientSecret: 'homeydash-demo-secret', baseUrl: process.argv[3],
});
await cloud.authenticateWithPassword('erin@example.com', 'homey');
const user = await cloud.getAuthenticatedUser();
const started = Date.now();
const homey = await user.getHomeyById(process.argv[4]).authenticate({
  strategy: ['localSecure', 'local', 'remoteForwarded', 'cloud'],
});
console.log(JSON.stringify({ ms: Date.now() - started, strategy: homey.strategyId }));
homey.destroy();
process.exit(0);
"""


def official_discovery(base: str, homey_id: str) -> tuple[float, str] | None:
    node = shutil.which("node")
    modules = ROOT / ".cache" / "homey-api" / "node" / "node_modules"
    if node is None or not (modules / "homey-api").exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", delete=False) as script:
        script.write(OFFICIAL)
    result = subprocess.run(
        [node, script.name, str(modules), f"{base}/emulator/cloud", homey_id],
        capture_output=True,
        text=True,
        timeout=60,
    )
    Path(script.name).unlink()
    if result.returncode != 0:
        return None
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["ms"], answer["strategy"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="homeydash-bench-") as workdir:
        setup_django(workdir, 2)
        import requests
        from django.conf import settings
        from django.core.cache import cache

        from dashboard.accounts import sign_in_with_cloud
        from dashboard.connection import Connection, athom_cloud
        from dashboard.homey.types import TokenSet
        from dashboard.models import HomeyLink
        from emulator.constants import FARMHOUSE_ID
        from emulator.world import get_world

        logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the hangs' 504s
        base = start_server()
        settings.ATHOM_API_URL = f"{base}/emulator/cloud"
        world = get_world()
        world.reset(seed=1)
        answer = requests.post(
            f"{base}/emulator/cloud/oauth2/token",
            data={"grant_type": "password", "username": "erin@example.com", "password": "homey"},
            auth=(settings.ATHOM_CLIENT_ID, settings.ATHOM_CLIENT_SECRET),
            timeout=10,
        )
        tokens = TokenSet.from_json(answer.json())
        with athom_cloud(None) as cloud:
            user = sign_in_with_cloud(cloud.get_authenticated_user(tokens.access_token), tokens)
        link = HomeyLink.objects.get(user=user, household__homey_id=FARMHOUSE_ID, kind="cloud")

        rows = []
        for name, modes in SCENARIOS.items():
            with world.lock:
                world.config.offline_hang_seconds = 15
                faults = world.faults.homey(FARMHOUSE_ID)
                faults.addresses = dict(modes)
            found, first = [], []
            for _ in range(args.runs):
                cache.clear()
                began = time.perf_counter()
                try:
                    chosen = Connection(link)._base_url()
                except Exception as error:  # noqa: BLE001  (a bench reports, never stops)
                    chosen = f"failed: {error.__class__.__name__}"
                found.append(time.perf_counter() - began)
                cache.clear()
                began = time.perf_counter()
                with contextlib.suppress(Exception):  # a bench reports, never stops
                    Connection(link).call(lambda homey: homey.get_system_info())
                first.append(time.perf_counter() - began)
            label = chosen.split("/emulator/")[-1] if "/emulator/" in chosen else chosen
            official = official_discovery(base, FARMHOUSE_ID)
            rows.append((name, statistics.median(found), statistics.median(first), label, official))

    print(f"finding the Farmhouse with nothing cached (median of {args.runs} runs)")
    header = f"{'scenario':<24} {'homeydash':>10} {'first call':>11} {'official':>9}"
    print(f"{header}  homeydash picked / official picked")
    for name, found, first, label, official in rows:
        theirs = f"{official[0] / 1000:>8.2f}s" if official else f"{'n/a':>9}"
        strategy = official[1] if official else "-"
        print(f"{name:<24} {found:>9.2f}s {first:>10.2f}s {theirs}  {label} / {strategy}")


if __name__ == "__main__":
    main()
