"""The coordinator's overview on the admin's front page: counts per organisation, a link per
item to a list that shows exactly the counted rows, and a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import User
from matching.models import Feedback, Match
from reports.overview import coordinator_overview
from tests.factories import (
    MatchFactory,
    PeerGuideFactory,
    SupportRequestFactory,
    make_cohort,
)
from volunteers.models import Qualification, WellbeingCheckIn

pytestmark = pytest.mark.django_db

KEYS = [
    "waiting",
    "unanswered",
    "stale",
    "fit_no",
    "checkins",
    "stalled",
    "expiring",
    "cohorts",
    "overdue",
    "handover_matches",
    "handover_proposals",
    "handover_cohorts",
]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def build(org, rounds=1) -> dict[str, set[int]]:
    """`rounds` rows of every overview item in `org`, plus rows that look alike but must not
    count. Returns the pks each item counts."""
    counted: dict[str, set[int]] = {key: set() for key in KEYS}
    for _ in range(rounds):
        counted["waiting"].add(
            SupportRequestFactory(participant__organisation=org, confirmed_at=days_ago(10)).pk
        )
        counted["unanswered"].add(
            MatchFactory(
                request__participant__organisation=org,
                status="proposed",
                started_at=None,
                proposed_at=days_ago(5),
            ).pk
        )
        MatchFactory(request__participant__organisation=org, status="proposed", started_at=None)
        stale = MatchFactory(request__participant__organisation=org, started_at=days_ago(40))
        Match.objects.filter(pk=stale.pk).update(status_changed_at=days_ago(40))
        counted["stale"].add(stale.pk)
        fit_no = MatchFactory(request__participant__organisation=org)
        Feedback.objects.create(match=fit_no, kind="fit_check", respondent="guide", answer="no")
        counted["fit_no"].add(fit_no.pk)
        fit_yes = MatchFactory(request__participant__organisation=org)
        Feedback.objects.create(match=fit_yes, kind="fit_check", respondent="guide", answer="yes")
        guide = PeerGuideFactory(organisation=org)
        counted["checkins"].add(
            WellbeingCheckIn.objects.create(guide=guide, answer=2, needs_follow_up=True).pk
        )
        WellbeingCheckIn.objects.create(guide=guide, answer=4)
        counted["stalled"].add(
            PeerGuideFactory(
                organisation=org, status="screening", status_changed_at=days_ago(45)
            ).pk
        )
        PeerGuideFactory(organisation=org, status="applied", status_changed_at=days_ago(3))
        Qualification.objects.create(
            guide=guide, kind="wrap_facilitator", issued_on=in_days(-300), expires_on=in_days(10)
        )
        counted["expiring"].add(guide.pk)
        soon = make_cohort(org, first_date=in_days(5), title="Snart")
        counted["cohorts"].add(soon.pk)
        make_cohort(org, first_date=in_days(40), title="Senere")
        counted["overdue"].add(
            PeerGuideFactory(organisation=org, status="paused", paused_until=in_days(-3)).pk
        )
        PeerGuideFactory(organisation=org, status="paused", paused_until=in_days(10))
        away = PeerGuideFactory(organisation=org, status="paused", paused_until=in_days(20))
        counted["handover_matches"].add(
            MatchFactory(request__participant__organisation=org, guide=away).pk
        )
        counted["handover_proposals"].add(
            MatchFactory(request__participant__organisation=org, guide=away, status="proposed").pk
        )
        MatchFactory(request__participant__organisation=org, guide=away, status="paused")
        held = make_cohort(org, first_date=in_days(30), title="Overtages")
        held.facilitators.add(away)
        counted["handover_cohorts"].add(held.pk)
    return counted


def counts(overview) -> dict[str, int]:
    return {key: overview.get(key).count for key in KEYS}


def test_counts_what_needs_attention_in_own_organisations_only(org1, org2, coordinator1):
    expected = build(org1)
    build(org2, rounds=2)
    overview = coordinator_overview(user=coordinator1)
    assert counts(overview) == {key: len(pks) for key, pks in expected.items()}
    assert all(count == 1 for count in counts(overview).values())
    assert "10" in str(overview.get("waiting").detail)
    assert [g.name for g in overview.handover_guides] == [
        Match.objects.get(pk=next(iter(expected["handover_matches"]))).guide.name
    ]


def test_a_superuser_sees_every_organisation(org1, org2):
    build(org1)
    build(org2, rounds=2)
    root = User.objects.create_superuser("root@example.test", "x-long-password-1")
    assert set(counts(coordinator_overview(user=root)).values()) == {3}


def test_the_query_count_is_fixed_and_small(
    org1, coordinator1, django_assert_max_num_queries, django_assert_num_queries
):
    build(org1)
    with django_assert_max_num_queries(15) as small:
        coordinator_overview(user=coordinator1)
    build(org1, rounds=3)
    with django_assert_num_queries(len(small)):
        overview = coordinator_overview(user=coordinator1)
    assert overview.get("stale").count == 4


def test_the_admin_front_page_shows_the_overview_above_the_models_in_fixed_queries(
    client, org1, coordinator1, django_assert_num_queries
):
    build(org1)
    client.force_login(coordinator1)
    client.get(reverse("admin:index"))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("admin:index"))
    body = response.content.decode()
    assert response.status_code == 200
    # The model list stays, below the overview.
    assert body.index('id="coordinator-overview"') < body.index("app-matching")
    build(org1, rounds=3)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("admin:index"))
    assert response.context["index_sections"][0]["overview"].get("waiting").count == 4


@pytest.mark.parametrize("rounds", [1, 2])
def test_every_link_lists_exactly_the_counted_rows(client, org1, org2, coordinator1, rounds):
    expected = build(org1, rounds=rounds)
    build(org2)
    client.force_login(coordinator1)
    overview = coordinator_overview(user=coordinator1)
    for key in KEYS:
        item = overview.get(key)
        response = client.get(item.url)
        assert response.status_code == 200, (key, item.url)
        if key == "expiring":
            listed = {row.guide.pk for row in response.context["items"]}
            assert len(response.context["items"]) == item.count
        else:
            changelist = response.context["cl"]
            assert changelist.get_filters_params(), key  # the filter exists and was applied
            listed = {obj.pk for obj in changelist.result_list}
            assert changelist.result_count == item.count, key
        assert listed == expected[key], key
        assert item.count == len(expected[key]) == rounds, key


def test_the_overview_needs_the_admin_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
