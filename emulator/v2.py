"""How a Homey on Web API v2 (``HomeyAPIV2.json``; Homey Pro 2016–2019 before firmware 5)
shapes its items, where they differ from v3. The official ``HomeyAPIV2`` client undoes each
of these in its ``transformGet`` (``lib/HomeyAPI/HomeyAPIV2/``): a device's ``driverUri`` +
short ``driverId`` (+ ``zoneName``), flow cards as ``uri`` + short ``id``, advanced flow cards
with a short ``id``, logs as ``uri`` + capability ``id`` (see :mod:`emulator.insights`)."""

from __future__ import annotations

from typing import Any

from emulator.homey import Homey


def _split(full_id: str) -> tuple[str, str]:
    """``homey:manager:flow:programmatic_trigger`` → (``homey:manager:flow``, the rest)."""
    parts = full_id.split(":")
    return ":".join(parts[:3]), ":".join(parts[3:])


def device(homey: Homey, item: dict[str, Any]) -> dict[str, Any]:
    uri, driver = _split(item["driverId"])
    zone = homey.zones.get(item["zone"])
    return {**item, "driverUri": uri, "driverId": driver, "zoneName": zone.name if zone else None}


def _card(card: dict[str, Any]) -> dict[str, Any]:
    uri, short = _split(card["id"])
    return {**card, "uri": uri, "id": short}


def flow(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "trigger": _card(item["trigger"]) if item.get("trigger") else item.get("trigger"),
        "conditions": [_card(c) for c in item.get("conditions", [])],
        "actions": [_card(c) for c in item.get("actions", [])],
        "broken": False,
    }


def advanced_flow(item: dict[str, Any]) -> dict[str, Any]:
    cards = {
        key: {**card, "id": _split(card["id"])[1]}
        if card.get("type") in ("trigger", "condition", "action")
        else card
        for key, card in item["cards"].items()
    }
    return {**item, "cards": cards, "broken": False}
