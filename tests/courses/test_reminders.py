"""Session reminders: enrolled participants and facilitators, once, with an .ics file."""

import datetime

import icalendar
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from courses import jobs
from notifications.models import Notification
from notifications.services import send_due
from tests.factories import make_cohort, make_enrollment


def test_reminders_24_hours_before_a_session(org1, mailoutbox):
    cohort = make_cohort(org1, programme_name="WRAP", status="running", title="Lær at tackle angst")
    enrolled = make_enrollment(cohort, first_name="Anna", email="anna@example.test")
    make_enrollment(cohort, status="waitlisted", first_name="Venter")
    session = cohort.sessions.order_by("starts_at").first()
    now = session.starts_at - datetime.timedelta(hours=10)
    written = jobs.send_session_reminders(now=now)
    assert written == 1 + cohort.facilitators.count()
    assert jobs.send_session_reminders(now=now + datetime.timedelta(hours=1)) == written
    rows = Notification.objects.filter(kind__startswith="courses.session_reminder")
    assert rows.count() == written  # running again wrote nothing new
    to_anna = rows.get(recipient=enrolled.participant.email)
    assert "angst" not in (to_anna.subject + to_anna.body_text).lower()  # neutral title
    assert to_anna.category == "reminder"
    send_due()
    message = next(m for m in mailoutbox if m.to == ["anna@example.test"])
    event = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)


def test_no_reminder_outside_the_window_or_for_cancelled_sessions(org1):
    cohort = make_cohort(org1, status="open")
    make_enrollment(cohort)
    first = cohort.sessions.order_by("starts_at").first()
    assert jobs.send_session_reminders(now=first.starts_at - datetime.timedelta(hours=30)) == 0
    first.status = "cancelled"
    first.save()
    assert jobs.send_session_reminders(now=first.starts_at - datetime.timedelta(hours=2)) == 0
    assert timezone.now() < first.starts_at


def test_beat_schedule_exists(db):
    assert PeriodicTask.objects.filter(task="courses.tasks.send_session_reminders").exists()
