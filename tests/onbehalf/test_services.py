"""Entering people on their behalf: the services' rules (participant, request, enrollment, guide
applicant), with source and consent given orally, recorded by the coordinator."""

import pytest
from django.core.exceptions import ValidationError

from core.choices import EntrySource
from courses import services as courses
from courses.models import Enrollment
from matching import services as matching
from matching.models import SupportRequest
from notifications.models import Notification
from participants.models import Consent, Participant
from participants.services import ParticipantDetails, register_participant_on_behalf
from tests.factories import ParticipantFactory, make_cohort, make_enrollment
from volunteers import services as volunteers
from volunteers.models import PeerGuide

pytestmark = pytest.mark.django_db

S = Consent.Purpose.SUPPORT


def details(org, **kwargs):
    return ParticipantDetails(
        organisation=org, first_name=kwargs.pop("first_name", "Mette"), **kwargs
    )


def test_a_person_who_phoned_gets_participant_and_waiting_request(org1, coordinator1):
    done = matching.register_and_request_on_behalf(
        details=details(org1, phone="61 72 83 94"),
        wishes=matching.Wishes(help_wanted="Gåture"),
        purposes=[S, Consent.Purpose.EVALUATION],
        source=EntrySource.PHONE,
        actor=coordinator1,
    )
    request = done.request
    assert not done.attached
    assert request.status == SupportRequest.Status.WAITING
    assert request.confirmed_at is not None
    assert request.source == "phone"
    participant = request.participant
    assert participant.source == "phone"
    assert participant.email == ""
    consents = participant.consents.order_by("purpose")
    assert [c.purpose for c in consents] == ["evaluation", "support"]
    assert all(c.given_orally and c.recorded_by == coordinator1 for c in consents)
    # No e-mail address: no messages, but the request is on the waiting list.
    assert not Notification.objects.exists()


def test_with_email_the_person_gets_a_receipt_with_their_status_link(org1, coordinator1):
    matching.register_and_request_on_behalf(
        details=details(org1, email="Mette@Example.test"),
        wishes=matching.Wishes(),
        purposes=[S],
        source=EntrySource.REFERRAL_MUNICIPALITY,
        actor=coordinator1,
    )
    message = Notification.objects.get()
    assert message.recipient == "mette@example.test"
    assert message.kind == "matching.request_received"


def test_neither_email_nor_phone_needs_a_note_of_how_to_reach_them(org1, coordinator1):
    with pytest.raises(ValidationError):
        register_participant_on_behalf(
            details=details(org1), purposes=[S], source="phone", actor=coordinator1
        )
    registered = register_participant_on_behalf(
        details=details(org1, contact_note="Kontaktperson på afsnittet, 65 41 00 00"),
        purposes=[S],
        source=EntrySource.REFERRAL_PSYCHIATRY,
        actor=coordinator1,
    )
    assert registered.participant.contact_note.startswith("Kontaktperson")
    assert registered.participant.source == "referral_psychiatry"


def test_without_support_consent_nothing_is_saved(org1, coordinator1):
    with pytest.raises(ValidationError) as error:
        matching.register_and_request_on_behalf(
            details=details(org1, phone="61 72 83 94"),
            wishes=matching.Wishes(),
            purposes=[Consent.Purpose.EVALUATION],
            source="phone",
            actor=coordinator1,
        )
    assert "consents" in error.value.message_dict
    assert not Participant.objects.exists()
    assert not SupportRequest.objects.exists()


def test_self_is_not_a_source_for_entries_on_behalf(org1, coordinator1):
    with pytest.raises(ValidationError) as error:
        register_participant_on_behalf(
            details=details(org1, phone="61 72 83 94"),
            purposes=[S],
            source=EntrySource.SELF,
            actor=coordinator1,
        )
    assert "source" in error.value.message_dict


def test_same_email_or_phone_attaches_to_the_existing_participant(org1, org2, coordinator1):
    existing = ParticipantFactory(organisation=org1, email="mette@example.test", phone="")
    ParticipantFactory(organisation=org2, email="other@example.test", phone="61728394")
    registered = register_participant_on_behalf(
        details=details(org1, email="METTE@example.test ", phone="61 72 83 94"),
        purposes=[S],
        source="phone",
        actor=coordinator1,
    )
    assert registered.attached
    assert registered.participant == existing
    existing.refresh_from_db()
    assert existing.phone == "+4561728394"  # a missing detail is added (E.164), nothing overwritten
    assert Participant.objects.filter(organisation=org1).count() == 1
    by_phone = register_participant_on_behalf(
        details=details(org1, first_name="M.", phone="61728394"),
        purposes=[S],
        source="phone",
        actor=coordinator1,
    )
    assert by_phone.participant == existing
    assert existing.consents.filter(purpose=S, withdrawn_at__isnull=True).count() == 1


def test_a_second_open_request_is_refused(org1, coordinator1):
    first = matching.register_and_request_on_behalf(
        details=details(org1, phone="61 72 83 94"),
        wishes=matching.Wishes(),
        purposes=[S],
        source="phone",
        actor=coordinator1,
    )
    with pytest.raises(ValidationError) as error:
        matching.create_request_on_behalf(
            participant=first.request.participant,
            wishes=matching.Wishes(),
            source="phone",
            actor=coordinator1,
        )
    assert error.value.code == "open_request"
    assert SupportRequest.objects.count() == 1


def test_request_for_existing_participant_needs_consent_on_record_or_given_now(org1, coordinator1):
    participant = ParticipantFactory(organisation=org1)
    with pytest.raises(ValidationError) as error:
        matching.create_request_on_behalf(
            participant=participant, wishes=matching.Wishes(), source="phone", actor=coordinator1
        )
    assert "support_consent" in error.value.message_dict
    request = matching.create_request_on_behalf(
        participant=participant,
        wishes=matching.Wishes(),
        source="other",
        actor=coordinator1,
        support_consent=True,
    )
    consent = participant.consents.get(purpose=S)
    assert consent.given_orally
    assert consent.recorded_by == coordinator1
    assert request.source == "other"


def _phoned(org, coordinator, **kwargs):
    return register_participant_on_behalf(
        details=details(org, phone="61 72 83 94", **kwargs),
        purposes=[S],
        source="phone",
        actor=coordinator,
    ).participant


def _enroll_by_phone(cohort, participant, coordinator):
    """A coordinator enrolls someone over the phone, with their spoken yes to the course."""
    return courses.enroll_on_behalf(
        cohort=cohort,
        participant=participant,
        source="phone",
        actor=coordinator,
        course_consent=True,
    )


def test_enrollment_on_behalf_takes_a_free_seat(org1, coordinator1):
    cohort = make_cohort(org1, capacity=2)
    participant = _phoned(org1, coordinator1)
    enrollment = _enroll_by_phone(cohort, participant, coordinator1)
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert enrollment.source == "phone"
    consent = participant.consents.get(purpose=Consent.Purpose.COURSE)
    assert consent.given_orally
    assert consent.recorded_by == coordinator1


def test_enrollment_on_behalf_in_a_full_cohort_goes_on_the_waitlist_in_order(org1, coordinator1):
    cohort = make_cohort(org1, capacity=1)
    make_enrollment(cohort)
    earlier = make_enrollment(cohort, status="waitlisted")
    participant = _phoned(org1, coordinator1)
    enrollment = _enroll_by_phone(cohort, participant, coordinator1)
    assert enrollment.status == Enrollment.Status.WAITLISTED
    from courses.selectors import waitlist_position

    assert waitlist_position(enrollment) == 2
    # A freed seat goes to the first on the waitlist, as for everyone.
    courses.withdraw(enrollment=cohort.enrollments.get(status="enrolled"))
    earlier.refresh_from_db()
    enrollment.refresh_from_db()
    assert earlier.status == "enrolled"
    assert enrollment.status == "waitlisted"


def test_enrollment_refusals(org1, org2, coordinator1):
    participant = _phoned(org1, coordinator1)
    cohort = make_cohort(org1)
    with pytest.raises(ValidationError) as error:
        courses.enroll_on_behalf(
            cohort=cohort, participant=participant, source="phone", actor=coordinator1
        )
    assert "course_consent" in error.value.message_dict
    draft = make_cohort(org1, status="draft")
    with pytest.raises(ValidationError) as error:
        _enroll_by_phone(draft, participant, coordinator1)
    assert "cohort" in error.value.message_dict
    other = make_cohort(org2)
    with pytest.raises(ValidationError):
        _enroll_by_phone(other, participant, coordinator1)
    assert not Enrollment.objects.filter(participant=participant).exists()
    assert not participant.consents.filter(purpose=Consent.Purpose.COURSE).exists()


def test_enrolling_twice_is_refused_and_after_withdrawal_allowed(org1, coordinator1):
    participant = _phoned(org1, coordinator1)
    cohort = make_cohort(org1)
    kwargs = dict(cohort=cohort, participant=participant, source="phone", actor=coordinator1)
    enrollment = courses.enroll_on_behalf(**kwargs, course_consent=True)
    with pytest.raises(ValidationError) as error:
        courses.enroll_on_behalf(**kwargs)
    assert error.value.code == "already_enrolled"
    courses.withdraw(enrollment=enrollment)
    again = courses.enroll_on_behalf(**kwargs)
    assert again.pk == enrollment.pk
    assert again.status == "enrolled"
    assert again.withdrawn_at is None


def test_public_sign_up_records_source_self(org1):
    cohort = make_cohort(org1)
    enrollment = courses.sign_up(cohort=cohort, details=details(org1, email="selv@example.test"))
    assert enrollment.source == "self"
    assert enrollment.participant.source == "self"
    consent = enrollment.participant.consents.get()
    assert not consent.given_orally
    assert consent.recorded_by is None


def application(org, email="ny.guide@example.test"):
    return volunteers.Application(
        organisation=org,
        first_name="Sofie",
        last_name="Berg",
        email=email,
        phone="",
        municipality=None,
        experience_areas=[],
        interests=[],
        availability=[],
        motivation="Vil gerne give noget igen.",
    )


def test_guide_applicant_on_behalf(org1, coordinator1):
    guide = volunteers.register_applicant_on_behalf(
        application=application(org1),
        source=EntrySource.REFERRAL_MUNICIPALITY,
        actor=coordinator1,
        consent_given_orally=True,
    )
    assert guide.status == PeerGuide.Status.APPLIED
    assert guide.source == "referral_municipality"
    assert guide.application_consent_recorded_by == coordinator1
    assert guide.application_consent_at is not None
    assert guide.history.get().actor == coordinator1


def test_guide_applicant_refusals(org1, coordinator1):
    with pytest.raises(ValidationError) as error:
        volunteers.register_applicant_on_behalf(
            application=application(org1),
            source="phone",
            actor=coordinator1,
            consent_given_orally=False,
        )
    assert "consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        volunteers.register_applicant_on_behalf(
            application=application(org1, email=coordinator1.email),
            source="phone",
            actor=coordinator1,
            consent_given_orally=True,
        )
    assert "email" in error.value.message_dict
    assert not PeerGuide.objects.exists()
