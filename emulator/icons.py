"""Device icons as a Homey serves them: ``GET <homey>/icon/<id>/icon.svg`` (the ``url`` of a
device's ``iconObj``), a black single-colour SVG drawn for its driver.

Icon ids are stable per driver, like a Homey app's: every device of one driver shares one.
Some real icons carry what a page must never run or inline (a style attribute, an event
handler); the lock's does, so the dashboard's cleaning of icons is exercised.
"""

from __future__ import annotations

import hashlib

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
)

SHAPES = {
    "light": '<path d="M16 3a9 9 0 0 0-5 16.5V23h10v-3.5A9 9 0 0 0 16 3z"/>'
    '<rect x="12" y="25" width="8" height="3" rx="1"/>',
    "socket": '<rect x="4" y="4" width="24" height="24" rx="6"/>'
    '<circle cx="12" cy="16" r="2" fill="#fff"/><circle cx="20" cy="16" r="2" fill="#fff"/>',
    "thermostat": '<path d="M13 5a3 3 0 0 1 6 0v13a6 6 0 1 1-6 0z"/>',
    "lock": '<rect x="7" y="14" width="18" height="14" rx="2" style="fill:#000"/>'
    '<path d="M11 14V10a5 5 0 0 1 10 0v4h-3v-4a2 2 0 0 0-4 0v4z" onclick="alert(1)"/>',
    "speaker": '<rect x="8" y="3" width="16" height="26" rx="3"/>'
    '<circle cx="16" cy="19" r="5" fill="#fff"/>',
    "sensor": '<circle cx="16" cy="16" r="12"/><circle cx="16" cy="16" r="5" fill="#fff"/>',
}
DEFAULT = '<path d="M16 4 3 15h4v13h18V15h4z"/>'


def icon_id(driver_id: str) -> str:
    return hashlib.md5(driver_id.encode(), usedforsecurity=False).hexdigest()


def icon_svg(device_class: str) -> str:
    return f"{HEAD}{SHAPES.get(device_class, DEFAULT)}</svg>\n"
