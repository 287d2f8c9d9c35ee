"""``/emulator/_control``: read and steer the world over HTTP (tests, benches, demo).

Only for the machine itself: the demo may be reachable from the LAN (``HOST=0.0.0.0`` for a
tablet), and anyone there could otherwise switch the house's faults or read its state. A
request that a proxy forwarded is not the machine's own, even when the proxy runs on it.
"""

from __future__ import annotations

import ipaddress

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from emulator.http import BadJSON, json_body, json_response
from emulator.world import get_world

FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def from_this_machine(request: HttpRequest) -> bool:
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def control(request: HttpRequest) -> HttpResponse:
    """GET: the state. POST a JSON object of operations (see ``World.control``)."""
    if not from_this_machine(request):
        return json_response(
            {"error": "the control API answers this machine only (loopback)"}, status=403
        )
    world = get_world()
    if request.method == "GET":
        return json_response(world.state())
    try:
        ops = json_body(request) or {}
    except BadJSON:
        return json_response({"error": "invalid_json"}, status=400)
    if not isinstance(ops, dict):
        return json_response({"error": "the body must be a JSON object"}, status=400)
    try:
        return json_response(world.control(ops))
    except (KeyError, ValueError, TypeError) as exc:
        return json_response({"error": str(exc)}, status=400)
