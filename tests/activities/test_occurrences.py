"""Occurrences: recurrence with dateutil, skipped dates, an end date, the 12-week window, and
Europe/Copenhagen wall-clock times across the changes to and from summer time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from activities import services
from activities.models import Activity, Occurrence
from tests.activities.util import make_activity

CPH = ZoneInfo("Europe/Copenhagen")
pytestmark = pytest.mark.django_db


def _activity(org, **kwargs):
    return make_activity(org, publish=False, **kwargs)


def test_weekly_for_twelve_weeks_with_skipped_dates_and_an_end(org1):
    today = datetime.date(2026, 9, 1)  # a Tuesday
    activity = _activity(
        org1, first_date=today, skip_dates=["2026-09-15"], until=datetime.date(2026, 10, 20)
    )
    starts = [s for s, _e in services.planned_times(activity, today=today)]
    days = [s.astimezone(CPH).date() for s in starts]
    assert days[0] == today
    assert datetime.date(2026, 9, 15) not in days
    assert days[-1] == datetime.date(2026, 10, 20)  # the end date, inside the 12 weeks
    assert len(days) == 7  # 8 Tuesdays from 1.9 to 20.10, one skipped
    assert all(s.astimezone(CPH).time() == datetime.time(10, 0) for s in starts)


def test_open_ended_stops_at_twelve_weeks_and_starts_today(org1):
    activity = _activity(org1, first_date=datetime.date(2026, 1, 6))
    today = datetime.date(2026, 9, 2)  # a Wednesday: the first is the next Tuesday
    days = [s.astimezone(CPH).date() for s, _e in services.planned_times(activity, today=today)]
    assert days[0] == datetime.date(2026, 9, 8)
    assert days[-1] <= today + datetime.timedelta(weeks=12)
    assert len(days) == 12


@pytest.mark.parametrize(
    ("first", "change"),
    [
        (datetime.date(2026, 3, 17), datetime.date(2026, 3, 29)),  # summer time begins
        (datetime.date(2026, 10, 13), datetime.date(2026, 10, 25)),  # summer time ends
    ],
)
def test_local_time_stays_the_same_across_the_change_of_clocks(org1, first, change):
    activity = _activity(org1, first_date=first, until=first + datetime.timedelta(weeks=3))
    times = services.planned_times(activity, today=first)
    before = [s for s, _e in times if s.astimezone(CPH).date() < change]
    after = [s for s, _e in times if s.astimezone(CPH).date() > change]
    assert before
    assert after
    for start, end in times:
        assert start.astimezone(CPH).time() == datetime.time(10, 0)
        assert end.astimezone(CPH).time() == datetime.time(12, 0)
    # The UTC hour moves instead: 09:00 UTC in winter, 08:00 UTC in summer.
    utc_before = before[0].astimezone(datetime.UTC).hour
    utc_after = after[0].astimezone(datetime.UTC).hour
    assert {utc_before, utc_after} == {8, 9}
    assert utc_before != utc_after


def test_a_time_that_does_not_exist_moves_forward(org1):
    activity = _activity(
        org1,
        repeat="once",
        first_date=datetime.date(2026, 3, 29),
        start=datetime.time(2, 30),
        end=datetime.time(4, 0),
    )
    ((start, _end),) = services.planned_times(activity, today=datetime.date(2026, 3, 1))
    assert start.astimezone(CPH).time() == datetime.time(3, 30)


def test_monthly_keeps_the_weekday_of_the_month(org1):
    first = datetime.date(2026, 9, 10)  # the second Thursday
    activity = _activity(org1, repeat="monthly", first_date=first)
    days = [s.astimezone(CPH).date() for s, _e in services.planned_times(activity, today=first)]
    assert days == [
        datetime.date(2026, 9, 10),
        datetime.date(2026, 10, 8),
        datetime.date(2026, 11, 12),
    ]


def test_once_and_fortnightly(org1):
    first = datetime.date(2026, 9, 1)
    once = _activity(org1, repeat="once", first_date=first)
    assert len(services.planned_times(once, today=first)) == 1
    fortnightly = _activity(org1, repeat="fortnightly", first_date=first)
    assert len(services.planned_times(fortnightly, today=first)) == 7  # weeks 0, 2, ..., 12


def test_publishing_generates_rows_and_running_again_adds_nothing(org1):
    activity = make_activity(org1)
    count = Occurrence.objects.filter(activity=activity).count()
    assert 12 <= count <= 13
    assert services.generate_occurrences(activity=activity) == 0
    assert Occurrence.objects.filter(activity=activity).count() == count


def test_a_proposed_activity_has_no_dates(org1):
    activity = make_activity(org1, publish=False)
    assert services.generate_occurrences(activity=activity) == 0
    assert not activity.occurrences.exists()


def test_skipping_a_date_later_removes_it_or_cancels_it_when_someone_is_coming(org1):
    activity = make_activity(org1)
    first, second = list(activity.occurrences.order_by("starts_at")[:2])
    from participants.models import Participant

    person = Participant.objects.create(organisation=org1, first_name="Ea", email="ea@example.dk")
    second.rsvps.create(participant=person, status="coming")
    local = lambda o: timezone.localtime(o.starts_at).date().isoformat()  # noqa: E731
    activity.skip_dates = [local(first), local(second)]
    activity.save()
    services.generate_occurrences(activity=activity)
    assert not Occurrence.objects.filter(pk=first.pk).exists()
    second.refresh_from_db()
    assert second.is_cancelled


def test_the_database_refuses_an_end_before_the_start(org1):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        _activity(org1, start=datetime.time(12, 0), end=datetime.time(10, 0))
    assert not Activity.objects.exists()


def test_the_nightly_job_rolls_the_dates_forward(org1):
    from django.core.management import call_command

    activity = make_activity(org1)
    activity.occurrences.all().delete()
    call_command("generate_occurrences", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert activity.occurrences.count() >= 12
