"""Optional Sentry: with SENTRY_DSN set, errors of requests and Celery tasks are reported with no
personal data, no request body and private tokens redacted; without it nothing is set up."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core import signing

ROOT = Path(__file__).resolve().parents[2]
TOKEN = signing.dumps({"id": 7, "p": "confirm"}, salt="participants.links.confirm", compress=True)


def run(env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603
        [sys.executable, "tests/deploy/sentry_check.py"],
        cwd=ROOT,
        env={**base, "EMAIL_URL": "memorymail://", "CHECK_TOKEN": TOKEN, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_errors_reach_sentry_without_personal_data_bodies_or_tokens():
    result = run({"SENTRY_DSN": "https://publickey@sentry.example.invalid/1"})
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["options"] == {
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "django": True,
        "celery": True,
    }
    messages = [
        value["value"] for event in report["events"] for value in event["exception"]["values"]
    ]
    assert "the view failed" in messages
    assert "the task failed" in messages

    sent = json.dumps(report["events"])
    assert TOKEN not in sent
    assert TOKEN.split(":")[0] not in sent
    assert "ida@example.test" not in sent
    assert "angst" not in sent
    assert "203.0.113.7" not in sent
    request = next(e for e in report["events"] if e.get("request"))["request"]
    assert request["url"] == "http://testserver/kurser/bekraeft/<token>/"
    assert request["query_string"] == "next=/trivsel/<token>/"
    assert "data" not in request or not request["data"]
    assert request["headers"]["Referer"] == "http://testserver/mine-data/<token>/"
    assert "secret-cookie" not in sent
    assert "cookies" not in request


def test_without_a_dsn_sentry_is_not_set_up():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='peerplatform.settings'; "
        "django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    )
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
