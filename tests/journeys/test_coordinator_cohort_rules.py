"""Journey: a coordinator sets up a cohort in the admin and changes its seats. Creating the cohort
makes its sessions; more seats give the first on the waitlist a seat; fewer seats than people
holding one is refused at the seats field, and nothing is saved (issue 14, point 2)."""

import datetime
import re

import pytest
from django.utils import timezone

from core import dates
from courses.models import Cohort, Enrollment
from tests.factories import make_cohort, make_enrollment
from tests.journeys.conftest import AXE_TAGS, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE_AND_CONTINUE = re.compile(r"^(Gem og fortsæt med at redigere|Save and continue editing)$")
MOVED_UP = re.compile(r"^1 person (har fået en plads fra ventelisten|moved from the waitlist)")
TOO_FEW = re.compile(r"(hold a seat|har en plads)")


def _assert_accessible(axe, page):
    """axe without the stock admin's breadcrumb bar (its link colours, issue 12 point 11) and
    without the stock autocomplete (select2) of the facilitators field, whose search box has no
    label and whose list of chosen guides is not a proper list: both are Django's own widget,
    the same on every admin page that has one, and untouched by this journey."""
    results = axe.run(
        page,
        context={"exclude": [[".breadcrumbs"], [".select2-container"]]},
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}},
    )
    assert results.response["violations"] == [], results.generate_report()


@pytest.fixture
def full_cohort(org1):
    """An open cohort with 2 seats, both taken, and Carla first on the waitlist."""
    cohort = make_cohort(org1, capacity=2, title="WRAP forår")
    for name in ("Anne", "Bo"):
        make_enrollment(cohort, first_name=name)
    make_enrollment(cohort, status="waitlisted", first_name="Carla")
    make_enrollment(cohort, status="waitlisted", first_name="Dan")
    return cohort


def test_coordinator_creates_a_cohort_and_changes_its_seats(
    admin_page, coordinator, full_cohort, axe, request
):
    page = admin_page
    staff_login(page, coordinator.email)

    # A new cohort: its eight weekly sessions are made when it is saved.
    first = timezone.localdate() + datetime.timedelta(days=60)
    page.goto("/admin/courses/cohort/add/")
    page.locator("#id_programme").select_option(label="WRAP")
    page.locator("#id_title").fill("WRAP vinter")
    page.locator("#id_venue").fill("Frivilligcentret")
    page.locator("#id_first_date").fill(first.strftime("%d.%m.%Y"))
    page.locator("#id_weekday").select_option(str(first.weekday()))
    page.locator("#id_start_time").fill("17:00")
    page.get_by_role("button", name=SAVE_AND_CONTINUE).click()
    page.wait_for_url(re.compile(r"/admin/courses/cohort/\d+/change/"))
    created = Cohort.objects.get(title="WRAP vinter")
    assert created.status == Cohort.Status.DRAFT
    assert created.organisation == coordinator.memberships.get().organisation
    assert created.sessions.filter(number__gte=1).count() == 8
    assert f"fra {dates.day(first)}" in page.locator("#sessions-group").inner_text()
    shot(page, request, "1-created-with-sessions")

    # More seats: Carla, first on the waitlist, gets the new one; Dan still waits.
    page.goto(f"/admin/courses/cohort/{full_cohort.pk}/change/")
    page.locator("#id_capacity").fill("3")
    page.get_by_role("button", name=SAVE_AND_CONTINUE).click()
    page.wait_for_url(re.compile(rf"/admin/courses/cohort/{full_cohort.pk}/change/"))
    assert page.locator(".messagelist .success").filter(has_text=MOVED_UP).count() == 1
    statuses = dict(full_cohort.enrollments.values_list("participant__first_name", "status"))
    assert statuses == {
        "Anne": Enrollment.Status.ENROLLED,
        "Bo": Enrollment.Status.ENROLLED,
        "Carla": Enrollment.Status.ENROLLED,
        "Dan": Enrollment.Status.WAITLISTED,
    }
    shot(page, request, "2-more-seats")

    # Fewer seats than the three who hold one: the error is at the seats field, nothing saved.
    page.locator("#id_capacity").fill("2")
    page.locator("#id_title").fill("WRAP forår (ændret)")
    page.get_by_role("button", name=SAVE_AND_CONTINUE).click()
    page.wait_for_load_state()
    error = page.locator(".form-row.field-capacity .errorlist")
    assert error.count() == 1
    assert TOO_FEW.search(error.inner_text())
    assert page.locator(".messagelist .success").count() == 0
    _assert_accessible(axe, page)
    shot(page, request, "3-too-few-seats")
    full_cohort.refresh_from_db()
    assert (full_cohort.capacity, full_cohort.title) == (3, "WRAP forår")
    assert full_cohort.enrollments.filter(status=Enrollment.Status.ENROLLED).count() == 3
