"""ManagerMoods: a zone's moods (``getMoods``, ``getMood``, ``setMood``), stored on the Homey.

A mood is the spec's item: ``id``, ``name``, ``preset`` (null here), ``zone`` and ``devices``
(device id → ``{"state": {capability: value}}``). Setting one applies every state as a
capability change would (validated, with its side effects and realtime events); a device that
is gone or unavailable is skipped, as the Homey app does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from emulator.items import HomeyError

if TYPE_CHECKING:
    from emulator.homey import Homey


@dataclass
class Mood:
    id: str
    name: str
    zone: str
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    preset: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "preset": self.preset,
            "zone": self.zone,
            "devices": {d: {"state": dict(state)} for d, state in self.devices.items()},
        }


def mood(homey: Homey, mood_id: str) -> Mood:
    found = homey.moods.get(mood_id)
    if found is None:
        raise HomeyError(404, f"Not Found: Mood with ID {mood_id}")
    return found


def set_mood(homey: Homey, mood_id: str, now: float) -> None:
    for device_id, state in mood(homey, mood_id).devices.items():
        device = homey.devices.get(device_id)
        if device is None or not device.available:
            continue
        for capability_id, value in state.items():
            if capability_id in device.capabilities:
                homey.set_capability(device_id, capability_id, value, now)
