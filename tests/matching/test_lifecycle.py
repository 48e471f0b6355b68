"""Every match transition allowed and refused, with history and messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching import services
from matching.models import Feedback, Match, Meeting, SupportRequest
from notifications.models import Notification
from tests.factories import MatchFactory, PeerGuideFactory, SupportRequestFactory


@pytest.fixture
def request_(org1):
    return SupportRequestFactory(participant__organisation=org1)


@pytest.fixture
def guide(org1):
    return PeerGuideFactory(organisation=org1, user__first_name="Sofie")


def test_propose_moves_request_to_matched_and_tells_the_guide(request_, guide, coordinator1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    request_.refresh_from_db()
    assert request_.status == SupportRequest.Status.MATCHED
    assert match.status == Match.Status.PROPOSED
    assert match.history.get().actor == coordinator1
    assert Notification.objects.filter(
        kind="matching.proposal", recipient=guide.user.email
    ).exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"guide_status": "paused"}, "guide_inactive"),
        ({"capacity": 0}, "no_capacity"),
        ({"request_status": "submitted"}, "not_waiting"),
        ({"other_org": True}, "organisation"),
    ],
)
def test_propose_refusals(request_, guide, coordinator1, org2, change, code):
    if "guide_status" in change:
        guide.status = change["guide_status"]
    if "capacity" in change:
        guide.capacity = change["capacity"]
    if "other_org" in change:
        guide.organisation = org2
    guide.save()
    if "request_status" in change:
        request_.status = change["request_status"]
        request_.save()
    with pytest.raises(ValidationError) as error:
        services.propose_match(request=request_, guide=guide, actor=coordinator1)
    assert error.value.code == code
    assert not Match.objects.exists()


def test_no_second_proposal_with_an_earlier_ended_guide(request_, guide, coordinator1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    services.decline_match(match=match, guide=guide, reason="Kender personen")
    with pytest.raises(ValidationError, match="matchet med denne person før"):
        services.propose_match(request=request_, guide=guide, actor=coordinator1)


def test_accept_sends_introductions_without_health_details(request_, guide, coordinator1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    services.accept_match(match=match, guide=guide)
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED
    to_participant = Notification.objects.get(kind="matching.introduction_participant")
    assert "Sofie" in to_participant.body_text
    assert guide.user.last_name not in to_participant.body_text
    to_guide = Notification.objects.get(kind="matching.introduction_guide")
    assert request_.participant.first_name in to_guide.body_text


def test_decline_returns_request_to_waiting_and_needs_a_reason(request_, guide, coordinator1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    with pytest.raises(ValidationError):
        services.decline_match(match=match, guide=guide, reason="  ")
    services.decline_match(match=match, guide=guide, reason="Travlt lige nu")
    request_.refresh_from_db()
    match.refresh_from_db()
    assert request_.status == SupportRequest.Status.WAITING
    assert match.status == Match.Status.DECLINED
    assert match.decline_reason == "Travlt lige nu"


def test_another_guide_cannot_answer(request_, guide, coordinator1, org1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    other = PeerGuideFactory(organisation=org1)
    with pytest.raises(ValidationError, match="anden peerguide"):
        services.accept_match(match=match, guide=other)


def test_first_held_meeting_activates_and_sends_fit_check(request_, guide, coordinator1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    services.accept_match(match=match, guide=guide)
    planned = services.plan_meeting(
        match=match,
        guide=guide,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        mode="walk",
        place="Munke Mose",
    )
    assert planned.status == Meeting.Status.PLANNED
    services.log_meeting(
        match=match,
        guide=guide,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        duration_minutes=75,
        mode="walk",
        themes=["everyday", "bogus"],
        note="Vi gik en tur.",
    )
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    assert match.started_at
    held = Meeting.objects.get(status="held")
    assert held.themes == ["everyday"]
    assert Notification.objects.filter(kind="matching.fit_check_participant").count() == 1
    # a second meeting sends no second fit check
    services.log_meeting(
        match=match,
        guide=guide,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        duration_minutes=30,
        mode="phone",
    )
    assert Notification.objects.filter(kind="matching.fit_check_participant").count() == 1


def test_meeting_refusals(request_, guide, coordinator1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    with pytest.raises(ValidationError):  # not accepted yet
        services.plan_meeting(match=match, guide=guide, starts_at=timezone.now(), mode="phone")
    services.accept_match(match=match, guide=guide)
    with pytest.raises(ValidationError, match="fremtiden"):
        services.log_meeting(
            match=match,
            guide=guide,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            duration_minutes=60,
            mode="phone",
        )
    with pytest.raises(ValidationError, match="fremtiden"):
        services.plan_meeting(
            match=match,
            guide=guide,
            starts_at=timezone.now() - datetime.timedelta(days=3),
            mode="phone",
        )


def test_cancel_and_no_show(guide, org1):
    match = MatchFactory(guide=guide, request__participant__organisation=org1)
    meeting = Meeting.objects.create(match=match, starts_at=timezone.now())
    services.set_meeting_status(meeting=meeting, guide=guide, status="no_show")
    meeting.refresh_from_db()
    assert meeting.status == "no_show"
    with pytest.raises(ValidationError):
        services.set_meeting_status(meeting=meeting, guide=guide, status="cancelled")


def test_pause_resume_and_refusals(guide, org1, coordinator1):
    match = MatchFactory(guide=guide, request__participant__organisation=org1)
    services.pause_match(match=match, actor=coordinator1)
    with pytest.raises(ValidationError, match="kan derfor ikke"):
        services.pause_match(match=match, actor=coordinator1)
    services.resume_match(match=match, actor=coordinator1)
    match.refresh_from_db()
    assert match.status == "active"


def test_end_with_reason_closes_request_and_asks_exit_questions(guide, org1, coordinator1):
    match = MatchFactory(guide=guide, request__participant__organisation=org1)
    with pytest.raises(ValidationError):
        services.end_match(match=match, reason="", actor=coordinator1)
    services.end_match(
        match=match, reason="goals_reached", actor=coordinator1, closing_conversation_held=True
    )
    match.refresh_from_db()
    assert (match.status, match.closure_reason, match.closing_conversation_held) == (
        "ended",
        "goals_reached",
        True,
    )
    assert match.request.status == "closed"
    assert Notification.objects.filter(kind="matching.exit_survey_participant").exists()
    assert Notification.objects.filter(kind="matching.exit_survey_guide").exists()
    with pytest.raises(ValidationError):
        services.end_match(match=match, reason="moved", actor=coordinator1)
    services.answer_feedback(
        match=match, kind="exit", respondent="participant", answer="yes", rating=5
    )
    with pytest.raises(ValidationError, match="allerede svaret"):
        services.answer_feedback(match=match, kind="exit", respondent="participant", answer="no")


def test_fit_check_no_alerts_coordinator_and_rematch_keeps_the_request(guide, org1, coordinator1):
    match = MatchFactory(guide=guide, request__participant__organisation=org1)
    services.answer_feedback(match=match, kind="fit_check", respondent="participant", answer="no")
    alert = Notification.objects.get(kind="matching.fit_check_alert_participant")
    assert alert.recipient == coordinator1.email
    request = services.rematch(match=match, actor=coordinator1)
    assert request.status == "waiting"
    match.refresh_from_db()
    assert match.closure_reason == "not_a_good_fit"
    assert Feedback.objects.get().answer == "no"
    # the same guide is excluded from new suggestions
    from matching.selectors import suggest_guides

    assert guide.pk not in [s.guide.pk for s in suggest_guides(request)]


def test_withdraw_ends_open_match_and_tells_the_guide(guide, org1):
    match = MatchFactory(guide=guide, request__participant__organisation=org1)
    planned = Meeting.objects.create(
        match=match, starts_at=timezone.now() + datetime.timedelta(days=2), mode="phone"
    )
    services.withdraw_request(request=match.request)
    match.refresh_from_db()
    assert match.status == "ended"
    assert match.closure_reason == "participant_withdrew"
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.CANCELLED
    message = Notification.objects.get(kind="matching.request_withdrawn_guide")
    assert message.recipient == guide.user.email
    assert message.subject == "Et af dine match er afsluttet"
    assert "planlagte møder er aflyst" in message.body_text
    assert f"/dashboard/match/{match.pk}/" in message.body_text
    assert match.request.participant.first_name not in message.body_text
    with pytest.raises(ValidationError):
        services.withdraw_request(request=match.request)


def test_withdrawing_a_proposed_request_spares_the_guide_an_answer(request_, guide, coordinator1):
    match = services.propose_match(request=request_, guide=guide, actor=coordinator1)
    services.withdraw_request(request=request_)
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED
    message = Notification.objects.get(kind="matching.request_withdrawn_guide")
    assert message.subject == "Et forslag er trukket tilbage"
    assert "behøver ikke svare" in message.body_text


def test_one_open_match_per_request_is_a_database_rule(guide, org1):
    from django.db import IntegrityError, transaction

    match = MatchFactory(guide=guide, request__participant__organisation=org1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(
            organisation=org1, request=match.request, guide=guide, status="proposed"
        )
