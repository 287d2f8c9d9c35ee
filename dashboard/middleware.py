from __future__ import annotations

from django.contrib.auth.middleware import LoginRequiredMiddleware


class KioskMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.kiosk = None
        return self.get_response(request)


class HtmxLoginRequiredMiddleware(LoginRequiredMiddleware):
    pass


class HomeyTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
