"""Weekly sessions skip Danish public holidays (and 24 and 31 December); the skipped days are
stored with the holiday's name and shown on the cohort's pages; a coordinator can still add a
session on any date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses import selectors, services
from courses.models import Cohort
from courses.public_holidays import danish_holidays
from tests.factories import make_cohort, programme

pytestmark = pytest.mark.django_db

D = datetime.date


def _local_days(cohort):
    return [timezone.localtime(s.starts_at).date() for s in cohort.sessions.order_by("number")]


def _cohort(org, first, *, name="WRAP", sessions=None, status="draft"):
    cohort = services.create_cohort(
        programme=programme(name),
        organisation=org,
        title=f"{name} {first}",
        first_date=first,
        weekday=first.weekday(),
        start_time=datetime.time(17, 0),
    )
    if status != "draft":
        Cohort.objects.filter(pk=cohort.pk).update(status=status)
        cohort.refresh_from_db()
    return cohort


def test_the_holiday_calendar_has_the_official_days_and_christmas_and_new_years_eve():
    days = danish_holidays([2026])
    assert days[D(2026, 12, 25)] == "Juledag"
    assert days[D(2026, 4, 3)] == "Langfredag"
    assert D(2026, 12, 24) in days  # Juleaftensdag: not official, skipped by choice
    assert D(2026, 12, 31) in days  # Nytårsaften
    assert D(2026, 5, 1) not in days  # 1 May and Constitution Day are ordinary course days
    assert D(2026, 6, 5) not in days
    assert danish_holidays([2026], "en")[D(2026, 12, 24)] == "Christmas Eve"


def test_a_thursday_cohort_across_christmas_and_new_year(org1):
    cohort = _cohort(org1, D(2026, 12, 10))  # Thursdays; WRAP has 8 sessions
    days = _local_days(cohort)
    assert D(2026, 12, 24) not in days
    assert D(2026, 12, 31) not in days
    assert days[:3] == [D(2026, 12, 10), D(2026, 12, 17), D(2027, 1, 7)]
    assert len(days) == 8
    assert all(d.weekday() == 3 for d in days)
    assert list(cohort.skipped_dates.values_list("date", "kind", "name")) == [
        (D(2026, 12, 24), "holiday", "Juleaftensdag"),
        (D(2026, 12, 31), "holiday", "Nytårsaften"),
    ]


def test_a_friday_cohort_skips_christmas_day_and_new_years_day(org1):
    cohort = _cohort(org1, D(2026, 12, 18))
    days = _local_days(cohort)
    assert days[:2] == [D(2026, 12, 18), D(2027, 1, 8)]
    assert set(cohort.skipped_dates.values_list("name", flat=True)) == {"Juledag", "Nytårsdag"}


def test_easter_skips_maundy_thursday_good_friday_and_easter_monday(org1):
    monday = _local_days(_cohort(org1, D(2027, 3, 15)))
    assert D(2027, 3, 29) not in monday
    assert monday[:3] == [
        D(2027, 3, 15),
        D(2027, 3, 22),
        D(2027, 4, 5),
    ]
    thursday = _cohort(org1, D(2027, 3, 18))
    assert _local_days(thursday)[:2] == [D(2027, 3, 18), D(2027, 4, 1)]
    assert thursday.skipped_dates.first().name == "Skærtorsdag"
    assert thursday.skipped_dates.last().name == "Kristi himmelfartsdag"  # 6 May, 8 weeks on
    friday = _cohort(org1, D(2027, 3, 19))
    assert friday.skipped_dates.first().name == "Langfredag"


def test_an_information_meeting_on_a_holiday_moves_a_week_earlier(org1):
    # Session 1 would be 31.12 (skipped) so it is 7.1; the information meeting a week before
    # would be 31.12 and then 24.12: it is held on 17.12.
    cohort = _cohort(org1, D(2026, 12, 31), name="Lær at tackle angst og depression")
    days = _local_days(cohort)
    assert days[0] == D(2026, 12, 17)  # number 0: the information meeting
    assert days[1] == D(2027, 1, 7)
    assert set(cohort.skipped_dates.values_list("date", flat=True)) == {
        D(2026, 12, 24),
        D(2026, 12, 31),
    }


def test_a_date_the_coordinator_removed_is_listed_as_removed(org1):
    cohort = services.create_cohort(
        programme=programme("WRAP"),
        organisation=org1,
        title="Efterår",
        first_date=D(2026, 10, 6),
        weekday=1,
        start_time=datetime.time(17, 0),
        skip_dates=[D(2026, 10, 13)],
    )
    assert list(cohort.skipped_dates.values_list("date", "kind")) == [(D(2026, 10, 13), "removed")]


def test_the_skipped_days_survive_and_show_on_the_cohort_pages(client, coordinator1, org1):
    cohort = _cohort(org1, D(2026, 12, 10), status="open")
    client.force_login(coordinator1)
    admin_page = client.get(reverse("admin:courses_cohort_change", args=[cohort.pk]))
    assert "24. december 2026" in admin_page.text
    assert "Juleaftensdag" in admin_page.text
    assert "31. december 2026" in admin_page.text
    assert "Nytårsaften" in admin_page.text
    client.logout()
    public = client.get(reverse("courses:detail", args=[cohort.pk]))
    assert "Juleaftensdag" in public.text
    with translation.override("en"):
        assert selectors.skipped_days(cohort=cohort)[0] == (D(2026, 12, 24), "Christmas Eve")
    # The names are stored: a day the calendar no longer knows keeps its stored name.
    cohort.skipped_dates.create(date=D(2026, 11, 26), kind="holiday", name="Lokal festdag")
    assert (D(2026, 11, 26), "Lokal festdag") in selectors.skipped_days(cohort=cohort)


def test_a_coordinator_adds_a_session_on_a_holiday_deliberately(client, coordinator1, org1):
    cohort = _cohort(org1, D(2026, 12, 10), status="open")
    client.force_login(coordinator1)
    url = reverse("admin:courses_cohort_add_session", args=[cohort.pk])
    assert url in client.get(reverse("admin:courses_cohort_change", args=[cohort.pk])).text
    response = client.post(url, {"starts_at": "2026-12-31T13:00", "title": "Nytårshygge"})
    assert response.status_code == 302
    days = _local_days(cohort)
    assert days[:4] == [D(2026, 12, 10), D(2026, 12, 17), D(2026, 12, 31), D(2027, 1, 7)]
    added = cohort.sessions.get(number=3)
    assert added.title == "Nytårshygge"
    assert added.ends_at - added.starts_at == datetime.timedelta(minutes=cohort.session_minutes)
    assert list(cohort.skipped_dates.values_list("date", flat=True)) == [D(2026, 12, 24)]
    assert cohort.sessions.count() == 9


def test_no_session_is_added_to_a_finished_cohort_or_twice(org1):
    cohort = _cohort(org1, D(2026, 12, 10), status="open")
    first = cohort.sessions.get(number=1)
    with pytest.raises(services.ValidationError):
        services.add_session(cohort=cohort, starts_at=first.starts_at)
    Cohort.objects.filter(pk=cohort.pk).update(status="finished")
    with pytest.raises(services.ValidationError):
        services.add_session(cohort=cohort, starts_at=first.starts_at + datetime.timedelta(days=2))


def test_demo_cohort_helper_still_makes_the_usual_number_of_sessions(org1):
    cohort = make_cohort(org1, first_date=D(2026, 12, 21))
    assert cohort.sessions.count() == programme("WRAP").default_sessions
