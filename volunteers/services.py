"""Writes with rules for peer guides: the application, the status pipeline, onboarding,
the guide's own profile and well-being check-ins."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import dates
from core.choices import EntrySource
from core.models import Membership, Organisation, User
from notifications.services import queue_email
from volunteers import handover
from volunteers.models import (
    GuideStatusChange,
    OnboardingCheck,
    OnboardingPolicy,
    PeerGuide,
    SupervisionSession,
    TrainingRecord,
    WellbeingCheckIn,
)

APPLICATION_CONSENT_VERSION = "2026-11"

S = PeerGuide.Status

# The pipeline: for each transition, the states it may start from.
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "invite_to_interview": ({S.APPLIED}, S.SCREENING),
    "start_training": ({S.SCREENING}, S.IN_TRAINING),
    "activate": ({S.IN_TRAINING, S.PAUSED}, S.ACTIVE),
    "pause": ({S.ACTIVE}, S.PAUSED),
    "retire": ({S.ACTIVE, S.PAUSED, S.IN_TRAINING}, S.RETIRED),
    "decline": ({S.APPLIED, S.SCREENING}, S.DECLINED),
}


class DuplicateApplication(ValidationError):
    """There is already a login with this e-mail address (said only to a coordinator)."""


# --- The public application -------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    organisation: Organisation
    first_name: str
    last_name: str
    email: str
    phone: str
    municipality: object
    experience_areas: list
    interests: list
    availability: list
    motivation: str
    language: str = "da"

    @classmethod
    def from_form(cls, data: dict, **more) -> Application:
        """From a form's cleaned data: the public form, or a coordinator's on-behalf form (which
        asks nothing about experience, interests or availability)."""
        return cls(
            organisation=data["organisation"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            municipality=data["municipality"],
            experience_areas=list(data.get("experience_areas", [])),
            interests=list(data.get("interests", [])),
            availability=list(data.get("availability", [])),
            motivation=data["motivation"],
            **more,
        )


@transaction.atomic
def submit_application(
    *, application: Application, source: str = EntrySource.SELF, recorded_by=None
) -> PeerGuide | None:
    """Create a guide in `applied` with a login that has no password yet, and confirm by e-mail.

    From the public page the applicant consents themselves (source `self`). When the e-mail
    address already has a login (an earlier application, a guide, a coordinator), nothing is
    written and that address gets an e-mail saying so instead; returns None. The page answers the
    same either way, so the form does not tell anyone who has an account or who has applied.

    A coordinator who enters an applicant on their behalf (`register_applicant_on_behalf`)
    passes the source and themselves as `recorded_by` of the consent given orally; for them a
    known address raises DuplicateApplication (staff may know who has a login).
    """
    email = User.objects.normalize_email(application.email).strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return _known_address(user=existing, application=application, source=source)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password=None,
                first_name=application.first_name.strip(),
                last_name=application.last_name.strip(),
                language=application.language,
            )
    except IntegrityError:  # the same address submitted twice at the same moment
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            raise
        return _known_address(user=existing, application=application, source=source)
    now = timezone.now()
    guide = PeerGuide.objects.create(
        user=user,
        organisation=application.organisation,
        status=S.APPLIED,
        status_changed_at=now,
        phone=application.phone.strip(),
        municipality=application.municipality,
        availability=list(application.availability),
        motivation=application.motivation.strip(),
        languages=[application.language],
        application_consent_at=now,
        application_consent_version=APPLICATION_CONSENT_VERSION,
        application_consent_recorded_by=recorded_by,
        source=source,
        created_at=now,
    )
    guide.experience_areas.set(application.experience_areas)
    guide.interests.set(application.interests)
    GuideStatusChange.objects.create(
        guide=guide, from_status="", to_status=S.APPLIED, at=now, actor=recorded_by
    )
    queue_email(
        kind="volunteers.application_received",
        to=user.email,
        template="volunteers/email/application_received",
        context={"first_name": user.first_name, "organisation": application.organisation.name},
        language=user.language,
        about=guide,
    )
    return guide


def _known_address(*, user, application: Application, source: str) -> None:
    """An address that already has a login. On the public form: one e-mail a day at most to that
    address, and the same answer as for a new one. Entered by a coordinator: say so at the field."""
    if source != EntrySource.SELF:
        raise DuplicateApplication(
            _("We already have an application from this e-mail address."), code="duplicate"
        )
    queue_email(
        kind="volunteers.application_known",
        to=user.email,
        template="volunteers/email/application_known",
        context={"first_name": user.first_name, "organisation": application.organisation.name},
        language=user.language or application.language,
        about=user,
        slot=timezone.localdate().isoformat(),
    )


@transaction.atomic
def register_applicant_on_behalf(
    *, application: Application, source: str, actor, consent_given_orally: bool
) -> PeerGuide:
    """A coordinator enters someone who wants to become a peer guide and phoned or was referred.
    They agreed orally that we store their application; the coordinator's name is recorded with
    that consent. The applicant needs an e-mail address: it becomes their login."""
    if source not in EntrySource.values or source == EntrySource.SELF:
        raise ValidationError(
            {"source": _("Choose how the person came in: phone, a referral or other.")},
            code="invalid_source",
        )
    if not consent_given_orally:
        raise ValidationError(
            {
                "consent": _(
                    "Ask whether the person agrees that we store their application, and tick "
                    "the box when they say yes."
                )
            },
            code="no_consent",
        )
    try:
        return submit_application(application=application, source=source, recorded_by=actor)
    except DuplicateApplication as error:
        raise ValidationError(
            {"email": _("There is already a login with this e-mail address.")},
            code="duplicate",
        ) from error


# --- Onboarding -----------------------------------------------------------------------------


def policy_for(organisation: Organisation) -> OnboardingPolicy:
    policy = getattr(organisation, "onboarding_policy", None)
    return policy or OnboardingPolicy(organisation=organisation)


def _required_checks(policy: OnboardingPolicy) -> list[str]:
    K = OnboardingCheck.Kind
    required = [K.INTERVIEW, K.CONFIDENTIALITY]
    if policy.requires_references:
        required.append(K.REFERENCES)
    if policy.requires_criminal_record:
        required.append(K.CRIMINAL_RECORD)
    return required


def missing_onboarding(guide: PeerGuide, *, today: datetime.date | None = None) -> list[str]:
    """What still stops the guide from becoming active, in words a coordinator can act on."""
    today = today or timezone.localdate()
    checks = {c.kind: c for c in guide.checks.all()}
    K = OnboardingCheck.Kind
    required = _required_checks(policy_for(guide.organisation))
    missing = []
    for kind in required:
        check = checks.get(kind)
        if check is None:
            missing.append(_("%(item)s is missing.") % {"item": K(kind).label})
        elif check.expires_on and check.expires_on < today:
            missing.append(
                _("%(item)s expired on %(date)s.")
                % {"item": K(kind).label, "date": dates.day(check.expires_on)}
            )
    if not any(t.is_peer_guide_training for t in guide.trainings.all()):
        missing.append(_("The peer-guide training is not recorded as completed."))
    return missing


# --- The status pipeline --------------------------------------------------------------------


# The checklist item that stands for the peer-guide training (a TrainingRecord, not a check).
TRAINING_ITEM = "training"


def onboarding_checklist(guide: PeerGuide) -> list[tuple[str, str]]:
    """The onboarding items not yet recorded, as (code, label) for a checklist a coordinator
    ticks: each required check with no record, and the peer-guide training. (An expired item is
    renewed on its own row, with its new expiry date.)"""
    recorded = {c.kind for c in guide.checks.all()}
    items = [
        (kind, OnboardingCheck.Kind(kind).label)
        for kind in _required_checks(policy_for(guide.organisation))
        if kind not in recorded
    ]
    if not any(t.is_peer_guide_training for t in guide.trainings.all()):
        items.append((TRAINING_ITEM, _("Peer-guide training completed")))
    return items


@transaction.atomic
def record_onboarding_items(
    *,
    guide: PeerGuide,
    items: list[str],
    actor: User | None,
    done_on: datetime.date | None = None,
) -> list[str]:
    """Record ticked checklist items as done (today unless `done_on`). Items recorded meanwhile
    (on their own row, or by someone else) are left as they are. Returns the codes recorded."""
    done_on = done_on or timezone.localdate()
    locked = PeerGuide.objects.select_for_update().select_related("organisation").get(pk=guide.pk)
    still_open = {code for code, _label in onboarding_checklist(locked)}
    recorded = []
    for code in dict.fromkeys(items):
        if code not in still_open:
            continue
        if code == TRAINING_ITEM:
            TrainingRecord.objects.create(
                guide=locked,
                course_name=_("Peer-guide training"),
                completed_on=done_on,
                is_peer_guide_training=True,
            )
        else:
            OnboardingCheck.objects.create(
                guide=locked, kind=code, done_on=done_on, recorded_by=actor
            )
        recorded.append(code)
    return recorded


def _transition(
    *, guide: PeerGuide, action: str, actor: User | None, note: str = ""
) -> GuideStatusChange:
    allowed_from, to_status = TRANSITIONS[action]
    locked = PeerGuide.objects.select_for_update().get(pk=guide.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("%(name)s is %(status)s and cannot be moved to %(target)s.")
            % {
                "name": guide.name,
                "status": locked.get_status_display().lower(),
                "target": S(to_status).label.lower(),
            },
            code="invalid_transition",
        )
    now = timezone.now()
    change = GuideStatusChange.objects.create(
        guide=locked, from_status=locked.status, to_status=to_status, at=now, actor=actor, note=note
    )
    locked.status = to_status
    locked.status_changed_at = now
    if to_status != S.PAUSED:
        locked.paused_until = None
    locked.save(update_fields=["status", "status_changed_at", "paused_until"])
    guide.status, guide.status_changed_at, guide.paused_until = (
        locked.status,
        locked.status_changed_at,
        locked.paused_until,
    )
    return change


@transaction.atomic
def invite_to_interview(*, guide: PeerGuide, actor: User | None) -> GuideStatusChange:
    return _transition(guide=guide, action="invite_to_interview", actor=actor)


@transaction.atomic
def start_training(*, guide: PeerGuide, actor: User | None) -> GuideStatusChange:
    return _transition(guide=guide, action="start_training", actor=actor)


@transaction.atomic
def activate_guide(*, guide: PeerGuide, actor: User | None) -> GuideStatusChange:
    """Make the guide active. Refused while an onboarding item is missing or expired.

    The first activation sends the e-mail where the guide chooses a password.
    """
    missing = missing_onboarding(guide)
    if missing:
        raise ValidationError(
            _("%(name)s cannot be activated yet: %(missing)s")
            % {"name": guide.name, "missing": " ".join(missing)},
            code="onboarding_incomplete",
        )
    change = _transition(guide=guide, action="activate", actor=actor)
    if not guide.user.has_usable_password():
        send_set_password_email(guide=guide)
    return change


@transaction.atomic
def pause_guide(
    *, guide: PeerGuide, actor: User | None, until: datetime.date | None = None, note: str = ""
) -> GuideStatusChange:
    if until and until <= timezone.localdate():
        raise ValidationError(_("The return date must be in the future."), code="past_date")
    change = _transition(guide=guide, action="pause", actor=actor, note=note)
    PeerGuide.objects.filter(pk=guide.pk).update(paused_until=until)
    guide.paused_until = until
    handover.announce(guide=guide, change=change, actor=actor)
    return change


@transaction.atomic
def retire_guide(*, guide: PeerGuide, actor: User | None, note: str = "") -> GuideStatusChange:
    change = _transition(guide=guide, action="retire", actor=actor, note=note)
    handover.announce(guide=guide, change=change, actor=actor)
    return change


@transaction.atomic
def decline_application(
    *, guide: PeerGuide, actor: User | None, note: str = ""
) -> GuideStatusChange:
    change = _transition(guide=guide, action="decline", actor=actor, note=note)
    handover.announce(guide=guide, change=change, actor=actor)
    return change


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def send_set_password_email(*, guide: PeerGuide) -> None:
    queue_email(
        kind="volunteers.welcome_set_password",
        to=guide.user.email,
        template="volunteers/email/welcome_set_password",
        context={
            "first_name": guide.user.first_name,
            "organisation": guide.organisation.name,
            "link": set_password_link(guide.user),
        },
        language=guide.user.language,
        about=guide,
    )


# --- The guide's own profile ----------------------------------------------------------------


@transaction.atomic
def pause_myself(*, guide: PeerGuide, until: datetime.date, note: str = "") -> GuideStatusChange:
    """A guide takes a break from the dashboard, with a return date."""
    if until is None:
        raise ValidationError(_("Choose the date you expect to be back."), code="required")
    return pause_guide(guide=guide, actor=guide.user, until=until, note=note)


@transaction.atomic
def resume_myself(*, guide: PeerGuide) -> GuideStatusChange:
    return activate_guide(guide=guide, actor=guide.user)


@transaction.atomic
def record_checkin(
    *, guide: PeerGuide, answer: int, wants_contact: bool = False, comment: str = ""
) -> WellbeingCheckIn:
    """Store a well-being check-in; a low answer or a wish for contact prompts the coordinators."""
    needs_follow_up = answer <= WellbeingCheckIn.LOW_ANSWER or wants_contact
    checkin = WellbeingCheckIn.objects.create(
        guide=guide,
        answer=answer,
        wants_contact=wants_contact,
        comment=comment.strip(),
        needs_follow_up=needs_follow_up,
    )
    if needs_follow_up:
        coordinators = User.objects.filter(
            memberships__organisation_id=guide.organisation_id,
            memberships__role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN],
            is_active=True,
        ).distinct()
        admin_path = reverse("admin:volunteers_wellbeingcheckin_change", args=[checkin.pk])
        for coordinator in coordinators:
            queue_email(
                kind="volunteers.checkin_follow_up",
                to=coordinator.email,
                template="volunteers/email/checkin_follow_up",
                context={
                    "coordinator_name": coordinator.first_name,
                    "guide_name": guide.name,
                    "link": settings.SITE_URL.rstrip("/") + admin_path,
                },
                language=coordinator.language,
                about=checkin,
            )
    return checkin


@transaction.atomic
def mark_checkin_followed_up(*, checkin: WellbeingCheckIn, actor: User) -> None:
    checkin.needs_follow_up = False
    checkin.followed_up_at = timezone.now()
    checkin.followed_up_by = actor
    checkin.save(update_fields=["needs_follow_up", "followed_up_at", "followed_up_by"])


@transaction.atomic
def reset_calendar_token(*, guide: PeerGuide) -> str:
    """Make a new private calendar address; the old one stops working at once."""
    from volunteers.models import new_calendar_token

    guide.calendar_token = new_calendar_token()
    guide.save(update_fields=["calendar_token"])
    return guide.calendar_token


# --- Training ---------------------------------------------------------------------------------


@transaction.atomic
def record_training(
    *, guide: PeerGuide, course_name: str, completed_on: datetime.date, source: str
) -> TrainingRecord:
    """The guide completed the peer-guide training (e.g. a finished training cohort, named by
    `source`): it is ticked off on their onboarding checklist. Recording the same source twice
    keeps one record, with the latest date."""
    record, _created = TrainingRecord.objects.update_or_create(
        guide=guide,
        source=source,
        defaults={
            "course_name": course_name[:200],
            "completed_on": completed_on,
            "is_peer_guide_training": True,
        },
    )
    return record


@transaction.atomic
def remove_training(*, source: str, guides=None) -> int:
    """Take back what `source` recorded (a training cohort reopened, or a result changed)."""
    records = TrainingRecord.objects.filter(source=source)
    if guides is not None:
        records = records.filter(guide__in=guides)
    deleted, _by_model = records.delete()
    return deleted


@transaction.atomic
def set_supervision_attendees(*, session: SupervisionSession, guides) -> list[PeerGuide]:
    """Make `guides` the supervision session's attendees. A guide of another organisation did not
    attend this organisation's supervision and is left out; those left out are returned, so the
    coordinator can be told."""
    guides = list(guides)
    left_out = [g for g in guides if g.organisation_id != session.organisation_id]
    session.attendees.set([g for g in guides if g not in left_out])
    return left_out
