"""The one-to-one meeting figures are read from a rollup per organisation and day
(reports.rollup, issue 15): every change that alters the figures shows at the next view, and the
rollup built again from the meetings is the same as the one kept up to date."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import rollup
from reports.models import MeetingDay
from reports.selectors import Period, held_meetings_by_month
from tests.factories import MatchFactory
from tests.reports.conftest import YEAR, at, guide, meeting

pytestmark = pytest.mark.django_db

MAR, APR, MAY, JUN = (datetime.date(2025, month, 1) for month in (3, 4, 5, 6))


def figures(org, period=YEAR):
    return held_meetings_by_month(period, (org.pk,))


def test_every_change_to_a_meeting_shows_at_the_next_view(org1):
    m = MatchFactory(
        request__participant__organisation=org1, guide=guide(org1, created=at(2024, 1, 1))
    )
    march = meeting(m, at(2025, 3, 3), 60)
    may = meeting(m, at(2025, 5, 5), 30)
    assert (figures(org1)[MAR]["held"], figures(org1)[MAY]["minutes"]) == (1, 30)

    march.starts_at = at(2025, 6, 6)  # moved to June
    march.save()
    assert (figures(org1)[MAR]["held"], figures(org1)[JUN]["held"]) == (0, 1)
    may.status = "cancelled"
    may.save()
    assert figures(org1)[MAY]["held"] == 0
    march.delete()
    assert figures(org1)[JUN]["held"] == 0
    meeting(m, at(2025, 4, 4), 45)
    assert figures(org1)[APR] == {"held": 1, "minutes": 45, "volunteer_minutes": 45}


def test_a_guide_s_employment_and_a_match_s_guide_change_the_volunteer_hours(org1):
    volunteer = guide(org1, created=at(2024, 1, 1))
    m = MatchFactory(request__participant__organisation=org1, guide=volunteer)
    meeting(m, at(2025, 4, 4), 60)
    assert figures(org1)[APR]["volunteer_minutes"] == 60
    volunteer.employment = "paid"
    volunteer.save()
    assert figures(org1)[APR]["volunteer_minutes"] == 0
    m.guide = guide(org1, created=at(2024, 1, 1))  # another volunteer takes over the match
    m.save()
    assert figures(org1)[APR]["volunteer_minutes"] == 60


def rows():
    return sorted(
        MeetingDay.objects.values_list(
            "organisation_id", "day", "held", "minutes", "volunteer_minutes"
        )
    )


def test_a_match_moved_to_another_organisation_moves_its_meetings(org1, org2):
    m = MatchFactory(
        request__participant__organisation=org1, guide=guide(org1, created=at(2024, 1, 1))
    )
    meeting(m, at(2025, 4, 4), 60)
    m.organisation = org2
    m.save()
    assert figures(org1)[APR]["held"] == 0
    assert figures(org2)[APR] == {"held": 1, "minutes": 60, "volunteer_minutes": 60}


def test_a_meeting_late_in_the_evening_counts_on_its_local_day(org1):
    m = MatchFactory(request__participant__organisation=org1)
    meeting(m, at(2025, 3, 31, hour=23), 60)  # 21:00 UTC, still 31 March in Copenhagen
    assert (figures(org1)[MAR]["held"], figures(org1)[APR]["held"]) == (1, 0)


def test_the_figures_take_one_query_however_many_organisations(org1, org2):
    for org in (org1, org2):
        meeting(MatchFactory(request__participant__organisation=org), at(2025, 5, 5), 30)
    with CaptureQueriesContext(connection) as queries:
        assert held_meetings_by_month(YEAR, (org1.pk, org2.pk))[MAY]["held"] == 2
    assert len(queries.captured_queries) == 1


def test_the_rollup_built_again_is_the_one_kept_up_to_date(org1, org2):
    m1 = MatchFactory(request__participant__organisation=org1)
    m2 = MatchFactory(request__participant__organisation=org2)
    meeting(m1, at(2025, 3, 3), 60)
    meeting(m1, at(2025, 3, 3, hour=15), 45)
    meeting(m2, at(2025, 6, 1), 30)
    meeting(m2, at(2025, 6, 2), 30, status="cancelled")
    kept = rows()
    assert len(kept) == 2
    MeetingDay.objects.all().delete()
    call_command("rebuild_meeting_days", stdout=None)
    assert rows() == kept
    assert rollup.rebuild() == 2


def test_a_period_that_cuts_a_month_counts_only_its_days(org1):
    m = MatchFactory(request__participant__organisation=org1)
    meeting(m, at(2025, 3, 3), 60)
    meeting(m, at(2025, 3, 20), 60)
    assert figures(org1)[MAR]["held"] == 2
    part = Period(datetime.date(2025, 3, 10), datetime.date(2025, 4, 30))
    assert figures(org1, part)[MAR]["held"] == 1


def test_a_save_that_changes_no_figure_leaves_the_rollup_alone(org1, monkeypatch):
    """A note on a meeting, or a guide's other details, computes nothing again: the rollup's
    lock on the organisation is not taken on every save."""
    m = MatchFactory(
        request__participant__organisation=org1, guide=guide(org1, created=at(2024, 1, 1))
    )
    held = meeting(m, at(2025, 3, 3), 60)
    calls = []
    monkeypatch.setattr(rollup, "refresh", lambda *args, **kwargs: calls.append(args))
    held.note = "Vi gik en tur."
    held.save()
    m.guide.phone = "+4520304050"
    m.guide.save()
    m.save()
    assert calls == []
    held.duration_minutes = 90
    held.save()
    assert calls == [(org1.pk, {datetime.date(2025, 3, 3)})]


def test_a_match_given_to_another_guide_computes_only_its_own_days(org1):
    volunteer = guide(org1, created=at(2024, 1, 1))
    paid = guide(org1, employment="paid", created=at(2024, 1, 1))
    m = MatchFactory(request__participant__organisation=org1, guide=volunteer)
    other = MatchFactory(request__participant__organisation=org1, guide=volunteer)
    meeting(m, at(2025, 4, 4), 60)
    meeting(other, at(2025, 5, 5), 30)
    may_row = MeetingDay.objects.get(day=datetime.date(2025, 5, 5)).pk
    m.guide = paid
    m.save()
    # The match's day is computed again; the other match's day is left as it was.
    assert MeetingDay.objects.get(day=datetime.date(2025, 5, 5)).pk == may_row
    assert figures(org1)[APR]["volunteer_minutes"] == 0
    assert figures(org1)[MAY]["volunteer_minutes"] == 30
