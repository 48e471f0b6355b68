"""Completion from the programme's rule at finish; coordinators override with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import services
from courses.models import Attendance, Enrollment
from tests.factories import make_cohort, make_enrollment

pytestmark = pytest.mark.django_db

# Ten weeks ago: every session of the cohort is over, so it may finish.
PAST = timezone.localdate() - datetime.timedelta(weeks=10)


def _attend(cohort, enrollment, numbers, status="present"):
    for session in cohort.sessions.filter(number__in=numbers):
        Attendance.objects.create(session=session, enrollment=enrollment, status=status)


def test_four_of_six_completes_lær_at_tackle_and_the_information_meeting_does_not_count(org1):
    cohort = make_cohort(
        org1, programme_name="Lær at tackle kronisk sygdom", status="running", first_date=PAST
    )
    assert cohort.completion_min_sessions == 4
    four = make_enrollment(cohort, first_name="Fire")
    three_and_info = make_enrollment(cohort, first_name="Tre")
    excused = make_enrollment(cohort, first_name="Undskyldt")
    waiting = make_enrollment(cohort, status="waitlisted")
    _attend(cohort, four, [1, 2, 3, 4])
    _attend(cohort, three_and_info, [0, 1, 2, 3])
    _attend(cohort, excused, [1, 2, 3, 4, 5], status="excused")
    services.finish_cohort(cohort=cohort)
    results = dict(Enrollment.objects.values_list("participant__first_name", "status"))
    assert results["Fire"] == "completed"
    assert results["Tre"] == "not_completed"
    assert results["Undskyldt"] == "not_completed"
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    cohort.refresh_from_db()
    assert cohort.status == "finished"
    assert cohort.history.get().to_status == "finished"


def test_cancelled_sessions_do_not_count(org1):
    cohort = make_cohort(
        org1, programme_name="Lær at tackle kronisk sygdom", status="running", first_date=PAST
    )
    enrollment = make_enrollment(cohort)
    _attend(cohort, enrollment, [1, 2, 3, 4])
    services.cancel_session(session=cohort.sessions.get(number=4))
    services.finish_cohort(cohort=cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == "not_completed"


def test_rule_is_configurable_per_cohort(org1):
    cohort = make_cohort(org1, status="running", completion_min_sessions=1, first_date=PAST)
    enrollment = make_enrollment(cohort)
    _attend(cohort, enrollment, [1])
    services.finish_cohort(cohort=cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"


def test_override_needs_a_finished_cohort_and_a_reason(org1, coordinator1):
    cohort = make_cohort(org1, status="running", first_date=PAST)
    enrollment = make_enrollment(cohort)
    with pytest.raises(ValidationError):
        services.override_result(
            enrollment=enrollment, completed=True, reason="x", actor=coordinator1
        )
    services.finish_cohort(cohort=cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == "not_completed"
    with pytest.raises(ValidationError):
        services.override_result(
            enrollment=enrollment, completed=True, reason=" ", actor=coordinator1
        )
    services.override_result(
        enrollment=enrollment, completed=True, reason="Syg to gange, indhentet", actor=coordinator1
    )
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    assert enrollment.result_overridden_by == coordinator1


def test_finish_only_from_running(org1):
    cohort = make_cohort(org1, status="open")
    with pytest.raises(ValidationError):
        services.finish_cohort(cohort=cohort)
