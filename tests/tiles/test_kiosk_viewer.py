"""The board, poll and control views serve a paired kiosk (``request.kiosk``) as well as
people: a kiosk reaches only its own dashboard, and controls only when it may.

``request.kiosk`` is what ``KioskMiddleware`` sets from the tablet's cookie; here it is set
directly so these tests pin down the views' side of that contract.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from dashboard.models import Dashboard, KioskDevice, Tile
from dashboard.views import dashboards, tile_actions
from emulator.house import CEILING_LIGHT
from tests.support.tiles import device_id, home, stored_value


def kiosk_request(method: str, path: str, kiosk: KioskDevice | None, data=None, htmx=True):
    factory = RequestFactory()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    request = getattr(factory, method)(path, data or {}, **headers)
    request.user = AnonymousUser()
    request.kiosk = kiosk
    request.htmx = HtmxDetails(request)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def wall(alice_client) -> Tile:
    """A shared dashboard with the ceiling light on it."""
    dashboard = Dashboard.objects.create(
        household=home(), owner=alice_client.user, name="Wall", audience="household"
    )
    return Tile.objects.create(
        dashboard=dashboard,
        kind=Tile.Kind.CAPABILITY,
        device_id=device_id(CEILING_LIGHT),
        capability_id="onoff",
    )


def make_kiosk(alice_client, dashboard=None, can_control=False) -> KioskDevice:
    return KioskDevice.objects.create(
        household=home(),
        dashboard=dashboard,
        name="Hall tablet",
        can_control=can_control,
        created_by=alice_client.user,
    )


def test_a_kiosk_opens_its_own_dashboard(alice_client, wall):
    kiosk = make_kiosk(alice_client, wall.dashboard)
    url = f"/d/{wall.dashboard.code}/"

    response = dashboards.dashboard_detail(
        kiosk_request("get", url, kiosk, htmx=False), wall.dashboard.code
    )

    assert response.status_code == 200
    assert f'id="tile-{wall.code}"' in response.content.decode()


def test_a_kiosk_reaches_no_other_dashboard(alice_client, wall):
    kiosk = make_kiosk(alice_client, wall.dashboard)
    other = Dashboard.objects.create(
        household=home(), owner=alice_client.user, name="Other", audience="household"
    )

    with pytest.raises(Http404):
        dashboards.dashboard_detail(kiosk_request("get", "/", kiosk, htmx=False), other.code)
    with pytest.raises(Http404):
        tile_actions.device_control(
            kiosk_request("post", "/", kiosk, {"capability": "onoff", "value": "false"}),
            device_id(CEILING_LIGHT),
        )


def test_a_kiosk_on_the_default_board_polls_it(alice_client):
    kiosk = make_kiosk(alice_client)

    response = dashboards.board_poll(kiosk_request("get", "/poll/?v=0", kiosk))

    assert response.status_code == 200
    assert f'id="dev-{device_id(CEILING_LIGHT)}"' in response.content.decode()


def test_a_view_only_kiosk_is_refused_controls(alice_client, wall):
    kiosk = make_kiosk(alice_client, wall.dashboard, can_control=False)
    request = kiosk_request("post", "/", kiosk, {"capability": "onoff", "value": "false"})

    response = tile_actions.tile_control(request, wall.code)

    assert response.status_code == 403
    assert stored_value(CEILING_LIGHT, "onoff") is True


def test_a_kiosk_allowed_to_control_controls_the_tiles_on_its_dashboard(alice_client, wall):
    kiosk = make_kiosk(alice_client, wall.dashboard, can_control=True)
    request = kiosk_request("post", "/", kiosk, {"capability": "onoff", "value": "false"})

    response = tile_actions.tile_control(request, wall.code)

    assert response.status_code == 200
    assert stored_value(CEILING_LIGHT, "onoff") is False


def test_without_a_person_or_a_kiosk_the_views_send_to_sign_in(db):
    page = dashboards.home(kiosk_request("get", "/", None, htmx=False))
    poll = dashboards.board_poll(kiosk_request("get", "/poll/?v=1", None))

    assert page.status_code == 302 and page.headers["Location"].startswith("/login/")
    assert poll.headers["HX-Redirect"].startswith("/login/")
