"""WSGI entry point, served by gunicorn in production: ``gunicorn -c config/gunicorn.py``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config.checks import require_static_manifest  # noqa: E402  (needs the apps loaded)

require_static_manifest()
