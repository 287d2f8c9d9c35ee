"""How long finding a Homey takes, on a server in the home (LAN) and on a VPS, side by side.

    .venv/bin/python bench/discovery_parallel.py [--rounds 5]

Serves the emulator on 127.0.0.1 and gives one Homey the four addresses the cloud lists
(``localUrlSecure``, ``localUrl``, ``remoteUrlForwarded``, ``remoteUrl``):

- LAN: every address answers (the emulated Homey and its relay);
- VPS: the LAN addresses and the forwarded one accept connections and never answer (private
  addresses seen from outside the home), only the relay (``remoteUrl``) answers.

For each setup it prints the median time of homeydash's discovery
(``dashboard.homey.discovery``: every address pinged at once, ``localUrlSecure`` first, as
Athom's official client does) next to the time of pinging the addresses one after another
with 2 s each (what homeydash did before), measured in this run. Target: under 1.5 s on a VPS.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEQUENTIAL_TIMEOUT = 2.0


def setup_django() -> None:
    os.environ.pop("ATHOM_CLIENT_ID", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "homeydash.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sequential(homey_id: str, addresses: dict[str, str]) -> str:
    """The old way: each address in turn, 2 s each, the first that answers."""
    from dashboard.homey.client import HomeyClient
    from dashboard.homey.errors import HomeyError

    for url in addresses.values():
        with HomeyClient(url, homey_id=homey_id) as probe:
            try:
                probe.ping(timeout=SEQUENTIAL_TIMEOUT)
            except HomeyError:
                continue
            return url
    raise RuntimeError("nothing answered")


def parallel(homey_id: str, addresses: dict[str, str]) -> str:
    from dashboard.homey.discovery import discover

    return discover(homey_id, addresses).url


def timed(run, homey_id: str, addresses: dict[str, str], rounds: int) -> tuple[float, str]:
    times, url = [], ""
    for _ in range(rounds):
        started = time.perf_counter()
        url = run(homey_id, addresses)
        times.append(time.perf_counter() - started)
    return statistics.median(times), url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django()
    from emulator.server import serve_in_background
    from emulator.world import HOME_ID
    from tests.support.loopback import hanging  # an address that accepts and never answers

    server = serve_in_background("127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.server_address[1]}/emulator"
    local, relay = f"{base}/homey/{HOME_ID}", f"{base}/relay/{HOME_ID}"
    try:
        with hanging() as dead_lan, hanging() as dead_forwarded:
            setups = {
                "LAN": {
                    "localSecure": local,
                    "local": local,
                    "remoteForwarded": relay,
                    "cloud": relay,
                },
                "VPS": {
                    "localSecure": dead_lan,
                    "local": dead_lan,
                    "remoteForwarded": dead_forwarded,
                    "cloud": relay,
                },
            }
            print(f"discovery of one Homey, median of {args.rounds} rounds")
            print(f"{'setup':<6}{'parallel (now)':>18}{'one by one (before)':>24}  chosen")
            for name, addresses in setups.items():
                fast, chosen = timed(parallel, HOME_ID, addresses, args.rounds)
                slow, _url = timed(sequential, HOME_ID, addresses, args.rounds)
                strategy = next(s for s, url in addresses.items() if url == chosen)
                print(f"{name:<6}{fast:>16.2f} s{slow:>22.2f} s  {strategy}")
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
