"""Coordinators' admin: the cohort list, actions, inlines, printable pages, scoping."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from courses.models import Attendance, Cohort, CohortSession, SessionChange
from notifications.models import Notification
from tests.factories import make_cohort, make_enrollment, qualified_guide
from tests.form_data import cohort_admin_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:courses_cohort_changelist")


def test_list_shows_seats_waitlist_facilitators_and_next_session(client, coordinator1, org1):
    cohort = make_cohort(org1, capacity=2, title="WRAP forår")
    make_enrollment(cohort)
    make_enrollment(cohort, status="waitlisted")
    client.force_login(coordinator1)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "1 / 2" in response.text
    for guide in cohort.facilitators.all():
        assert guide.name in response.text


def test_list_query_count_is_fixed(
    client, coordinator1, org1, django_assert_num_queries, django_assert_max_num_queries
):
    make_cohort(org1)
    client.force_login(coordinator1)
    client.get(CHANGELIST)
    with django_assert_max_num_queries(15) as small:
        client.get(CHANGELIST)
    for _ in range(6):
        cohort = make_cohort(org1)
        make_enrollment(cohort)
        make_enrollment(cohort, status="waitlisted")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(CHANGELIST)


def test_other_organisation_is_not_found(client, coordinator1, org2):
    cohort = make_cohort(org2, title="Aarhus-holdet")
    client.force_login(coordinator1)
    assert "Aarhus-holdet" not in client.get(CHANGELIST).text
    for name in ("change", "participants", "attendance_sheet"):
        url = reverse(f"admin:courses_cohort_{name}", args=[cohort.pk])
        assert client.get(url).status_code in (302, 404)
        assert "Aarhus-holdet" not in client.get(url, follow=True).text


def test_change_page_with_inlines_and_print_pages(client, coordinator1, org1):
    cohort = make_cohort(org1, status="running")
    enrollment = make_enrollment(cohort, first_name="Ida")
    Attendance.objects.create(
        session=cohort.sessions.get(number=1), enrollment=enrollment, status="present"
    )
    client.force_login(coordinator1)
    page = client.get(reverse("admin:courses_cohort_change", args=[cohort.pk]))
    assert page.status_code == 200
    assert "Ida" in page.text
    participants = client.get(reverse("admin:courses_cohort_participants", args=[cohort.pk]))
    assert participants.status_code == 200
    assert enrollment.participant.email in participants.text
    sheet = client.get(reverse("admin:courses_cohort_attendance_sheet", args=[cohort.pk]))
    assert sheet.status_code == 200
    assert "✓" in sheet.text


def test_change_page_names_the_chosen_facilitators_and_who_may_not_lead(client, coordinator1, org1):
    good = qualified_guide(org1)
    paused = qualified_guide(org1, status="paused")
    qualified_guide(org1)  # not chosen: the widget does not list them
    cohort = make_cohort(org1, status="draft", facilitators=[good, paused])
    client.force_login(coordinator1)
    page = client.get(reverse("admin:courses_cohort_change", args=[cohort.pk])).text
    widget = re.search(r'<select name="facilitators".*?</select>', page, re.S).group()
    chosen = re.findall(r'<option value="(\d+)" selected>([^<]*)</option>', widget)
    assert chosen == [(str(g.pk), escape(g.name)) for g in cohort.facilitators.all()]
    assert widget.count("<option") == 2
    municipality = re.search(r'<select name="municipality".*?</select>', page, re.S).group()
    assert f'value="{cohort.municipality_id}" selected>{escape(cohort.municipality)}<' in (
        municipality
    )
    assert f"{escape(good.name)}: OK" in page
    assert f"{escape(paused.name)}: ikke aktiv eller intet gyldigt certifikat" in page
    assert "kræver 2 aktive kursusledere" in page
    assert "holdet har 1." in page


def test_add_cohort_generates_sessions(client, coordinator1, org1):
    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:courses_cohort_add"),
        cohort_admin_data(
            org1,
            skip_dates_text="10.11.2026",
            **{
                "sessions-TOTAL_FORMS": "0",
                "sessions-INITIAL_FORMS": "0",
                "enrollments-TOTAL_FORMS": "0",
                "enrollments-INITIAL_FORMS": "0",
                "history-TOTAL_FORMS": "0",
                "history-INITIAL_FORMS": "0",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    cohort = Cohort.objects.get(title="WRAP vinter")
    assert cohort.capacity == 12
    assert cohort.skip_dates == ["2026-11-10"]
    dates = [s.starts_at.date() for s in cohort.sessions.order_by("number")]
    assert len(dates) == 8
    assert datetime.date(2026, 11, 10) not in dates


def test_actions_open_and_cancel(client, coordinator1, org1):
    cohort = make_cohort(org1, status="draft")
    make_enrollment(cohort)
    client.force_login(coordinator1)
    client.post(CHANGELIST, {"action": "open_cohort", "_selected_action": [cohort.pk]}, follow=True)
    cohort.refresh_from_db()
    assert cohort.status == "open"
    confirm = client.post(CHANGELIST, {"action": "cancel_cohorts", "_selected_action": [cohort.pk]})
    assert confirm.status_code == 200
    assert "e-mail" in confirm.text
    cohort.refresh_from_db()
    assert cohort.status == "open"
    client.post(
        CHANGELIST,
        {
            "action": "cancel_cohorts",
            "_selected_action": [cohort.pk],
            "apply": "1",
            "reason": "Sygdom",
        },
    )
    cohort.refresh_from_db()
    assert cohort.status == "cancelled"
    assert Notification.objects.filter(kind="courses.cohort_cancelled").count() == 3


def test_open_action_refuses_without_facilitators(client, coordinator1, org1):
    cohort = make_cohort(org1, status="draft", facilitators=[])
    client.force_login(coordinator1)
    response = client.post(
        CHANGELIST, {"action": "open_cohort", "_selected_action": [cohort.pk]}, follow=True
    )
    cohort.refresh_from_db()
    assert cohort.status == "draft"
    assert "WRAP" in response.text


def test_move_a_session_in_the_admin(client, coordinator1, org1):
    cohort = make_cohort(org1)
    make_enrollment(cohort)
    session = cohort.sessions.get(number=2)
    client.force_login(coordinator1)
    url = reverse("admin:courses_cohortsession_change", args=[session.pk])
    assert client.get(url).status_code == 200
    from django.utils import timezone

    new = timezone.localtime(session.starts_at) + datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "starts_at_0": new.strftime("%d.%m.%Y"),
            "starts_at_1": new.strftime("%H:%M:%S"),
            "status": "planned",
            "reason": "Helligdag",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SessionChange.objects.get().reason == "Helligdag"
    session.refresh_from_db()
    assert session.starts_at == new
    assert session.status == CohortSession.Status.PLANNED


def test_override_result_in_the_admin(client, coordinator1, org1):
    cohort = make_cohort(org1, status="finished")
    enrollment = make_enrollment(cohort, status="not_completed")
    client.force_login(coordinator1)
    url = reverse("admin:courses_enrollment_change", args=[enrollment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"result": "completed", "result_override_reason": ""})
    assert response.status_code == 200  # the reason is missing
    client.post(url, {"result": "completed", "result_override_reason": "Indhentet"})
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    assert enrollment.result_overridden_by == coordinator1
