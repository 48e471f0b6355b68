"""demo.builders.courses: the four demo cohorts, idempotent."""

import pytest

from courses.models import Attendance, Cohort, CohortSession, Enrollment
from demo.builders import core as core_demo
from demo.builders import courses as demo
from demo.builders import volunteers as volunteers_demo
from participants.models import Participant

pytestmark = pytest.mark.django_db


def _seed():
    out = []
    context = core_demo.seed(password="a-Long-test-passw0rd", out=out)
    context.update(volunteers_demo.seed(context=context, password=None, out=out))
    return demo.seed(context=context, password=None, out=out)


def _counts():
    return tuple(
        m.objects.count() for m in (Cohort, CohortSession, Enrollment, Attendance, Participant)
    )


def test_demo_cohorts_and_idempotence():
    cohorts = _seed()["cohorts"]
    before = _counts()
    _seed()
    assert _counts() == before

    open_wrap = cohorts["open_wrap"]
    assert open_wrap.status == "open"
    assert open_wrap.enrollments.filter(status="enrolled").count() < open_wrap.capacity
    skipped = open_wrap.skipped_dates.filter(kind="holiday").first()  # meets a holiday
    assert skipped.name
    session_days = {s.starts_at.date() for s in open_wrap.sessions.all()}
    assert skipped.date not in session_days

    full = cohorts["full_lat"]
    assert full.enrollments.filter(status="enrolled").count() == full.capacity
    assert full.enrollments.filter(status="waitlisted").count() == 3

    running = cohorts["running_lat"]
    assert running.status == "running"
    marked = Attendance.objects.filter(session__cohort=running)
    assert marked.exists()
    assert running.sessions.filter(attendances__isnull=True).exists()  # later sessions not yet

    finished = cohorts["finished_wrap"]
    assert finished.status == "finished"
    results = set(finished.enrollments.values_list("status", flat=True))
    assert results == {Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED}
