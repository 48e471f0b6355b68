"""The one-to-one meeting figures are kept per organisation and week (reports.cache.cached_parts):
a first report view after a change reads again only what the change touched, and every change
that alters the figures shows at the next view (issue 15)."""

import datetime

import pytest

from reports import cache as report_cache
from reports.selectors import Period, held_meetings_by_month
from tests.factories import MatchFactory
from tests.reports.conftest import YEAR, at, guide, meeting

pytestmark = pytest.mark.django_db

MAR, APR, MAY, JUN = (datetime.date(2025, month, 1) for month in (3, 4, 5, 6))


@pytest.fixture
def recomputed(monkeypatch):
    """The (organisation, first day, last day) parts each call had to read from the database."""
    calls = []
    real = report_cache.cached_parts

    def spy(parts, compute):
        def counted(missing):
            calls.append(sorted(missing))
            return compute(missing)

        return real(parts, counted)

    monkeypatch.setattr(report_cache, "cached_parts", spy)
    return calls


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


def test_a_change_reads_again_only_its_organisation_s_week(org1, org2, recomputed):
    m1 = MatchFactory(request__participant__organisation=org1)
    m2 = MatchFactory(request__participant__organisation=org2)
    meeting(m1, at(2025, 3, 3), 60)
    both = (org1.pk, org2.pk)
    held_meetings_by_month(YEAR, both)
    first = recomputed.pop()
    assert len(first) == 2 * len({(p[1], p[2]) for p in first})  # every week, both organisations
    assert all(p[1].month == p[2].month and p[2] - p[1] < datetime.timedelta(days=7) for p in first)
    held_meetings_by_month(YEAR, both)
    assert recomputed == []  # all from the cache
    meeting(m2, at(2025, 5, 5), 60)
    assert held_meetings_by_month(YEAR, both)[MAY]["held"] == 1
    # Monday 5 May 2025: that week, up to the end of the week.
    assert recomputed.pop() == [(org2.pk, datetime.date(2025, 5, 5), datetime.date(2025, 5, 11))]
    assert held_meetings_by_month(YEAR, both)[MAR]["held"] == 1


def test_a_period_that_cuts_a_month_counts_only_its_days(org1):
    m = MatchFactory(request__participant__organisation=org1)
    meeting(m, at(2025, 3, 3), 60)
    meeting(m, at(2025, 3, 20), 60)
    assert figures(org1)[MAR]["held"] == 2
    part = Period(datetime.date(2025, 3, 10), datetime.date(2025, 4, 30))
    assert figures(org1, part)[MAR]["held"] == 1
