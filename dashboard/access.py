"""Who is looking, and what they may reach: the one place that scopes objects to a viewer.

A viewer is either a signed-in person using one of their Homey links, or a paired kiosk
tablet. Views load every dashboard, tile and kiosk through the helpers here, so an object of
another household is a 404 whatever URL is guessed; permission decisions are made here and
in views, never in templates.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import overload
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from dashboard.accounts import NoHomey, current_link
from dashboard.connection import Connection
from dashboard.homey.errors import SignInRequired
from dashboard.models import (
    AUDIENCE_LEAST_ROLE,
    ROLE_RANK,
    Dashboard,
    HomeyLink,
    Household,
    KioskDevice,
    Role,
    Tile,
)


@dataclass
class Viewer:
    household: Household
    link: HomeyLink
    kiosk: KioskDevice | None = None

    @property
    def role(self) -> str:
        return self.link.role if self.kiosk is None else Role.GUEST

    @property
    def can_control(self) -> bool:
        if self.kiosk is not None:
            return self.kiosk.can_control and self.link.can_control
        return self.link.can_control

    @property
    def can_manage(self) -> bool:
        return self.kiosk is None and self.link.can_manage

    def connection(self, request: HttpRequest | None = None) -> Connection:
        return Connection(self.link, request)

    def dashboards(self) -> QuerySet[Dashboard]:
        """Dashboards this viewer may open on its household."""
        qs = Dashboard.objects.filter(household=self.household)
        if self.kiosk is not None:
            if self.kiosk.dashboard_id is None:
                return qs.none()
            return qs.filter(pk=self.kiosk.dashboard_id)
        rank = ROLE_RANK.get(self.role, -1)
        audiences = [
            audience
            for audience, least_role in AUDIENCE_LEAST_ROLE.items()
            if ROLE_RANK[least_role] <= rank
        ]
        return qs.filter(Q(owner_id=self.link.user_id) | Q(audience__in=audiences))

    @property
    def sees_default_board(self) -> bool:
        """Every member sees the Homey's default dashboard; a kiosk only when paired to it."""
        return self.kiosk is None or self.kiosk.dashboard_id is None

    @property
    def may_create_dashboards(self) -> bool:
        """Any member may make personal dashboards (guests too: view-only); kiosks may not."""
        return self.kiosk is None

    def tzinfo(self) -> zoneinfo.ZoneInfo | None:
        """The Homey's timezone, for times shown to this viewer (None: the server default)."""
        return self.household.tzinfo()

    def may_edit(self, dashboard: Dashboard) -> bool:
        """Personal dashboards by their owner; shared ones by the Homey's owners and managers."""
        if self.kiosk is not None or dashboard.household_id != self.household.pk:
            return False
        if dashboard.audience == Dashboard.Audience.PRIVATE:
            return dashboard.owner_id == self.link.user_id
        return self.can_manage


def viewer_for_request(request: HttpRequest) -> Viewer:
    """The viewer behind ``request``: its kiosk, or the person and their chosen Homey.

    Raises ``NoHomey`` when a person has not chosen a Homey, ``SignInRequired`` when their
    cloud sign-in was revoked (both become pages in ``HomeyErrorMiddleware``).
    """
    kiosk = getattr(request, "kiosk", None)
    if kiosk is not None:
        link = kiosk_link(kiosk)
        if link is None:
            raise NoHomey
        return Viewer(household=kiosk.household, link=link, kiosk=kiosk)
    if not request.user.is_authenticated:
        raise PermissionDenied
    account, link = current_link(request)
    if link.kind == HomeyLink.Kind.CLOUD and (account is None or account.signin_required):
        raise SignInRequired("the cloud refused the stored refresh token")
    return Viewer(household=link.household, link=link)


class ViewerRequest(HttpRequest):
    """The request as views and middleware see it (for annotations only).

    ``htmx`` comes from django-htmx's ``HtmxMiddleware`` (falsy unless htmx sent the request),
    ``kiosk`` from ``KioskMiddleware``, ``viewer`` from ``viewer_required``.
    """

    viewer: Viewer
    kiosk: KioskDevice | None
    htmx: HtmxDetails


class PersonRequest(HttpRequest):
    """A request ``LoginRequiredMiddleware`` let through: a signed-in person (annotations only)."""

    user: User
    htmx: HtmxDetails


class PersonViewerRequest(PersonRequest, ViewerRequest):
    """The request of a people-only view, ``@viewer_required(kiosks=False)``."""


def signin_redirect(request: ViewerRequest, login_url: str | None = None) -> HttpResponse:
    """To sign in (``login_url``, else ``LOGIN_URL``), and back afterwards (``?next=``).

    An htmx request (a poll or a control) goes with a full page load, back to the page it came
    from rather than into a tile.
    """
    resolved = resolve_url(login_url or settings.LOGIN_URL)
    if request.htmx:
        path = urlsplit(request.htmx.current_url or "").path or "/"
        return HttpResponseClientRedirect(f"{resolved}?{urlencode({'next': path})}")
    return redirect_to_login(request.get_full_path(), resolved)


View = Callable[..., HttpResponse]


@overload
def viewer_required(view: View, *, kiosks: bool = True) -> View: ...
@overload
def viewer_required(view: None = None, *, kiosks: bool = True) -> Callable[[View], View]: ...
def viewer_required(view: View | None = None, *, kiosks: bool = True):
    """The one way a view loads its viewer: sets ``request.viewer`` (see ``ViewerRequest``).

    ``@viewer_required``: a person or a paired kiosk may open the view, so it is exempt from
    ``LoginRequiredMiddleware`` (a kiosk, ``request.kiosk``, gets through) and an anonymous
    request without a kiosk is sent to sign in (``HX-Redirect`` for htmx, keeping ``?next=``).
    ``@viewer_required(kiosks=False)``: people only; ``LoginRequiredMiddleware`` keeps
    everyone else out. Times render in the Homey's timezone while the view runs.
    """
    if view is None:
        return lambda view: viewer_required(view, kiosks=kiosks)

    @wraps(view)
    def wrapper(request: ViewerRequest, *args, **kwargs) -> HttpResponse:
        if kiosks and request.kiosk is None and not request.user.is_authenticated:
            return signin_redirect(request)
        viewer = viewer_for_request(request)
        request.viewer = viewer
        with timezone.override(viewer.tzinfo()):
            return view(request, *args, **kwargs)

    if kiosks:
        wrapper.login_required = False  # type: ignore[attr-defined]
    return wrapper


def kiosk_link(kiosk: KioskDevice) -> HomeyLink | None:
    """The link a kiosk reaches its Homey through: its creator's, else another manager's;
    never a cloud link whose person has to sign in again. One query: it runs on every poll."""
    own = Q(user_id=kiosk.created_by_id)
    return (
        HomeyLink.objects.filter(household_id=kiosk.household_id)
        .filter(own | Q(role__in=[Role.OWNER, Role.MANAGER]))
        .exclude(kind=HomeyLink.Kind.CLOUD, user__account__signin_required=True)
        .select_related("household")
        .annotate(
            others=Case(When(own, then=Value(0)), default=Value(1)),
            own_kind=Case(When(own, then=F("kind")), default=Value("")),
        )
        .order_by("others", "own_kind", "pk")
        .first()
    )


def get_dashboard_for_viewer(viewer: Viewer, code) -> Dashboard:
    try:
        return viewer.dashboards().get(code=code)
    except (Dashboard.DoesNotExist, ValueError):
        raise Http404 from None


def get_tile_for_viewer(viewer: Viewer, code) -> Tile:
    try:
        return Tile.objects.select_related("dashboard").get(
            code=code, dashboard__in=viewer.dashboards()
        )
    except (Tile.DoesNotExist, ValueError):
        raise Http404 from None


def get_dashboard_for_editor(viewer: Viewer, code) -> Dashboard:
    """A dashboard the viewer sees (else 404) and may edit (else 403)."""
    dashboard = get_dashboard_for_viewer(viewer, code)
    if not viewer.may_edit(dashboard):
        raise PermissionDenied
    return dashboard


def get_tile_for_editor(viewer: Viewer, code) -> Tile:
    """A tile on a dashboard the viewer sees (else 404) and may edit (else 403)."""
    tile = get_tile_for_viewer(viewer, code)
    if not viewer.may_edit(tile.dashboard):
        raise PermissionDenied
    return tile


def get_kiosk_for_manager(viewer: Viewer, code) -> KioskDevice:
    if not viewer.can_manage:
        raise PermissionDenied
    try:
        return KioskDevice.objects.get(code=code, household=viewer.household)
    except (KioskDevice.DoesNotExist, ValueError):
        raise Http404 from None


__all__ = [
    "NoHomey",
    "Viewer",
    "ViewerRequest",
    "get_dashboard_for_editor",
    "get_dashboard_for_viewer",
    "get_kiosk_for_manager",
    "get_tile_for_editor",
    "get_tile_for_viewer",
    "kiosk_link",
    "signin_redirect",
    "viewer_for_request",
    "viewer_required",
]
