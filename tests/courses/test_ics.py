"""The cohort's dates as an .ics file, parsed back with icalendar."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from courses import services
from courses.calendar import cohort_calendar
from tests.factories import make_cohort

pytestmark = pytest.mark.django_db


def _events(data: bytes):
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.walk("VEVENT")]


def test_calendar_has_every_planned_session(client, org1):
    cohort = make_cohort(org1, programme_name="Lær at tackle angst og depression")
    services.cancel_session(session=cohort.sessions.get(number=3))
    response = client.get(reverse("courses:calendar", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert len(events) == 7  # information meeting + 7 sessions - 1 cancelled
    sessions = list(cohort.sessions.filter(status="planned").order_by("starts_at"))
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts == [s.starts_at for s in sessions]
    first = min(events, key=lambda e: e.decoded("dtstart"))
    summaries = " ".join(str(e["summary"]) for e in events)
    assert "angst" not in summaries.lower()  # a neutral title, never the diagnosis
    assert "Kursus" in summaries
    assert str(first["location"]).startswith("Frivilligcentret")
    uids = {str(e["uid"]) for e in events}
    assert len(uids) == 7


def test_moving_a_session_keeps_its_uid(org1):
    cohort = make_cohort(org1)
    before = {str(e["uid"]) for e in _events(cohort_calendar(cohort))}
    session = cohort.sessions.get(number=1)
    services.move_session(
        session=session, starts_at=session.starts_at + datetime.timedelta(hours=1)
    )
    after = _events(cohort_calendar(cohort))
    assert {str(e["uid"]) for e in after} == before


def test_no_calendar_for_drafts(client, org1):
    cohort = make_cohort(org1, status="draft")
    assert client.get(reverse("courses:calendar", args=[cohort.pk])).status_code == 404
