"""Outages degrade, never stall: the broker, the cache or beat down, each pointed at a closed
port on 127.0.0.1. Requests still answer; what could not be done is done once it is back; and
/readyz/ (not /healthz/) says what is down."""

import datetime
import logging

import pytest
import redis
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core import readiness
from core.tasks import beat_heartbeat
from courses.models import Enrollment
from notifications.models import Notification
from notifications.tasks import send_due_notifications
from tests.factories import UserFactory, make_cohort
from tests.form_data import course_signup_data
from tests.notifications.brokers import (
    REDIS_BROKER_URL,
    celery_broker,
    closed_broker_url,
    closed_port,
    forget_queue,
)

READYZ = reverse("core:readyz")
HEALTHZ = reverse("core:healthz")


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }


@pytest.fixture
def broker_up():
    with celery_broker(REDIS_BROKER_URL) as queue:
        yield
        forget_queue(redis.Redis.from_url(REDIS_BROKER_URL), queue)


# --- the broker ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_sign_up_with_the_broker_down_answers_and_mails_once_it_is_back(client, org1, caplog):
    cohort = make_cohort(org1)

    with celery_broker(closed_broker_url()), caplog.at_level(logging.WARNING):
        response = client.post(cohort.get_absolute_url(), course_signup_data())

        assert response.status_code == 302
        assert Enrollment.objects.filter(participant__email="ida@example.test").exists()
        [notification] = Notification.objects.filter(recipient="ida@example.test")
        assert notification.status == Notification.Status.PENDING
        assert mail.outbox == []
        assert "Broker unavailable" in caplog.text

    # The broker is back: beat's periodic drain (every minute) sends it.
    send_due_notifications()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [["ida@example.test"]]


# --- the cache -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rate_limit_with_the_cache_down_lets_the_sign_up_through(client, org1, cache_down, caplog):
    cohort = make_cohort(org1)

    with caplog.at_level(logging.WARNING):
        response = client.post(cohort.get_absolute_url(), course_signup_data())

    assert response.status_code == 302
    assert Enrollment.objects.filter(participant__email="ida@example.test").exists()
    assert "Rate limit courses.signup not checked: the cache is unavailable" in caplog.text


@pytest.mark.django_db
def test_the_honeypot_still_holds_with_the_cache_down(client, org1, cache_down):
    cohort = make_cohort(org1)

    response = client.post(
        cohort.get_absolute_url(), course_signup_data(website="http://spam.example")
    )

    assert response.status_code == 302
    assert not Enrollment.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_login_lockout_still_holds_with_the_cache_down(client, cache_down, settings):
    UserFactory(email="guide@example.test")
    data = {"username": "guide@example.test", "password": "wrong-password"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), data).status_code == 200

    assert client.post(reverse("login"), data).status_code == 429


# --- /healthz/ and /readyz/ ------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_on_a_laptop_reports_everything_up(client):
    response = client.get(READYZ)

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert set(body["checks"]) == {"database", "cache", "broker", "beat"}
    assert body["checks"]["broker"] == {"ok": True, "mode": "eager"}


@pytest.mark.django_db
def test_readyz_with_broker_and_a_fresh_heartbeat(client, broker_up):
    beat_heartbeat()

    response = client.get(READYZ)

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["broker"] == {"ok": True}
    assert checks["beat"]["ok"] is True
    assert checks["beat"]["age_seconds"] <= checks["beat"]["max_age_seconds"]


@pytest.mark.django_db
def test_readyz_with_the_broker_down_is_503(client):
    beat_heartbeat()
    with celery_broker(closed_broker_url()):
        response = client.get(READYZ)
        assert client.get(HEALTHZ).status_code == 200  # liveness stays cheap and green

    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert "127.0.0.1" not in response.text  # the reason goes to the log, not the public


@pytest.mark.django_db
def test_readyz_with_the_cache_down_is_503(client, cache_down):
    response = client.get(READYZ)

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["ok"] is False
    assert checks["database"] == {"ok": True}
    assert client.get(HEALTHZ).status_code == 200


@pytest.mark.django_db
def test_readyz_with_a_stale_or_missing_heartbeat_is_503(client, broker_up, settings):
    settings.READYZ_HEARTBEAT_MAX_AGE = 180
    readiness.record_heartbeat(timezone.now() - datetime.timedelta(minutes=10))

    response = client.get(READYZ)

    assert response.status_code == 503
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False
    assert beat["age_seconds"] >= 600
    assert beat["max_age_seconds"] == 180

    from django.core.cache import cache

    cache.delete(readiness.HEARTBEAT_KEY)  # beat never ran
    missing = client.get(READYZ)
    assert missing.status_code == 503
    assert missing.json()["checks"]["beat"]["age_seconds"] is None

    beat_heartbeat()  # beat's next tick
    assert client.get(READYZ).status_code == 200


@pytest.mark.django_db
def test_beat_runs_the_heartbeat_every_minute():
    task = PeriodicTask.objects.get(task="core.tasks.beat_heartbeat")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour) == ("*", "*")


@pytest.mark.django_db
def test_readyz_command_for_health_checks_without_http(broker_up, capsys):
    from django.core.management import CommandError, call_command

    beat_heartbeat()
    call_command("readyz", "--check", "beat")
    assert '"beat": {"ok": true' in capsys.readouterr().out

    readiness.record_heartbeat(timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(CommandError, match="not ready: beat"):
        call_command("readyz", "--check", "beat")
