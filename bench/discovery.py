"""How long finding a Homey takes, on a server in the home (LAN) and on a VPS: homeydash now,
homeydash before and Athom's official client, side by side.

    .venv/bin/python bench/discovery.py [--runs 3]

Serves homeydash in demo mode on 127.0.0.1 (the emulator under /emulator/), signs Erin in
with real emulator tokens and finds her Farmhouse (the Homey with every real address shape:
``localUrlSecure``, ``localUrl``, ``remoteUrlForwarded``, ``remoteUrl``) with nothing cached.
Scenarios, set through the emulator's address modes:

- ``LAN``: every address answers (a server in the home);
- ``VPS``: the two LAN addresses hang (unroutable from outside), the forwarded port answers;
- ``VPS, no forwarded port``: the LAN addresses and the forwarded one hang, only the relay
  (0.4 s slower per request) answers.

Printed per scenario, medians of ``--runs``:

- ``parallel``: homeydash's discovery (``dashboard.homey.discovery``: every address pinged at
  once, ``localUrlSecure`` preferred, as the official client does);
- ``one by one``: the same addresses pinged one after another, 2 s each (what homeydash did
  before);
- ``first call``: homeydash's whole first call (discovery + login + ``system.getInfo``);
- ``official``: the official client's discovery (``AthomCloudAPI.Homey#authenticate``) when
  node and ``.cache/homey-api`` are present (``make official-client``).

Target: under 1.5 s on a VPS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from scratch import setup_django  # noqa: E402  (bench/ is on sys.path)

SEQUENTIAL_TIMEOUT = 2.0
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


def one_by_one(homey_id: str, addresses: dict[str, str]) -> str:
    """The old way: each address in turn, 2 s each; the strategy of the first that answers."""
    from dashboard.homey.client import HomeyClient
    from dashboard.homey.errors import HomeyError

    for strategy, url in addresses.items():
        with HomeyClient(url, homey_id=homey_id) as probe:
            try:
                probe.ping(timeout=SEQUENTIAL_TIMEOUT)
            except HomeyError:
                continue
            return strategy
    return "nothing answered"


def parallel(homey_id: str, addresses: dict[str, str]) -> str:
    from dashboard.homey.discovery import discover
    from dashboard.homey.errors import HomeyError

    try:
        return discover(homey_id, addresses).strategy
    except HomeyError as error:
        return f"failed: {error.__class__.__name__}"


def median_time(run: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median time of ``runs`` calls of ``run`` (the cache cleared before each), and
    what the last one gave."""
    from django.core.cache import cache

    times, result = [], None
    for _ in range(runs):
        cache.clear()
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def official_discovery(base: str, homey_id: str) -> tuple[float, str] | None:
    """(seconds, strategy) of the official client finding ``homey_id``; None without it."""
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
    return answer["ms"] / 1000, answer["strategy"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="homeydash-bench-") as workdir:
        setup_django(workdir)
        import requests
        from django.conf import settings

        from dashboard.accounts import sign_in_with_cloud
        from dashboard.connection import Connection, athom_cloud
        from dashboard.homey.types import TokenSet
        from dashboard.models import HomeyLink
        from emulator.constants import FARMHOUSE_ID
        from emulator.server import serve_in_background
        from emulator.world import get_world

        logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the hangs' 504s
        server = serve_in_background("127.0.0.1", 0)
        base = f"http://127.0.0.1:{server.server_address[1]}"
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
        addresses = link.household.addresses()

        def first_call() -> None:
            with contextlib.suppress(Exception):  # a bench reports, never stops
                Connection(link).call(lambda homey: homey.get_system_info())

        rows = []
        try:
            for name, modes in SCENARIOS.items():
                with world.lock:
                    world.config.offline_hang_seconds = 15
                    world.faults.homey(FARMHOUSE_ID).addresses = dict(modes)
                fast, picked = median_time(lambda: parallel(FARMHOUSE_ID, addresses), args.runs)
                slow, _ = median_time(lambda: one_by_one(FARMHOUSE_ID, addresses), args.runs)
                first, _ = median_time(first_call, args.runs)
                official = official_discovery(base, FARMHOUSE_ID)
                rows.append((name, fast, slow, first, official, picked))
        finally:
            server.shutdown()
            server.server_close()

    print(f"finding the Farmhouse with nothing cached (median of {args.runs} runs)")
    columns = f"{'parallel':>9} {'one by one':>11} {'first call':>11} {'official':>9}"
    print(f"{'scenario':<24} {columns}  picked: homeydash / official")
    for name, fast, slow, first, official, picked in rows:
        theirs = f"{official[0]:>8.2f}s" if official else f"{'n/a':>9}"
        strategy = official[1] if official else "-"
        print(
            f"{name:<24} {fast:>8.2f}s {slow:>10.2f}s {first:>10.2f}s {theirs}  "
            f"{picked} / {strategy}"
        )


if __name__ == "__main__":
    main()
