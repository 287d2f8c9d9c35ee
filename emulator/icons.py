"""Device icons as a Homey serves them: ``GET <homey>/icon/<id>/icon.svg`` (the ``url`` of a
device's ``iconObj``), a black single-colour SVG drawn for its driver.

Icon ids are stable per driver, like a Homey app's: every device of one driver shares one.
Some real icons carry what a page must never run or inline (a style attribute, an event
handler); the lock's does, so the dashboard's cleaning of icons is exercised. And some are
huge (an app that exported a detailed drawing): the farmhouse's greenhouse sensor has an
icon of about ``OVERSIZED_BYTES``, more than a dashboard should take for a 26 px icon.
"""

from __future__ import annotations

import hashlib

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
)

# Real Homey icons are one colour (the app shows them as masks), so holes are cut with the
# even-odd rule, never painted white.
SHAPES = {
    "light": '<path d="M16 3a9 9 0 0 0-5 16.5V23h10v-3.5A9 9 0 0 0 16 3z"/>'
    '<rect x="12" y="25" width="8" height="3" rx="1"/>',
    "socket": '<path fill-rule="evenodd" d="M10 4h12a6 6 0 0 1 6 6v12a6 6 0 0 1-6 6H10a6 6 0 0 '
    '1-6-6V10a6 6 0 0 1 6-6zm2 10a2 2 0 1 0 0 4a2 2 0 1 0 0-4zm8 0a2 2 0 1 0 0 4a2 2 0 1 0 0-4z"/>',
    "thermostat": '<path d="M13 5a3 3 0 0 1 6 0v13a6 6 0 1 1-6 0z"/>',
    "lock": '<rect x="7" y="14" width="18" height="14" rx="2" style="fill:#000"/>'
    '<path d="M11 14V10a5 5 0 0 1 10 0v4h-3v-4a2 2 0 0 0-4 0v4z" onclick="alert(1)"/>',
    "speaker": '<path fill-rule="evenodd" d="M11 3h10a3 3 0 0 1 3 3v20a3 3 0 0 1-3 3H11a3 3 0 '
    "0 1-3-3V6a3 3 0 0 1 3-3zm5 11a5 5 0 1 0 0 10a5 5 0 1 0 0-10zm0-7a2 2 0 1 0 0 4a2 2 0 1 0 "
    '0-4z"/>',
    "sensor": '<path fill-rule="evenodd" d="M16 4a12 12 0 1 0 0 24a12 12 0 1 0 0-24zm0 5a7 7 0 1 '
    '1 0 14a7 7 0 1 1 0-14z"/><circle cx="16" cy="16" r="3"/>',
}
DEFAULT = '<path d="M16 4 3 15h4v13h18V15h4z"/>'
# The icon id of an app with a huge icon (see ``oversized_svg``).
OVERSIZED_ICON = "0ddba11f0ddba11f0ddba11f0ddba11f"
OVERSIZED_BYTES = 96 * 1024


def icon_id(driver_id: str) -> str:
    return hashlib.md5(driver_id.encode(), usedforsecurity=False).hexdigest()


def icon_svg(device_class: str) -> str:
    return f"{HEAD}{SHAPES.get(device_class, DEFAULT)}</svg>\n"


def oversized_svg() -> str:
    """A plain, valid drawing of dots (a leaf's texture), ``OVERSIZED_BYTES`` long or more."""
    dots = []
    size = len(HEAD)
    n = 0
    while size < OVERSIZED_BYTES:
        dot = f'<circle cx="{2 + n % 28}.{n % 10}" cy="{2 + (n // 28) % 28}.{n % 7}" r="0.35"/>'
        dots.append(dot)
        size += len(dot)
        n += 1
    return f"{HEAD}{''.join(dots)}</svg>\n"
