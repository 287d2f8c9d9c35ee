"""Dashboards (placeholder until the tiles work lands)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.households import current_link


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    link = current_link(request)
    return render(request, "dashboard/home.html", {"link": link})
