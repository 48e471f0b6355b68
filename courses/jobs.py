"""Scheduled jobs of the courses: a reminder 24 hours before every cohort session to the
enrolled participants and the facilitators, each by their preferred channel. Idempotent through
the outbox key (kind + session + recipient + session start), so a moved session gets a new
reminder and nothing is sent twice."""

from __future__ import annotations

import datetime

from django.db.models import Max, Min, Q
from django.utils import timezone, translation

from core.bilingual import lazy_text
from courses import selectors
from courses.calendar import cohort_calendar
from courses.models import Cohort, CohortSession, Enrollment
from notifications.ics import ICS_CONTENT_TYPE
from notifications.services import notify
from participants.jobs import CourseOfSupport, Window, reachable

REMINDER_WINDOW = datetime.timedelta(hours=24)


def send_session_reminders(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    written = 0
    for session in selectors.upcoming_sessions(start=now, end=now + REMINDER_WINDOW):
        cohort = session.cohort
        calendars = {}

        def ics(language, cohort=cohort, session=session, calendars=calendars):
            """The calendar file in the reader's language (its title and session names)."""
            if language not in calendars:
                with translation.override(language):
                    content = cohort_calendar(cohort, [session])
                calendars[language] = ("kursusgang.ics", content, ICS_CONTENT_TYPE)
            return calendars[language]

        common = {
            "when": timezone.localtime(session.starts_at),
            "place": cohort.place,
            "online": cohort.is_online,
            "organisation": cohort.organisation.name,
        }
        for enrollment in cohort.enrolled:
            participant = enrollment.participant
            contact = participant.contact_point  # nowhere once anonymised
            # The outbox falls back to Danish for any other language.
            written += len(
                notify(
                    contact,
                    kind="courses.session_reminder_participant",
                    template="courses/email/session_reminder",
                    # A neutral title: a course name can reveal a diagnosis in someone's inbox
                    # (and a text names neither the course nor the organisation).
                    context={
                        **common,
                        "first_name": participant.first_name,
                        "title": lazy_text(lambda cohort=cohort: cohort.email_title),
                    },
                    about=session,
                    slot=session.starts_at,
                    category="reminder",
                    attachments=[ics(contact.language)],
                )
            )
        for guide in cohort.facilitator_list:
            written += len(
                notify(
                    guide.contact_point,
                    kind="courses.session_reminder_facilitator",
                    template="courses/email/session_reminder",
                    context={
                        **common,
                        "first_name": guide.user.first_name,
                        "title": lazy_text(lambda cohort=cohort: cohort.tr("title")),
                    },
                    about=session,
                    slot=session.starts_at,
                    category="reminder",
                    attachments=[ics(guide.user.language)],
                )
            )
    return written


def who5_courses(window: Window) -> list[CourseOfSupport]:
    """The WHO-5 source of courses (registered in CoursesConfig.ready()): the enrollments of
    reachable participants who took part in a cohort (not a draft or cancelled one) whose first
    counted session started, or whose last ended, or ended 3 months ago, within `window`."""
    counted = Q(sessions__status=CohortSession.Status.PLANNED, sessions__number__gte=1)
    cohorts = {
        c["pk"]: c
        for c in Cohort.objects.exclude(status__in=[Cohort.Status.DRAFT, Cohort.Status.CANCELLED])
        .annotate(
            first_start=Min("sessions__starts_at", filter=counted),
            last_end=Max("sessions__ends_at", filter=counted),
        )
        .filter(
            window.touches("first_start")
            | window.touches("last_end")
            | window.touches("last_end", follow_up=True)
        )
        .values("pk", "organisation_id", "first_start", "last_end")
    }
    took_part = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)
    enrollments = Enrollment.objects.filter(
        reachable("participant__"),
        cohort_id__in=list(cohorts),
        status__in=[*took_part, Enrollment.Status.NOT_COMPLETED],
    ).values_list("cohort_id", "participant_id")
    return [
        CourseOfSupport(
            participant_id=participant_id,
            organisation_id=cohorts[cohort_id]["organisation_id"],
            source_id=cohort_id,
            start=cohorts[cohort_id]["first_start"],
            end=cohorts[cohort_id]["last_end"],
        )
        for cohort_id, participant_id in enrollments
    ]
