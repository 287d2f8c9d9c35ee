"""Device icons: the Homey's own (``iconObj``), cleaned and cached, or one of the vendored
Lucide icons by kind of device (``static/icons/lucide/kinds.svg``).

A tile draws ``<svg><use href="…#i"></svg>``: the icon is one ``<symbol id="i">`` filled with
``currentColor``, so CSS colours it by state, and the page's Content-Security-Policy (no
inline styles) holds. The Homey's SVG is fetched by the server through the viewer's
connection, never by the browser, so neither its address nor a token reaches a page.
Everything but plain shapes is dropped from it (scripts, styles, links, images, text).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape

from dashboard.homey.errors import HomeyError
from dashboard.homey.types import Device

SYMBOL = "i"
SPRITE = "icons/lucide/kinds.svg"
ICON_SECONDS = 24 * 3600  # an icon id names one drawing: keep it a day
MISS_SECONDS = 5 * 60  # a Homey that did not give the icon is asked again after this

# Vendored icons by device class (``virtualClass`` first), then by what a sensor senses.
KIND_BY_CLASS = {
    "light": "light",
    "socket": "socket",
    "thermostat": "thermostat",
    "heater": "heater",
    "lock": "lock",
    "windowcoverings": "windowcoverings",
    "blinds": "windowcoverings",
    "curtain": "windowcoverings",
    "sunshade": "windowcoverings",
    "speaker": "speaker",
    "amplifier": "speaker",
    "tv": "tv",
    "homealarm": "homealarm",
    "doorbell": "doorbell",
    "fan": "fan",
    "coffeemachine": "coffeemachine",
    "fridge": "fridge",
    "button": "button",
    "sensor": "sensor",
    "solarpanel": "sun",
}
KIND_BY_CAPABILITY = (
    ("alarm_smoke", "smoke"),
    ("alarm_co", "co"),
    ("alarm_water", "water"),
    ("alarm_contact", "contact"),
    ("measure_temperature", "thermostat"),
    ("measure_power", "gauge"),
)

SHAPES = {"g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon"}
GEOMETRY = {
    "d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
    "height", "transform", "fill-rule", "clip-rule", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "opacity",
}  # fmt: skip
SAFE_VALUE = re.compile(r"[0-9A-Za-z.,\s()+\-#%]*")
VIEW_BOX = re.compile(r"\s*-?[\d.]+([\s,]+-?[\d.]+){3}\s*")
MAX_ELEMENTS = 500


def fallback_kind(device: Device) -> str:
    kind = KIND_BY_CLASS.get(device.device_class, "")
    if kind in ("", "sensor"):
        for capability, sensed in KIND_BY_CAPABILITY:
            if capability in device.capabilities:
                return sensed
    return kind or "other"


def fallback_href(device: Device) -> str:
    return f"{static(SPRITE)}#{fallback_kind(device)}"


def href(device: Device) -> str:
    """What a tile's ``<use>`` points at: the Homey's icon through homeydash, or the vendored
    one when the Homey has none."""
    if not device.icon_path:
        return fallback_href(device)
    url = reverse("device_icon", args=[device.id])
    return f"{url}?v={escape(device.icon_id)}#{SYMBOL}"


def clean_svg(data: bytes) -> str:
    """The shapes of an SVG as one ``<symbol>`` filled with ``currentColor``, or "" when it
    is not an SVG worth showing."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return ""
    if _name(root) != "svg":
        return ""
    view_box = root.get("viewBox") or ""
    if not VIEW_BOX.fullmatch(view_box):
        width, height = root.get("width", ""), root.get("height", "")
        if not (_plain_number(width) and _plain_number(height)):
            return ""
        view_box = f"0 0 {width} {height}"
    budget = [MAX_ELEMENTS]
    inner = "".join(_shape(child, budget) for child in root)
    if not inner:
        return ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg">'
        f'<symbol id="{SYMBOL}" viewBox="{escape(view_box.strip())}" fill="currentColor">'
        f"{inner}</symbol></svg>\n"
    )


def _name(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _plain_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", text or ""))


def _shape(element: Element, budget: list[int]) -> str:
    name = _name(element)
    budget[0] -= 1
    if name not in SHAPES or budget[0] < 0:
        return ""
    attributes = []
    for key, value in element.attrib.items():
        if key in GEOMETRY and len(value) < 20000 and SAFE_VALUE.fullmatch(value):
            attributes.append(f' {key}="{escape(value)}"')
        elif key in ("fill", "stroke"):
            # Colours become the tile's colour; "none" stays none.
            shown = "none" if value.strip() == "none" else "currentColor"
            if key == "stroke" or shown == "none":
                attributes.append(f' {key}="{shown}"')
    children = "".join(_shape(child, budget) for child in element) if name == "g" else ""
    return f"<{name}{''.join(attributes)}>{children}</{name}>"


@cache
def fallback_svg(kind: str) -> str:
    """One vendored icon as a file of its own with its symbol named ``i``."""
    sprite = _sprite_text()
    found = re.search(rf'<symbol id="{re.escape(kind)}"(.*?)</symbol>', sprite, re.S)
    if found is None:
        return fallback_svg("other") if kind != "other" else ""
    symbol = f'<symbol id="{SYMBOL}"{found.group(1)}</symbol>'
    return f'<svg xmlns="http://www.w3.org/2000/svg">{symbol}</svg>\n'


@cache
def _sprite_text() -> str:
    return (Path(settings.BASE_DIR) / "static" / SPRITE).read_text()


def device_icon(viewer, request: HttpRequest | None, device: Device) -> str:
    """The device's own icon, cleaned (cached per household and icon id), or its fallback."""
    if device.icon_path and device.icon_id:
        key = f"homeydash:icon:{viewer.household.pk}:{device.icon_id}"
        svg = shared_cache.get(key)
        if svg is None:
            try:
                raw = viewer.connection(request).call(
                    lambda homey: homey.get_icon(device.icon_path)
                )
                svg = clean_svg(raw)
            except HomeyError:
                svg = ""
            shared_cache.set(key, svg, ICON_SECONDS if svg else MISS_SECONDS)
        if svg:
            return svg
    return fallback_svg(fallback_kind(device))
