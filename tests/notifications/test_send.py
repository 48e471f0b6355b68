from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from notifications import services, sms
from notifications.ics import IcsEvent, build_calendar
from notifications.models import Notification, Suppression

pytestmark = pytest.mark.django_db

FAILING = "tests.notifications.backends.FailingEmailBackend"


def _calendar() -> bytes:
    start = timezone.now() + timedelta(days=1)
    return build_calendar(
        [IcsEvent(uid="m1@test", start=start, end=start + timedelta(hours=1), summary="Møde")]
    )


def test_send_marks_sent_with_text_html_and_attachment(queue):
    notification = queue(
        category="reminder",
        attachments=[services.Attachment("invitation.ics", _calendar(), "text/calendar")],
    )

    assert services.send_due() == 1

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.sent_at is not None
    assert notification.attempts == 1
    [message] = mail.outbox
    assert message.to == ["ada@example.test"]
    assert message.subject == notification.subject
    assert message.body == notification.body_text
    assert message.alternatives[0].content == notification.body_html
    assert message.alternatives[0].mimetype == "text/html"
    [(filename, content, mimetype)] = message.attachments
    assert filename == "invitation.ics"
    assert mimetype == "text/calendar"
    assert "BEGIN:VCALENDAR" in content
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://peer.example.test/beskeder/afmeld/"
    )


def test_send_again_sends_nothing_twice(queue):
    queue()
    assert services.send_due() == 1
    assert services.send_due() == 0
    assert len(mail.outbox) == 1


def test_rows_not_yet_due_wait(queue):
    later = timezone.now() + timedelta(hours=2)
    queue(due_at=later)

    assert services.send_due() == 0
    assert services.send_due(now=later) == 1


def test_cancelled_rows_are_not_sent(queue, about):
    queue(about=about)
    services.cancel_for(about=about)

    assert services.send_due() == 0
    assert mail.outbox == []


def test_small_batches_send_everything(queue):
    for i in range(7):
        queue(to=f"p{i}@example.test")

    assert services.send_due(batch_size=3) == 7
    assert len(mail.outbox) == 7


def test_failing_mail_server_retries_with_backoff_then_fails(queue, settings):
    settings.EMAIL_BACKEND = FAILING
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    notification = queue()

    start = timezone.now()
    assert services.send_due(now=start) == 0
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "the mail server said no" in notification.last_error
    first_delay = notification.next_attempt_at - start
    assert first_delay >= timedelta(minutes=1)

    # Not retried before its time.
    assert services.send_due(now=start) == 0
    notification.refresh_from_db()
    assert notification.attempts == 1

    services.send_due(now=notification.next_attempt_at)
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.next_attempt_at - timezone.now() > first_delay  # backed off further

    services.send_due(now=notification.next_attempt_at)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 3
    assert notification.next_attempt_at is None
    assert mail.outbox == []


def test_a_connection_that_will_not_open_fails_the_batch_once(queue, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingOpenEmailBackend"
    queue(to="a@example.test")
    queue(to="b@example.test")

    assert services.send_due() == 0
    assert list(Notification.objects.values_list("status", "attempts")) == [("pending", 1)] * 2
    assert all("connection refused" in n.last_error for n in Notification.objects.all())


def test_resend_puts_a_failed_row_back(queue, settings):
    settings.EMAIL_BACKEND = FAILING
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    notification = queue()
    services.send_due()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.resend(notification=notification)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 0

    assert services.send_due() == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_resend_refuses_rows_that_did_not_fail(queue):
    notification = queue()
    with pytest.raises(ValidationError):
        services.resend(notification=notification)


def test_opt_out_after_queuing_cancels_reminders_not_transactional(queue):
    reminder = queue(category="reminder", kind="tests.reminder")
    receipt = queue(kind="tests.receipt")

    services.opt_out(recipient="ADA@example.test", category="reminder")

    assert services.send_due() == 1
    reminder.refresh_from_db()
    receipt.refresh_from_db()
    assert reminder.status == Notification.Status.CANCELLED
    assert receipt.status == Notification.Status.SENT
    assert [m.subject for m in mail.outbox] == [receipt.subject]


def test_send_time_check_catches_a_late_opt_out(queue):
    reminder = queue(category="reminder")
    # Written behind the service's back, e.g. between queuing and sending.
    Suppression.objects.create(recipient="ada@example.test", category="reminder")

    assert services.send_due() == 0
    reminder.refresh_from_db()
    assert reminder.status == Notification.Status.CANCELLED
    assert mail.outbox == []


def test_opt_out_refuses_transactional():
    with pytest.raises(ValidationError):
        services.opt_out(recipient="ada@example.test", category="transactional")
    assert not Suppression.objects.exists()


def test_opt_out_twice_keeps_one_row_and_opt_in_undoes_it():
    services.opt_out(recipient="ada@example.test", category="reminder")
    services.opt_out(recipient="ada@example.test", category="reminder")
    assert Suppression.objects.count() == 1

    assert services.opt_in(recipient="ada@example.test", category="reminder") == 1
    assert not Suppression.objects.exists()


def test_sms_goes_through_the_sms_backend(about):
    services.queue_sms(
        kind="tests.hello",
        to="+4512345678",
        template="notifications_test/hello",
        context={"name": "Ada"},
        about=about,
    )

    assert services.send_due() == 1
    assert sms.outbox == [sms.SMSMessage(to="+4512345678", body="Find en peerguide: Ada")]
    assert mail.outbox == []


def test_management_command_sends(queue):
    queue()

    call_command("send_notifications")

    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


def test_task_calls_the_service_eagerly(queue):
    from notifications.tasks import send_due_notifications

    queue()

    assert send_due_notifications.delay().get() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("rows", [5, 50])
def test_queries_per_sent_message_are_bounded(queue, rows, django_assert_max_num_queries):
    for i in range(rows):
        queue(
            to=f"p{i}@example.test",
            category="reminder",
            attachments=[("a.txt", b"x", "text/plain")],
        )

    # Each message is its own short transaction (so a crash re-sends at most the one in flight):
    # its savepoint, lock-and-select, opt-out check, attachments, mark sent; then one empty look.
    with django_assert_max_num_queries(6 * rows + 3):
        assert services.send_due(batch_size=50) == rows

    Notification.objects.update(status="pending")
    mail.outbox.clear()
    # Smaller batches (mail connections) cost no more queries.
    with django_assert_max_num_queries(6 * rows + 3):
        assert services.send_due(batch_size=10) == rows


def test_a_message_that_cannot_be_built_fails_alone(queue, monkeypatch):
    broken = queue(to="broken@example.test")
    queue(to="fine@example.test")
    real = services._email_message

    def build(notification, connection):
        if notification.pk == broken.pk:
            raise ValueError("Header values can't contain newlines")
        return real(notification, connection)

    monkeypatch.setattr(services, "_email_message", build)

    assert services.send_due() == 1  # the other message is not held up

    assert [m.to for m in mail.outbox] == [["fine@example.test"]]
    broken.refresh_from_db()
    assert broken.status == Notification.Status.PENDING
    assert broken.attempts == 1
    assert "ValueError" in broken.last_error
    assert broken.next_attempt_at > timezone.now()  # backed off, not retried in a loop
