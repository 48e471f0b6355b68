"""Writes with rules for participants: registration with consents, and consent withdrawal."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Organisation
from notifications.services import queue_email
from participants.models import Consent, Participant

# Bump when the consent texts shown on public forms change.
CONSENT_TEXT_VERSION = "2026-11"


@dataclass(frozen=True)
class ParticipantDetails:
    organisation: Organisation
    first_name: str
    last_name: str = ""
    email: str = ""
    phone: str = ""
    birth_year: int | None = None
    municipality: object = None
    language: str = "da"
    experience_areas: list = field(default_factory=list)
    interests: list = field(default_factory=list)


@transaction.atomic
def register_participant(*, details: ParticipantDetails, purposes: list[str]) -> Participant:
    """Create a participant with the consents given. Lived-experience areas (health data) are
    stored only when consent to that purpose is among them."""
    if not (details.email or details.phone):
        raise ValidationError(_("Give an e-mail address or a phone number."), code="no_contact")
    participant = Participant.objects.create(
        organisation=details.organisation,
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        email=details.email.strip().lower(),
        phone=details.phone.strip(),
        birth_year=details.birth_year,
        municipality=details.municipality,
        language=details.language,
    )
    now = timezone.now()
    for purpose in sorted(set(purposes)):
        Consent.objects.create(
            participant=participant,
            purpose=purpose,
            text_version=CONSENT_TEXT_VERSION,
            given_at=now,
        )
    if Consent.Purpose.HEALTH_DATA in purposes:
        participant.experience_areas.set(details.experience_areas)
    participant.interests.set(details.interests)
    return participant


def has_consent(participant: Participant, purpose: str) -> bool:
    return participant.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists()


@transaction.atomic
def withdraw_consent(*, participant: Participant, purpose: str) -> None:
    """Stop processing for a purpose. Withdrawing health-data consent removes the stored areas."""
    updated = Consent.objects.filter(
        participant=participant, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if not updated:
        raise ValidationError(_("There is no consent to withdraw."), code="no_consent")
    if purpose == Consent.Purpose.HEALTH_DATA:
        participant.experience_areas.clear()


@transaction.atomic
def update_contact(*, participant: Participant, email: str, phone: str) -> None:
    if not (email or phone):
        raise ValidationError(_("Give an e-mail address or a phone number."), code="no_contact")
    participant.email = email.strip().lower()
    participant.phone = phone.strip()
    participant.save(update_fields=["email", "phone"])


# --- WHO-5 ------------------------------------------------------------------------------------

WHO5_LINK_PURPOSE = "who5"


def who5_raw_score(answers: dict[str, int]) -> int:
    """The raw WHO-5 score 0-25: the sum of the five answers (each 0-5). All five are needed
    (the form's rule, and the database's for an answered row); errors name the item."""
    from participants.models import WHO5_ITEMS

    errors = {}
    for name, _label in WHO5_ITEMS:
        value = answers.get(name)
        if value is None:
            errors[name] = ValidationError(_("Choose the answer that fits best."), code="required")
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            errors[name] = ValidationError(
                _("Every answer must be between 0 and 5."), code="out_of_range"
            )
    if errors:
        raise ValidationError(errors)
    return sum(answers[name] for name, _label in WHO5_ITEMS)


def _pending_measurement(measurement_id: int):
    from participants.models import WellBeingMeasurement

    measurement = (
        WellBeingMeasurement.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=measurement_id)
    )
    if measurement.status != WellBeingMeasurement.Status.PENDING:
        raise ValidationError(_("This questionnaire has already been answered."), code="done")
    return measurement


@transaction.atomic
def answer_who5(*, measurement_id: int, answers: dict[str, int], evaluation_consent: bool = False):
    """Store the five answers once. Ticking the evaluation box gives consent to use the answers
    (without name) for evaluation; only answers with that consent enter reports."""
    from participants.models import WHO5_ITEMS, WellBeingMeasurement

    measurement = _pending_measurement(measurement_id)
    measurement.raw_score = who5_raw_score(answers)
    for name, _label in WHO5_ITEMS:
        setattr(measurement, name, answers[name])
    measurement.status = WellBeingMeasurement.Status.ANSWERED
    measurement.answered_at = timezone.now()
    measurement.save()
    participant = measurement.participant
    if evaluation_consent and not has_consent(participant, Consent.Purpose.EVALUATION):
        Consent.objects.create(
            participant=participant,
            purpose=Consent.Purpose.EVALUATION,
            text_version=CONSENT_TEXT_VERSION,
        )
    return measurement


@transaction.atomic
def decline_who5(*, measurement_id: int):
    """The participant would rather not answer: no reminder follows."""
    from participants.models import WellBeingMeasurement

    measurement = _pending_measurement(measurement_id)
    measurement.status = WellBeingMeasurement.Status.DECLINED
    measurement.save(update_fields=["status"])
    return measurement


def ask_to_be_contacted(*, measurement) -> bool:
    """After a low WHO-5, the person asked for a call or e-mail from their organisation: tell its
    coordinators, with nothing of the answers (no score, no questionnaire named). Safe to repeat:
    one alert per questionnaire and coordinator. Returns whether anyone was told."""
    from core.selectors import coordinators_of

    participant = measurement.participant
    if participant.anonymised_at is not None or not measurement.is_low:
        return False
    link = settings.SITE_URL.rstrip("/") + reverse(
        "admin:participants_participant_change", args=[participant.pk]
    )
    told = False
    for coordinator in coordinators_of(participant.organisation_id):
        queue_email(
            kind="participants.contact_wish",
            to=coordinator.email,
            template="participants/email/contact_wish",
            context={
                "first_name": coordinator.first_name,
                "participant_name": participant.first_name,
                "link": link,
            },
            language=coordinator.language,
            about=measurement,
        )
        told = True
    return told
