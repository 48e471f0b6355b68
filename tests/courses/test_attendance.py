"""Facilitators mark attendance on their own cohorts only; the dashboard section."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from courses.models import Attendance
from courses.selectors import cohorts_for_guide
from tests.factories import UserFactory, make_cohort, make_enrollment, qualified_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(org1):
    # Session 1 was a week ago: attendance is marked once a session has begun.
    cohort = make_cohort(
        org1, status="running", first_date=timezone.localdate() - datetime.timedelta(days=7)
    )
    make_enrollment(cohort, first_name="Ida")
    make_enrollment(cohort, first_name="Bo")
    make_enrollment(cohort, first_name="Venter", status="waitlisted")
    return cohort


def _urls(cohort):
    session = cohort.sessions.get(number=1)
    enrollment = cohort.enrollments.get(participant__first_name="Ida")
    return (
        session,
        enrollment,
        reverse("courses:my_cohort", args=[cohort.pk]),
        reverse("courses:attendance", args=[cohort.pk, session.pk]),
        reverse("courses:mark", args=[cohort.pk, session.pk, enrollment.pk]),
    )


def test_facilitator_sees_participants_and_marks_with_htmx(client, cohort):
    guide = cohort.facilitators.first()
    session, enrollment, cohort_url, sheet_url, mark_url = _urls(cohort)
    client.force_login(guide.user)
    page = client.get(cohort_url)
    assert page.status_code == 200
    assert "Ida" in page.text
    assert "Venter" not in page.text
    sheet = client.get(sheet_url)
    assert sheet.status_code == 200
    assert "htmx.min.js" in sheet.text
    assert "core/htmx-errors.js" in sheet.text  # so a 400 row with its message is swapped in
    assert "Bo" in sheet.text
    response = client.post(mark_url, {"status": "present"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert "<li" in response.text
    assert Attendance.objects.get(session=session, enrollment=enrollment).status == "present"
    client.post(mark_url, {"status": "excused"})  # without JavaScript: a redirect
    assert Attendance.objects.get(session=session, enrollment=enrollment).status == "excused"
    assert Attendance.objects.get().recorded_by == guide.user


def test_another_guide_gets_404(client, cohort, org1):
    other = qualified_guide(org1)
    _session, _enrollment, cohort_url, sheet_url, mark_url = _urls(cohort)
    client.force_login(other.user)
    for url in (cohort_url, sheet_url):
        response = client.get(url)
        assert response.status_code == 404
        assert "Ida" not in response.text
    assert client.post(mark_url, {"status": "present"}).status_code == 404
    assert not Attendance.objects.exists()


def test_non_guide_gets_404_and_anonymous_must_log_in(client, cohort):
    _session, _enrollment, cohort_url, _sheet_url, _mark_url = _urls(cohort)
    assert client.get(cohort_url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(cohort_url).status_code == 404


def test_enrollment_of_another_cohort_is_404(client, cohort, org1):
    guide = cohort.facilitators.first()
    other = make_cohort(org1, status="running")
    stranger = make_enrollment(other)
    session = cohort.sessions.get(number=1)
    client.force_login(guide.user)
    url = reverse("courses:mark", args=[cohort.pk, session.pk, stranger.pk])
    assert client.post(url, {"status": "present"}).status_code == 404


def test_waitlisted_cannot_be_marked(client, cohort):
    guide = cohort.facilitators.first()
    session = cohort.sessions.get(number=1)
    waiting = cohort.enrollments.get(status="waitlisted")
    client.force_login(guide.user)
    url = reverse("courses:mark", args=[cohort.pk, session.pk, waiting.pk])
    response = client.post(url, {"status": "present"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Personen er ikke på holdet." in response.text  # the row, re-rendered around it
    assert f'id="attendance-{waiting.pk}"' in response.text
    assert not Attendance.objects.exists()


def _grow(org1, guide, n):
    for _ in range(n):
        other = make_cohort(org1, status="open", facilitators=[guide])
        for _ in range(3):
            make_enrollment(other)


def test_attendance_sheet_query_count_is_fixed(
    client, cohort, org1, django_assert_num_queries, django_assert_max_num_queries
):
    guide = cohort.facilitators.first()
    session = cohort.sessions.get(number=1)
    url = reverse("courses:attendance", args=[cohort.pk, session.pk])
    client.force_login(guide.user)
    client.get(url)
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for i in range(10):
        make_enrollment(cohort, first_name=f"Ny{i}")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_dashboard_section_query_count_is_fixed(cohort, org1, django_assert_num_queries):
    guide = cohort.facilitators.first()
    with django_assert_num_queries(1):
        html = render_to_string(
            "courses/dashboard_section.html", {"cohorts": cohorts_for_guide(guide=guide)}
        )
    assert cohort.title in html
    _grow(org1, guide, 5)
    with django_assert_num_queries(1):
        html = render_to_string(
            "courses/dashboard_section.html", {"cohorts": cohorts_for_guide(guide=guide)}
        )
    assert html.count("<li") == 6
