"""Errors are seen and private links are not: the gunicorn access log writes `<token>` for
participants' signed tokens, LOG_FORMAT=json gives JSON lines, and Sentry (SENTRY_DSN) gets errors
without personal data, request bodies or tokens."""

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core import signing

from peerplatform.observability import redact_tokens

ROOT = Path(__file__).resolve().parents[2]
TOKEN = signing.dumps({"id": 7, "p": "confirm"}, salt="participants.links.confirm", compress=True)

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "off",
    "SECRET_KEY": "k9!Vq2#xP7rL0wZ3mN8bT5yH1cJ6dF4gS0aE2uI9oQ7vB3nM5xC8zR1tY6pW4kJ0",
    "ALLOWED_HOSTS": "peerstotte.example.dk",
    "SITE_URL": "https://peerstotte.example.dk",
    "PLAN_ENCRYPTION_KEY": "5yQxbGNYtX0oJq6h3M4Q0w4oQm2Kf1rCk7c6Fv2Zs9E=",
    "EMAIL_URL": "consolemail://",
    "WEB_CONCURRENCY": "1",
}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"/kurser/bekraeft/{TOKEN}/", "/kurser/bekraeft/<token>/"),
        (f"/mine-data/{TOKEN}/slet/", "/mine-data/<token>/slet/"),
        (f"/trivsel/{TOKEN.replace(':', '%3A')}/", "/trivsel/<token>/"),
        ("/dashboard/kalender/Zx8kq2LmPv9w.ics", "/dashboard/kalender/<token>.ics"),
        ("/konto/reset/MQ/cz3nqk-5f1e2d/", "/konto/reset/<token>/<token>/"),
        (f"/konto/login/?next=/beskeder/afmeld/{TOKEN}/",
         "/konto/login/?next=/beskeder/afmeld/<token>/"),
        (f"https://peerstotte.example.dk:8443/kurser/tilmelding/{TOKEN}/?x=1",
         "https://peerstotte.example.dk:8443/kurser/tilmelding/<token>/?x=1"),
        ("/kurser/12/?kommune=Odense&page=2", "/kurser/12/?kommune=Odense&page=2"),
        ("/konto/reset/done/", "/konto/reset/done/"),
    ],
)  # fmt: skip
def test_redact_tokens(url, expected):
    assert redact_tokens(url) == expected


def free_start(command, env):
    """Start gunicorn on a free port; return the process, its port and its stderr lines."""
    proc = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    while True:
        line = lines.get(timeout=120)
        if match := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line):
            return proc, int(match.group(1))


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_gunicorn_access_log_shows_token_placeholder(tmp_path, log_format):
    bin_dir = str(Path(sys.executable).parent)
    env = dict(
        PRODUCTION_ENV,
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LOG_FORMAT=log_format,
    )
    command = ["gunicorn", "--config", "gunicorn.conf.py", "--bind", "127.0.0.1:0"]
    proc, port = free_start([*command, "peerplatform.wsgi:application"], env)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "GET",
            f"/kurser/bekraeft/{TOKEN}/",
            headers={
                "Host": "peerstotte.example.dk",
                "Referer": f"https://peerstotte.example.dk/mine-data/{TOKEN}/",
            },
        )
        assert connection.getresponse().status == 301  # to HTTPS, as in production
        connection.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    access = [line for line in out.splitlines() if "/kurser/bekraeft/" in line]
    assert len(access) == 1, out
    assert TOKEN not in out
    assert TOKEN.split(":")[0] not in out
    line = access[0]
    if log_format == "json":
        line = json.loads(line)["message"]
    assert '"GET /kurser/bekraeft/<token>/ HTTP/1.1"' in line
    assert '"https://peerstotte.example.dk/mine-data/<token>/"' in line


def run_python(code, env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


LOG_SOMETHING = (
    "import django, logging, os; os.environ['DJANGO_SETTINGS_MODULE']='peerplatform.settings'; "
    "django.setup(); logging.getLogger('courses').warning('seat freed', extra={'cohort': 4})"
)


def test_log_format_json_gives_one_json_object_per_line():
    result = run_python(LOG_SOMETHING, {"LOG_FORMAT": "json"})
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["message"] == "seat freed"
    assert record["level"] == "WARNING"
    assert record["logger"] == "courses"
    assert record["cohort"] == 4
    assert "time" in record


def test_plain_text_logs_by_default():
    result = run_python(LOG_SOMETHING, {})
    assert result.returncode == 0, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.endswith("WARNING courses seat freed")
