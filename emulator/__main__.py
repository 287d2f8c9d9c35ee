"""``python -m emulator [--host 127.0.0.1] [--port 8765] [--seed 1] [--large-house N]``:
serve only the emulator, threaded, with its own minimal settings."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument(
        "--large-house", type=int, default=0, metavar="N", help="add Erin's Estate (N devices)"
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulator.standalone_settings")
    import django

    django.setup()

    from emulator import constants as c
    from emulator.server import make_server
    from emulator.world import get_world

    get_world().reset(seed=args.seed)
    if args.large_house:
        get_world().add_large_house(args.large_house)
    server = make_server(args.host, args.port, quiet=not args.verbose)
    host, port = server.server_address[:2]
    base = f"http://{host}:{port}/emulator"
    print(f"Emulator serving on {base}", flush=True)
    print(f"  cloud (ATHOM_CLOUD_API_BASEURL): {base}/cloud")
    print(f"  client: {c.DEMO_CLIENT_ID} / {c.DEMO_CLIENT_SECRET}")
    print(
        f"  accounts: {c.ALICE_EMAIL}, {c.BOB_EMAIL}, {c.DAVE_EMAIL}, {c.CHARLIE_EMAIL}, "
        f"{c.ERIN_EMAIL} (Farmhouse, messy), {c.FRANK_EMAIL} (Homey Pro 2019 + Homey Cloud) "
        f"(password {c.DEMO_PASSWORD!r})"
    )
    print(f"  Home (local): {base}/homey/{c.HOME_ID}   API key: {c.DEMO_PAT_TOKEN}")
    print(f"  control: {base}/_control", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
