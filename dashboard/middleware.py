from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect, reswap

from dashboard import kiosks
from dashboard.access import ViewerRequest, signin_redirect
from dashboard.accounts import NoHomey
from dashboard.homey.errors import InvalidApiKey, SignInRequired, Unavailable
from dashboard.models import Account


class KioskMiddleware:
    """Sets ``request.kiosk`` (the paired tablet, or None) from the kiosk cookie.

    A browser with both a signed-in person and a kiosk cookie: the kiosk screen (``/kiosk/``)
    and the htmx requests made from it (its polls and controls) use the kiosk; every other
    page uses the person. Without a person, the cookie applies wherever a kiosk is accepted
    (``viewer_required`` views); ``LoginRequiredMiddleware`` still refuses everything else.

    An htmx request from a kiosk screen whose cookie stopped working (revoked, or another
    tablet paired in its place) is sent to the screen, which then says "disconnected, pair
    again". A kiosk's poll answers carry its night mode (``HX-Trigger: kiosk-night``).
    """

    POLLS = frozenset({"board_poll", "dashboard_poll"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: ViewerRequest) -> HttpResponse:
        request.kiosk = None
        screen = reverse("kiosk_screen")
        on_screen = request.path.startswith(screen)
        page = (request.htmx.current_url or "") if request.htmx else ""
        from_screen = bool(page) and urlsplit(page).path.startswith(screen)
        secret = request.COOKIES.get(kiosks.COOKIE_NAME, "")
        if secret and (on_screen or from_screen or not request.user.is_authenticated):
            request.kiosk = kiosks.kiosk_for_secret(secret)
        if request.kiosk is None and from_screen and not on_screen:
            return HttpResponseClientRedirect(screen)
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.kiosk is not None and from_screen and match and match.url_name in self.POLLS:
            kiosks.announce_night(request.kiosk, response)
        return response

    def process_view(self, request: ViewerRequest, view_func, view_args, view_kwargs):
        """A tablet without a person lives on the kiosk screen, not on the people's pages
        (a control posted without JavaScript comes back here too)."""
        if (
            request.kiosk is not None
            and request.method == "GET"
            and not request.htmx
            and request.resolver_match is not None
            and request.resolver_match.url_name in ("home", "dashboard")
            and not request.user.is_authenticated
        ):
            return redirect("kiosk_screen")
        return None


class LanguageMiddleware:
    """Speaks the language chosen in homeydash, over the browser's (``LocaleMiddleware``).

    A kiosk screen (and its polls and controls) speaks the wall screen's language; a signed-in
    person their account's. Empty means the browser's Accept-Language, already activated by
    ``LocaleMiddleware``, which also names the language in the response (Content-Language).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: ViewerRequest) -> HttpResponse:
        language = _chosen_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def _chosen_language(request: ViewerRequest) -> str:
    kiosk = request.kiosk
    if kiosk is not None:
        return kiosk.language
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    try:
        return user.account.language  # loaded with the person (dashboard.backends)
    except Account.DoesNotExist:
        return ""


class HtmxLoginRequiredMiddleware(LoginRequiredMiddleware):
    """LoginRequiredMiddleware that sends htmx requests to sign-in with a full page load.

    A poll from a page whose session ended would otherwise swap the sign-in page into a tile.
    """

    # Django returns whatever this gives; django-stubs narrow it to HttpResponseRedirect and
    # HttpRequest (HtmxMiddleware runs first, so the request has ``htmx``).
    def handle_no_permission(  # type: ignore[override]
        self, request: ViewerRequest, view_func
    ) -> HttpResponse:
        if request.htmx:
            return signin_redirect(request, self.get_login_url(view_func))
        return super().handle_no_permission(request, view_func)


class HomeyErrorMiddleware:
    """Turns the errors every view can meet into honest pages instead of 500s.

    ``SignInRequired`` → the "sign in again" page (a full-page redirect for htmx requests);
    ``NoHomey`` → the Homey picker; ``InvalidApiKey`` → the account page to connect again;
    ``Unavailable`` → a "cannot reach your Homey" page (htmx requests keep what they show).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: ViewerRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: ViewerRequest, exception: Exception
    ) -> HttpResponse | None:
        if request.kiosk is not None and isinstance(
            exception, (SignInRequired, NoHomey, InvalidApiKey)
        ):  # a tablet has nobody to sign in or reconnect: its screen explains
            return _go(request, reverse("kiosk_screen"))
        if isinstance(exception, SignInRequired):
            return _go(request, reverse("signin_required"))
        if isinstance(exception, NoHomey):
            return _go(request, reverse("homey_picker"))
        if isinstance(exception, InvalidApiKey):
            messages.error(
                request,
                _("Your Homey refused its stored API key. Connect it again with a new key."),
            )
            return _go(request, reverse("account"))
        if isinstance(exception, Unavailable):
            if request.htmx:  # keep what the page shows; its own stale markers tell the story
                return reswap(HttpResponse(status=503), "none")
            return render(request, "errors/unavailable.html", status=503)
        return None


def _go(request: ViewerRequest, url: str) -> HttpResponse:
    """To ``url`` with a full page load: a redirect, or ``HX-Redirect`` for an htmx request."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
