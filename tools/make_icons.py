"""Render the app icons (PNG) from static/icons/icon.svg with Debian's chromium.

Run once after changing the SVG and commit the results:

    .venv/bin/python tools/make_icons.py

icon-192.png, icon-512.png   the icon as drawn (rounded square, transparent corners)
maskable-192.png, -512.png   full-bleed background, the house inside the 80 % safe zone,
                             for launchers that cut their own shape ("purpose": "maskable")
apple-touch-icon.png         180 px, full-bleed (iOS rounds the corners itself)
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
CHROMIUM = "/usr/bin/chromium"


def maskable(svg: str) -> str:
    """The same drawing on a square background, shrunk into the safe zone."""
    background = re.search(r'<rect[^>]*fill="([^"]+)"', svg).group(1)
    inner = re.sub(r"<rect[^>]*/>", "", re.sub(r"^<svg[^>]*>|</svg>$", "", svg.strip()))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" fill="{background}"/>'
        f'<g transform="translate(64 72) scale(.75)">{inner}</g></svg>'
    )


def main() -> None:
    svg = (ICONS / "icon.svg").read_text()
    jobs = [
        ("icon-192.png", svg, 192),
        ("icon-512.png", svg, 512),
        ("maskable-192.png", maskable(svg), 192),
        ("maskable-512.png", maskable(svg), 512),
        ("apple-touch-icon.png", maskable(svg), 180),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        for name, source, size in jobs:
            page.set_viewport_size({"width": size, "height": size})
            sized = source.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(f'<body style="margin:0;background:transparent">{sized}</body>')
            page.screenshot(path=str(ICONS / name), omit_background=True)
            print(f"{name}: {(ICONS / name).stat().st_size} bytes")
        browser.close()


if __name__ == "__main__":
    main()
