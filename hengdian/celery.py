"""The Celery app. Without CELERY_BROKER_URL, tasks run in-process (settings set eager mode)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")

app = Celery("hengdian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
