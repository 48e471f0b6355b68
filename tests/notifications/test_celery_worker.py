"""Once with a real Celery worker on Redis (the rest of the suite runs tasks eagerly)."""

import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.core import mail

from notifications.models import Notification
from peerplatform.celery import app
from tests.notifications.brokers import TEST_REDIS, reset_celery_caches

REDIS_URL = f"{TEST_REDIS}/15"


@contextmanager
def celery_on_redis():
    # A queue of our own, so a worker of another test run on the same Redis never takes our task.
    changes = {
        "broker_url": REDIS_URL,
        "result_backend": REDIS_URL,
        "task_always_eager": False,
        "task_default_queue": f"notifications-test-{uuid.uuid4().hex}",
    }
    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    reset_celery_caches()
    try:
        yield
    finally:
        app.conf.update(saved)
        reset_celery_caches()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_a_queued_message(queue):
    ran_in: list[threading.Thread] = []

    def record(sender=None, **kwargs):
        if sender is not None and sender.name == "notifications.tasks.send_due_notifications":
            ran_in.append(threading.current_thread())

    task_prerun.connect(record, weak=False)
    try:
        with celery_on_redis(), start_worker(app, perform_ping_check=False, shutdown_timeout=10):
            notification = queue()  # schedules the task on commit, through Redis

            deadline = time.monotonic() + 20
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        task_prerun.disconnect(record)

    assert ran_in
    assert all(t is not threading.main_thread() for t in ran_in)
    assert [m.to for m in mail.outbox] == [["ada@example.test"]]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
