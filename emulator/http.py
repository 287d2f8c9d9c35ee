"""Small HTTP helpers shared by the emulator's views."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse

JSON_DUMPS = {"ensure_ascii": False}


def json_response(data: Any, status: int = 200, **headers: str) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params=JSON_DUMPS)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def server(request: HttpRequest) -> str:
    """``scheme://host:port`` of the incoming request."""
    return request.build_absolute_uri("/").rstrip("/")


def absolute(request: HttpRequest, name: str, *args: str) -> str:
    return request.build_absolute_uri(reverse(f"emulator:{name}", args=args))


def bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class BadJSON(ValueError):
    pass


def json_body(request: HttpRequest) -> Any:
    """The JSON body (None when empty); :class:`BadJSON` when it does not parse."""
    if not request.body:
        return None
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadJSON(str(exc)) from exc
