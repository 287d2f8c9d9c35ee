from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from dashboard import client_health


@require_GET
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """``{"ok": true}``; 503 with the problems when the configuration is refused at run time."""
    problems = client_health.problems()
    if problems:
        return JsonResponse({"ok": False, "problems": problems}, status=503)
    return JsonResponse({"ok": True})
