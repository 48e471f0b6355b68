"""The coordinator's overview on the admin's front page, walked in Chromium at 1280 px: read it
and follow a line to its list; pause a guide and see what they leave behind on the overview and
in the outbox; reassign a match and see the line go."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from matching.models import Match, Meeting
from notifications.models import Notification
from tests.factories import MatchFactory, PeerGuideFactory, make_cohort
from tests.journeys.conftest import assert_accessible, shot, staff_login
from tests.reports.test_overview import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def overview_count(page, key) -> str:
    """The number on the overview's line `key`; "0" when the hand-over section has no lines
    because there is nothing to hand over."""
    page.locator("#coordinator-overview").wait_for()
    cell = page.locator(f"tr.overview-{key} td.overview-count")
    return cell.inner_text().strip() if cell.count() else "0"


def run_action(page, action: str, *row_pks: int) -> None:
    for pk in row_pks:
        page.locator(f'input[name="_selected_action"][value="{pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.get_by_role("button", name="Udfør").click()
    page.wait_for_load_state()


@pytest.fixture
def guide_with_work(org1):
    guide = PeerGuideFactory(
        organisation=org1, user__first_name="Henrik", user__last_name="Bak", capacity=3
    )
    match = MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Mia",
        guide=guide,
        started_at=timezone.now() - datetime.timedelta(days=20),
    )
    Meeting.objects.create(
        match=match,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=6),
        duration_minutes=60,
    )
    proposal = MatchFactory(
        request__participant__organisation=org1, guide=guide, status="proposed", started_at=None
    )
    cohort = make_cohort(org1, first_date=timezone.localdate() + datetime.timedelta(days=30))
    cohort.facilitators.add(guide)
    return {"guide": guide, "match": match, "proposal": proposal, "cohort": cohort}


def test_read_the_overview_and_follow_a_line_to_its_list(
    admin_page, coordinator, org1, org2, axe, request
):
    counted = build(org1, rounds=2)
    build(org2)  # another organisation's rows never show
    page = admin_page
    staff_login(page, coordinator.email)
    overview = page.locator("#coordinator-overview")
    overview.wait_for()
    assert overview_count(page, "waiting") == "2"
    assert overview_count(page, "stale") == "2"
    assert overview_count(page, "handover_cohorts") == "2"
    assert page.locator("#content-main .app-matching").is_visible()  # the model list stays
    shot(page, request, "1-overview")
    assert_accessible(axe, page)

    page.locator('a[data-overview="stale"]').click()
    page.wait_for_url(re.compile(r"/admin/matching/match/\?stale=yes"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    listed = {
        int(pk)
        for pk in page.locator('input[name="_selected_action"]').evaluate_all(
            "boxes => boxes.map(b => b.value)"
        )
    }
    assert listed == counted["stale"]
    shot(page, request, "2-stale-matches")


def test_pause_a_guide_and_see_the_hand_over(
    admin_page, coordinator, org1, guide_with_work, request
):
    guide = guide_with_work["guide"]
    page = admin_page
    staff_login(page, coordinator.email)
    assert overview_count(page, "handover_matches") == "0"

    page.goto("/admin/volunteers/peerguide/")
    run_action(page, "pause_guide", guide.pk)
    shot(page, request, "1-guide-paused")
    guide.refresh_from_db()
    assert guide.status == "paused"

    page.goto("/admin/")
    assert overview_count(page, "handover_matches") == "1"
    assert overview_count(page, "handover_proposals") == "1"
    assert overview_count(page, "handover_cohorts") == "1"
    assert "Henrik Bak" in page.locator("#coordinator-handover").inner_text()
    shot(page, request, "2-overview-with-hand-over")

    mail = Notification.objects.get(kind="volunteers.handover", recipient=coordinator.email)
    for item in ("match", "proposal"):
        assert f"/admin/matching/match/{guide_with_work[item].pk}/change/" in mail.body_text
    assert f"/admin/courses/cohort/{guide_with_work['cohort'].pk}/change/" in mail.body_text
    assert "Mia" not in mail.body_text


def test_reassign_a_match_and_see_the_line_go(
    admin_page, coordinator, org1, guide_with_work, request
):
    from volunteers import services as guide_services

    guide, match = guide_with_work["guide"], guide_with_work["match"]
    guide_services.pause_guide(guide=guide, actor=coordinator)
    sofie = PeerGuideFactory(organisation=org1, user__first_name="Sofie", capacity=2)
    page = admin_page
    staff_login(page, coordinator.email)
    assert overview_count(page, "handover_matches") == "1"

    page.locator('a[data-overview="handover_matches"]').click()
    page.wait_for_url(re.compile(r"handover=matches"))
    assert page.locator("#result_list tbody tr").count() == 1
    run_action(page, "reassign_to_another_guide", match.pk)
    page.locator("#id_guide").select_option(str(sofie.pk))
    shot(page, request, "1-choose-the-new-guide")
    page.get_by_role("button", name=re.compile("Reassign|Overdrag")).click()
    page.wait_for_load_state()
    shot(page, request, "2-reassigned")

    match.refresh_from_db()
    assert match.guide == sofie
    assert match.status == Match.Status.ACTIVE
    assert match.meetings.count() == 1
    page.goto("/admin/")
    assert overview_count(page, "handover_matches") == "0"
    assert overview_count(page, "handover_proposals") == "1"
    shot(page, request, "3-overview-after")
