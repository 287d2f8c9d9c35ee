from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from dashboard.homey.errors import SignInRequired, Unavailable
from dashboard.households import NoHomey


class KioskMiddleware:
    """Sets ``request.kiosk`` (the paired tablet, or None) from the kiosk cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.kiosk = None
        return self.get_response(request)


class HtmxLoginRequiredMiddleware(LoginRequiredMiddleware):
    """LoginRequiredMiddleware that sends htmx requests to sign-in with a full page load.

    A poll from a page whose session ended would otherwise swap the sign-in page into a tile.
    """

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        if request.headers.get("HX-Request") == "true":
            # The page the poll came from, so sign-in returns there.
            page = request.headers.get("HX-Current-URL", "")
            path = urlsplit(page).path if page else "/"
            login_url = resolve_url(self.get_login_url(view_func))
            return HttpResponseClientRedirect(f"{login_url}?{urlencode({'next': path})}")
        return super().handle_no_permission(request, view_func)


class HomeyErrorMiddleware:
    """Turns the errors every view can meet into honest pages instead of 500s.

    ``SignInRequired`` → the "sign in again" page (a full-page redirect for htmx requests);
    ``NoHomey`` → the Homey picker; ``Unavailable`` → a "cannot reach your Homey" page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        htmx = request.headers.get("HX-Request") == "true"
        if isinstance(exception, SignInRequired):
            url = reverse("signin_required")
            return HttpResponseClientRedirect(url) if htmx else redirect(url)
        if isinstance(exception, NoHomey):
            url = reverse("homey_picker")
            return HttpResponseClientRedirect(url) if htmx else redirect(url)
        if isinstance(exception, Unavailable):
            return render(request, "errors/unavailable.html", status=503)
        return None
