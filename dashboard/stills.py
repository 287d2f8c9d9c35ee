"""Pictures from the Homey passed through: camera stills and a speaker's album art.

A picture is fetched by the server with the viewer's own link (their own rights on the Homey)
and passed through at a homeydash URL: the browser never sees the Homey's address or a token.
Each still is kept ``STILL_CACHE_SECONDS`` per link (one upstream read however many screens
show it), a cover ``ART_CACHE_SECONDS`` per link and track; each viewer may ask
``STILL_BUDGET`` times a minute (then 429), and only a plain image of at most
``STILL_MAX_BYTES`` from the Homey's image path is passed on (``HomeyClient.get_image_still``);
the Homey gets the usual timeout.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from dashboard.access import Viewer
from dashboard.attempts import AttemptBudget, client_address
from dashboard.homey.errors import HomeyError, RateLimited
from dashboard.homey.types import Image

STILL_CACHE_SECONDS = 5
ART_CACHE_SECONDS = 60  # a cover is named by what plays: it changes with the track
STILL_BUDGET = AttemptBudget("camera-still", limit=30, window=60)


def pass_still(
    request: HttpRequest,
    viewer: Viewer,
    image: Image,
    key: str,
    failed: str,
    *,
    fresh: bool = False,
    seconds: int = STILL_CACHE_SECONDS,
) -> HttpResponse:
    """The picture at ``image.url``, fetched with the viewer's link and kept under ``key``
    (``fresh``: fetched again); ``failed`` says why not when the Homey cannot give it."""
    if not STILL_BUDGET.spend(f"{viewer.link.code}:{client_address(request)}"):
        return no_still(_("Too many pictures asked for; wait a minute."), 429, retry=60)
    found = None if fresh else cache.get(key)
    if found is None:
        try:
            found = viewer.connection(request).call(lambda h: h.get_image_still(image.url))
        except RateLimited as error:
            return no_still(_("The Homey asked to wait."), 503, retry=int(error.retry_after))
        except HomeyError:
            return no_still(failed, 502)
        cache.set(key, found, seconds)
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, max-age=5"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def no_still(message: str, status: int, retry: int = 0) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    if retry:
        response["Retry-After"] = str(max(retry, 1))
    return response
