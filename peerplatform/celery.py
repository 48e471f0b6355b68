"""The Celery app. Configured from Django settings (namespace CELERY_).

With no broker configured (the laptop default) settings turn on eager execution, so tasks run
in-process; in production CELERY_BROKER_URL / REDIS_URL point at Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerplatform.settings")

app = Celery("peerplatform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
