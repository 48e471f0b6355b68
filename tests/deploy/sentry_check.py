"""Run by test_sentry.py in its own process (Sentry patches Django and Celery for the whole
process): settings with SENTRY_DSN set, one failing request carrying a private token and a form
body, one failing Celery task. Prints the events Sentry would have sent, as JSON.

Usage: SENTRY_DSN=... CHECK_TOKEN=... python tests/deploy/sentry_check.py
"""

import io
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerplatform.settings")

import django  # noqa: E402

django.setup()

import sentry_sdk  # noqa: E402
from celery import shared_task  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from sentry_sdk.integrations.celery import CeleryIntegration  # noqa: E402
from sentry_sdk.integrations.django import DjangoIntegration  # noqa: E402
from sentry_sdk.transport import Transport  # noqa: E402

events = []


class Capture(Transport):
    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                events.append(item.payload.json)


@csrf_exempt
def boom(request, token):
    raise RuntimeError("the view failed")


@shared_task
def failing_task(enrollment_id):
    raise RuntimeError("the task failed")


urlpatterns = [path("kurser/bekraeft/<str:token>/", boom)]


def main(token):
    client = sentry_sdk.get_client()
    client.transport = Capture(client.options)
    body = urlencode({"email": "ida@example.test", "note": "angst og depression"}).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/kurser/bekraeft/{token}/",
        "QUERY_STRING": f"next=/trivsel/{token}/",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_HOST": "testserver",
        "HTTP_REFERER": f"http://testserver/mine-data/{token}/",
        "HTTP_COOKIE": "tracking=secret-cookie",
        "REMOTE_ADDR": "203.0.113.7",
    }
    setup_testing_defaults(environ)
    # Through Django's WSGI handler, as gunicorn calls it (Sentry hooks in there).
    with override_settings(ROOT_URLCONF=__name__):
        WSGIHandler()(environ, lambda status, headers, exc_info=None: None)
    try:
        failing_task.delay(4)
    except RuntimeError:
        pass
    sentry_sdk.flush()
    options = client.options
    return {
        "options": {
            "send_default_pii": options["send_default_pii"],
            "max_request_body_size": options["max_request_body_size"],
            "include_local_variables": options["include_local_variables"],
            "django": client.get_integration(DjangoIntegration) is not None,
            "celery": client.get_integration(CeleryIntegration) is not None,
        },
        "events": events,
    }


if __name__ == "__main__":
    print(json.dumps(main(os.environ["CHECK_TOKEN"]), default=str))
