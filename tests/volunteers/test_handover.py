"""A guide steps back (paused, retired, declined): the coordinators get the list of what the
guide still holds, in their own language and without health details; the overview shows it
until each item is reassigned, paused or ended."""

from __future__ import annotations

import datetime
import importlib
import pathlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core import services as core_services
from core.models import ExperienceArea, Membership
from matching import services as matching_services
from matching.models import Match
from notifications.models import Notification
from reports.overview import coordinator_overview
from tests.factories import (
    MatchFactory,
    PeerGuideFactory,
    UserFactory,
    coordinator_of,
    make_cohort,
    onboarded,
)
from volunteers import services

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def guide_with_work(org1):
    guide = PeerGuideFactory(organisation=org1, user__first_name="Peter", capacity=3)
    match = MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Hemmelig",
        request__help_wanted="Jeg har svær angst",
        guide=guide,
    )
    match.request.experience_areas.set([ExperienceArea.objects.get(slug="angst")])
    proposal = MatchFactory(
        request__participant__organisation=org1, guide=guide, status="proposed", started_at=None
    )
    paused_match = MatchFactory(
        request__participant__organisation=org1, guide=guide, status="paused"
    )
    cohort = make_cohort(org1, programme_name="Lær at tackle angst og depression")
    cohort.facilitators.add(guide)
    return {
        "guide": guide,
        "match": match,
        "proposal": proposal,
        "paused_match": paused_match,
        "cohort": cohort,
    }


def numbered(pk, text) -> bool:
    return re.search(rf"#{pk}\b", text) is not None


def handover_mail(**filters):
    return Notification.objects.filter(kind="volunteers.handover", **filters)


def test_pausing_a_guide_mails_each_coordinator_the_list_in_their_language(
    org1, org2, coordinator1, guide_with_work
):
    english = coordinator_of(org1, email="english@example.test", language="en")
    org_admin = UserFactory(email="admin@example.test")
    core_services.set_membership(user=org_admin, organisation=org1, role=Membership.Role.ADMIN)
    coordinator_of(org2, email="other-org@example.test")
    guide, match, proposal, cohort = (
        guide_with_work[k] for k in ("guide", "match", "proposal", "cohort")
    )

    services.pause_guide(guide=guide, actor=coordinator1, until=in_days(30), note="Har det svært")

    mails = {n.recipient: n for n in handover_mail()}
    assert set(mails) == {coordinator1.email, english.email, org_admin.email}
    danish, in_english = mails[coordinator1.email], mails[english.email]
    assert in_english.language == "en"
    assert danish.language == "da"
    assert "Peter" in in_english.subject
    assert "stepping back" in in_english.subject
    for mail in (danish, in_english):
        body = mail.body_text
        for item in (match, proposal):
            assert reverse("admin:matching_match_change", args=[item.pk]) in body
        assert reverse("admin:courses_cohort_change", args=[cohort.pk]) in body
        # A paused match is taken care of.
        paused = guide_with_work["paused_match"]
        assert reverse("admin:matching_match_change", args=[paused.pk]) not in body
        for secret in ("Hemmelig", "angst", "Angst", "Har det svært", "Lær at tackle"):
            assert secret not in body
            assert secret not in mail.body_html
            assert secret not in mail.subject
    assert numbered(match.pk, in_english.body_text)
    assert f"Proposal #{proposal.pk}" in in_english.body_text


def test_retiring_and_declining_announce_too(org1, coordinator1, guide_with_work):
    services.retire_guide(guide=guide_with_work["guide"], actor=coordinator1)
    assert handover_mail(recipient=coordinator1.email).count() == 1

    applicant = PeerGuideFactory(organisation=org1, status="screening")
    MatchFactory(request__participant__organisation=org1, guide=applicant, status="proposed")
    services.decline_application(guide=applicant, actor=coordinator1)
    assert handover_mail(recipient=coordinator1.email).count() == 2


def test_nothing_to_hand_over_sends_nothing_when_a_coordinator_did_it(org1, coordinator1):
    applicant = PeerGuideFactory(organisation=org1, status="applied")
    services.decline_application(guide=applicant, actor=coordinator1)
    assert not handover_mail().exists()


def test_a_guide_pausing_on_the_dashboard_tells_the_coordinators(
    client, org1, coordinator1, guide_with_work
):
    guide = guide_with_work["guide"]
    client.force_login(guide.user)
    response = client.post(
        reverse("dashboard:pause"),
        {"until": in_days(14).isoformat(), "note": "Min depression fylder"},
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.status == "paused"
    mail = handover_mail(recipient=coordinator1.email).get()
    assert "Min depression" not in mail.body_text
    assert "dashboard" in mail.body_text.lower() or "selv" in mail.body_text


def test_a_guide_with_nothing_open_pausing_themselves_still_tells_the_coordinators(
    org1, coordinator1
):
    guide = PeerGuideFactory(organisation=org1)
    services.pause_myself(guide=guide, until=in_days(10))
    assert handover_mail(recipient=coordinator1.email).count() == 1


def test_pausing_twice_sends_twice(org1, coordinator1, guide_with_work):
    guide = onboarded(guide_with_work["guide"])
    services.pause_guide(guide=guide, actor=coordinator1)
    services.activate_guide(guide=guide, actor=coordinator1)
    services.pause_guide(guide=guide, actor=coordinator1)
    assert handover_mail(recipient=coordinator1.email).count() == 2


def test_the_overview_shows_the_items_until_each_is_reassigned_paused_or_ended(
    org1, coordinator1, guide_with_work
):
    guide, match, proposal, cohort = (
        guide_with_work[k] for k in ("guide", "match", "proposal", "cohort")
    )
    other = onboarded(PeerGuideFactory(organisation=org1, capacity=5))

    def handover_counts():
        overview = coordinator_overview(user=coordinator1)
        return [overview.get(k).count for k in ("handover_matches", "handover_proposals")] + [
            overview.get("handover_cohorts").count
        ]

    assert handover_counts() == [0, 0, 0]
    services.pause_guide(guide=guide, actor=coordinator1)
    assert handover_counts() == [1, 1, 1]
    assert coordinator_overview(user=coordinator1).handover_guides == [guide]
    matching_services.reassign_match(match=match, guide=other, actor=coordinator1)
    assert handover_counts() == [0, 1, 1]
    matching_services.reassign_match(match=proposal, guide=other, actor=coordinator1)
    assert handover_counts() == [0, 0, 1]
    cohort.facilitators.remove(guide)
    assert handover_counts() == [0, 0, 0]
    assert coordinator_overview(user=coordinator1).handover_guides == []


def test_a_paused_or_ended_match_leaves_the_overview(org1, coordinator1, guide_with_work):
    guide, match = guide_with_work["guide"], guide_with_work["match"]
    services.pause_guide(guide=guide, actor=coordinator1)
    matching_services.pause_match(match=match, actor=coordinator1)
    assert coordinator_overview(user=coordinator1).get("handover_matches").count == 0
    matching_services.resume_match(match=match, actor=coordinator1)
    assert coordinator_overview(user=coordinator1).get("handover_matches").count == 1
    matching_services.end_match(
        match=match, reason=Match.ClosureReason.GUIDE_STOPPED, actor=coordinator1
    )
    assert coordinator_overview(user=coordinator1).get("handover_matches").count == 0


def test_volunteers_does_not_import_the_apps_above_it():
    folder = pathlib.Path(importlib.import_module("volunteers").__file__).parent
    upward = re.compile(r"^\s*(from|import)\s+(matching|courses|reports|dashboard)\b", re.M)
    for path in folder.rglob("*.py"):
        assert not upward.search(path.read_text()), path
