"""The README's and docs/' screenshots, taken from the demo with Playwright and Debian's chromium.

    .venv/bin/python tools/screenshots.py            # writes docs/*.png
    .venv/bin/python tools/screenshots.py --out /tmp/shots

It starts the demo as ``make run`` does (``manage.py runserver`` without an Athom client, so
the built-in emulator plays the cloud and the Homeys) on a free port and a scratch SQLite
database, signs Alice in through the emulator's "Sign in with Homey" pages, lays out a
"Living room" dashboard and pairs a wall screen, then photographs at 1280 x 800 (a landscape
tablet or laptop) and 360 px (a phone):

    board.png        the Living room dashboard, light mode, 1280 x 800
    edit.png         editing it (drag handles, the grouped value chooser), 1280 x 800
    kiosk.png        the paired wall screen, dark mode, 1280 x 800
    phone.png        the Home board on a 360 px phone
    phone-edit.png   editing on a 360 px phone

Values move in the demo, so each run differs a little.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 780}

# The Living room board: what people put on a wall.
TILES = [
    ("device", "Living room thermostat", ""),
    ("history", "Living room air", "measure_temperature"),
    ("device", "Floor lamp", ""),
    ("device", "Ceiling light", ""),
    ("device", "Living room blinds", ""),
    ("device", "Front door lock", ""),
    ("device", "Home alarm", ""),
    ("capability", "TV socket", "measure_power"),
    ("variable", "Away mode", ""),
    ("capability", "Living room air", "measure_humidity"),
    ("flow", "Movie time", ""),
    ("device", "Living room speaker", ""),
    ("energy", "", ""),
    ("moods", "", ""),
]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def demo_environment(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHOM_", "DATABASE_"))}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{scratch / 'demo.sqlite3'}",
            "HOMEYDASH_SECRET_KEY_FILE": str(scratch / "secret_key"),
            "DJANGO_SETTINGS_MODULE": "homeydash.settings",
        }
    )
    return env


def sign_in(page, email: str) -> None:
    page.goto("/login/")
    page.get_by_role("button", name="Sign in with Homey").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("homey")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Allow").click()
    page.get_by_role("button", name="Open Home").click()
    page.wait_for_url("**/")


def living_room(email: str):
    """The Living room dashboard (made with the ORM, as the edit page would) and a wall screen
    paired to it; returns (dashboard, one-time pairing secret)."""
    from django.contrib.auth import get_user_model

    from dashboard import kiosks
    from dashboard.models import Dashboard, Household, KioskDevice, Tile
    from emulator.house import item_id
    from emulator.world import HOME_ID

    alice = get_user_model().objects.get(email=email)
    home = Household.objects.get(homey_id=HOME_ID)
    board = Dashboard.objects.create(
        household=home, owner=alice, name="Living room", audience="household"
    )
    for position, (kind, name, capability) in enumerate(TILES):
        fields = {"kind": kind, "position": position}
        if kind == "variable":
            fields["variable_id"] = item_id(HOME_ID, "variable", name)
        elif kind == "flow":
            fields["flow_id"] = item_id(HOME_ID, "flow", name)
        elif kind in ("energy", "moods"):
            pass  # the house itself: Homey Energy, every zone's moods
        else:
            fields["device_id"] = item_id(HOME_ID, "device", name)
            fields["capability_id"] = capability
        Tile.objects.create(dashboard=board, **fields)
    kiosk = KioskDevice.objects.create(
        name="Hall tablet", household=home, created_by=alice, dashboard=board, can_control=True
    )
    return board, kiosks.start_pairing(kiosk).secret


def shoot(base: str, out: Path) -> None:
    import django
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM beside Playwright's loop
    django.setup()
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        person = browser.new_context(base_url=base, viewport=WIDE, color_scheme="light")
        page = person.new_page()
        page.set_default_timeout(20000)
        sign_in(page, "alice@example.com")
        board, secret = living_room("alice@example.com")

        page.goto(f"/d/{board.code}/")
        page.locator(".tile").first.wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=out / "board.png")

        page.goto(f"/d/{board.code}/edit")
        page.screenshot(path=out / "edit.png")

        page.set_viewport_size(PHONE)
        page.goto("/")
        page.locator(".tile").first.wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=out / "phone.png")
        page.goto(f"/d/{board.code}/edit")
        page.screenshot(path=out / "phone-edit.png")
        person.close()

        wall = browser.new_context(base_url=base, viewport=WIDE, color_scheme="dark")
        tablet = wall.new_page()
        tablet.set_default_timeout(20000)
        tablet.goto(f"/kiosk/pair/{secret}/")
        tablet.get_by_role("button", name="Pair this screen").click()
        tablet.wait_for_url("**/kiosk/")
        tablet.locator(".tile").first.wait_for()
        tablet.wait_for_timeout(1000)
        tablet.screenshot(path=out / "kiosk.png")
        wall.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    from tests.support.loopback import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="homeydash-shots-") as scratch:
        env = demo_environment(Path(scratch))
        os.environ.update(env)
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        server = subprocess.Popen(
            [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/healthz")
            shoot(base, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Screenshots written to {args.out}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
