"""Matching's scheduled jobs write the right outbox rows, once."""

import datetime

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from matching import jobs
from matching.models import Meeting
from notifications.models import Notification
from notifications.services import opt_out, send_due
from tests.factories import MatchFactory


@pytest.fixture
def match(org1):
    return MatchFactory(
        request__participant__organisation=org1,
        request__participant__email="anna@example.test",
        request__participant__first_name="Anna",
        guide__user__first_name="Sofie",
    )


def test_reminder_24_hours_before_to_both_with_ics(match, mailoutbox):
    now = timezone.now()
    soon = Meeting.objects.create(match=match, starts_at=now + datetime.timedelta(hours=20))
    Meeting.objects.create(match=match, starts_at=now + datetime.timedelta(hours=30))  # too far
    Meeting.objects.create(
        match=match, starts_at=now + datetime.timedelta(hours=5), status="cancelled"
    )
    assert jobs.send_meeting_reminders(now=now) == 2
    rows = Notification.objects.filter(kind__startswith="matching.meeting_reminder")
    assert {r.recipient for r in rows} == {"anna@example.test", match.guide.user.email}
    assert all(r.category == "reminder" for r in rows)
    # running again writes nothing new
    jobs.send_meeting_reminders(now=now)
    jobs.send_meeting_reminders(now=now + datetime.timedelta(minutes=30))
    assert rows.count() == 2
    send_due()
    assert len(mailoutbox) == 2
    message = next(m for m in mailoutbox if m.to == ["anna@example.test"])
    assert "Sofie" in message.body
    assert "/beskeder/afmeld/" in message.body  # a link to stop reminders
    name, content, mimetype = message.attachments[0]
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == soon.starts_at.replace(microsecond=0)


def test_reminder_in_english_for_an_english_participant(match):
    participant = match.request.participant
    participant.language = "en"
    participant.save()
    Meeting.objects.create(match=match, starts_at=timezone.now() + datetime.timedelta(hours=3))
    jobs.send_meeting_reminders()
    row = Notification.objects.get(recipient="anna@example.test")
    assert row.language == "en"
    assert "reminder" in row.subject.lower()
    danish = Notification.objects.get(recipient=match.guide.user.email)
    assert "påmindelse" in danish.subject.lower()


def test_opt_out_is_honoured(match, mailoutbox):
    opt_out(recipient="anna@example.test", category="reminder")
    Meeting.objects.create(match=match, starts_at=timezone.now() + datetime.timedelta(hours=3))
    jobs.send_meeting_reminders()
    send_due()
    assert [m.to for m in mailoutbox] == [[match.guide.user.email]]


def test_stale_nudge_once_per_quiet_spell(match):
    match.started_at = timezone.now() - datetime.timedelta(days=40)
    match.save()
    Meeting.objects.create(
        match=match,
        starts_at=timezone.now() - datetime.timedelta(days=25),
        status="held",
        duration_minutes=60,
    )
    assert jobs.nudge_stale_matches() == 1
    jobs.nudge_stale_matches()
    assert Notification.objects.filter(kind="matching.stale_nudge").count() == 1
    # a new meeting ends the spell; nothing is stale now
    Meeting.objects.create(
        match=match,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        status="held",
        duration_minutes=30,
    )
    assert jobs.nudge_stale_matches() == 0


def test_commands_and_beat_schedules(match, capsys):
    call_command("send_meeting_reminders")
    call_command("nudge_stale_matches")
    assert "queued" in capsys.readouterr().out
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"matching.tasks.send_meeting_reminders", "matching.tasks.nudge_stale_matches"} <= tasks
    reminder = PeriodicTask.objects.get(task="matching.tasks.send_meeting_reminders")
    assert str(reminder.crontab.timezone) == "Europe/Copenhagen"
