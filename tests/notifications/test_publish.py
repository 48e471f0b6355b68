"""Publishing the drain: one task per commit, coalesced while one waits; a broker outage
leaves the message pending for the periodic drain instead of stalling the request."""

import contextlib
import logging
import socket
import threading

import pytest
import redis
from django.core import mail
from django.db import transaction

from notifications import services
from notifications.models import Notification
from notifications.tasks import send_due_notifications
from tests.notifications.brokers import (
    REDIS_BROKER_URL,
    celery_broker,
    closed_broker_url,
    forget_queue,
)

# Real commits: the drain is published by on-commit callbacks.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_queue():
    client = redis.Redis.from_url(REDIS_BROKER_URL)
    with celery_broker(REDIS_BROKER_URL) as queue:
        yield lambda: client.llen(queue)
        forget_queue(client, queue)


def test_one_drain_per_commit_however_many_messages(queue, broker_queue):
    with transaction.atomic():
        for i in range(5):
            queue(to=f"p{i}@example.test")

    assert broker_queue() == 1


def test_commits_while_a_drain_waits_publish_nothing_more(queue, broker_queue):
    for i in range(20):  # twenty commits, as a reminder job outside a transaction makes
        queue(to=f"p{i}@example.test")
    assert broker_queue() == 1

    services.drain_started()  # a worker took the drain: later commits need a new one
    queue(to="late@example.test")
    queue(to="later@example.test")

    assert broker_queue() == 2
    assert Notification.objects.filter(status="pending").count() == 22


def test_broker_down_leaves_the_message_for_the_periodic_drain(queue, caplog):
    with celery_broker(closed_broker_url()), caplog.at_level(logging.WARNING):
        notification = queue()  # returns: the failed publish is logged, not raised

        notification.refresh_from_db()
        assert notification.status == Notification.Status.PENDING
        assert "Broker unavailable" in caplog.text
        # The flag is not left behind: the next commit tries the broker again.
        caplog.clear()
        queue(to="bo@example.test")
        assert "Broker unavailable" in caplog.text

    # The broker is back; beat's periodic drain sends both.
    send_due_notifications()
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.test", "bo@example.test"]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_publishing_tries_the_broker_once(queue):
    """A broker that accepts the connection and hangs up at once: one attempt, no retries."""
    accepted = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                continue
            accepted.append(conn)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with celery_broker(f"redis://127.0.0.1:{listener.getsockname()[1]}/0"):
            notification = queue()
    finally:
        stop.set()
        thread.join(timeout=10)
        listener.close()

    assert len(accepted) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING


def test_a_cache_outage_does_not_stop_publishing(queue, broker_queue, settings, caplog):
    from tests.notifications.brokers import closed_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with caplog.at_level(logging.WARNING):
        queue()

    assert broker_queue() == 1
    assert "publishing a drain without coalescing" in caplog.text


def test_the_drain_task_stores_no_result():
    assert send_due_notifications.ignore_result


@pytest.fixture
def drains(monkeypatch):
    """Count the drains the commits schedule (before the cache coalesces them)."""
    calls = []
    monkeypatch.setattr(services, "_enqueue_send", lambda: calls.append(1))
    return calls


def test_one_drain_scheduled_per_commit_across_savepoints(queue, drains):
    with transaction.atomic():
        queue(to="a@example.test")
        with transaction.atomic():
            queue(to="b@example.test")
            queue(to="c@example.test")
        assert drains == []  # nothing before the commit
    assert drains == [1]

    queue(to="d@example.test")  # autocommit: its own commit, its own drain
    assert drains == [1, 1]


def _queue_and_roll_back(queue, to):
    """Queue a message in a block that then fails (a savepoint, or the whole transaction)."""
    with contextlib.suppress(RuntimeError), transaction.atomic():
        queue(to=to)
        raise RuntimeError


def test_a_rolled_back_savepoint_does_not_take_the_drain_with_it(queue, drains):
    with transaction.atomic():
        _queue_and_roll_back(queue, "gone@example.test")
        assert drains == []
        queue(to="kept@example.test")
    assert drains == [1]
    assert list(Notification.objects.values_list("recipient", flat=True)) == ["kept@example.test"]


def test_a_rolled_back_transaction_leaves_no_flag_behind(queue, drains):
    _queue_and_roll_back(queue, "gone@example.test")
    assert drains == []

    with transaction.atomic():
        queue(to="kept@example.test")
    assert drains == [1]

    _queue_and_roll_back(queue, "gone-again@example.test")
    assert drains == [1]
