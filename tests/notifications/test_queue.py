from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications import services
from notifications.models import Notification, Suppression

pytestmark = pytest.mark.django_db


def test_queue_writes_one_rendered_row(queue, about):
    notification = queue(about=about, context={"name": "Ada & <Bo>"})

    assert Notification.objects.count() == 1
    assert notification.status == Notification.Status.PENDING
    assert notification.channel == Notification.Channel.EMAIL
    assert notification.recipient == "ada@example.test"
    assert notification.about == about
    assert notification.next_attempt_at == notification.due_at
    # Plain text is not HTML-escaped; HTML is.
    assert notification.subject == "Find en peerguide: Ada & <Bo>"
    assert "Hello Ada & <Bo>" in notification.body_text
    assert "Hello Ada &amp; &lt;Bo&gt;" in notification.body_html
    # The shared layout: site name, and no opt-out link in transactional mail.
    assert "Peerplatform" in notification.body_text
    assert "Peerplatform" in notification.body_html
    assert "/beskeder/afmeld/" not in notification.body_text


def test_queuing_twice_writes_no_more(queue, about):
    first = queue(about=about)
    second = queue(about=about, context={"name": "Someone else"})

    assert second.pk == first.pk
    assert Notification.objects.count() == 1


def test_key_is_kind_object_recipient_and_slot(queue, about, org2):
    queue(about=about)
    queue(about=about, to="ADA@example.test ")  # the same address
    queue(about=org2)
    queue(about=about, to="bo@example.test")
    queue(about=about, kind="tests.other")
    queue(about=about, slot="2026-05-01")
    queue(about=about, slot="2026-05-01")

    assert Notification.objects.count() == 5


def test_due_at_is_the_default_slot(queue, about):
    later = timezone.now() + timedelta(days=2)
    queue(about=about, due_at=later)
    queue(about=about, due_at=later)
    queue(about=about, due_at=later + timedelta(days=7))

    assert Notification.objects.count() == 2


def test_a_lost_race_returns_the_winners_row(queue, about, monkeypatch):
    winner = queue(about=about)
    # The other transaction inserted after our look-up: the unique constraint decides.
    monkeypatch.setattr(services, "_find_existing", lambda key: None)

    assert queue(about=about).pk == winner.pk
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "expected_subject", "sign_off"),
    [
        ("da", "Find en peerguide: Ada", "language=da"),
        ("en", "Find a peer guide: Ada", "language=en"),
    ],
)
def test_rendered_in_the_recipients_language(queue, language, expected_subject, sign_off):
    notification = queue(language=language)

    assert notification.language == language
    assert notification.subject == expected_subject
    assert sign_off in notification.body_text
    assert f'<html lang="{language}">' in notification.body_html


def test_unknown_language_falls_back_to_danish(queue):
    assert queue(language="xx").language == "da"


def test_region_variant_uses_the_language(queue):
    assert queue(language="en-gb").language == "en"


def test_reminders_carry_a_signed_stop_link(queue):
    notification = queue(category="reminder")

    assert "https://peer.example.test/beskeder/afmeld/" in notification.body_text
    assert "https://peer.example.test/beskeder/afmeld/" in notification.body_html


def test_opted_out_reminder_is_a_cancelled_row(queue):
    Suppression.objects.create(recipient="ada@example.test", category="reminder")

    notification = queue(category="reminder", to="Ada@Example.test")

    assert notification.status == Notification.Status.CANCELLED


def test_opt_out_never_stops_transactional_mail(queue):
    Suppression.objects.create(recipient="ada@example.test", category="reminder")

    assert queue().status == Notification.Status.PENDING


def test_attachments_are_stored(queue):
    notification = queue(
        attachments=[
            services.Attachment("a.ics", b"BEGIN:VCALENDAR", "text/calendar"),
            ("b.txt", b"hej", "text/plain"),
        ]
    )

    files = {a.filename: (a.content_type, bytes(a.content)) for a in notification.attachments.all()}
    assert files == {
        "a.ics": ("text/calendar", b"BEGIN:VCALENDAR"),
        "b.txt": ("text/plain", b"hej"),
    }


def test_due_message_is_sent_after_commit(queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue(to="a@example.test")
        queue(to="b@example.test")

    assert len(callbacks) == 1  # one send per transaction, however many messages
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.test", "b@example.test"]
    assert Notification.objects.filter(status="sent").count() == 2


def test_future_message_is_not_scheduled(queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        queue(due_at=timezone.now() + timedelta(hours=1))

    assert callbacks == []


def test_refusals(queue):
    with pytest.raises(ValidationError):
        queue(category="newsletter")
    with pytest.raises(ValidationError):
        queue(to="  ")
    assert Notification.objects.count() == 0


def test_queue_sms(about):
    notification = services.queue_sms(
        kind="tests.hello",
        to="+45 12 34 56 78",
        template="notifications_test/hello",
        context={"name": "Ada"},
        about=about,
    )

    assert notification.channel == Notification.Channel.SMS
    assert notification.recipient == "+4512345678"
    assert notification.body_text == "Find en peerguide: Ada"


def test_cancel_for(queue, about, org2):
    kept_sent = queue(about=about, kind="tests.done")
    Notification.objects.filter(pk=kept_sent.pk).update(status="sent")
    a = queue(about=about, kind="tests.a")
    b = queue(about=about, kind="tests.b")
    other = queue(about=org2, kind="tests.a")

    assert services.cancel_for(about=about, kinds=["tests.a"]) == 1
    assert services.cancel_for(about=about) == 1

    statuses = dict(Notification.objects.values_list("pk", "status"))
    assert statuses == {
        kept_sent.pk: "sent",
        a.pk: "cancelled",
        b.pk: "cancelled",
        other.pk: "pending",
    }
