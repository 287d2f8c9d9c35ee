"""What a large house costs to fetch: payload size and fetch time of the device list.

    .venv/bin/python bench/large_house.py [--devices 320] [--samples 10]

Serves the emulator alone (``emulator.standalone_settings``) on 127.0.0.1, adds Erin's
"Estate" (``{"large_house": {"devices": N}}`` on the control API), signs Erin in over HTTP
(password grant → delegation → Homey login) and fetches ``GET /api/manager/devices/device``
``--samples`` times from Home (31 devices) and from the Estate. Printed side by side: device
count, payload bytes (raw and gzipped) and the median and slowest fetch.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=320)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args(argv)

    os.environ["DJANGO_SETTINGS_MODULE"] = "emulator.standalone_settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import requests

    from emulator import constants as c
    from emulator.server import serve_in_background

    server = serve_in_background()
    base = f"http://127.0.0.1:{server.server_address[1]}/emulator"
    auth = (c.DEMO_CLIENT_ID, c.DEMO_CLIENT_SECRET)
    state = requests.post(
        f"{base}/_control", json={"large_house": {"devices": args.devices}}, timeout=60
    ).json()

    def session(email: str, homey_id: str) -> str:
        form = {"grant_type": "password", "username": email, "password": c.DEMO_PASSWORD}
        access = requests.post(f"{base}/cloud/oauth2/token", data=form, auth=auth, timeout=10)
        delegation = requests.post(
            f"{base}/cloud/delegation/token?audience=homey",
            headers={"Authorization": f"Bearer {access.json()['access_token']}"},
            timeout=10,
        ).json()
        login = requests.post(
            f"{base}/homey/{homey_id}/api/manager/users/login",
            json={"token": delegation},
            timeout=10,
        )
        return login.json()

    rows = []
    for label, email, homey_id in (
        ("Home", c.ALICE_EMAIL, c.HOME_ID),
        ("Estate", c.ERIN_EMAIL, c.ESTATE_ID),
    ):
        token = session(email, homey_id)
        client = requests.Session()
        client.headers["Authorization"] = f"Bearer {token}"
        url = f"{base}/homey/{homey_id}/api/manager/devices/device"
        times, body = [], b""
        for _ in range(args.samples):
            started = time.perf_counter()
            response = client.get(url, timeout=60)
            times.append(time.perf_counter() - started)
            body = response.content
        devices = state["homeys"][homey_id]["devices"]
        rows.append((label, devices, len(body), len(gzip.compress(body)), times))
    server.shutdown()

    print(f"device list fetch, {args.samples} samples each (emulator in-process, loopback)")
    print(
        f"{'house':<8} {'devices':>7} {'bytes':>10} {'gzipped':>9} {'median ms':>10} {'max ms':>8}"
    )
    for label, devices, raw, packed, times in rows:
        print(
            f"{label:<8} {devices:>7} {raw:>10} {packed:>9} "
            f"{statistics.median(times) * 1000:>10.1f} {max(times) * 1000:>8.1f}"
        )


if __name__ == "__main__":
    main()
