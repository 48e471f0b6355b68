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


@pytest.mark.django_db(transaction=True)
def test_two_jobs_queueing_the_same_batch_write_and_count_each_message_once(about, monkeypatch):
    """Both jobs find no key taken, then both insert: the second waits on the unique index, falls
    back to one message at a time, writes none and counts none (it used to count them all)."""
    if connection.vendor != "postgresql":
        pytest.skip("two writers blocking on one unique index: PostgreSQL")
    monkeypatch.setattr(services, "_enqueue_send", lambda: None)
    contacts = [
        services.Contact(email=f"p{i}@example.test", phone=f"+452030{i:04d}", preferred=pref)
        for i, pref in enumerate(["", "sms", "both"] * 4)
    ]
    messages = [
        m
        for c in contacts
        for m in services.messages_for(
            c, kind="tests.reminder", template="notifications_test/notice", about=about,
            context={"name": "Ada"}, category="reminder",
        )
    ]  # fmt: skip
    both_checked = threading.Barrier(2)
    real_write = services._write

    def write_after_both_checked(prepared, *, taken):
        both_checked.wait(timeout=30)
        return real_write(prepared, taken=taken)

    monkeypatch.setattr(services, "_write", write_after_both_checked)
    counts: list[int] = []
    errors: list[BaseException] = []

    def job():
        try:
            counts.append(services.queue_messages(messages))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(counts) == [0, len(messages)]
    assert Notification.objects.count() == len(messages) == 16
    assert Counter(Notification.objects.values_list("channel", flat=True)) == {
        "email": 8,
        "sms": 8,
    }
