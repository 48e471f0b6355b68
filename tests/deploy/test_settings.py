"""Settings from the environment: laptop defaults, loud failures, a clean deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "off",
    "SECRET_KEY": "k9!Vq2#xP7rL0wZ3mN8bT5yH1cJ6dF4gS0aE2uI9oQ7vB3nM5xC8zR1tY6pW4kJ0",
    "ALLOWED_HOSTS": "peerstotte.example.dk",
    "SITE_URL": "https://peerstotte.example.dk",
    "PLAN_ENCRYPTION_KEY": "5yQxbGNYtX0oJq6h3M4Q0w4oQm2Kf1rCk7c6Fv2Zs9E=",
    "DATABASE_URL": "sqlite:////tmp/peerplatform-deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.dk:587",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run(code_or_args, env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    base.update(env)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SHOW = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='peerplatform.settings'; "
    "django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND, s.CELERY_TASK_ALWAYS_EAGER)"
)


def test_no_environment_runs_on_sqlite_console_mail_and_eager_celery():
    result = run(SHOW, {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
        "True",
    ]


def test_production_variables_give_postgres_smtp_and_a_broker():
    env = dict(PRODUCTION_ENV, DATABASE_URL="postgres://u:p@db:5432/peerplatform")
    result = run(SHOW, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.postgresql",
        "django.core.mail.backends.smtp.EmailBackend",
        "False",
    ]


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "PLAN_ENCRYPTION_KEY"]
)
def test_debug_off_without_required_setting_stops_with_clear_message(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_DEBUG is off" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
