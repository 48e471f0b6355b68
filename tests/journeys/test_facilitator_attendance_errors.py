"""Journey: a facilitator marks attendance on a phone. One participant has withdrawn since the page
was opened: marking her is refused and the refusal shows in her row (htmx swaps the 400 answer,
static/core/htmx-errors.js), while the next person is marked and saved."""

import datetime
import re

import pytest
from django.utils import timezone

from courses.models import Attendance, Enrollment
from tests.factories import make_cohort, make_enrollment
from tests.journeys.conftest import PASSWORD, assert_accessible, guide_login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_sees_why_a_mark_is_refused(phone_page, org1, axe, request):
    a_week_ago = timezone.localdate() - datetime.timedelta(days=7)
    cohort = make_cohort(org1, title="WRAP i Odense", status="running", first_date=a_week_ago)
    ida = make_enrollment(cohort, first_name="Ida")
    bo = make_enrollment(cohort, first_name="Bo")
    guide = cohort.facilitators.select_related("user").first()
    guide.user.set_password(PASSWORD)
    guide.user.save()

    page = phone_page
    guide_login(page, guide.user.email)
    page.get_by_role("link", name="WRAP i Odense").click()
    page.get_by_role("link", name=re.compile(r"^Fremmøde\W*1\. gang$")).click()
    page.wait_for_url(re.compile(r"/gang/\d+/$"))
    sheet_url = page.url

    # Meanwhile Ida withdraws from the course (her own link, or a coordinator in the admin).
    Enrollment.objects.filter(pk=ida.pk).update(status=Enrollment.Status.WITHDRAWN)

    ida_row = page.locator(f"#attendance-{ida.pk}")
    ida_row.get_by_role("button", name="Mødt").click()
    message = ida_row.get_by_text("Personen er ikke på holdet.")
    message.wait_for()
    assert page.url == sheet_url  # no page load: the row itself tells her
    assert ida_row.locator("button[aria-pressed=true]").count() == 0
    shot(page, request, "1-refused-in-the-row")

    bo_row = page.locator(f"#attendance-{bo.pk}")
    bo_row.get_by_role("button", name="Mødt").click()
    bo_row.get_by_text("Gemt").wait_for()
    assert message.is_visible()  # Ida's message stays where it was
    assert_accessible(axe, page)
    shot(page, request, "2-next-person-saved")

    assert not Attendance.objects.filter(enrollment=ida).exists()
    assert Attendance.objects.get(enrollment=bo).status == "present"
    assert Attendance.objects.get(enrollment=bo).recorded_by == guide.user
