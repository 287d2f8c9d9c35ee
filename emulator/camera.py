"""ManagerImages: the images devices publish (a doorbell's or a camera's still), and the still
itself as a PNG that changes every ``PERIOD`` seconds.

``getImages`` (scope ``homey.device.readonly``) lists the spec's Image items: ``id``,
``ownerUri`` (``homey:device:<id>``), ``url`` and ``lastUpdated`` (a Device's own ``images``
may hold only empty objects by the spec, so it says nothing). The spec does not say where
``url`` points; the
emulator serves the still at ``<homey base>/api/image/<id>``, for a session with the same scope,
and that relative ``url`` is what it lists. The picture is drawn here, without any library: a
sky that follows the sun, a street, and a car that drives past as the clock runs.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from typing import TYPE_CHECKING, Any

from emulator.items import iso
from emulator.simulation import block_start, local_hour, unit_hash

if TYPE_CHECKING:
    from emulator.homey import Homey

PERIOD = 10.0
WIDTH, HEIGHT = 160, 90
_NAMESPACE = uuid.UUID("c0a1e2a3-0000-4b00-8a00-00000000ca3e")


def image_id(device_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, device_id))


def last_updated(now: float) -> float:
    return block_start(now, PERIOD)


def image_json(image: str, device_id: str, now: float) -> dict[str, Any]:
    return {
        "id": image,
        "ownerUri": f"homey:device:{device_id}",
        "url": f"/api/image/{image}",
        "lastUpdated": iso(last_updated(now)),
    }


def images_json(homey: Homey, now: float) -> dict[str, dict[str, Any]]:
    return {
        image: image_json(image, device_id, now)
        for image, device_id in homey.images.items()
        if device_id in homey.devices
    }


def still_png(seed: int, image: str, now: float) -> bytes:
    t = last_updated(now)
    hour = local_hour(t)
    light = max(0.15, min(1.0, 1.2 - abs(hour - 13.0) / 8.0))
    car = int((t / PERIOD) % 24) * (WIDTH // 24)
    shade = int(unit_hash(seed, image, int(t // PERIOD)) * 40)
    rows = []
    for y in range(HEIGHT):
        row = bytearray([0])  # filter: none
        for x in range(WIDTH):
            if y < 50:  # sky
                pixel = (int(90 * light), int(150 * light), int(235 * light))
            elif y < 62:  # houses across the street
                pixel = (int((120 + shade) * light), int(80 * light), int(60 * light))
            else:  # the street
                pixel = (int(70 * light), int(70 * light), int(75 * light))
            if car <= x < car + 22 and 66 <= y < 78:
                pixel = (200, 30, 40)
            row += bytes(pixel)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 6)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
