"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from homeydash.env import check_environment

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeydash.settings")
check_environment()

application = get_asgi_application()
