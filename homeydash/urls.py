from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("", include("dashboard.urls")),
]

if settings.EMULATOR_ENABLED:
    urlpatterns.append(path("emulator/", include("emulator.urls")))
