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

from core.models import Membership, Organisation, User
from notifications.services import queue_email
from volunteers import handover
from volunteers.models import (
    GuideStatusChange,
    OnboardingCheck,
    OnboardingPolicy,
    PeerGuide,
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
    """There is already a guide (or a login) with this e-mail address."""


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


@transaction.atomic
def submit_application(*, application: Application) -> PeerGuide:
    """Create a guide in `applied` with a login that has no password yet, and confirm by e-mail.

    Raises DuplicateApplication when the e-mail address is already known; nothing is written then.
    """
    email = User.objects.normalize_email(application.email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DuplicateApplication(
            _("We already have an application from this e-mail address."), code="duplicate"
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password=None,
                first_name=application.first_name.strip(),
                last_name=application.last_name.strip(),
                language=application.language,
            )
    except IntegrityError as exc:  # the same address submitted twice at the same moment
        raise DuplicateApplication(
            _("We already have an application from this e-mail address."), code="duplicate"
        ) from exc
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
        created_at=now,
    )
    guide.experience_areas.set(application.experience_areas)
    guide.interests.set(application.interests)
    GuideStatusChange.objects.create(guide=guide, from_status="", to_status=S.APPLIED, at=now)
    queue_email(
        kind="volunteers.application_received",
        to=user.email,
        template="volunteers/email/application_received",
        context={"first_name": user.first_name, "organisation": application.organisation.name},
        language=user.language,
        about=guide,
    )
    return guide


# --- Onboarding -----------------------------------------------------------------------------


def policy_for(organisation: Organisation) -> OnboardingPolicy:
    policy = getattr(organisation, "onboarding_policy", None)
    return policy or OnboardingPolicy(organisation=organisation)


def missing_onboarding(guide: PeerGuide, *, today: datetime.date | None = None) -> list[str]:
    """What still stops the guide from becoming active, in words a coordinator can act on."""
    today = today or timezone.localdate()
    checks = {c.kind: c for c in guide.checks.all()}
    policy = policy_for(guide.organisation)
    K = OnboardingCheck.Kind
    required = [K.INTERVIEW, K.CONFIDENTIALITY]
    if policy.requires_references:
        required.append(K.REFERENCES)
    if policy.requires_criminal_record:
        required.append(K.CRIMINAL_RECORD)
    missing = []
    for kind in required:
        check = checks.get(kind)
        if check is None:
            missing.append(_("%(item)s is missing.") % {"item": K(kind).label})
        elif check.expires_on and check.expires_on < today:
            missing.append(
                _("%(item)s expired on %(date)s.")
                % {"item": K(kind).label, "date": check.expires_on.strftime("%d.%m.%Y")}
            )
    if not any(t.is_peer_guide_training for t in guide.trainings.all()):
        missing.append(_("The peer-guide training is not recorded as completed."))
    return missing


# --- The status pipeline --------------------------------------------------------------------


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
