"""Cohort rules live in courses.services and the admin only calls them (issue 14, point 2):
creating a cohort (its sessions), changing it (seats and the waitlist), moving or cancelling a
session, overriding a result. A refusal shows as an error at the admin form's field, with nothing
saved and no "changed successfully"."""

import datetime

import pytest
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Cohort, CohortSession, Enrollment, SessionChange
from notifications.models import Notification
from tests.factories import (
    PeerGuideFactory,
    coordinator_of,
    make_cohort,
    make_enrollment,
    programme,
)
from tests.htmlforms import form_data

pytestmark = pytest.mark.django_db

E = Enrollment.Status


def _statuses(enrollments) -> list[str]:
    return [Enrollment.objects.get(pk=e.pk).status for e in enrollments]


def _levels(response) -> list[int]:
    return [m.level for m in response.context["messages"]]


# --- the services -----------------------------------------------------------------------------


def test_save_new_cohort_makes_a_draft_with_sessions_and_own_facilitators(org1, org2):
    own, foreign = PeerGuideFactory(organisation=org1), PeerGuideFactory(organisation=org2)
    cohort = Cohort(
        programme=programme("WRAP"),
        organisation=org1,
        title="WRAP vinter",
        first_date=datetime.date(2026, 11, 3),
        weekday=1,
        start_time=datetime.time(17, 0),
        skip_dates=["2026-11-10"],
    )
    saved, left_out = services.save_new_cohort(cohort=cohort, facilitators=[own, foreign])
    assert saved.status == Cohort.Status.DRAFT
    assert saved.capacity == programme("WRAP").max_participants
    assert left_out == [foreign]
    assert list(saved.facilitators.all()) == [own]
    days = [s.starts_at.date() for s in saved.sessions.order_by("number")]
    assert len(days) == 8
    assert datetime.date(2026, 11, 10) not in days


def test_check_new_cohort_refuses_sessions_past_2100_at_first_date(org1):
    cohort = Cohort(
        programme=programme("WRAP"),
        organisation=org1,
        title="WRAP nytår",
        first_date=datetime.date(2100, 12, 1),
        weekday=1,
        start_time=datetime.time(17, 0),
    )
    with pytest.raises(ValidationError) as refused:
        services.save_new_cohort(cohort=cohort)
    assert list(refused.value.message_dict) == ["first_date"]
    assert not Cohort.objects.exists()


def test_more_seats_go_to_the_waitlist_in_order_and_they_are_told(org1):
    cohort = make_cohort(org1, capacity=1)
    make_enrollment(cohort)
    waiting = [make_enrollment(cohort, status="waitlisted") for _ in range(3)]
    promoted = services.update_cohort(cohort=cohort, changes={"capacity": 3})
    assert [p.pk for p in promoted] == [w.pk for w in waiting[:2]]
    assert _statuses(waiting) == [E.ENROLLED, E.ENROLLED, E.WAITLISTED]
    assert Notification.objects.filter(kind="courses.promoted").count() == 2
    assert Cohort.objects.get(pk=cohort.pk).capacity == 3


def test_a_draft_cohort_gets_more_seats_but_moves_nobody(org1):
    cohort = make_cohort(org1, capacity=1, status="draft")
    waiting = make_enrollment(cohort, status="waitlisted")
    assert services.update_cohort(cohort=cohort, changes={"capacity": 2}) == []
    assert _statuses([waiting]) == [E.WAITLISTED]


def test_fewer_seats_than_people_holding_one_is_refused(org1):
    cohort = make_cohort(org1, capacity=3)
    for _ in range(3):
        make_enrollment(cohort)
    with pytest.raises(ValidationError) as refused:
        services.update_cohort(cohort=cohort, changes={"capacity": 2, "title": "Nyt navn"})
    assert list(refused.value.message_dict) == ["capacity"]
    assert "3" in refused.value.message_dict["capacity"][0]
    assert Cohort.objects.values_list("capacity", "title").get(pk=cohort.pk) == (3, cohort.title)
    # Exactly as many seats as people holding one is fine; waitlisted people hold none.
    make_enrollment(cohort, status="waitlisted")
    assert services.update_cohort(cohort=cohort, changes={"capacity": 3}) == []


def test_empty_seats_mean_the_programmes_size_and_are_checked_as_such(org1):
    cohort = make_cohort(org1, capacity=14)
    for _ in range(13):
        make_enrollment(cohort)
    with pytest.raises(ValidationError) as refused:  # WRAP's group size is 12
        services.update_cohort(cohort=cohort, changes={"capacity": None})
    assert list(refused.value.message_dict) == ["capacity"]


def test_what_the_sessions_were_made_from_is_fixed(org1):
    cohort = make_cohort(org1)
    with pytest.raises(ValidationError) as refused:
        services.update_cohort(
            cohort=cohort, changes={"weekday": 3, "status": Cohort.Status.FINISHED}
        )
    assert set(refused.value.message_dict) == {"weekday", "status"}


def test_set_facilitators_leaves_out_other_organisations_guides(org1, org2):
    cohort = make_cohort(org1)
    own, foreign = PeerGuideFactory(organisation=org1), PeerGuideFactory(organisation=org2)
    assert services.set_facilitators(cohort=cohort, guides=[own, foreign]) == [foreign]
    assert list(cohort.facilitators.all()) == [own]


def test_change_session_moves_cancels_or_does_nothing(org1):
    cohort = make_cohort(org1)
    session = cohort.sessions.get(number=2)
    same = services.change_session(
        session=session, starts_at=session.starts_at, status=CohortSession.Status.PLANNED
    )
    assert same is None
    later = session.starts_at + datetime.timedelta(hours=1)
    moved = services.change_session(
        session=session, starts_at=later, status=CohortSession.Status.PLANNED, reason="Lokale"
    )
    assert (moved.kind, moved.new_starts_at) == (SessionChange.Kind.MOVED, later)
    cancelled = services.change_session(
        session=session, starts_at=later, status=CohortSession.Status.CANCELLED
    )
    assert cancelled.kind == SessionChange.Kind.CANCELLED


def test_change_session_refusals_are_keyed_by_field(org1):
    cohort = make_cohort(org1)
    session = cohort.sessions.get(number=2)
    services.cancel_session(session=session)
    with pytest.raises(ValidationError) as refused:
        services.change_session(
            session=session, starts_at=session.starts_at, status=CohortSession.Status.PLANNED
        )
    assert list(refused.value.message_dict) == ["status"]
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED)
    other = cohort.sessions.get(number=3)
    with pytest.raises(ValidationError) as refused:
        services.change_session(
            session=other,
            starts_at=other.starts_at + datetime.timedelta(days=1),
            status=CohortSession.Status.PLANNED,
        )
    assert list(refused.value.message_dict) == ["starts_at"]
    with pytest.raises(ValidationError) as refused:
        services.change_session(
            session=other, starts_at=other.starts_at, status=CohortSession.Status.CANCELLED
        )
    assert list(refused.value.message_dict) == ["status"]
    assert SessionChange.objects.count() == 1


def test_check_override_result_names_the_field(org1):
    running = make_enrollment(make_cohort(org1, status="running"))
    with pytest.raises(ValidationError) as refused:
        services.check_override_result(enrollment=running, reason="Indhentet")
    assert list(refused.value.message_dict) == ["result"]
    finished = make_enrollment(make_cohort(org1, status="finished"), status="not_completed")
    with pytest.raises(ValidationError) as refused:
        services.check_override_result(enrollment=finished, reason="  ")
    assert list(refused.value.message_dict) == ["result_override_reason"]


# --- the admin calls them ---------------------------------------------------------------------


def _cohort_page(client, cohort):
    url = reverse("admin:courses_cohort_change", args=[cohort.pk])
    return url, form_data(client.get(url).content.decode(), "cohort_form")


def test_admin_raising_seats_gives_the_first_waiting_a_seat(client, coordinator1, org1):
    cohort = make_cohort(org1, capacity=1)
    make_enrollment(cohort)
    first, second = (make_enrollment(cohort, status="waitlisted") for _ in range(2))
    client.force_login(coordinator1)
    url, data = _cohort_page(client, cohort)
    data["capacity"] = ["2"]
    response = client.post(url, data, follow=True)
    assert response.redirect_chain
    assert "1 person har fået en plads fra ventelisten." in [
        str(m) for m in response.context["messages"]
    ]
    assert _statuses([first, second]) == [E.ENROLLED, E.WAITLISTED]


def test_admin_fewer_seats_than_taken_is_an_error_at_the_field(client, coordinator1, org1):
    cohort = make_cohort(org1, capacity=3, title="WRAP forår")
    for _ in range(3):
        make_enrollment(cohort)
    client.force_login(coordinator1)
    url, data = _cohort_page(client, cohort)
    data["capacity"] = ["2"]
    data["title"] = ["Nyt navn"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["capacity"]
    assert messages.SUCCESS not in _levels(response)
    assert Cohort.objects.values_list("capacity", "title").get(pk=cohort.pk) == (3, "WRAP forår")


def test_admin_cohort_whose_sessions_pass_2100_is_an_error_at_first_date(
    client, coordinator1, org1
):
    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:courses_cohort_add"),
        {
            "programme": programme("WRAP").pk,
            "organisation": org1.pk,
            "title": "WRAP nytår",
            "language": "da",
            "first_date": "2100-12-01",
            "weekday": "1",
            "start_time": "17:00",
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["first_date"]
    assert not Cohort.objects.exists()


def test_admin_other_organisations_facilitator_is_left_out_with_a_warning(client, org1, org2):
    both = coordinator_of(org1, email="begge@example.test")
    from core import services as core_services

    core_services.set_membership(user=both, organisation=org2, role="coordinator")
    cohort = make_cohort(org1)
    foreign = PeerGuideFactory(organisation=org2)
    client.force_login(both)
    url, data = _cohort_page(client, cohort)
    data["facilitators"] = [*data.get("facilitators", []), str(foreign.pk)]
    response = client.post(url, data, follow=True)
    assert messages.WARNING in _levels(response)
    assert foreign not in cohort.facilitators.all()
    assert cohort.facilitators.count() == 2


def test_admin_moving_a_session_of_a_finished_cohort_is_an_error(client, coordinator1, org1):
    cohort = make_cohort(org1, status="finished")
    session = cohort.sessions.get(number=2)
    client.force_login(coordinator1)
    url = reverse("admin:courses_cohortsession_change", args=[session.pk])
    new = timezone.localtime(session.starts_at) + datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "starts_at_0": new.strftime("%d.%m.%Y"),
            "starts_at_1": new.strftime("%H:%M:%S"),
            "status": "planned",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["starts_at"]
    assert messages.SUCCESS not in _levels(response)
    assert CohortSession.objects.get(pk=session.pk).starts_at == session.starts_at
    assert not SessionChange.objects.exists()
    assert not Notification.objects.filter(kind__startswith="courses.session").exists()


def test_admin_a_cancelled_session_cannot_be_planned_again(client, coordinator1, org1):
    cohort = make_cohort(org1)
    session = cohort.sessions.get(number=2)
    services.cancel_session(session=session)
    client.force_login(coordinator1)
    url = reverse("admin:courses_cohortsession_change", args=[session.pk])
    start = timezone.localtime(session.starts_at)
    response = client.post(
        url,
        {
            "starts_at_0": start.strftime("%d.%m.%Y"),
            "starts_at_1": start.strftime("%H:%M:%S"),
            "status": "planned",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["status"]
    assert CohortSession.objects.get(pk=session.pk).status == CohortSession.Status.CANCELLED


def test_admin_result_of_a_running_cohort_is_an_error_at_the_field(client, coordinator1, org1):
    enrollment = make_enrollment(make_cohort(org1, status="running"))
    client.force_login(coordinator1)
    url = reverse("admin:courses_enrollment_change", args=[enrollment.pk])
    response = client.post(url, {"result": "completed", "result_override_reason": "Indhentet"})
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["result"]
    assert messages.SUCCESS not in _levels(response)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.result_override_reason) == (E.ENROLLED, "")
