"""WSGI entry point: ``gunicorn homeydash.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from homeydash.env import check_environment

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeydash.settings")
check_environment()

application = get_wsgi_application()
