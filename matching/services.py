"""Writes with rules for one-to-one peer support: the request, the match lifecycle, meetings
and the short feedback questions. Every transition checks its "from" state under a row lock,
records who did it, and tells the people concerned through the notifications outbox."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import dates
from core.models import User
from core.selectors import coordinators_of
from matching.goals import mark_goals
from matching.models import Feedback, Match, MatchStatusChange, Meeting, SupportRequest
from notifications.services import notify, queue_email
from participants import links
from participants.models import Consent, Participant
from participants.services import (
    ParticipantDetails,
    attach_or_register,
    check_entry_source,
    has_consent,
    lock_current_participant,
    record_oral_consent,
    register_participant_on_behalf,
)
from volunteers.models import PeerGuide

R = SupportRequest.Status
M = Match.Status
OPEN_REQUEST_STATUSES = (R.SUBMITTED, R.WAITING, R.MATCHED)

# Signed-link purposes and lifetimes.
CONFIRM = "matching.confirm"
STATUS = "matching.status"
FEEDBACK = "matching.feedback"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
STATUS_MAX_AGE = datetime.timedelta(days=365)
FEEDBACK_MAX_AGE = datetime.timedelta(days=60)


def _participant_link(viewname: str, *, request: SupportRequest, purpose: str) -> str:
    return links.absolute_url(viewname, token=links.make_token(pk=request.pk, purpose=purpose))


def _email_participant(
    *, request: SupportRequest, kind: str, template: str, context: dict, slot=None
):
    participant = request.participant
    if not participant.email:
        return None
    return queue_email(
        kind=kind,
        to=participant.email,
        template=template,
        context={"first_name": participant.first_name, **context},
        language=participant.language,
        about=request,
        slot=slot,
    )


def _email_guide(*, guide: PeerGuide, kind: str, template: str, context: dict, about, slot=None):
    return queue_email(
        kind=kind,
        to=guide.user.email,
        template=template,
        context={"first_name": guide.user.first_name, **context},
        language=guide.user.language,
        about=about,
        slot=slot,
    )


def _email_coordinators(*, organisation_id: int, kind: str, template: str, context: dict, about):
    for coordinator in coordinators_of(organisation_id):
        queue_email(
            kind=kind,
            to=coordinator.email,
            template=template,
            context={"first_name": coordinator.first_name, **context},
            language=coordinator.language,
            about=about,
        )


# --- The public request ---------------------------------------------------------------------


@dataclass(frozen=True)
class Wishes:
    experience_areas: list = field(default_factory=list)
    interests: list = field(default_factory=list)
    availability: list = field(default_factory=list)
    meets_in_person: bool = True
    meets_online: bool = False
    gender_wish: str = ""
    guide_language: str = "da"
    help_wanted: str = ""


def _wish_fields(wishes: Wishes) -> dict:
    """A support request's fields from the person's wishes (the public form, or on behalf)."""
    return {
        "availability": list(wishes.availability),
        "meets_in_person": wishes.meets_in_person,
        "meets_online": wishes.meets_online,
        "gender_wish": wishes.gender_wish,
        "guide_language": wishes.guide_language,
        "help_wanted": wishes.help_wanted.strip(),
    }


@transaction.atomic
def submit_support_request(
    *, details: ParticipantDetails, wishes: Wishes, purposes: list[str]
) -> SupportRequest:
    """A participant asks for a peer guide: the request waits for the e-mail confirmation.

    The person is the organisation's participant with this e-mail address when there is one. If
    they already have an open request (not yet confirmed, waiting or matched), no second one is
    made: the e-mail tells them it is already waiting (or sends the confirmation link again). The
    page says the same either way, so the form reveals nothing about who has asked."""
    if Consent.Purpose.SUPPORT not in purposes:
        raise ValidationError(_("We need your consent to contact you about peer support."))
    # Locked: a second request from the same person waits here until the first is saved.
    participant = attach_or_register(details=details, purposes=purposes).participant
    open_request = (
        SupportRequest.objects.filter(participant=participant, status__in=OPEN_REQUEST_STATUSES)
        .order_by("submitted_at", "pk")
        .first()
    )
    if open_request is not None:
        _tell_already_asked(open_request)
        return open_request
    request = SupportRequest.objects.create(
        organisation=details.organisation,
        participant=participant,
        status=R.SUBMITTED,
        **_wish_fields(wishes),
    )
    if Consent.Purpose.HEALTH_DATA in purposes:
        request.experience_areas.set(wishes.experience_areas)
    request.interests.set(wishes.interests)
    # By the channel the person chose (the text names no organisation: some name a diagnosis).
    notify(
        participant.contact_point,
        kind="matching.request_confirm",
        template="matching/email/request_confirm",
        context={
            "first_name": participant.first_name,
            "link": _participant_link("matching:confirm", request=request, purpose=CONFIRM),
            "organisation": request.organisation.name,
        },
        about=request,
    )
    return request


def _tell_already_asked(request: SupportRequest) -> None:
    """The form was sent again by someone whose request is open: one e-mail a day at most (the
    day is the key's slot), so the form cannot be used to fill someone's inbox."""
    today = timezone.localdate()
    if request.status == R.SUBMITTED:
        link = _participant_link("matching:confirm", request=request, purpose=CONFIRM)
    else:
        link = status_link(request)
    _email_participant(
        request=request,
        kind="matching.request_already_open",
        template="matching/email/request_already_open",
        context={
            "link": link,
            "organisation": request.organisation.name,
            "unconfirmed": request.status == R.SUBMITTED,
            "matched": request.status == R.MATCHED,
        },
        slot=today.isoformat(),
    )


@transaction.atomic
def confirm_request(*, request: SupportRequest) -> SupportRequest:
    """The e-mail link was opened: the request joins the waiting list (safe to repeat)."""
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == R.SUBMITTED:
        now = timezone.now()
        locked.status, locked.confirmed_at, locked.status_changed_at = R.WAITING, now, now
        locked.save(update_fields=["status", "confirmed_at", "status_changed_at"])
        _email_participant(
            request=locked,
            kind="matching.request_received",
            template="matching/email/request_received",
            context={"link": status_link(locked), "organisation": locked.organisation.name},
        )
    return locked


def status_link(request: SupportRequest) -> str:
    return _participant_link("matching:status", request=request, purpose=STATUS)


# --- Entered by a coordinator on the person's behalf -----------------------------------------


@transaction.atomic
def create_request_on_behalf(
    *, participant: Participant, wishes: Wishes, source: str, actor, support_consent: bool = False
) -> SupportRequest:
    """A coordinator adds a request for a person who phoned or was referred. The person said yes
    on the phone, so the request waits for a guide at once (there is no e-mail to confirm); a
    person with an e-mail address is told it was received, with the link to their status page.

    Consent to peer support must be on record or given orally now (`support_consent`, recorded
    with the coordinator's name). A person with a request that is still open gets no second one."""
    check_entry_source(source)
    participant = lock_current_participant(participant)
    if support_consent:
        record_oral_consent(
            participant=participant, purposes=[Consent.Purpose.SUPPORT], actor=actor
        )
    elif not has_consent(participant, Consent.Purpose.SUPPORT):
        raise ValidationError(
            {
                "support_consent": _(
                    "Ask whether the person agrees to receive peer support and to be contacted "
                    "about it, and tick the box when they say yes."
                )
            },
            code="no_consent",
        )
    open_request = (
        SupportRequest.objects.filter(participant=participant, status__in=OPEN_REQUEST_STATUSES)
        .order_by("submitted_at")
        .first()
    )
    if open_request is not None:
        raise ValidationError(
            _(
                "%(name)s already has a request (%(status)s, since %(date)s). Open that request "
                "instead of adding another."
            )
            % {
                "name": participant,
                "status": open_request.get_status_display().lower(),
                "date": dates.day(open_request.submitted_at),
            },
            code="open_request",
        )
    now = timezone.now()
    request = SupportRequest.objects.create(
        organisation=participant.organisation,
        participant=participant,
        status=R.WAITING,
        source=source,
        **_wish_fields(wishes),
        submitted_at=now,
        confirmed_at=now,
        status_changed_at=now,
    )
    if has_consent(participant, Consent.Purpose.HEALTH_DATA):
        request.experience_areas.set(wishes.experience_areas)
    request.interests.set(wishes.interests)
    _email_participant(
        request=request,
        kind="matching.request_received",
        template="matching/email/request_received",
        context={"link": status_link(request), "organisation": request.organisation.name},
    )
    return request


@dataclass(frozen=True)
class RequestOnBehalf:
    request: SupportRequest
    attached: bool  # the person was already a participant (same e-mail or phone)


@transaction.atomic
def register_and_request_on_behalf(
    *, details: ParticipantDetails, wishes: Wishes, purposes: list[str], source: str, actor
) -> RequestOnBehalf:
    """One step for the coordinator on the phone: the person (or the existing participant with
    the same e-mail or phone) and their request. Nothing is saved unless both can be."""
    if Consent.Purpose.SUPPORT not in purposes:
        raise ValidationError(
            {
                "consents": _(
                    "Ask whether the person agrees to receive peer support and to be contacted "
                    "about it. Without that consent we cannot add the request."
                )
            },
            code="no_consent",
        )
    registered = register_participant_on_behalf(
        details=details, purposes=purposes, source=source, actor=actor
    )
    request = create_request_on_behalf(
        participant=registered.participant, wishes=wishes, source=source, actor=actor
    )
    return RequestOnBehalf(request, attached=registered.attached)


@transaction.atomic
def withdraw_request(*, request: SupportRequest, actor: User | None = None) -> SupportRequest:
    """The participant no longer wants a guide. An open match ends and its guide is told;
    nothing is deleted."""
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status in (R.CLOSED, R.WITHDRAWN):
        raise ValidationError(_("This request is already closed."), code="closed")
    for match in Match.objects.select_for_update().filter(request=locked, status__in=Match.OPEN):
        was_proposal = match.status == M.PROPOSED
        if was_proposal:
            _move(match, M.DECLINED, actor, note=_("The participant withdrew the request."))
        else:
            _end(match, Match.ClosureReason.PARTICIPANT_WITHDREW, actor, closing=None)
        guide = PeerGuide.objects.select_related("user").get(pk=match.guide_id)
        # About the guide (their caseload), not the match: it names nobody, and it must survive
        # the scrub of messages about the match when the person is erased.
        _email_guide(
            guide=guide,
            kind="matching.request_withdrawn_guide",
            template="matching/email/request_withdrawn_guide",
            context={"link": _guide_match_link(match), "was_proposal": was_proposal},
            about=guide,
            slot=match.pk,
        )
    locked.status, locked.status_changed_at = R.WITHDRAWN, timezone.now()
    locked.save(update_fields=["status", "status_changed_at"])
    return locked


def close_for_erased_participant(*, participant, actor=None, **kwargs) -> list[SupportRequest]:
    """On erasure (`close` in matching/holdings.py): an anonymised person can no longer be
    reached, so their open requests are withdrawn (ending any match, telling its guide) and
    never reach the matching engine again. The requests are locked first, so one that a guide or
    the person closes at this moment is either closed already (and skipped) or waits for us."""
    open_requests = (
        SupportRequest.objects.select_for_update()
        .filter(participant=participant)
        .exclude(status__in=(R.CLOSED, R.WITHDRAWN))
        .order_by("pk")
    )
    return [withdraw_request(request=request, actor=actor) for request in list(open_requests)]


# --- The match lifecycle --------------------------------------------------------------------


def _move(
    match: Match, to_status: str, actor, note: str = "", extra_fields: tuple = ()
) -> MatchStatusChange:
    change = MatchStatusChange.objects.create(
        match=match, from_status=match.status, to_status=to_status, actor=actor, note=note
    )
    match.status = to_status
    match.status_changed_at = change.at
    match.save(update_fields=["status", "status_changed_at", *extra_fields])
    return change


def _lock_match(match: Match, allowed: tuple, action: str) -> Match:
    locked = (
        Match.objects.select_for_update(of=("self",))
        .select_related("request__participant")
        .get(pk=match.pk)
    )
    if locked.status not in allowed:
        raise ValidationError(
            _("The match is %(status)s, so it cannot be %(action)s.")
            % {"status": locked.get_status_display().lower(), "action": action},
            code="invalid_transition",
        )
    return locked


def active_match_count(guide: PeerGuide) -> int:
    return guide.matches.filter(status__in=Match.OPEN).count()


def _check_guide_can_take(*, guide: PeerGuide, organisation_id: int, participant_id: int):
    """The rules for giving a guide a person, whether as a new proposal or a match handed over:
    same organisation, active (not paused), a free place, never matched with the person before."""
    if guide.organisation_id != organisation_id:
        raise ValidationError(_("The guide belongs to another organisation."), code="organisation")
    if guide.status == PeerGuide.Status.PAUSED:
        raise ValidationError(
            _(
                "%(name)s is taking a break, so they cannot get a proposal now. "
                "Choose another guide."
            )
            % {"name": guide.name},
            code="guide_inactive",
        )
    if guide.status != PeerGuide.Status.ACTIVE:
        raise ValidationError(
            _("%(name)s is not an active guide (%(status)s). Choose another guide.")
            % {"name": guide.name, "status": guide.get_status_display().lower()},
            code="guide_inactive",
        )
    open_matches = active_match_count(guide)
    if open_matches >= guide.capacity:
        raise ValidationError(
            _(
                "%(name)s is full: %(open)s of %(capacity)s places are taken. Choose another "
                "guide, or raise their capacity on their page first."
            )
            % {"name": guide.name, "open": open_matches, "capacity": guide.capacity},
            code="no_capacity",
        )
    if Match.objects.filter(
        request__participant_id=participant_id,
        guide=guide,
        status__in=[M.ENDED, M.DECLINED],
    ).exists():
        raise ValidationError(
            _("%(name)s has been matched with this person before.") % {"name": guide.name},
            code="earlier_match",
        )


@transaction.atomic
def propose_match(
    *,
    request: SupportRequest,
    guide: PeerGuide,
    actor: User | None,
    score: float | None = None,
    reasons: list[str] | None = None,
) -> Match:
    """A coordinator proposes a guide for a waiting request; the guide answers on the dashboard."""
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
    guide = (
        PeerGuide.objects.select_for_update(of=("self",)).select_related("user").get(pk=guide.pk)
    )
    if locked.status != R.WAITING:
        raise ValidationError(
            _("Only a waiting request can get a proposal. This one is %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="not_waiting",
        )
    _check_guide_can_take(
        guide=guide, organisation_id=locked.organisation_id, participant_id=locked.participant_id
    )
    now = timezone.now()
    match = Match.objects.create(
        organisation=locked.organisation,
        request=locked,
        guide=guide,
        status=M.PROPOSED,
        score=score,
        reasons=reasons or [],
        proposed_at=now,
        proposed_by=actor,
        status_changed_at=now,
    )
    MatchStatusChange.objects.create(
        match=match, from_status="", to_status=M.PROPOSED, actor=actor, at=now
    )
    locked.status, locked.status_changed_at = R.MATCHED, now
    locked.save(update_fields=["status", "status_changed_at"])
    _email_guide(
        guide=guide,
        kind="matching.proposal",
        template="matching/email/proposal",
        context={"link": _guide_match_link(match)},
        about=match,
    )
    return match


@transaction.atomic
def accept_match(*, match: Match, guide: PeerGuide) -> Match:
    """The guide says yes: both get a short introduction (first names, how to meet first)."""
    match = _lock_match(match, (M.PROPOSED,), _("accepted"))
    if match.guide_id != guide.pk:
        raise ValidationError(_("This proposal is for another guide."), code="not_yours")
    _move(match, M.ACCEPTED, guide.user)
    match.responded_at = timezone.now()
    match.save(update_fields=["responded_at"])
    participant = match.request.participant
    _email_participant(
        request=match.request,
        kind="matching.introduction_participant",
        template="matching/email/introduction_participant",
        context={"guide_first_name": guide.user.first_name, "link": status_link(match.request)},
        slot=match.pk,
    )
    _email_guide(
        guide=guide,
        kind="matching.introduction_guide",
        template="matching/email/introduction_guide",
        context={
            "participant_first_name": participant.first_name,
            "link": _guide_match_link(match),
        },
        about=match,
    )
    return match


@transaction.atomic
def decline_match(*, match: Match, guide: PeerGuide, reason: str) -> Match:
    """The guide says no (with a reason): the request goes back to the waiting list."""
    match = _lock_match(match, (M.PROPOSED,), _("declined"))
    if match.guide_id != guide.pk:
        raise ValidationError(_("This proposal is for another guide."), code="not_yours")
    if not reason.strip():
        raise ValidationError(_("Tell your coordinator briefly why."), code="reason_required")
    _move(match, M.DECLINED, guide.user, note=reason.strip()[:300])
    match.responded_at, match.decline_reason = timezone.now(), reason.strip()[:300]
    match.save(update_fields=["responded_at", "decline_reason"])
    _return_to_waiting(match.request)
    return match


def _return_to_waiting(request: SupportRequest) -> None:
    SupportRequest.objects.filter(pk=request.pk, status=R.MATCHED).update(
        status=R.WAITING, status_changed_at=timezone.now()
    )


@transaction.atomic
def pause_match(*, match: Match, actor: User, note: str = "") -> Match:
    match = _lock_match(match, (M.ACTIVE,), _("paused"))
    _move(match, M.PAUSED, actor, note=note)
    return match


@transaction.atomic
def resume_match(*, match: Match, actor: User) -> Match:
    match = _lock_match(match, (M.PAUSED,), _("resumed"))
    _move(match, M.ACTIVE, actor)
    return match


def _end(match: Match, reason: str, actor, *, closing: bool | None, note: str = ""):
    match.ended_at, match.closure_reason = timezone.now(), reason
    match.closing_conversation_held = closing
    _move(
        match,
        M.ENDED,
        actor,
        note=note,
        extra_fields=("ended_at", "closure_reason", "closing_conversation_held"),
    )
    Meeting.objects.filter(match=match, status=Meeting.Status.PLANNED).update(
        status=Meeting.Status.CANCELLED
    )


@transaction.atomic
def end_match(
    *,
    match: Match,
    reason: str,
    actor: User,
    closing_conversation_held: bool | None = None,
    note: str = "",
    goal_outcomes: dict[int, str] | None = None,
) -> Match:
    """End a match deliberately, with a closure reason. The request closes and both sides get
    a short, optional exit survey. `goal_outcomes` (goal pk: outcome) marks every goal of the
    match; the guide's end-match form asks for one per goal."""
    if reason not in Match.ClosureReason.values or reason == Match.ClosureReason.NOT_A_GOOD_FIT:
        raise ValidationError(_("Choose why the match ends."), code="reason_required")
    match = _lock_match(match, (M.ACCEPTED, M.ACTIVE, M.PAUSED), _("ended"))
    if goal_outcomes is not None:
        mark_goals(match=match, outcomes=goal_outcomes)
    _end(match, reason, actor, closing=closing_conversation_held, note=note)
    SupportRequest.objects.filter(pk=match.request_id).update(
        status=R.CLOSED, status_changed_at=timezone.now()
    )
    guide = PeerGuide.objects.select_related("user").get(pk=match.guide_id)
    _email_guide(
        guide=guide,
        kind="matching.exit_survey_guide",
        template="matching/email/exit_survey_guide",
        context={"link": _guide_match_link(match)},
        about=match,
    )
    _email_participant(
        request=match.request,
        kind="matching.exit_survey_participant",
        template="matching/email/exit_survey_participant",
        context={"link": feedback_link(match.request, kind=Feedback.Kind.EXIT)},
        slot=match.pk,
    )
    return match


@transaction.atomic
def rematch(*, match: Match, actor: User) -> SupportRequest:
    """After a "no" in the fit check: end the match and put the request back on the waiting
    list, so the participant does not start over. The same guide is not suggested again."""
    match = _lock_match(match, (M.ACCEPTED, M.ACTIVE, M.PAUSED), _("re-matched"))
    _end(match, Match.ClosureReason.NOT_A_GOOD_FIT, actor, closing=None)
    SupportRequest.objects.filter(pk=match.request_id).update(
        status=R.WAITING, status_changed_at=timezone.now()
    )
    return SupportRequest.objects.get(pk=match.request_id)


# --- Meetings -------------------------------------------------------------------------------


def _guide_match(match: Match, guide: PeerGuide) -> Match:
    if match.guide_id != guide.pk:
        raise ValidationError(_("This match belongs to another guide."), code="not_yours")
    return match


def _starts_at_error(message: str, code: str) -> ValidationError:
    return ValidationError({"starts_at": ValidationError(message, code=code)})


def _check_meeting(meeting: Meeting) -> None:
    """The rules of the meeting forms, for every caller: a date within a year of today (the form's
    window; the database holds the years 2000-2100), minutes 5-600, a known mode and status.
    Errors name their field."""
    if abs(meeting.starts_at - timezone.now()) > Meeting.PLAUSIBLE_WINDOW:
        raise _starts_at_error(
            _("Check the date. It must be within a year from today."), "out_of_range"
        )
    meeting.full_clean(exclude=["match"])


@transaction.atomic
def plan_meeting(
    *, match: Match, guide: PeerGuide, starts_at: datetime.datetime, mode: str, place: str = ""
) -> Meeting:
    match = _lock_match(match, (M.ACCEPTED, M.ACTIVE), _("given a new meeting"))
    _guide_match(match, guide)
    if starts_at < timezone.now() - datetime.timedelta(days=1):
        raise _starts_at_error(_("A planned meeting must be in the future."), "past")
    meeting = Meeting(match=match, starts_at=starts_at, mode=mode, place=place.strip()[:200])
    _check_meeting(meeting)
    meeting.save()
    return meeting


@transaction.atomic
def log_meeting(
    *,
    match: Match,
    guide: PeerGuide,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    themes: list[str] | None = None,
    note: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Log a held meeting (a planned one, or one logged afterwards). The first held meeting
    makes the match active and sends both sides the one-question fit check."""
    match = _lock_match(match, (M.ACCEPTED, M.ACTIVE, M.PAUSED), _("given a meeting"))
    _guide_match(match, guide)
    # Held is about when they met (which may differ from the planned time), and that is never
    # in the future.
    try:
        check_meeting_time_passed(meeting=Meeting(starts_at=starts_at), status=Meeting.Status.HELD)
    except ValidationError as error:
        raise _starts_at_error(error.messages[0], "future") from error
    valid_themes = {code for code, _label in Meeting.THEMES}
    themes = [t for t in (themes or []) if t in valid_themes]
    if meeting is None:
        meeting = Meeting(match=match)
    elif meeting.match_id != match.pk or meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be logged as held."), code="state")
    meeting.status = Meeting.Status.HELD
    meeting.starts_at, meeting.duration_minutes, meeting.mode = starts_at, duration_minutes, mode
    meeting.themes, meeting.note = themes, note.strip()[:500]
    _check_meeting(meeting)
    meeting.save()
    if match.status == M.ACCEPTED:
        _move(match, M.ACTIVE, guide.user, note=_("First meeting held."))
        match.started_at = starts_at
        match.save(update_fields=["started_at"])
        _send_fit_check(match, guide)
    return meeting


def _local_time(value: datetime.datetime) -> str:
    return dates.moment(value)


def check_meeting_time_passed(
    *, meeting: Meeting, status: str, now: datetime.datetime | None = None
) -> None:
    """A meeting is held, or the participant did not show up, only once its time has come;
    cancelling is possible at any time."""
    if status not in (Meeting.Status.HELD, Meeting.Status.NO_SHOW):
        return
    if meeting.starts_at and meeting.starts_at > (now or timezone.now()):
        message = (
            _("A held meeting cannot be in the future.")
            if status == Meeting.Status.HELD
            else _(
                "The meeting on %(time)s has not taken place yet, so nobody can have failed to "
                "show up. Cancel it instead if it will not happen."
            )
        )
        raise ValidationError(message % {"time": _local_time(meeting.starts_at)}, code="future")


@transaction.atomic
def set_meeting_status(*, meeting: Meeting, guide: PeerGuide, status: str) -> Meeting:
    """Mark a planned meeting as cancelled or as a no-show."""
    if status not in (Meeting.Status.CANCELLED, Meeting.Status.NO_SHOW):
        raise ValidationError(_("Choose cancelled or did not show up."), code="status")
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("match").get(pk=meeting.pk)
    )
    _guide_match(meeting.match, guide)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."), code="state")
    check_meeting_time_passed(meeting=meeting, status=status)
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


# --- Fit check and exit survey --------------------------------------------------------------


def feedback_link(request: SupportRequest, *, kind: str) -> str:
    token = links.make_token(pk=request.pk, purpose=f"{FEEDBACK}.{kind}")
    return links.absolute_url(f"matching:feedback_{kind}", token=token)


def _guide_match_link(match: Match) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("guide_matching:detail", args=[match.pk])


def _send_fit_check(match: Match, guide: PeerGuide) -> None:
    _email_participant(
        request=match.request,
        kind="matching.fit_check_participant",
        template="matching/email/fit_check_participant",
        context={
            "link": feedback_link(match.request, kind=Feedback.Kind.FIT_CHECK),
            "guide_first_name": guide.user.first_name,
        },
        slot=match.pk,
    )


@transaction.atomic
def answer_feedback(
    *, match: Match, kind: str, respondent: str, answer: str, rating: int | None = None
) -> Feedback:
    """Store one side's answer (once). A "no" in the fit check alerts the coordinators."""
    if kind not in Feedback.Kind.values:
        raise ValidationError({"kind": ValidationError(_("Unknown questionnaire."), code="kind")})
    if respondent not in Feedback.Respondent.values:
        raise ValidationError(
            {"respondent": ValidationError(_("Unknown respondent."), code="respondent")}
        )
    if answer not in Feedback.Answer.values:
        raise ValidationError({"answer": ValidationError(_("Choose an answer."), code="answer")})
    if rating is not None and kind == Feedback.Kind.FIT_CHECK:
        raise ValidationError(
            {"rating": ValidationError(_("The fit check has no rating."), code="rating")}
        )
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5
    ):
        raise ValidationError(
            {"rating": ValidationError(_("Choose a number from 1 to 5."), code="rating")}
        )
    if kind == Feedback.Kind.FIT_CHECK and match.status not in (M.ACTIVE, M.PAUSED, M.ACCEPTED):
        raise ValidationError(_("This match is no longer running."), code="state")
    if kind == Feedback.Kind.EXIT and match.status != M.ENDED:
        raise ValidationError(_("The exit survey opens when the match has ended."), code="state")
    feedback, created = Feedback.objects.get_or_create(
        match=match,
        kind=kind,
        respondent=respondent,
        defaults={"answer": answer, "rating": rating},
    )
    if not created:
        raise ValidationError(_("You have already answered. Thank you."), code="answered")
    if kind == Feedback.Kind.FIT_CHECK and answer == Feedback.Answer.NO:
        _email_coordinators(
            organisation_id=match.organisation_id,
            kind=f"matching.fit_check_alert_{respondent}",
            template="matching/email/fit_check_alert",
            context={
                "link": settings.SITE_URL.rstrip("/")
                + reverse("admin:matching_match_change", args=[match.pk]),
            },
            about=match,
        )
    return feedback


def open_match_for_request(request: SupportRequest) -> Match | None:
    return (
        Match.objects.filter(request=request)
        .filter(Q(status__in=Match.OPEN) | Q(status=M.ENDED))
        .order_by("-proposed_at")
        .first()
    )


# --- Hand-over ------------------------------------------------------------------------------


@transaction.atomic
def reassign_match(
    *,
    match: Match,
    guide: PeerGuide,
    actor: User | None,
    score: float | None = None,
    reasons: list[str] | None = None,
) -> Match:
    """Hand a proposal or a running match to another guide, e.g. when its guide steps back.

    The match stays the same row: its meetings (held and planned), feedback and status history
    are kept, and the move is recorded in the history. A proposal goes to the new guide to
    answer (its three-day clock starts again); for a running match the new guide is told who
    they take over and the participant is told the new guide's first name. `score` and
    `reasons` describe the new pair (the old ones described the old guide).
    Refused for a guide of another organisation, one who is not active, is full, already is the
    match's guide, or has been matched with the person before."""
    locked = _lock_match(match, (M.PROPOSED, M.ACCEPTED, M.ACTIVE, M.PAUSED), _("reassigned"))
    new_guide = (
        PeerGuide.objects.select_for_update(of=("self",)).select_related("user").get(pk=guide.pk)
    )
    old_guide = PeerGuide.objects.select_related("user").get(pk=locked.guide_id)
    if new_guide.pk == old_guide.pk:
        raise ValidationError(
            _("%(name)s is already the guide of this match.") % {"name": new_guide.name},
            code="same_guide",
        )
    _check_guide_can_take(
        guide=new_guide,
        organisation_id=locked.organisation_id,
        participant_id=locked.request.participant_id,
    )
    now = timezone.now()
    locked.guide = new_guide
    locked.score, locked.reasons = score, list(reasons or [])
    fields = ["guide", "score", "reasons"]
    if locked.status == M.PROPOSED:
        locked.proposed_at, locked.proposed_by = now, actor
        fields += ["proposed_at", "proposed_by"]
    locked.save(update_fields=fields)
    change = MatchStatusChange.objects.create(
        match=locked,
        from_status=locked.status,
        to_status=locked.status,
        actor=actor,
        at=now,
        note=_("Reassigned from %(old)s to %(new)s.")
        % {"old": old_guide.name, "new": new_guide.name},
    )
    if locked.status == M.PROPOSED:
        _email_guide(
            guide=new_guide,
            kind="matching.proposal",
            template="matching/email/proposal",
            context={"link": _guide_match_link(locked)},
            about=locked,
            slot=change.pk,
        )
        return locked
    _email_guide(
        guide=new_guide,
        kind="matching.handed_over_guide",
        template="matching/email/handed_over_guide",
        context={
            "participant_first_name": locked.request.participant.first_name,
            "link": _guide_match_link(locked),
        },
        about=locked,
        slot=change.pk,
    )
    _email_participant(
        request=locked.request,
        kind="matching.new_guide_participant",
        template="matching/email/new_guide_participant",
        context={
            "guide_first_name": new_guide.user.first_name,
            "link": status_link(locked.request),
        },
        slot=change.pk,
    )
    return locked


# --- Two records of one person merged (participants/merging.py) -------------------------------

_REQUEST_RANK = {R.MATCHED: 3, R.WAITING: 2, R.SUBMITTED: 1}


def _keep_request(mine: SupportRequest, theirs: SupportRequest) -> SupportRequest:
    """Both records have an open request: keep the one furthest along, else the older one."""
    rank = (_REQUEST_RANK.get(theirs.status, 0), -theirs.submitted_at.timestamp())
    return (
        theirs
        if rank > (_REQUEST_RANK.get(mine.status, 0), -mine.submitted_at.timestamp())
        else mine
    )


def register_merge_rules() -> None:
    from participants.merging import MergeRule, register_merge_rule

    register_merge_rule(
        SupportRequest,
        MergeRule(
            conflict_key=lambda r: "open" if r.status in OPEN_REQUEST_STATUSES else None,
            prefer=_keep_request,
            set_aside=lambda r, actor: withdraw_request(request=r, actor=actor),
            set_aside_text=gettext_lazy("withdrawn, and kept on the record"),
            describe=lambda r: (
                _("Request of %(date)s · %(status)s")
                % {
                    "date": dates.day(r.submitted_at),
                    "status": r.get_status_display().lower(),
                }
            ),
        ),
    )
