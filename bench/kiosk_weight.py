"""What a wall tablet downloads on its first load: HTML, CSS and JS bytes, raw and gzipped.

    .venv/bin/python bench/kiosk_weight.py

Starts the emulator (demo world, seed 1, frozen clock) on 127.0.0.1 with a throw-away SQLite
database, signs Alice and Bob in with real emulator tokens, pairs two kiosks to the default
board of "Home" (a tile per device: 31 in the demo world; one kiosk view-only, one with
controls) and loads, in the same run:

- the kiosk screen ``/kiosk/`` of each, and
- Bob's phone page ``/`` (the same tiles, with his controls, in the people's layout),

then every stylesheet and script those pages link, through the same middleware (WhiteNoise
serves the static files). gzip is level 9, as WhiteNoise compresses for production. Icons,
the manifest and the polls that follow are not counted: they are not needed to draw the page.
"""

from __future__ import annotations

import gzip
import re
import tempfile
from datetime import UTC, datetime

from scratch import setup_django  # bench/ is on sys.path


def page_weight(client, url: str) -> dict[str, list[bytes]]:
    """The page at ``url`` and what it links: {"HTML": [...], "CSS": [...], "JS": [...]}."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content
    text = html.decode()
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    js = re.findall(r'<script[^>]* src="([^"]+)"', text)
    return {
        "HTML": [html],
        "CSS": [b"".join(client.get(href).streaming_content) for href in css],
        "JS": [b"".join(client.get(src).streaming_content) for src in js],
    }


def sizes(parts: list[bytes]) -> tuple[int, int]:
    return sum(len(p) for p in parts), sum(len(gzip.compress(p, 9)) for p in parts)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="homeydash-bench-") as workdir:
        setup_django(workdir)
        from django.conf import settings
        from django.test import Client

        from dashboard import kiosks
        from dashboard.models import KioskDevice
        from emulator.server import serve_in_background
        from emulator.world import HOME_ID, get_world
        from tests.support.cast import sign_in

        server = serve_in_background("127.0.0.1", 0)
        host, port = server.server_address[:2]
        emulator = f"http://{host}:{port}/emulator"
        settings.ATHOM_API_URL = f"{emulator}/cloud"
        settings.ALLOWED_HOSTS = ["*"]
        get_world().reset(seed=1, now=datetime(2026, 11, 25, 12, tzinfo=UTC))

        alice = sign_in(Client(), emulator, "alice@example.com")
        phone = Client()
        sign_in(phone, emulator, "bob@example.com")
        pages = {}
        for can_control in (False, True):
            kiosk = KioskDevice.objects.create(
                name="Hall",
                household_id=alice.homey_links.get(household__homey_id=HOME_ID).household_id,
                created_by=alice,
                can_control=can_control,
            )
            tablet = Client()
            tablet.post(f"/kiosk/pair/{kiosks.start_pairing(kiosk).secret}/")
            label = "kiosk /kiosk/, " + ("with controls" if can_control else "view-only")
            pages[label] = page_weight(tablet, "/kiosk/")
        pages["phone / (Bob, with controls)"] = page_weight(phone, "/")
        tiles = pages["kiosk /kiosk/, view-only"]["HTML"][0].count(b'<article id="dev-')
        server.shutdown()

    print(f"First load of the Home board ({tiles} tiles): bytes, raw / gzip -9")
    print(f"  {'page':<34}{'HTML':^16}{'CSS':^16}{'JS':^16}{'total':^16}")
    for label, parts in pages.items():
        cells = [sizes(parts[kind]) for kind in ("HTML", "CSS", "JS")]
        total = (sum(c[0] for c in cells), sum(c[1] for c in cells))
        row = "".join(f"{raw:>8} / {packed:<5}" for raw, packed in cells)
        print(f"  {label:<34}{row}{total[0]:>8} / {total[1]:<5}")
    kiosk_js = pages["kiosk /kiosk/, view-only"]["JS"]
    print(
        "  of the JS, htmx is "
        f"{len(kiosk_js[0])} / {len(gzip.compress(kiosk_js[0], 9))}; "
        f"app.js + kiosk.js are {sizes(kiosk_js[1:])[0]} / {sizes(kiosk_js[1:])[1]}"
    )


if __name__ == "__main__":
    main()
