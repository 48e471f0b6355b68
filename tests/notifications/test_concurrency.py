import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from notifications import services
from notifications.models import Notification

ROWS = 120


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_row_exactly_once(queue, monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SELECT ... FOR UPDATE SKIP LOCKED needs PostgreSQL")
    monkeypatch.setattr(services, "_enqueue_send", lambda: None)  # only our two workers send
    settings.EMAIL_BACKEND = "tests.notifications.backends.SlowEmailBackend"
    for i in range(ROWS):
        queue(to=f"p{i}@example.test")

    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            start.wait()
            counts.append(services.send_due(batch_size=5))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(counts) == ROWS
    assert all(c > 0 for c in counts), counts  # both really worked
    sent_to = Counter(m.to[0] for m in mail.outbox)
    assert len(sent_to) == ROWS
    assert set(sent_to.values()) == {1}
    assert Notification.objects.filter(status="sent").count() == ROWS
