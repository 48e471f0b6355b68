"""Journey: a coordinator reads a report page that is kept in the cache (issue 15, point 3); a
meeting logged meanwhile is counted at the next view, and the page says when its figures are
from. Chromium at 1280 px, logged in through the real login and two-step set-up."""

import datetime
import re

import pytest
from django.utils import timezone

from matching.models import Meeting
from tests.factories import MatchFactory
from tests.journeys.conftest import assert_accessible, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def held_meetings(page) -> str:
    figure = page.locator(".reports-figure", has=page.locator("dt", has_text="Afholdte møder"))
    return figure.locator("dd").inner_text().strip()


def test_a_new_meeting_is_counted_at_the_next_view(admin_page, coordinator, org1, axe, request):
    match = MatchFactory(request__participant__organisation=org1, status="active")
    when = timezone.now() - datetime.timedelta(days=3)
    Meeting.objects.create(match=match, starts_at=when, duration_minutes=60, status="held")
    page = admin_page
    staff_login(page, coordinator.email)
    page.goto("/rapporter/support/")
    page.locator(".reports-freshness").wait_for()
    assert held_meetings(page) == "1"
    # "kl. 21.47" in Danish, "21:47" in English (core/dates.py).
    assert re.search(r"\d\d[.:]\d\d", page.locator(".reports-freshness").inner_text())
    assert_accessible(axe, page)
    shot(page, request, "report-from-the-cache")

    # A guide logs another meeting; the coordinator shows the page again.
    Meeting.objects.create(
        match=match, starts_at=when + datetime.timedelta(days=1), duration_minutes=60, status="held"
    )
    page.get_by_role("button", name="Vis", exact=True).click()
    page.locator(".reports-freshness").wait_for()
    assert held_meetings(page) == "2"
    shot(page, request, "report-after-a-new-meeting")
    assert Meeting.objects.filter(match=match, status="held").count() == 2
