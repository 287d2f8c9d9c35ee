"""``/emulator/_control``: read and steer the world over HTTP (tests, benches, demo)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from emulator.http import BadJSON, json_body, json_response
from emulator.world import get_world


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def control(request: HttpRequest) -> HttpResponse:
    """GET: the state. POST a JSON object of operations (see ``World.control``)."""
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
