"""ManagerImages: the images devices publish (a doorbell's or a camera's still, a speaker's
album art), and the picture itself as a PNG: a still that changes every ``PERIOD`` seconds,
or the cover of the track the speaker plays, which changes with the track.

``getImages`` (scope ``homey.device.readonly``) lists the spec's Image items: ``id``,
``ownerUri`` (``homey:device:<id>``), ``url`` and ``lastUpdated`` (a Device's own ``images``
may hold only empty objects by the spec, so it says nothing). The spec does not say where
``url`` points; the
emulator serves the still at ``<homey base>/api/image/<id>``, for a session with the same scope,
and that relative ``url`` is what it lists. The picture is drawn here, without any library: a
sky that follows the sun, a street, and a car that drives past as the clock runs; a cover is
two colours of its own per album and track. An image's ``lastUpdated`` is the still's period,
or when the speaker's cover last changed: ``ART_DELAY`` seconds after its track did (its app
fetches the cover first, as a real speaker app does; until then the old cover stays). A
speaker with no track has no cover to give: its image answers 404, as a real Homey does when
the app's image stream has nothing.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
import zlib
from typing import TYPE_CHECKING, Any

from emulator.items import iso
from emulator.simulation import block_start, local_hour, unit_hash

if TYPE_CHECKING:
    from emulator.homey import Homey
    from emulator.items import Device

PERIOD = 10.0
WIDTH, HEIGHT = 160, 90
COVER = 96  # an album cover's side, in pixels
ART_DELAY = 2.0  # seconds a speaker's app takes to fetch a new track's cover
_NAMESPACE = uuid.UUID("c0a1e2a3-0000-4b00-8a00-00000000ca3e")


def image_id(device_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, device_id))


def last_updated(now: float) -> float:
    return block_start(now, PERIOD)


def is_album_art(device: Device) -> bool:
    """A media device's image is its album art (the SDK's ``setAlbumArtImage``)."""
    return "speaker_track" in device.capabilities


def cover_shown(device: Device, now: float) -> tuple[str, str, float]:
    """(album, track, since) of the cover a speaker shows now. Its app needs ``ART_DELAY``
    seconds to fetch a new track's cover: until then the image is still the last one."""
    track, changed = device.value_and_updated("speaker_track", now)
    if not track:  # nothing plays: no cover at once
        return "", "", changed
    at = now if now >= changed + ART_DELAY else changed - 0.001
    track, changed = device.value_and_updated("speaker_track", at)
    album = ""
    if "speaker_album" in device.capabilities:
        album = device.value_and_updated("speaker_album", at)[0] or ""
    return album, track or "", min(now, changed + ART_DELAY)


def image_json(image: str, device: Device, now: float) -> dict[str, Any]:
    updated = last_updated(now)
    if is_album_art(device):
        updated = cover_shown(device, now)[2]
    return {
        "id": image,
        "ownerUri": f"homey:device:{device.id}",
        "url": f"/api/image/{image}",
        "lastUpdated": iso(updated),
    }


def images_json(homey: Homey, now: float) -> dict[str, dict[str, Any]]:
    return {
        image: image_json(image, homey.devices[device_id], now)
        for image, device_id in homey.images.items()
        if device_id in homey.devices
    }


def image_png(seed: int, image: str, device: Device, now: float) -> bytes | None:
    """The picture behind an image's ``url`` now (None: the device has nothing to show)."""
    if not is_album_art(device):
        return still_png(seed, image, now)
    album, track, _since = cover_shown(device, now)
    return cover_png(f"{album}:{track}") if track else None


def cover_png(title: str) -> bytes:
    """An album cover: a field of one colour with a disc of another, both from ``title``."""
    digest = hashlib.sha256(title.encode()).digest()
    field_colour, disc = tuple(digest[0:3]), tuple(80 + b // 2 for b in digest[3:6])
    size, middle = COVER, COVER / 2
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            inside = (x - middle) ** 2 + (y - middle) ** 2 < (size * 0.38) ** 2
            hole = (x - middle) ** 2 + (y - middle) ** 2 < (size * 0.06) ** 2
            row += bytes(disc if inside and not hole else field_colour)
        rows.append(bytes(row))
    return _png(size, size, rows)


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
    return _png(WIDTH, HEIGHT, rows)


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGB PNG from its rows (each starting with filter byte 0)."""
    raw = zlib.compress(b"".join(rows), 6)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
