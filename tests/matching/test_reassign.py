"""Reassigning a match to another guide keeps its meetings and history; the service refuses a
guide who cannot take it; the admin action asks for the new guide first."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import Feedback, Match, MatchStatusChange, Meeting
from notifications.models import Notification
from tests.factories import MatchFactory, PeerGuideFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(org1):
    old = PeerGuideFactory(organisation=org1, status="paused", user__first_name="Peter")
    match = MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Mia",
        guide=old,
    )
    MatchStatusChange.objects.create(match=match, from_status="accepted", to_status="active")
    Meeting.objects.create(
        match=match,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=7),
        duration_minutes=60,
    )
    Meeting.objects.create(match=match, starts_at=timezone.now() + datetime.timedelta(days=3))
    Feedback.objects.create(match=match, kind="fit_check", respondent="guide", answer="yes")
    return match


@pytest.fixture
def new_guide(org1):
    return PeerGuideFactory(organisation=org1, user__first_name="Sofie", capacity=2)


def test_a_running_match_keeps_its_meetings_feedback_and_history(running, new_guide, coordinator1):
    old_guide = running.guide
    services.reassign_match(match=running, guide=new_guide, actor=coordinator1)
    running.refresh_from_db()
    assert running.guide == new_guide
    assert running.status == Match.Status.ACTIVE
    assert running.meetings.count() == 2
    assert running.feedback.count() == 1
    history = list(running.history.order_by("at", "pk"))
    assert len(history) == 2
    assert history[-1].actor == coordinator1
    assert old_guide.name in history[-1].note
    assert new_guide.name in history[-1].note
    assert Notification.objects.filter(
        kind="matching.handed_over_guide", recipient=new_guide.user.email
    ).exists()
    to_participant = Notification.objects.get(kind="matching.new_guide_participant")
    assert to_participant.recipient == running.request.participant.email
    assert "Sofie" in to_participant.body_text
    assert not Notification.objects.filter(recipient=old_guide.user.email).exists()


def test_a_proposal_goes_to_the_new_guide_and_its_clock_starts_again(org1, new_guide):
    proposal = MatchFactory(
        request__participant__organisation=org1,
        status="proposed",
        started_at=None,
        proposed_at=timezone.now() - datetime.timedelta(days=9),
    )
    before = timezone.now()
    services.reassign_match(match=proposal, guide=new_guide, actor=None)
    proposal.refresh_from_db()
    assert proposal.guide == new_guide
    assert proposal.status == Match.Status.PROPOSED
    assert proposal.proposed_at >= before
    assert Notification.objects.filter(
        kind="matching.proposal", recipient=new_guide.user.email
    ).exists()


def _refused(match, guide, code):
    with pytest.raises(ValidationError) as error:
        services.reassign_match(match=match, guide=guide, actor=None)
    assert error.value.code == code
    match.refresh_from_db()
    assert match.guide_id != guide.pk or code == "same_guide"


def test_refuses_a_full_guide(org1, running, new_guide):
    MatchFactory.create_batch(2, request__participant__organisation=org1, guide=new_guide)
    _refused(running, new_guide, "no_capacity")


def test_refuses_a_paused_guide(org1, running):
    _refused(running, PeerGuideFactory(organisation=org1, status="paused"), "guide_inactive")


def test_refuses_a_guide_of_another_organisation(org2, running):
    _refused(running, PeerGuideFactory(organisation=org2), "organisation")


def test_refuses_the_same_guide(running):
    _refused(running, running.guide, "same_guide")


def test_refuses_a_guide_the_person_was_matched_with_before(org1, running, new_guide):
    MatchFactory(
        request__participant=running.request.participant,
        request__organisation=org1,
        guide=new_guide,
        status="ended",
        closure_reason="goals_reached",
    )
    _refused(running, new_guide, "earlier_match")


def test_refuses_an_ended_match(org1, new_guide):
    ended = MatchFactory(
        request__participant__organisation=org1, status="ended", closure_reason="moved"
    )
    _refused(ended, new_guide, "invalid_transition")


def test_the_admin_action_asks_for_the_guide_then_reassigns(
    client, org1, org2, running, new_guide, coordinator1
):
    other_org_guide = PeerGuideFactory(organisation=org2)
    client.force_login(coordinator1)
    url = reverse("admin:matching_match_changelist")
    post = {"action": "reassign_to_another_guide", "_selected_action": [running.pk]}
    page = client.post(url, post)
    assert page.status_code == 200
    assert "Sofie" in page.content.decode()
    choices = [g.pk for g in page.context["form"].fields["guide"].queryset]
    assert new_guide.pk in choices
    assert other_org_guide.pk not in choices
    assert running.guide_id not in choices  # paused

    refused = client.post(url, {**post, "apply": "yes", "guide": other_org_guide.pk})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    running.refresh_from_db()
    assert running.guide_id != other_org_guide.pk

    done = client.post(url, {**post, "apply": "yes", "guide": new_guide.pk}, follow=True)
    assert done.status_code == 200
    running.refresh_from_db()
    assert running.guide == new_guide
    assert "Sofie" in done.content.decode()
