"""Dates guard every cohort action: start on or after session 1's day, finish once the last
session is over, attendance from the start of a session. The refusals name the date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import dates
from courses import services
from courses.models import Attendance, Cohort, Enrollment
from tests.factories import make_cohort, make_enrollment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _day(session):
    return dates.day(session.starts_at)


def test_a_cohort_cannot_start_before_its_first_session(org1):
    cohort = make_cohort(org1, status="open", first_date=TODAY + datetime.timedelta(days=60))
    first = cohort.sessions.get(number=1)
    with pytest.raises(ValidationError) as refused:
        services.start_cohort(cohort=cohort)
    assert refused.value.code == "too_early"
    assert _day(first) in refused.value.messages[0]
    cohort.refresh_from_db()
    assert cohort.status == "open"
    assert not cohort.history.exists()


def test_a_cohort_starts_on_the_day_of_its_first_session_even_before_the_hour(org1):
    cohort = make_cohort(org1, status="open", first_date=TODAY, start_time=datetime.time(23, 59))
    services.start_cohort(cohort=cohort)
    cohort.refresh_from_db()
    assert cohort.status == "running"


def test_the_information_meeting_does_not_start_a_cohort(org1):
    """Lær at tackle has an information meeting a week before session 1: it has been held, but
    session 1 is still to come."""
    cohort = make_cohort(
        org1,
        programme_name="Lær at tackle angst og depression",
        status="open",
        first_date=TODAY + datetime.timedelta(days=3),
    )
    assert cohort.sessions.get(number=0).starts_at < timezone.now()
    with pytest.raises(ValidationError, match=_day(cohort.sessions.get(number=1))):
        services.start_cohort(cohort=cohort)


def test_a_cohort_cannot_finish_before_its_last_session_is_over(org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY - datetime.timedelta(days=7))
    enrollment = make_enrollment(cohort)
    last = cohort.sessions.order_by("-number").first()
    with pytest.raises(ValidationError) as refused:
        services.finish_cohort(cohort=cohort)
    assert refused.value.code == "too_early"
    assert _day(last) in refused.value.messages[0]
    cohort.refresh_from_db()
    enrollment.refresh_from_db()
    assert cohort.status == "running"
    assert enrollment.status == "enrolled"  # nobody was marked "not completed"


def test_cancelling_the_remaining_sessions_lets_a_cohort_finish_early(org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY - datetime.timedelta(days=21))
    for session in cohort.sessions.filter(
        starts_at__gt=timezone.now() - datetime.timedelta(hours=3)
    ):
        services.cancel_session(session=session, reason="Holdet stopper tidligt")
    services.finish_cohort(cohort=cohort)
    cohort.refresh_from_db()
    assert cohort.status == "finished"


def test_attendance_only_for_sessions_that_have_begun(org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY - datetime.timedelta(days=7))
    enrollment = make_enrollment(cohort)
    begun = cohort.sessions.get(number=1)
    later = cohort.sessions.order_by("-number").first()
    services.record_attendance(session=begun, enrollment=enrollment, status="present")
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(session=later, enrollment=enrollment, status="present")
    assert refused.value.code == "not_started"
    assert _day(later) in refused.value.messages[0]
    assert list(Attendance.objects.values_list("session", flat=True)) == [begun.pk]


def test_facilitator_cannot_mark_a_future_session(client, org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY + datetime.timedelta(days=60))
    enrollment = make_enrollment(cohort, first_name="Ida")
    session = cohort.sessions.get(number=1)
    guide = cohort.facilitators.first()
    client.force_login(guide.user)
    overview = client.get(reverse("courses:my_cohort", args=[cohort.pk]))
    assert reverse("courses:attendance", args=[cohort.pk, session.pk]) not in overview.text
    sheet = client.get(reverse("courses:attendance", args=[cohort.pk, session.pk]))
    assert sheet.status_code == 200
    assert _day(session) in sheet.text
    assert " disabled" in sheet.text
    response = client.post(
        reverse("courses:mark", args=[cohort.pk, session.pk, enrollment.pk]),
        {"status": "present"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert _day(session) in response.text
    assert not Attendance.objects.exists()


# --- the admin ------------------------------------------------------------------------------


def test_admin_finish_refuses_early_and_names_the_date(client, coordinator1, org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY - datetime.timedelta(days=7))
    last = cohort.sessions.order_by("-number").first()
    client.force_login(coordinator1)
    response = client.get(reverse("admin:courses_cohort_finish", args=[cohort.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:courses_cohort_change", args=[cohort.pk]
    )
    assert _day(last) in response.text
    cohort.refresh_from_db()
    assert cohort.status == "running"


def test_admin_finish_lists_each_result_then_finishes_on_confirmation(client, coordinator1, org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY - datetime.timedelta(weeks=10))
    came = make_enrollment(cohort, first_name="Ida")
    stayed_away = make_enrollment(cohort, first_name="Bo")
    for session in cohort.sessions.all():
        Attendance.objects.create(session=session, enrollment=came, status="present")
    url = reverse("admin:courses_cohort_finish", args=[cohort.pk])
    client.force_login(coordinator1)
    change = client.get(reverse("admin:courses_cohort_change", args=[cohort.pk]))
    assert url in change.text
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ida" in text
    assert "Bo" in text
    results = page.context["previews"][0][1]
    assert {r.enrollment.pk: r.completed for r in results} == {
        came.pk: True,
        stayed_away.pk: False,
    }
    unconfirmed = client.post(url, {"apply": "1"})
    assert unconfirmed.status_code == 200  # the box was not ticked
    cohort.refresh_from_db()
    assert cohort.status == "running"
    client.post(url, {"apply": "1", "confirm": "on"})
    cohort.refresh_from_db()
    assert cohort.status == "finished"
    assert dict(Enrollment.objects.values_list("pk", "status")) == {
        came.pk: "completed",
        stayed_away.pk: "not_completed",
    }


def test_admin_finish_action_asks_first(client, coordinator1, org1):
    done = make_cohort(
        org1, status="running", title="Færdigt", first_date=TODAY - datetime.timedelta(weeks=10)
    )
    early = make_cohort(org1, status="running", title="Tidligt", first_date=TODAY)
    client.force_login(coordinator1)
    changelist = reverse("admin:courses_cohort_changelist")
    data = {"action": "finish_cohorts", "_selected_action": [done.pk, early.pk]}
    page = client.post(changelist, data)
    assert page.status_code == 200
    assert [c.pk for c, _r, _t in page.context["previews"]] == [done.pk]
    assert "Tidligt" in page.text  # the refusal for the other one
    client.post(changelist, {**data, "apply": "1", "confirm": "on"})
    assert dict(Cohort.objects.values_list("title", "status")) == {
        "Færdigt": "finished",
        "Tidligt": "running",
    }


def test_coordinator_records_a_sessions_attendance_in_the_admin(client, coordinator1, org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY - datetime.timedelta(days=7))
    ida = make_enrollment(cohort, first_name="Ida")
    bo = make_enrollment(cohort, first_name="Bo")
    session = cohort.sessions.get(number=1)
    later = cohort.sessions.order_by("-number").first()
    client.force_login(coordinator1)
    change = client.get(reverse("admin:courses_cohort_change", args=[cohort.pk]))
    url = reverse("admin:courses_cohort_session_attendance", args=[cohort.pk, session.pk])
    assert url in change.text
    assert client.get(url).status_code == 200
    response = client.post(url, {f"e{ida.pk}": "present", f"e{bo.pk}": "excused"})
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("enrollment__participant__first_name", "status"))
    assert marks == {"Ida": "present", "Bo": "excused"}
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {coordinator1.pk}
    future = reverse("admin:courses_cohort_session_attendance", args=[cohort.pk, later.pk])
    page = client.get(future)
    assert _day(later) in page.text
    client.post(future, {f"e{ida.pk}": "present"})
    assert not Attendance.objects.filter(session=later).exists()


def test_another_organisations_cohort_pages_are_not_found(client, coordinator2, org1):
    cohort = make_cohort(org1, status="running", first_date=TODAY - datetime.timedelta(weeks=10))
    session = cohort.sessions.get(number=1)
    client.force_login(coordinator2)
    for name, args in [
        ("admin:courses_cohort_finish", [cohort.pk]),
        ("admin:courses_cohort_reopen", [cohort.pk]),
        ("admin:courses_cohort_add_session", [cohort.pk]),
        ("admin:courses_cohort_session_attendance", [cohort.pk, session.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
        assert client.post(reverse(name, args=args), {"confirm": "on"}).status_code == 404
    cohort.refresh_from_db()
    assert cohort.status == "running"
