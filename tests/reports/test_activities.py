"""Reports count volunteer-run group activities: dates held, attendances and volunteer hours, on
the overview, their own page and the §18 funder sheet; a recorded attendance shows at the next
page view (the report cache follows the activities app)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities import services
from activities.models import Occurrence
from reports import selectors
from tests.activities.util import make_activity
from tests.factories import PeerGuideFactory
from tests.reports.conftest import at, scope_of

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


def _date(activity, starts, *, hours=2, count=None):
    return Occurrence.objects.create(
        activity=activity,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        attendance_count=count,
    )


def _figures(response):
    return dict(response.context["page"].figures)


def test_a_recorded_attendance_shows_at_the_next_page_view(client, coordinator1, org1):
    activity = make_activity(org1)
    past = _date(activity, timezone.now() - datetime.timedelta(days=7))
    client.force_login(coordinator1)
    area = reverse("reports:area", args=["activities"])
    first = client.get(area, headers=EN)
    assert _figures(first)["Group activity dates held"] == 1
    assert _figures(first)["Attendances at group activities"] == 0
    assert _figures(client.get(area, headers=EN))["Attendances at group activities"] == 0
    services.record_attendance(occurrence=past, count=9, came=[], actor=None)
    assert _figures(client.get(area, headers=EN))["Attendances at group activities"] == 9
    overview = client.get(reverse("reports:overview"), headers=EN)
    assert _figures(overview)["Attendances at group activities"] == 9
    assert "Gåtur ved åen" in client.get(area, headers=EN).text


def test_activities_count_only_without_a_programme_filter(org1):
    activity = make_activity(org1)
    _date(activity, at(2025, 3, 4), count=5)
    year = selectors.Period.year(2025)
    assert selectors.activity_figures(year, scope_of(org1))["attendances"] == 5
    one_to_one = scope_of(org1, programme=selectors.ONE_TO_ONE)
    assert selectors.activity_figures(year, one_to_one)["held"] == 0


def test_the_funder_sheet_has_the_group_activities(client, coordinator1, org1, org2):
    volunteer = PeerGuideFactory(organisation=org1)
    paid = PeerGuideFactory(organisation=org1, employment="paid")
    walk = make_activity(org1, hosts=[volunteer, paid])
    _date(walk, at(2025, 3, 4), hours=2, count=6)
    _date(walk, at(2025, 3, 11), hours=2, count=4)
    cancelled = _date(walk, at(2025, 3, 18), hours=2)
    cancelled.cancelled_at = at(2025, 3, 17)
    cancelled.save()
    _date(walk, at(2024, 12, 30), count=8)  # another year
    _date(make_activity(org2), at(2025, 3, 4), count=11)  # another organisation
    client.force_login(coordinator1)
    response = client.get(reverse("reports:funder") + "?year=2025", headers=EN)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["of which group activity dates"] == 2
    assert values["Group activities with a date held"] == 1
    assert values["Attendances at group activities"] == 10
    assert values["Group activity host hours"] == 8.0
    assert values["Group activity volunteer hours"] == 4.0
    assert values["Activities held"] == 2  # no meetings or sessions in this data
    assert values["Volunteer hours"] == 4.0
    assert values["Number of volunteers (volunteer guides with activity)"] == 1
    assert values["Paid peer guides with activity"] == 1


def test_the_activities_page_costs_the_same_for_few_and_many(
    client, coordinator1, org1, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    area = reverse("reports:area", args=["activities"])

    def grow(n):
        for i in range(n):
            activity = make_activity(org1, title=f"Aktivitet {i}-{n}")
            for weeks in (1, 3, 5):
                _date(activity, timezone.now() - datetime.timedelta(weeks=weeks), count=i + 1)

    client.force_login(coordinator1)
    grow(2)
    client.get(area)  # warm caches (content types, sessions)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(area)
    grow(25)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(area)
    assert "Aktivitet 24-25" in response.text


def test_following_an_interest_keeps_the_cached_reports(org1):
    from activities.models import Follow
    from core.models import Interest, Municipality
    from reports import cache as report_cache
    from tests.factories import ParticipantFactory

    person = ParticipantFactory(organisation=org1)
    before = report_cache._versions([org1.pk])
    follow = Follow.objects.create(
        participant=person,
        interest=Interest.objects.first(),
        municipality=Municipality.objects.get(name="Odense"),
    )
    services.confirm_follow(follow=follow)
    assert report_cache._versions([org1.pk]) == before
