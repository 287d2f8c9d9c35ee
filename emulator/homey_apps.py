"""A Homey's apps (``ManagerApps``): one app per driver its devices use, that can crash.

The JSON follows each spec's ``App`` schema: ``HomeyAPIV3Local.json`` (``state`` starting |
running | stopping | stopped | crashed, ``crashed``, ``crashedMessage``, ``crashedCount``,
``enabled``), ``HomeyAPIV3Cloud.json`` (a subset, no extra properties) and ``HomeyAPIV2.json``
(``state`` without crashed, ``ready``, ``exitCode``/``exitCount``, ``brandColor``, ``sdk``).

Like a real Homey, an app's devices follow it: when the app crashes or is stopped they become
unavailable (``available: false`` with an ``unavailableMessage``), and a restart brings them
back as they were. App ids are the real reverse-domain ids (``com.fibaro``), not the uuid the
specs' generic ``id`` pattern describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from emulator.items import HomeyError

if TYPE_CHECKING:
    from emulator.homey import Homey

# app id → (name, version, author, brand colour); an unknown app gets a plain name.
CATALOGUE: dict[str, tuple[str, str, str, str]] = {
    "com.aqara": ("Aqara", "2.6.1", "Athom B.V.", "#1f1f1f"),
    "com.daikin": ("Daikin", "1.9.4", "Daikin Europe", "#0097e0"),
    "com.danfoss": ("Danfoss", "1.4.2", "Danfoss A/S", "#e2000f"),
    "com.easee": ("Easee", "3.2.0", "Easee AS", "#4b2c83"),
    "com.eurotronic": ("Eurotronic", "1.1.7", "Eurotronic", "#00589c"),
    "com.fibaro": ("FIBARO", "3.5.12", "Athom B.V.", "#e0412f"),
    "com.ikea.tradfri": ("IKEA Trådfri", "8.1.0", "Athom B.V.", "#0058a3"),
    "com.klikaanklikuit": ("KlikAanKlikUit", "4.2.3", "Athom B.V.", "#e30613"),
    "nl.klikaanklikuit": ("KlikAanKlikUit", "4.2.3", "Athom B.V.", "#e30613"),
    "com.netatmo": ("Netatmo", "4.0.6", "Athom B.V.", "#ff6633"),
    "com.nuki": ("Nuki", "2.3.0", "Nuki Home Solutions", "#ffa000"),
    "com.p1": ("P1 Smart Meter", "5.0.2", "Community", "#2a9d8f"),
    "com.philips.hue.zigbee": ("Philips Hue", "7.0.3", "Athom B.V.", "#0065d3"),
    "com.ring": ("Ring", "2.14.0", "Ring LLC", "#1c9ad6"),
    "com.shelly": ("Shelly", "3.9.1", "Community", "#4a90e2"),
    "com.somfy.tahoma": ("Somfy TaHoma", "4.4.0", "Athom B.V.", "#fcb900"),
    "com.sonos": ("Sonos", "4.6.2", "Athom B.V.", "#000000"),
    "com.tado2": ("tado°", "5.1.1", "tado GmbH", "#ff7a00"),
    "com.xiaomi-mi": ("Xiaomi Mi Home", "6.2.4", "Community", "#ff6700"),
}

CRASH_MESSAGE = "Error: connect ETIMEDOUT 192.168.1.23:80\n    at TCPConnectWrap.afterConnect"
STOPPED_DEVICE_MESSAGE = "The app is not running."
CRASHED_DEVICE_MESSAGE = "The app has crashed."


@dataclass
class App:
    id: str
    name: str
    version: str
    author: str
    color: str
    enabled: bool = True
    state: str = "running"
    crashed_message: str | None = None
    crashed_count: int = 0
    # device id → (available, unavailableMessage) before the app went down
    held: dict[str, tuple[bool, str | None]] = field(default_factory=dict)

    @property
    def crashed(self) -> bool:
        return self.state == "crashed"

    def as_json(self, homey: Homey) -> dict[str, Any]:
        if homey.api_version == 2:
            return self._v2_json()
        item: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "iconObj": {},
            "version": self.version,
            "channel": "live",
            "origin": "appstore",
            "author": {"name": self.author},
            "compatibility": ">=5.0.0",
            "permissions": [],
            "color": self.color,
            "images": {},
            "state": self.state,
            "enabled": self.enabled,
            "crashed": self.crashed,
            "crashedMessage": self.crashed_message,
        }
        if homey.platform == "cloud":  # HomeyAPIV3Cloud.json lists no more
            return item
        running = self.state == "running"
        return {
            **item,
            "autoupdate": True,
            "settings": False,
            "updateAvailable": False,
            "usage": {"cpu": 0.4, "mem": 31_457_280} if running else {"cpu": 0, "mem": 0},
            "crashedCount": self.crashed_count,
        }

    def _v2_json(self) -> dict[str, Any]:
        running = self.state == "running"
        return {
            "id": self.id,
            "name": self.name,
            "enabled": self.enabled,
            "autoupdate": True,
            "sdk": 2,
            "origin": "appstore",
            "channel": "stable",
            "version": self.version,
            "compatibility": ">=1.5.0",
            "iconObj": {"id": self.id, "url": f"/app/{self.id}/assets/icon.svg"},
            "author": {"name": self.author},
            "permissions": [],
            "images": {},
            "ready": running,
            # V2 has no "crashed" state: a crashed app is stopped with crashed set.
            "state": "stopped" if self.crashed else self.state,
            "crashed": self.crashed,
            "crashedMessage": self.crashed_message or "",
            "exitCount": self.crashed_count,
            "settings": False,
            "brandColor": self.color,
            "hasDrivers": True,
        }


def install_apps(homey: Homey) -> None:
    """Give ``homey`` one running app for every app its devices' drivers belong to."""
    for device in homey.devices.values():
        app_id = device.owner_uri.removeprefix("homey:app:")
        if app_id in homey.apps:
            continue
        name, version, author, color = CATALOGUE.get(
            app_id, (app_id.split(".")[-1].title(), "1.0.0", "Community", "#888888")
        )
        homey.apps[app_id] = App(app_id, name, version, author, color)


def app(homey: Homey, app_id: str) -> App:
    found = homey.apps.get(app_id)
    if found is None:
        raise HomeyError(404, f"Not Found: App with ID {app_id}")
    return found


def _devices_of(homey: Homey, app_id: str) -> list:
    uri = f"homey:app:{app_id}"
    return [d for d in homey.devices.values() if d.owner_uri == uri]


def _go_down(homey: Homey, found: App, state: str, message: str) -> None:
    for device in _devices_of(homey, found.id):
        found.held.setdefault(device.id, (device.available, device.unavailable_message))
        device.available = False
        device.unavailable_message = message
        device.version += 1
    found.state = state


def crash(homey: Homey, app_id: str, message: str | None = None) -> App:
    """The app crashes: its devices become unavailable until it runs again."""
    found = app(homey, app_id)
    found.crashed_message = message or CRASH_MESSAGE
    found.crashed_count += 1
    _go_down(homey, found, "crashed", CRASHED_DEVICE_MESSAGE)
    return found


def stop(homey: Homey, app_id: str) -> App:
    """``disableApp``: the app stops and stays stopped; its devices become unavailable."""
    found = app(homey, app_id)
    found.enabled = False
    _go_down(homey, found, "stopped", STOPPED_DEVICE_MESSAGE)
    return found


def start(homey: Homey, app_id: str, *, enable: bool = False) -> App:
    """``restartApp`` (or ``enableApp``): the app runs again and its devices come back as
    they were before it went down. Restarting a disabled app is refused, as a Homey does."""
    found = app(homey, app_id)
    if enable:
        found.enabled = True
    if not found.enabled:
        raise HomeyError(400, "App Disabled", f"The app {app_id} is disabled")
    for device in _devices_of(homey, found.id):
        if device.id in found.held:
            device.available, device.unavailable_message = found.held.pop(device.id)
            device.version += 1
    found.held.clear()
    found.state = "running"
    found.crashed_message = None
    return found
