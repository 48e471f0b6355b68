"""A hand-built data set with known answers for the report figures (calendar year 2025)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from matching.models import Match, Meeting
from reports.selectors import Period, Scope
from tests.factories import (
    MatchFactory,
    ParticipantFactory,
    PeerGuideFactory,
    SupportRequestFactory,
)
from volunteers.models import GuideStatusChange

CPH = ZoneInfo("Europe/Copenhagen")
YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=CPH)


def at(y, m, d, hour=12):
    return datetime.datetime(y, m, d, hour, tzinfo=CPH)


def scope_of(*organisations, programme=None, peer_support_form=""):
    return Scope(
        organisation_ids=tuple(o.pk for o in organisations),
        programme=programme,
        now=NOW,
        peer_support_form=peer_support_form,
    )


def guide(org, *, employment="volunteer", status="active", created, active_at=None):
    g = PeerGuideFactory(organisation=org, employment=employment, status=status, created_at=created)
    if active_at:
        GuideStatusChange.objects.create(
            guide=g, from_status="in_training", to_status="active", at=active_at
        )
    return g


def match(org, g, *, confirmed, proposed, started=None, ended=None, reason="", status=None):
    request = SupportRequestFactory(
        participant=ParticipantFactory(organisation=org),
        confirmed_at=confirmed,
        submitted_at=confirmed,
        status="matched",
    )
    status = status or ("ended" if ended else ("active" if started else "accepted"))
    return MatchFactory(
        request=request,
        guide=g,
        status=status,
        proposed_at=proposed,
        started_at=started,
        ended_at=ended,
        closure_reason=reason,
    )


def meeting(m, when, minutes, status=Meeting.Status.HELD):
    return Meeting.objects.create(match=m, starts_at=when, duration_minutes=minutes, status=status)


@pytest.fixture
def support_data(org1, org2):
    """Known answers for 2025 (org1):
    received 4 (r1, r2, r4, r5), waiting now 2 (r4, r6), matched 3 with waits 10/20/29
    (median 20), started 2 (m1, m2), active 3 (m1, m2 and m3, which spans the start of the
    year), ended 2 (m1 181 days less an hour of DST, m3 45 days: median 113), meetings 6 held,
    390 minutes = 6.5 hours, of which volunteers 210 minutes = 3.5 hours."""
    g1 = guide(org1, created=at(2024, 1, 1))
    g2 = guide(org1, employment="paid", created=at(2024, 1, 1))
    m1 = match(
        org1,
        g1,
        confirmed=at(2025, 2, 1),
        proposed=at(2025, 2, 11),
        started=at(2025, 2, 15),
        ended=at(2025, 8, 15),
        reason=Match.ClosureReason.GOALS_REACHED,
    )
    m2 = match(org1, g2, confirmed=at(2025, 3, 1), proposed=at(2025, 3, 21), started=at(2025, 4, 1))
    m3 = match(
        org1,
        g1,
        confirmed=at(2024, 11, 1),
        proposed=at(2024, 11, 5),
        started=at(2024, 12, 1),
        ended=at(2025, 1, 15),
        reason=Match.ClosureReason.MOVED,
    )
    SupportRequestFactory(
        participant=ParticipantFactory(organisation=org1), confirmed_at=at(2025, 5, 1)
    )
    m5 = match(
        org1, g2, confirmed=at(2025, 4, 1), proposed=at(2025, 4, 2), status=Match.Status.DECLINED
    )
    Match.objects.create(
        organisation=org1,
        request=m5.request,
        guide=g1,
        status=Match.Status.ACCEPTED,
        proposed_at=at(2025, 4, 30),
    )
    SupportRequestFactory(
        participant=ParticipantFactory(organisation=org1), confirmed_at=at(2026, 1, 10)
    )
    for day in (20, 21, 22):
        meeting(m1, at(2025, 3, day), 60)
    meeting(m2, at(2025, 4, 5), 90)
    meeting(m2, at(2025, 4, 12), 90)
    meeting(m2, at(2025, 4, 19), 60, status=Meeting.Status.CANCELLED)
    meeting(m3, at(2024, 12, 10), 60)
    meeting(m3, at(2025, 1, 10), 30)
    # Another organisation's activity never counts for org1.
    other = guide(org2, created=at(2024, 1, 1))
    m9 = match(
        org2, other, confirmed=at(2025, 2, 1), proposed=at(2025, 2, 2), started=at(2025, 2, 3)
    )
    meeting(m9, at(2025, 2, 4), 600)
    return {"m1": m1, "m2": m2, "m3": m3, "g1": g1, "g2": g2}
