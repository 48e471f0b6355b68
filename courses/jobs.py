"""Scheduled jobs of the courses: a reminder 24 hours before every cohort session to the
enrolled participants and the facilitators. Idempotent through the outbox key (kind + session +
recipient + session start), so a moved session gets a new reminder and nothing is sent twice."""

from __future__ import annotations

import datetime

from django.utils import timezone

from courses import selectors
from courses.calendar import cohort_calendar
from notifications.ics import ICS_CONTENT_TYPE
from notifications.services import queue_email

REMINDER_WINDOW = datetime.timedelta(hours=24)


def send_session_reminders(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    written = 0
    for session in selectors.upcoming_sessions(start=now, end=now + REMINDER_WINDOW):
        cohort = session.cohort
        ics = ("kursusgang.ics", cohort_calendar(cohort, [session]), ICS_CONTENT_TYPE)
        common = {
            "when": timezone.localtime(session.starts_at),
            "place": cohort.place,
            "online": cohort.is_online,
            "organisation": cohort.organisation.name,
        }
        for enrollment in cohort.enrolled:
            participant = enrollment.participant
            if not participant.email or participant.anonymised_at:
                continue
            queue_email(
                kind="courses.session_reminder_participant",
                to=participant.email,
                template="courses/email/session_reminder",
                # A neutral title: a course name can reveal a diagnosis in someone's inbox.
                context={
                    **common,
                    "first_name": participant.first_name,
                    "title": cohort.email_title,
                },
                language=participant.language,
                about=session,
                slot=session.starts_at,
                category="reminder",
                attachments=[ics],
            )
            written += 1
        for guide in cohort.facilitator_list:
            queue_email(
                kind="courses.session_reminder_facilitator",
                to=guide.user.email,
                template="courses/email/session_reminder",
                context={**common, "first_name": guide.user.first_name, "title": cohort.title},
                language=guide.user.language,
                about=session,
                slot=session.starts_at,
                category="reminder",
                attachments=[ics],
            )
            written += 1
    return written
