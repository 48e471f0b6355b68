"""Journeys: a coordinator proposes a guide from a request's page, and proposes a whole batch
(issue 12, point 3). Chromium at 1280 px, logged in through the real login and two-step set-up."""

import datetime
import re

import pytest
from django.utils import timezone

from core.models import ExperienceArea
from matching.models import Feedback, Match, SupportRequest
from tests.factories import MatchFactory, PeerGuideFactory, SupportRequestFactory
from tests.journeys.conftest import assert_accessible, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_one_match_from_the_request_page(admin_page, coordinator, org1, axe, request):
    angst = ExperienceArea.objects.get(slug="angst")
    support = SupportRequestFactory(
        participant__organisation=org1, participant__first_name="Lene", availability=["1-evening"]
    )
    support.experience_areas.set([angst])
    guide = PeerGuideFactory(organisation=org1, user__first_name="Sofie", user__last_name="Berg")
    guide.experience_areas.set([angst])
    PeerGuideFactory(organisation=org1, capacity=0, user__first_name="Fuld")
    page = admin_page
    staff_login(page, coordinator.email)
    page.goto("/admin/matching/supportrequest/")
    page.get_by_role("link", name=re.compile("Lene")).first.click()
    page.get_by_role("heading", name="Foreslåede peerguides").wait_for()
    assert page.get_by_text("Begge har erfaring med").count() == 1
    assert page.get_by_text("1 er fuld (ingen ledige pladser).").count() == 1
    assert_accessible(axe, page)
    shot(page, request, "request-with-suggestions")

    page.get_by_role("button", name="Foreslå Sofie Berg").click()
    page.wait_for_url(re.compile(r"/admin/matching/supportrequest/$"))
    assert page.get_by_text("Sofie Berg er spurgt").count() == 1
    shot(page, request, "after-proposal")

    match = Match.objects.get()
    assert (match.request, match.guide, match.status, match.proposed_by) == (
        support,
        guide,
        Match.Status.PROPOSED,
        coordinator,
    )
    assert match.reasons
    assert match.score
    support.refresh_from_db()
    assert support.status == SupportRequest.Status.MATCHED


def test_run_a_batch_proposal(admin_page, coordinator, org1, axe, request, monkeypatch):
    from matching import admin as matching_admin

    monkeypatch.setattr(matching_admin, "BATCH_PAGE_SIZE", 1)  # two pairs: two pages
    requests = [
        SupportRequestFactory(participant__organisation=org1, participant__first_name=name)
        for name in ("Anna", "Bo", "Carl")
    ]
    guides = [
        PeerGuideFactory(organisation=org1, capacity=1, user__first_name=name)
        for name in ("Dorte", "Emil")
    ]
    stale = MatchFactory(
        request__participant__organisation=org1,
        guide=PeerGuideFactory(organisation=org1, capacity=1, user__first_name="Frida"),
        started_at=timezone.now() - datetime.timedelta(days=60),
    )
    Feedback.objects.create(match=stale, kind="fit_check", respondent="guide", answer="no")
    page = admin_page
    staff_login(page, coordinator.email)
    page.goto("/admin/matching/supportrequest/")
    shot(page, request, "request-list")
    page.get_by_role("link", name="Samlet forslag").click()
    send = page.get_by_role("button", name="Send de valgte forslag til peerguiderne")
    send.wait_for()
    assert_accessible(axe, page)
    shot(page, request, "batch-proposal")
    first_pair = page.get_by_role("checkbox").first.get_attribute("value")
    page.locator("nav.batch-pages a").last.click()  # the next page of pairs
    page.wait_for_url(re.compile(r"page=2"))
    second_pair = page.get_by_role("checkbox").first.get_attribute("value")
    assert second_pair != first_pair
    shot(page, request, "batch-proposal-page-2")
    with page.expect_navigation():
        send.click()  # sends this page's pair only
    page.wait_for_url(re.compile(r"/admin/matching/supportrequest/$"))
    proposed = Match.objects.filter(status=Match.Status.PROPOSED).exclude(pk=stale.pk)
    assert [f"{m.request_id}:{m.guide_id}" for m in proposed.all()] == [second_pair]
    # The rest is proposed again, solved afresh without the pair just sent.
    page.get_by_role("link", name="Samlet forslag").click()
    send.wait_for()
    assert page.locator("nav.batch-pages").count() == 0
    with page.expect_navigation():
        send.click()
    page.wait_for_url(re.compile(r"/admin/matching/supportrequest/$"))
    shot(page, request, "after-batch")

    assert proposed.count() == 2
    assert {m.guide for m in proposed} == set(guides)
    assert {m.proposed_by for m in proposed} == {coordinator}
    # The match list: a stale match and a "no" in the fit check are warning badges with words.
    page.goto("/admin/matching/match/")
    assert page.get_by_text("Gået i stå: over 21 dage").count() == 1
    assert page.get_by_text("Match-tjek: nej").count() == 1
    assert page.get_by_role("columnheader", name="Opmærksomhed").is_visible()
    assert_accessible(axe, page)
    shot(page, request, "match-list")
    still_waiting = SupportRequest.objects.filter(
        pk__in=[r.pk for r in requests], status=SupportRequest.Status.WAITING
    )
    assert still_waiting.count() == 1
