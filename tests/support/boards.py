"""A person's browser on boards, over HTTP through Django's test client: making a dashboard,
adding tiles, reading a board, and a tile's control with its answer.

``create(client, name, audience)``   a new dashboard through ``/dashboards/new``.
``add(client, dashboard, kind, source)`` a tile added through the editor (the response).
``page(client, dashboard)``           the board's HTML.
``board(client)``                     the household's own board (``/``): its HTML.
``control(client, name, capability, htmx=True, **data)`` a device's control posted.
``text(response)``, ``message(response)`` the answer's HTML and its tile message.
"""

from __future__ import annotations

import re

from dashboard.models import Dashboard
from tests.support.tiles import HTMX, device_id


def create(client, name="Mine", audience=Dashboard.Audience.PRIVATE) -> Dashboard:
    response = client.post("/dashboards/new", {"name": name, "audience": audience})
    assert response.status_code == 302, response.content.decode()[:500]
    return Dashboard.objects.get(code=response.headers["Location"].split("/")[2])


def add(client, dashboard: Dashboard, kind: str, source: str):
    return client.post(f"/d/{dashboard.code}/tiles/add", {"kind": kind, "source": source})


def page(client, dashboard: Dashboard, **headers) -> str:
    response = client.get(f"/d/{dashboard.code}/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def board(client, **headers) -> str:
    response = client.get("/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def control(client, name: str, capability: str, htmx: bool = True, **data):
    return client.post(
        f"/devices/{device_id(name)}/control",
        {"capability": capability, **data},
        **(HTMX if htmx else {}),
    )


def text(response) -> str:
    return response.content.decode()


def message(response) -> str:
    found = re.search(r'<p class="tile-message[^"]*" role="alert">(.*?)</p>', text(response), re.S)
    return found.group(1).strip() if found else ""
