"""A real Celery worker killed with SIGKILL in the middle of a drain loses no message and sends
again at most the one message each worker process had in flight.

It needs PostgreSQL: the worker runs in another process and must see the test's database (the
SQLite test database lives in the pytest process's memory). CI runs it in its PostgreSQL pass.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from notifications.models import Notification
from notifications.tasks import send_due_notifications
from tests.notifications.brokers import TEST_REDIS, celery_broker

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: the worker subprocess must share the test database, and SQLite's "
    "is in this process's memory (CI runs it in its PostgreSQL pass)",
)

MESSAGES = 2000
CONCURRENCY = 2
KILL_AFTER = 200  # deliveries recorded before the kill
CACHE_URL = f"{TEST_REDIS}/1"
BROKER_URL = f"{TEST_REDIS}/2"  # this test's own: flushed before and after


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _delivered(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _wait_for(condition, *, timeout: float, what: str, worker=None, on_idle=None):
    """Poll until `condition()` holds; fail with `what` after `timeout` s or if the worker died."""
    deadline = time.monotonic() + timeout
    next_nudge = time.monotonic() + 5
    while not condition():
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}:\n{worker.output()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        if on_idle is not None and time.monotonic() > next_nudge:
            on_idle()
            next_nudge = time.monotonic() + 5
        time.sleep(0.02)


class Worker:
    def __init__(self, *, queue: str, log: Path, output: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": BROKER_URL,
            # A result backend is configured, yet fire-and-forget tasks must store nothing.
            "CELERY_RESULT_BACKEND": BROKER_URL,
            "REDIS_URL": CACHE_URL,
            "TEST_DELIVERY_LOG": str(log),
            "TEST_CELERY_QUEUE": queue,
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        self._output = output
        with output.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "peerplatform",
                    "worker",
                    "--pool=prefork",
                    f"--concurrency={CONCURRENCY}",
                    f"--queues={queue}",
                    f"--hostname=crash-test-{uuid.uuid4().hex[:8]}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the kill takes the pool too
            )

    def output(self) -> str:
        return self._output.read_text()[-5000:]

    def kill(self) -> None:
        """SIGKILL to the whole group: main process and pool processes die mid-task."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def broker():
    client = redis.Redis.from_url(BROKER_URL)
    client.flushdb()
    with celery_broker(BROKER_URL) as queue:
        yield client, queue
    client.flushdb()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_drain_loses_nothing(queue, broker, tmp_path):
    redis_client, queue_name = broker
    log = tmp_path / "delivered.txt"
    output = tmp_path / "worker.log"
    expected = {f"p{i}@example.test" for i in range(MESSAGES)}

    # 2,000 messages in one transaction: its commit publishes one drain.
    with transaction.atomic():
        for recipient in sorted(expected):
            queue(to=recipient)
    assert redis_client.llen(queue_name) == 1
    send_due_notifications.delay()  # a second drain, as beat's next tick: both processes work

    def pending() -> int:
        return Notification.objects.filter(status=Notification.Status.PENDING).count()

    workers = []
    try:
        first = Worker(queue=queue_name, log=log, output=output)
        workers.append(first)
        _wait_for(
            lambda: len(_delivered(log)) >= KILL_AFTER,
            timeout=300,
            what=f"{KILL_AFTER} deliveries",
            worker=first,
        )
        first.kill()
        delivered_before_restart = len(_delivered(log))
        assert pending() > 0, "the worker finished before it was killed; nothing was tested"
        assert delivered_before_restart < MESSAGES

        second = Worker(queue=queue_name, log=log, output=output)
        workers.append(second)
        # The killed drains are not redelivered before the broker's visibility timeout; beat's
        # periodic drain is what sends the rest. Publish one as beat would, and again while
        # messages remain (a row the killed worker held is free once PostgreSQL notices).
        send_due_notifications.delay()
        _wait_for(
            lambda: pending() == 0,
            timeout=600,
            what="every message to be sent after the restart",
            worker=second,
            on_idle=send_due_notifications.delay,
        )
    finally:
        for worker in workers:
            worker.stop()

    counts = Counter(_delivered(log))
    lost = expected - set(counts)
    duplicates = sum(n - 1 for n in counts.values())
    assert lost == set()
    assert set(counts) == expected
    assert duplicates <= CONCURRENCY, counts.most_common(5)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    # Fire-and-forget: the result backend holds no task results.
    assert redis_client.keys("celery-task-meta-*") == []
