"""Each figure against a hand-built data set with known answers (see conftest.py)."""

import datetime

import pytest

from courses.models import Attendance, Cohort, Enrollment
from reports import selectors
from reports.selectors import ONE_TO_ONE, Period
from tests.factories import (
    ParticipantFactory,
    evaluation_consent,
    make_cohort,
    make_enrollment,
    who5_measurement,
)
from tests.reports.conftest import YEAR, at, guide, scope_of

pytestmark = pytest.mark.django_db


def test_support_figures(support_data, org1):
    s = selectors.support_figures(YEAR, scope_of(org1))
    assert s["requests_received"] == 4
    assert s["waiting_now"] == 2
    assert s["matched"] == 3
    assert s["median_days_to_match"] == 20.0
    assert s["matches_started"] == 2
    assert s["matches_active"] == 3  # m3 spans the start of the period
    assert s["matches_ended"] == 2
    assert s["median_match_days"] == 113.0
    assert s["meetings_held"] == 6
    assert s["meeting_hours"] == 6.5
    assert s["volunteer_meeting_hours"] == 3.5
    reasons = {r["reason"]: r["n"] for r in s["closure_reasons"]}
    assert reasons["goals_reached"] == 1
    assert reasons["moved"] == 1
    assert reasons["no_contact"] == 0


def test_a_match_spanning_the_period_end_counts_as_active_not_ended(support_data, org1):
    # m1 runs 15 Feb - 15 Aug 2025; a period of Jan-Mar sees it start but not end.
    q1 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    s = selectors.support_figures(q1, scope_of(org1))
    assert s["matches_active"] == 2  # m1 and m3 (m2 starts in April)
    assert s["matches_started"] == 1
    assert s["matches_ended"] == 1  # m3
    assert s["median_match_days"] == 45.0


def test_waiting_distribution(support_data, org1):
    buckets = {b["bucket"]: b["n"] for b in selectors.waiting_distribution(YEAR, scope_of(org1))}
    assert buckets == {"0-7": 0, "8-14": 1, "15-30": 2, "31-60": 0, "61-90": 0, "90+": 0}


def test_monthly_trend(support_data, org1):
    trend = {m["month"]: m for m in selectors.monthly_trend(YEAR, scope_of(org1))}
    assert len(trend) == 12
    assert trend[datetime.date(2025, 2, 1)]["requests"] == 1
    assert trend[datetime.date(2025, 2, 1)]["matches"] == 1
    assert trend[datetime.date(2025, 3, 1)]["meetings"] == 3
    assert trend[datetime.date(2025, 3, 1)]["meeting_hours"] == 3.0
    assert trend[datetime.date(2025, 4, 1)]["meeting_hours"] == 3.0
    assert trend[datetime.date(2025, 1, 1)]["meeting_hours"] == 0.5
    assert sum(m["meetings"] for m in trend.values()) == 6


def test_empty_period_gives_zeros_and_no_medians(support_data, org1):
    empty = Period(datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))
    s = selectors.support_figures(empty, scope_of(org1))
    assert s["requests_received"] == 0
    assert s["matches_active"] == 0
    assert s["median_days_to_match"] is None
    assert s["median_match_days"] is None
    assert s["meeting_hours"] == 0
    c = selectors.course_figures(empty, scope_of(org1))
    assert c["cohorts_run"] == 0
    assert c["attendance_rate"] is None
    w = selectors.wellbeing_figures(empty, scope_of(org1))
    assert w["response_rate"] is None
    assert w["mean_change"] is None
    assert all(m["meetings"] == 0 for m in selectors.monthly_trend(empty, scope_of(org1)))


def test_scoping_to_organisations(support_data, org1, org2):
    assert selectors.support_figures(YEAR, scope_of(org2))["meetings_held"] == 1
    both = selectors.support_figures(YEAR, scope_of(org1, org2))
    assert both["meetings_held"] == 7
    assert selectors.support_figures(YEAR, scope_of())["meetings_held"] == 0


def test_scope_for_user_never_includes_another_organisation(org1, org2, coordinator1):
    scope = selectors.scope_for(coordinator1)
    assert scope.organisation_ids == (org1.pk,)
    assert selectors.scope_for(coordinator1, organisation_id=org2.pk).organisation_ids == ()


def test_guide_figures(org1):
    guide(org1, created=at(2025, 1, 10), active_at=at(2025, 1, 30))  # 20 days
    guide(org1, employment="paid", created=at(2025, 3, 1), active_at=at(2025, 3, 11))  # 10
    guide(org1, status="applied", created=at(2025, 6, 1))
    guide(org1, created=at(2024, 5, 1), active_at=at(2024, 6, 1))  # activated before 2025
    g = selectors.guide_figures(YEAR, scope_of(org1))
    assert g["applications"] == 3
    assert g["activated"] == 2
    assert g["median_days_to_active"] == 15.0
    assert g["active_volunteers"] == 2
    assert g["active_paid"] == 1
    by_status = {r["status"]: r for r in g["by_status"]}
    assert by_status["active"]["volunteer"] == 2
    assert by_status["applied"]["volunteer"] == 1


@pytest.fixture
def course_data(org1):
    """A finished WRAP cohort of 8 sessions of 120 minutes from 4 March 2025, two volunteer
    facilitators, 4 completed + 1 not completed + 1 withdrawn; attendance marked on session 1
    (5 present, 1 absent... of the 5 taking part: 4 present, 1 absent)."""
    cohort = make_cohort(org1, status="finished", first_date=datetime.date(2025, 3, 4), weekday=1)
    enrollments = [make_enrollment(cohort, status="completed") for _ in range(4)]
    enrollments.append(make_enrollment(cohort, status="not_completed"))
    make_enrollment(cohort, status="withdrawn")
    session1 = cohort.sessions.get(number=1)
    for i, enrollment in enumerate(enrollments):
        Attendance.objects.create(
            session=session1, enrollment=enrollment, status="present" if i < 4 else "absent"
        )
    cancelled = make_cohort(org1, status="cancelled", first_date=datetime.date(2025, 3, 5))
    make_enrollment(cancelled, status="enrolled")
    return cohort


def test_course_figures(course_data, org1):
    c = selectors.course_figures(YEAR, scope_of(org1))
    assert c["cohorts_run"] == 1
    assert c["sessions_held"] == 8
    assert c["enrollments"] == 5
    assert c["attendance_rate"] == 80.0
    assert c["completion_rate"] == 80.0
    assert c["session_hours"] == 16.0
    assert c["facilitated_hours"] == 32.0
    assert c["volunteer_facilitated_hours"] == 32.0
    [row] = c["per_programme"]
    assert row["programme"] == "WRAP"
    assert row["completion_rate"] == 80.0
    # The one-to-one programme filter leaves courses out, and the WRAP filter keeps them.
    assert selectors.course_figures(YEAR, scope_of(org1, programme=ONE_TO_ONE))["cohorts_run"] == 0
    wrap = Cohort.objects.get(pk=course_data.pk).programme_id
    assert selectors.course_figures(YEAR, scope_of(org1, programme=wrap))["cohorts_run"] == 1


def test_participants_helped_by_place(course_data, support_data, org1):
    p = selectors.participant_figures(YEAR, scope_of(org1))
    # 5 taking part in the cohort + the participants of m1, m2 and m3.
    assert p["total"] == 8
    assert sum(r["n"] for r in p["by_municipality"]) == 8
    # make_enrollment's participants have no municipality: they count as unknown.
    assert {r["region"]: r["n"] for r in p["by_region"]} == {"": 5, "Region Syddanmark": 3}


def test_funder_figures(course_data, support_data, org1):
    f = selectors.funder_figures(2025, scope_of(org1))
    assert f["users"] == 8
    assert f["volunteer_hours"] == 3.5 + 32.0
    assert f["activities"] == 6 + 8
    assert f["volunteers"] == 3  # g1 and the two facilitators
    assert f["paid_guides"] == 1  # g2
    assert Enrollment.objects.filter(cohort=course_data).count() == 6


def test_wellbeing_figures(org1):
    """Start/end pairs (percent = raw × 4): A 10→15 (+20), B 12→13 (+4), C 20→16 (-16),
    D 8→12 (+16), E 14→14 (0); F has no consent (excluded); G was invited and did not answer."""
    pairs = [(10, 15), (12, 13), (20, 16), (8, 12), (14, 14)]
    for i, (before, after) in enumerate(pairs):
        p = ParticipantFactory(organisation=org1)
        evaluation_consent(p)
        who5_measurement(p, source_id=i, timepoint="start", raw_score=before, due_at=at(2025, 2, 1))
        who5_measurement(p, source_id=i, timepoint="end", raw_score=after, due_at=at(2025, 8, 1))
    no_consent = ParticipantFactory(organisation=org1)
    who5_measurement(no_consent, timepoint="start", raw_score=25, due_at=at(2025, 2, 1))
    who5_measurement(no_consent, timepoint="end", raw_score=0, due_at=at(2025, 8, 1))
    silent = ParticipantFactory(organisation=org1)
    evaluation_consent(silent)
    who5_measurement(silent, timepoint="start", due_at=at(2025, 2, 1), invited_at=at(2025, 2, 1))
    w = selectors.wellbeing_figures(YEAR, scope_of(org1))
    assert w["invited"] == 13
    assert w["answered"] == 12
    assert w["response_rate"] == round(100 * 12 / 13, 1)
    assert w["start_n"] == 5
    assert w["start_mean"] == 4 * (10 + 12 + 20 + 8 + 14) / 5  # 51.2
    assert w["end_mean"] == 4 * (15 + 13 + 16 + 12 + 14) / 5  # 56.0
    assert w["pairs"] == 5
    assert w["mean_change"] == 4.8
    assert w["improved"] == 2
    assert w["improved_share"] == 40.0
    assert w["worsened"] == 1
