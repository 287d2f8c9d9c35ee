"""WSGI entry point: ``gunicorn homeydash.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeydash.settings")

application = get_wsgi_application()
