"""Writes with rules for participants: registration with consents (given on a public page, or
orally to a coordinator who enters the person on their behalf), and consent withdrawal."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import EntrySource
from core.contacts import contact_digest, normalise_email, normalise_phone
from core.models import Organisation
from core.selectors import coordinators_of
from notifications.models import fit_preferred_channel
from notifications.services import queue_email
from participants.models import Consent, ContactHistory, Participant

# Bump when the consent texts shown on public forms change.
CONSENT_TEXT_VERSION = "2026-11"


@dataclass(frozen=True)
class ParticipantDetails:
    organisation: Organisation
    first_name: str
    last_name: str = ""
    email: str = ""
    phone: str = ""
    contact_note: str = ""
    birth_year: int | None = None
    gender: str = ""
    municipality: object = None
    language: str = "da"
    preferred_channel: str = ""
    experience_areas: list = field(default_factory=list)
    interests: list = field(default_factory=list)


@transaction.atomic
def register_participant(
    *,
    details: ParticipantDetails,
    purposes: list[str],
    source: str = EntrySource.SELF,
    recorded_by=None,
) -> Participant:
    """Create a participant with the consents given. Lived-experience areas (health data) are
    stored only when consent to that purpose is among them. E-mail and phone are stored in their
    normal form (core/contacts.py); the database refuses a second participant of the organisation
    with the same e-mail address or phone number (use `attach_or_register` to meet the first).

    A public page passes no `recorded_by`: the person gave consent themselves (source `self`).
    A coordinator entering someone on their behalf passes themselves as `recorded_by`: each
    consent is then recorded as given orally, by them."""
    if source not in EntrySource.values:
        raise ValidationError(_("Choose how the person came in."), code="invalid_source")
    email, phone = normalise_email(details.email), normalise_phone(details.phone)
    if recorded_by is None and not (email or phone):
        raise ValidationError(_("Give an e-mail address or a phone number."), code="no_contact")
    if not (email or phone or details.contact_note.strip()):
        raise ValidationError(
            _("Give an e-mail address, a phone number, or a note of how to reach the person."),
            code="no_contact",
        )
    participant = Participant.objects.create(
        organisation=details.organisation,
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        email=email,
        phone=phone,
        contact_note=details.contact_note.strip(),
        source=source,
        birth_year=details.birth_year,
        gender=details.gender,
        municipality=details.municipality,
        language=details.language,
        preferred_channel=fit_preferred_channel(
            preferred=details.preferred_channel, email=email, phone=phone
        ),
    )
    _add_consents(participant, purposes, recorded_by=recorded_by)
    if Consent.Purpose.HEALTH_DATA in purposes:
        participant.experience_areas.set(details.experience_areas)
    participant.interests.set(details.interests)
    return participant


def _add_consents(participant: Participant, purposes, *, recorded_by=None) -> list[Consent]:
    """Record each purpose not already consented to; orally, by `recorded_by`, when given."""
    active = set(
        participant.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )
    now = timezone.now()
    return [
        Consent.objects.create(
            participant=participant,
            purpose=purpose,
            text_version=CONSENT_TEXT_VERSION,
            given_at=now,
            given_orally=recorded_by is not None,
            recorded_by=recorded_by,
        )
        for purpose in sorted(set(purposes) - active)
    ]


def _current(organisation) -> QuerySet[Participant]:
    return Participant.objects.filter(organisation=organisation, anonymised_at__isnull=True)


def existing_participant(*, organisation, email: str = "", phone: str = "") -> Participant | None:
    """The organisation's participant with this e-mail address, else the one with this phone
    number, if any (never an anonymised one). Both are compared in their normal form, which is
    how they are stored. Locked for the caller's transaction."""
    for name, value in (("email", normalise_email(email)), ("phone", normalise_phone(phone))):
        if value:
            found = (
                _current(organisation)
                .select_for_update(of=("self",))
                .filter(**{name: value})
                .order_by("created_at", "pk")
                .first()
            )
            if found is not None:
                return found
    return None


def _fill_preferred_channel(participant: Participant, preferred: str) -> None:
    """A preference given now is kept when the record has none yet (nothing is overwritten)."""
    if participant.preferred_channel or not preferred:
        return
    fitted = fit_preferred_channel(
        preferred=preferred, email=participant.email, phone=participant.phone
    )
    if fitted:
        participant.preferred_channel = fitted
        participant.save(update_fields=["preferred_channel"])


@dataclass(frozen=True)
class Registered:
    participant: Participant
    attached: bool  # an existing participant with this e-mail or phone was used


def contacts_taken(
    *, organisation, email: str = "", phone: str = "", but: Participant | None = None
) -> list[str]:
    """Which of `email` and `phone` ("email", "phone") another participant of the organisation
    (not erased, not `but`) already has. The one rule for "this address is taken": the status
    page, the admin's change page, entering a person on their behalf and a public sign-up's phone
    number all ask here."""
    others = _current(organisation)
    if but is not None and but.pk is not None:
        others = others.exclude(pk=but.pk)
    return [
        name
        for name, value in (("email", normalise_email(email)), ("phone", normalise_phone(phone)))
        if value and others.filter(**{name: value}).exists()
    ]


@transaction.atomic
def attach_or_register(
    *,
    details: ParticipantDetails,
    purposes: list[str],
    source: str = EntrySource.SELF,
    recorded_by=None,
    match_phone: bool = False,
) -> Registered:
    """The organisation's participant with this e-mail address (or, with `match_phone`, phone
    number), locked, with the consents given now added; or a new participant.

    One person is one participant per organisation, also when the same address is sent from two
    tabs at the same moment: the database's unique constraint lets one insert win, and the other
    then finds and locks that row. A public form matches on the e-mail address only (that is where
    our messages go, and a phone number typed by someone else must not lead to another person's
    record); a number that already belongs to another participant is then not stored twice.
    Nothing already on the record is overwritten from a public form."""
    for _attempt in range(3):
        existing = existing_participant(
            organisation=details.organisation,
            email=details.email,
            phone=details.phone if match_phone else "",
        )
        if existing is not None:
            _add_consents(existing, purposes, recorded_by=recorded_by)
            if Consent.Purpose.HEALTH_DATA in purposes and details.experience_areas:
                existing.experience_areas.add(*details.experience_areas)
            if details.interests:
                existing.interests.add(*details.interests)
            _fill_preferred_channel(existing, details.preferred_channel)
            return Registered(existing, attached=True)
        if contacts_taken(organisation=details.organisation, phone=details.phone):
            details = replace(details, phone="")
        try:
            with transaction.atomic():
                participant = register_participant(
                    details=details, purposes=purposes, source=source, recorded_by=recorded_by
                )
        except IntegrityError:
            continue  # someone else stored this address (or number) a moment ago: meet them
        return Registered(participant, attached=False)
    raise ValidationError(
        _("We could not save your details just now. Please try again."), code="busy"
    )


def check_entry_source(source: str) -> None:
    """How a person entered on their behalf came in: by phone, a referral or another way (the
    people who come by themselves use the public forms)."""
    if source not in EntrySource.values or source == EntrySource.SELF:
        raise ValidationError(
            {"source": _("Choose how the person came in: phone, a referral or other.")},
            code="invalid_source",
        )


def lock_current_participant(participant: Participant) -> Participant:
    """The participant, locked for the caller's transaction; refused at the field when their
    data has been erased (someone entering them on their behalf chose an old record)."""
    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    if participant.anonymised_at:
        raise ValidationError(
            {"participant": _("This participant's data has been erased.")}, code="erased"
        )
    return participant


@transaction.atomic
def register_participant_on_behalf(
    *, details: ParticipantDetails, purposes: list[str], source: str, actor
) -> Registered:
    """A coordinator enters a person who phoned or was referred. The consents were given orally
    and are recorded with the coordinator's name. E-mail and phone are optional when a note says
    how to reach the person; without e-mail or phone they get no messages but can be helped.

    If the organisation already has a participant with this e-mail address or phone number, that
    participant is used (missing contact details and consents are added; nothing is
    overwritten), so that one person stays one record."""
    check_entry_source(source)
    if not purposes:
        raise ValidationError(
            {"consents": _("Tick what the person agreed to. Without consent we store nothing.")},
            code="no_consent",
        )
    registered = attach_or_register(
        details=details, purposes=purposes, source=source, recorded_by=actor, match_phone=True
    )
    if not registered.attached:
        return registered
    existing = registered.participant
    changed = []
    for name, value in (
        ("email", normalise_email(details.email)),
        ("phone", normalise_phone(details.phone)),
        ("contact_note", details.contact_note.strip()),
    ):
        if value and not getattr(existing, name):
            if name != "contact_note" and contacts_taken(
                organisation=existing.organisation_id, but=existing, **{name: value}
            ):
                continue
            setattr(existing, name, value)
            changed.append(name)
    if changed:
        existing.save(update_fields=changed)
    return registered


@transaction.atomic
def record_oral_consent(*, participant: Participant, purposes: list[str], actor) -> list[Consent]:
    """Consents a person gave on the phone or in person, recorded by `actor`."""
    return _add_consents(participant, purposes, recorded_by=actor)


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


def remember_contacts(participant: Participant, *, email: str = "", phone: str = "") -> None:
    """Keep keyed hashes of addresses the participant had (changed, or merged from a duplicate)."""
    for kind, value in ((ContactHistory.Kind.EMAIL, email), (ContactHistory.Kind.PHONE, phone)):
        digest = contact_digest(value)
        if digest:
            ContactHistory.objects.get_or_create(
                participant=participant, digest=digest, defaults={"kind": kind}
            )


def known_contact_digests(participant: Participant) -> set[str]:
    """Keyed hashes of every e-mail address and phone number the participant has or ever had."""
    digests = set(participant.contact_history.values_list("digest", flat=True))
    digests.update(
        d for d in (contact_digest(participant.email), contact_digest(participant.phone)) if d
    )
    return digests


TAKEN = {
    "email": gettext_lazy(
        "We cannot save this e-mail address here. Write to us, and we will help you."
    ),
    "phone": gettext_lazy("We cannot save this phone number here. Write to us, and we will help."),
}


@transaction.atomic
def change_contact(
    *, participant: Participant, email: str, phone: str, taken_messages=TAKEN
) -> None:
    """Give the participant another e-mail address or phone number (the status page, the admin's
    change page). The ones replaced are kept as keyed hashes only (ContactHistory). An address
    or number that another participant of the organisation has is refused at the field, with
    `taken_messages[field]`, without saying whose it is."""
    email, phone = normalise_email(email), normalise_phone(phone)
    taken = contacts_taken(
        organisation=participant.organisation_id, email=email, phone=phone, but=participant
    )
    if taken:
        raise ValidationError({name: taken_messages[name] for name in taken}, code="taken")
    before = Participant.objects.filter(pk=participant.pk).values("email", "phone").first() or {}
    remember_contacts(
        participant,
        email=before.get("email", "") if before.get("email") != email else "",
        phone=before.get("phone", "") if before.get("phone") != phone else "",
    )
    participant.email = email
    participant.phone = phone
    participant.save(update_fields=["email", "phone"])


def update_contact(*, participant: Participant, email: str, phone: str) -> None:
    """The person changes their own e-mail address or phone number (status page): one of the two
    is needed, so that we can reach them (`change_contact`)."""
    if not (normalise_email(email) or normalise_phone(phone)):
        raise ValidationError(_("Give an e-mail address or a phone number."), code="no_contact")
    change_contact(participant=participant, email=email, phone=phone)


# --- WHO-5 ------------------------------------------------------------------------------------

WHO5_LINK_PURPOSE = "who5"


def who5_raw_score(answers: dict[str, int]) -> int:
    """The raw WHO-5 score 0-25: the sum of the five answers. Each answer must be a whole number
    from 0 to 5 (a bool is refused, though Python counts True as 1) and all five are needed (the
    form's rule, and the database's for an answered row). Each error is keyed by the item it is
    about ("item3"), with the form's message for that field."""
    from participants.models import WHO5_ITEMS

    if not isinstance(answers, dict):
        raise ValidationError(_("The answers are missing."), code="required")
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
