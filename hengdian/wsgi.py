"""WSGI entry point (gunicorn hengdian.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
application = get_wsgi_application()
