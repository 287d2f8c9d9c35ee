from django.conf import settings
from django.urls import include, path

from dashboard import api

urlpatterns = [
    path("api/v1/", include(api.urlpatterns(), namespace="api-v1")),
    path("", include("dashboard.urls")),
]

if settings.EMULATOR_ENABLED:
    urlpatterns.append(path("emulator/", include("emulator.urls")))
