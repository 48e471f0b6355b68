"""Journey: a coordinator finishes cohorts in the admin. Finishing too early is refused with the
date of the last session; a cohort whose sessions are over is finished through the page that lists
each person's result, after a tick and a click."""

import datetime
import re

import pytest
from django.utils import timezone

from core import dates
from courses.models import Attendance, Cohort, Enrollment
from tests.factories import make_cohort, make_enrollment
from tests.journeys.conftest import AXE_TAGS, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINISH = re.compile(r"^(Afslut og beregn gennemførelse|Finish and set completion)")
CONFIRM = re.compile(r"(Ja, afslut holdet|Yes, finish the cohort)")
SUBMIT = re.compile(r"^(Afslut og sæt resultaterne|Finish and set the results)$")


def _assert_accessible_below_breadcrumbs(axe, page):
    """axe on the page without the stock admin's breadcrumb bar, whose white links on light blue
    fail "link-in-text-block" on every admin page (the admin's theme, issue 12 point 11)."""
    results = axe.run(
        page,
        context={"exclude": [[".breadcrumbs"]]},
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}},
    )
    assert results.response["violations"] == [], results.generate_report()


@pytest.fixture
def cohorts(org1):
    today = timezone.localdate()
    ongoing = make_cohort(
        org1, status="running", title="WRAP – i gang", first_date=today - datetime.timedelta(days=7)
    )
    make_enrollment(ongoing, first_name="Ida")
    over = make_cohort(
        org1, status="running", title="WRAP – slut", first_date=today - datetime.timedelta(weeks=10)
    )
    came = make_enrollment(over, first_name="Anne")
    stayed_away = make_enrollment(over, first_name="Bo")
    for session in over.sessions.all():
        Attendance.objects.create(session=session, enrollment=came, status="present")
    for session in over.sessions.filter(number__lte=2):
        Attendance.objects.create(session=session, enrollment=stayed_away, status="present")
    return ongoing, over


def test_coordinator_finishes_a_cohort_only_once_its_sessions_are_over(
    admin_page, coordinator, cohorts, axe, request
):
    ongoing, over = cohorts
    page = admin_page
    staff_login(page, coordinator.email)

    # A cohort whose last session is still to come: finishing is refused, naming that date.
    page.goto(f"/admin/courses/cohort/{ongoing.pk}/change/")
    page.get_by_role("link", name=FINISH).click()
    page.wait_for_url(re.compile(rf"/admin/courses/cohort/{ongoing.pk}/change/"))
    last = ongoing.sessions.order_by("-number").first()
    last_day = dates.day(last.starts_at)
    error = page.locator(".messagelist .error")
    assert last_day in error.inner_text()
    shot(page, request, "1-finish-refused")
    ongoing.refresh_from_db()
    assert ongoing.status == Cohort.Status.RUNNING
    assert set(ongoing.enrollments.values_list("status", flat=True)) == {"enrolled"}

    # A cohort whose sessions are over: the page lists each person's result first.
    page.goto(f"/admin/courses/cohort/{over.pk}/change/")
    page.get_by_role("link", name=FINISH).click()
    page.wait_for_url(re.compile(rf"/admin/courses/cohort/{over.pk}/finish/"))
    rows = page.locator("#content-main table tbody tr")
    assert rows.count() == 2
    anne = rows.filter(has_text="Anne").inner_text()
    bo = rows.filter(has_text="Bo").inner_text()
    assert re.search(r"Gennemført|Completed", anne)
    assert re.search(r"Ikke gennemført|Not completed", bo)
    _assert_accessible_below_breadcrumbs(axe, page)
    shot(page, request, "2-finish-confirmation")
    over.refresh_from_db()
    assert over.status == Cohort.Status.RUNNING  # nothing happens before the confirmation

    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name=SUBMIT).click()
    page.wait_for_url(re.compile(rf"/admin/courses/cohort/{over.pk}/change/"))
    assert page.locator(".messagelist .success").count() == 1
    shot(page, request, "3-finished")

    over.refresh_from_db()
    assert over.status == Cohort.Status.FINISHED
    results = dict(over.enrollments.values_list("participant__first_name", "status"))
    assert results == {"Anne": Enrollment.Status.COMPLETED, "Bo": Enrollment.Status.NOT_COMPLETED}
    finished = over.history.get(to_status=Cohort.Status.FINISHED)
    assert finished.actor == coordinator
