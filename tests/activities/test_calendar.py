"""The public calendar: by week, filters, .ics, and a fixed number of queries."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Occurrence
from core.models import Interest, Municipality
from tests.activities.util import make_activity
from tests.factories import PeerGuideFactory

pytestmark = pytest.mark.django_db


def test_the_calendar_lists_published_dates_by_week_and_filters(client, org1):
    walk = make_activity(org1, title="Åtur")
    walk.interests.set([Interest.objects.get(slug="gature")])
    online = make_activity(org1, title="Onlinecafé", is_online=True, place="", municipality=None)
    make_activity(org1, title="Forslag", publish=False)
    body = client.get(reverse("activities:calendar")).content.decode()
    assert "Åtur" in body
    assert "Onlinecafé" in body
    assert "Forslag" not in body
    assert "Uge" in body or "Week" in body

    body = client.get(reverse("activities:calendar"), {"online": "1"}).content.decode()
    assert "Onlinecafé" in body
    assert "Åtur" not in body
    gature = Interest.objects.get(slug="gature").pk
    body = client.get(reverse("activities:calendar"), {"interest": gature}).content.decode()
    assert "Åtur" in body
    assert "Onlinecafé" not in body
    odense = Municipality.objects.get(name="Odense").pk
    body = client.get(reverse("activities:calendar"), {"municipality": odense}).content.decode()
    assert "Åtur" in body
    assert "Onlinecafé" not in body
    response = client.get(reverse("activities:calendar"), {"period": "week"})
    week_count = response.context["count"]
    assert week_count <= 2 * 7
    four = client.get(reverse("activities:calendar"), {"period": "4weeks"}).context["count"]
    assert week_count < four < Occurrence.objects.count()
    assert online.pk


def test_junk_in_the_filters_answers_the_page(client, org1):
    make_activity(org1)
    response = client.get(reverse("activities:calendar"), {"interest": "x'", "period": "year"})
    assert response.status_code == 200


def test_a_cancelled_date_shows_as_cancelled(client, org1):
    activity = make_activity(org1)
    occurrence = activity.occurrences.first()
    occurrence.cancelled_at = timezone.now()
    occurrence.cancel_reason = "Værten er syg"
    occurrence.save()
    assert "Værten er syg" in client.get(reverse("activities:calendar")).content.decode()


def test_ics_has_the_coming_dates_but_not_cancelled_ones(client, org1):
    activity = make_activity(org1)
    first = activity.occurrences.first()
    first.cancelled_at = timezone.now()
    first.save()
    response = client.get(reverse("activities:ics", args=[activity.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == activity.occurrences.count() - 1
    assert str(events[0]["SUMMARY"]) == activity.title


def _many(org, n):
    guide = PeerGuideFactory(organisation=org)
    odense = Municipality.objects.get(name="Odense")
    interest = Interest.objects.first()
    day = timezone.localdate() + datetime.timedelta(days=1)
    activities = Activity.objects.bulk_create(
        Activity(
            organisation=org,
            title=f"Aktivitet {i}",
            description="Vi ses.",
            place="Her",
            municipality=odense,
            first_date=day,
            start_time=datetime.time(10),
            end_time=datetime.time(11),
            status="published",
        )
        for i in range(n)
    )
    Activity.hosts.through.objects.bulk_create(
        Activity.hosts.through(activity=a, peerguide=guide) for a in activities
    )
    Activity.interests.through.objects.bulk_create(
        Activity.interests.through(activity=a, interest=interest) for a in activities
    )
    start = timezone.now() + datetime.timedelta(days=1)
    Occurrence.objects.bulk_create(
        Occurrence(
            activity=a,
            starts_at=start + datetime.timedelta(hours=i % 200),
            ends_at=start + datetime.timedelta(hours=i % 200 + 1),
        )
        for i, a in enumerate(activities)
    )


@pytest.mark.parametrize("n", [10, 500])
def test_the_calendar_costs_the_same_queries_for_10_and_500(
    client, org1, n, django_assert_max_num_queries
):
    _many(org1, n)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("activities:calendar"))
    assert response.context["count"] == n
