"""A cohort's dates as an iCalendar file (built with `icalendar` via notifications.ics).

The summary is the programme's neutral title, never the course name: calendars are often shared
or shown on a lock screen, and a name like "Lær at tackle angst og depression" is a health detail.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from courses.models import Cohort, CohortSession
from notifications.ics import IcsEvent, build_calendar, uid_host


def session_summary(title: str, session: CohortSession) -> str:
    """ "Course, session 2": the programme's neutral title (`Cohort.email_title`) and the session,
    for every calendar, the participants' and the facilitating guide's alike."""
    label = (
        _("Information meeting")
        if session.is_information_meeting
        else _("session %(number)s") % {"number": session.number}
    )
    return f"{title}, {label}"


def cohort_events(cohort: Cohort, sessions=None) -> list[IcsEvent]:
    if sessions is None:
        sessions = cohort.sessions.filter(status=CohortSession.Status.PLANNED).order_by("starts_at")
    title = cohort.email_title
    url = settings.SITE_URL.rstrip("/") + cohort.get_absolute_url()
    events = []
    for session in sessions:
        if session.is_cancelled:
            continue
        events.append(
            IcsEvent(
                uid=f"cohort-{cohort.pk}-session-{session.number}@{uid_host()}",
                start=session.starts_at,
                end=session.ends_at,
                summary=session_summary(title, session),
                location=cohort.place,
                description=cohort.organisation.name,
                url=url,
            )
        )
    return events


def cohort_calendar(cohort: Cohort, sessions=None) -> bytes:
    return build_calendar(cohort_events(cohort, sessions), name=cohort.email_title)
