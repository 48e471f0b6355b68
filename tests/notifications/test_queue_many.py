"""Many e-mails at once (`queue_emails`, issue 15): the same rows as one at a time, written in a
fixed number of queries per batch, and never twice for the same key."""

import pytest

from notifications import services
from notifications.models import Notification, NotificationAttachment, Suppression
from tests.notifications.conftest import TEMPLATE

pytestmark = pytest.mark.django_db


def emails(n, *, about=None, start=0, **kwargs):
    return [
        services.Email(
            kind="tests.hello",
            to=f"Person{i}@Example.test",
            template=TEMPLATE,
            context={"name": f"Person {i}"},
            language="en" if i % 2 else "da",
            about=about,
            category="reminder",
            attachments=[("moede.ics", b"BEGIN:VCALENDAR", "text/calendar")] if i % 3 == 0 else (),
            **kwargs,
        )
        for i in range(start, start + n)
    ]


def test_many_rows_match_what_one_at_a_time_writes(about, queue):
    assert services.queue_emails(emails(1, about=about)) == 1
    bulk = Notification.objects.get()
    single = queue(
        to="someone@example.test", about=about, context={"name": "Person 0"}, category="reminder"
    )
    assert bulk.recipient == "person0@example.test"
    assert bulk.subject == single.subject
    assert (
        bulk.body_text.replace("person0", "x").split("/beskeder/afmeld/")[0]
        == (single.body_text.replace("someone", "x").split("/beskeder/afmeld/")[0])
    )
    assert "/beskeder/afmeld/" in bulk.body_text  # reminders can be opted out of
    assert bulk.about == about
    assert bulk.attachments.get().filename == "moede.ics"


def test_running_twice_and_duplicates_write_each_key_once(about):
    batch = emails(30, about=about)
    assert services.queue_emails(batch + batch[:5], batch_size=7) == 30
    assert services.queue_emails(batch) == 0
    assert Notification.objects.count() == 30
    assert NotificationAttachment.objects.count() == 10
    assert set(Notification.objects.values_list("language", flat=True)) == {"da", "en"}


def test_an_opted_out_recipient_gets_a_cancelled_row(about):
    Suppression.objects.create(recipient="person1@example.test", category="reminder")
    services.queue_emails(emails(3, about=about))
    cancelled = Notification.objects.get(status=Notification.Status.CANCELLED)
    assert cancelled.recipient == "person1@example.test"
    assert Notification.objects.filter(status=Notification.Status.PENDING).count() == 2


def test_a_key_taken_meanwhile_falls_back_to_one_at_a_time(about, monkeypatch):
    batch = emails(4, about=about)
    services.queue_emails(batch[:1])
    # Pretend the check missed the row another process wrote between check and insert.
    real_filter = Notification.objects.filter
    monkeypatch.setattr(
        Notification.objects,
        "filter",
        lambda *a, **k: (
            real_filter(pk__in=[]) if "idempotency_key__in" in k else real_filter(*a, **k)
        ),
    )
    # Only the three rows written count: the one another process took is not counted again.
    assert services.queue_emails(batch) == 3
    assert Notification.objects.count() == 4
    assert NotificationAttachment.objects.count() == 2  # emails() attaches to every other one


def test_queries_per_batch_do_not_grow_with_messages(about):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Warm: the crisis contacts in every e-mail's footer are read once, then cached.
    services.queue_emails(emails(1, about=about, start=1000))
    with CaptureQueriesContext(connection) as small:
        services.queue_emails(emails(3, about=about))
    with CaptureQueriesContext(connection) as large:
        # 40 rows fit SQLite's 999 parameters per INSERT (PostgreSQL takes any number).
        services.queue_emails(emails(40, about=about, start=100))
    assert len(large) == len(small)
