"""One person is one participant per organisation (issue 13): contact details in one normal form
on every write, unique per organisation in the database, public forms that meet the existing
record, and the migration that merges the duplicates a database already holds."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.fields import PhoneFormField
from courses import services as courses
from courses.models import Enrollment
from matching import services as matching
from matching.models import SupportRequest
from notifications.models import Notification
from participants.models import Consent, ContactHistory, MergeRecord, Participant
from participants.services import (
    ParticipantDetails,
    register_participant,
    register_participant_on_behalf,
    update_contact,
)
from tests.factories import ParticipantFactory, make_cohort
from tests.migrating import migrated_back_to

pytestmark = pytest.mark.django_db


def details(org, **kwargs):
    return ParticipantDetails(
        organisation=org, first_name=kwargs.pop("first_name", "Mette"), **kwargs
    )


# --- normal form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("20 30 40 50", "+4520304050"),
        ("+45 20 30 40 50", "+4520304050"),
        ("0045 2030 4050", "+4520304050"),
        ("+46 70 123 45 67", "+46701234567"),
        ("", ""),
    ],
)
def test_the_phone_field_cleans_to_e164(typed, stored):
    assert PhoneFormField().clean(typed) == stored


@pytest.mark.parametrize("typed", ["123", "12345678", "ring mig", "+45 20 30"])
def test_the_phone_field_says_what_to_write_in_danish(typed):
    with override("da"), pytest.raises(ValidationError) as error:
        PhoneFormField().clean(typed)
    assert [e.code for e in error.value.error_list] == ["invalid"]
    assert error.value.messages == [str(PhoneFormField.default_error_messages["invalid"])]
    with override("en"), pytest.raises(ValidationError) as error:
        PhoneFormField().clean(typed)
    assert "20 30 40 50" in error.value.messages[0]


def test_every_write_stores_the_normal_form(org1):
    participant = ParticipantFactory(
        organisation=org1, email=" Mette@Mail.DK ", phone="20 30 40 50"
    )
    participant.refresh_from_db()
    assert (participant.email, participant.phone) == ("mette@mail.dk", "+4520304050")
    # Lookups too: what a person types finds the stored row.
    assert Participant.objects.get(email="METTE@mail.dk", phone="2030 4050") == participant


def test_the_public_form_the_status_page_and_on_behalf_entry_normalise(org1, coordinator1):
    public = register_participant(
        details=details(org1, email="Anna@Mail.dk", phone="20 30 40 51"),
        purposes=[Consent.Purpose.SUPPORT],
    )
    assert (public.email, public.phone) == ("anna@mail.dk", "+4520304051")
    update_contact(participant=public, email="ANNA.B@mail.dk", phone="0045 20304052")
    public.refresh_from_db()
    assert (public.email, public.phone) == ("anna.b@mail.dk", "+4520304052")
    entered = register_participant_on_behalf(
        details=details(org1, first_name="Bo", phone="61 72 83 94"),
        purposes=[Consent.Purpose.SUPPORT],
        source="phone",
        actor=coordinator1,
    ).participant
    assert entered.phone == "+4561728394"


def test_admin_edit_normalises_and_refuses_a_taken_address_at_the_field(client, org1, coordinator1):
    mette = ParticipantFactory(organisation=org1, email="mette@mail.dk", phone="")
    other = ParticipantFactory(organisation=org1, email="other@mail.dk", phone="20304050")
    client.force_login(coordinator1)
    url = reverse("admin:participants_participant_change", args=[mette.pk])
    form = {
        "organisation": org1.pk,
        "first_name": "Mette",
        "last_name": "",
        "language": "da",
        "email": "Mette.H@Mail.dk",
        "phone": "20 30 40 51",
        "contact_note": "",
        "consents-TOTAL_FORMS": 0,
        "consents-INITIAL_FORMS": 0,
        "merge_records-TOTAL_FORMS": 0,
        "merge_records-INITIAL_FORMS": 0,
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    mette.refresh_from_db()
    assert (mette.email, mette.phone) == ("mette.h@mail.dk", "+4520304051")
    # The old address is kept as a keyed hash, for erasure.
    assert mette.contact_history.count() == 1

    response = client.post(url, {**form, "email": "OTHER@mail.dk", "phone": "20 30 40 50"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "merge the two records" in errors["email"][0]
    assert "merge the two records" in errors["phone"][0]
    mette.refresh_from_db()
    assert mette.email == "mette.h@mail.dk"
    assert other.pk != mette.pk


def test_the_status_page_refuses_an_address_another_participant_has(org1):
    ParticipantFactory(organisation=org1, email="taken@mail.dk")
    mette = ParticipantFactory(organisation=org1, email="mette@mail.dk")
    with pytest.raises(ValidationError) as error:
        update_contact(participant=mette, email="Taken@mail.dk", phone="")
    assert list(error.value.message_dict) == ["email"]
    assert "taken" not in str(error.value)  # says nothing of whose it is
    mette.refresh_from_db()
    assert mette.email == "mette@mail.dk"


# --- the database's rule ----------------------------------------------------------------------


def test_the_database_refuses_a_second_participant_with_one_address_or_number(org1, org2):
    ParticipantFactory(organisation=org1, email="mette@mail.dk", phone="20304050")
    for values in ({"email": "METTE@mail.dk"}, {"email": "x@mail.dk", "phone": "20 30 40 50"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Participant.objects.create(organisation=org1, first_name="M", **values)
    # Another organisation, no contact details at all, or an anonymised record: allowed.
    ParticipantFactory(organisation=org2, email="mette@mail.dk", phone="20304050")
    Participant.objects.create(organisation=org1, first_name="A", contact_note="via ward")
    Participant.objects.create(organisation=org1, first_name="B", contact_note="via ward")
    erased = ParticipantFactory(organisation=org1, email="erased@mail.dk")
    Participant.objects.filter(pk=erased.pk).update(anonymised_at=timezone.now())
    ParticipantFactory(organisation=org1, email="erased@mail.dk")


# --- public forms meet the existing record ----------------------------------------------------


def _wishes():
    return matching.Wishes(availability=["1-evening"])


def test_a_second_request_makes_nothing_new_and_the_email_says_it_is_waiting(org1):
    first = matching.submit_support_request(
        details=details(org1, email="mette@mail.dk"),
        wishes=_wishes(),
        purposes=[Consent.Purpose.SUPPORT],
    )
    matching.confirm_request(request=first)
    mail.outbox.clear()
    again = matching.submit_support_request(
        details=details(org1, email="Mette@Mail.dk", first_name="Someone else"),
        wishes=_wishes(),
        purposes=[Consent.Purpose.SUPPORT, Consent.Purpose.EVALUATION],
    )
    assert again == first
    assert Participant.objects.filter(organisation=org1).count() == 1
    assert SupportRequest.objects.count() == 1
    participant = Participant.objects.get()
    assert participant.first_name == "Mette"  # nothing overwritten from a public form
    assert participant.consents.filter(purpose=Consent.Purpose.EVALUATION).exists()
    notice = Notification.objects.get(kind="matching.request_already_open")
    assert notice.recipient == "mette@mail.dk"
    assert "allerede" in notice.subject or "already" in notice.subject
    assert "din plads" in notice.body_text or "keep your place" in notice.body_text
    # A third try the same day sends no second notice (the form cannot fill an inbox).
    matching.submit_support_request(
        details=details(org1, email="mette@mail.dk"),
        wishes=_wishes(),
        purposes=[Consent.Purpose.SUPPORT],
    )
    assert Notification.objects.filter(kind="matching.request_already_open").count() == 1


def test_an_unconfirmed_request_gets_its_confirmation_link_again(org1):
    first = matching.submit_support_request(
        details=details(org1, email="mette@mail.dk"),
        wishes=_wishes(),
        purposes=[Consent.Purpose.SUPPORT],
    )
    matching.submit_support_request(
        details=details(org1, email="mette@mail.dk"),
        wishes=_wishes(),
        purposes=[Consent.Purpose.SUPPORT],
    )
    notice = Notification.objects.get(kind="matching.request_already_open")
    assert "/bekraeft/" in notice.body_text or "confirm" in notice.body_text.lower()
    assert SupportRequest.objects.get() == first


def test_the_page_answers_the_same_for_a_known_and_a_new_address(client, org1):
    from django.core.cache import cache

    from core.models import Municipality

    cache.clear()  # rate limits
    form = {
        "organisation": org1.pk,
        "first_name": "Anna",
        "phone": "20304050",
        "email": "anna@example.test",
        "municipality": Municipality.objects.get(name="Odense").pk,
        "availability": ["1-evening"],
        "meets_in_person": "on",
        "guide_language": "da",
        "help_wanted": "Jeg vil gerne ud at gå.",
        "consent_support": "on",
    }
    first = client.post(reverse("matching:request_support"), form)
    second = client.post(reverse("matching:request_support"), dict(form, email="ANNA@example.test"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SupportRequest.objects.count() == 1


def test_a_course_sign_up_meets_the_person_who_asked_for_a_guide(org1):
    request = matching.submit_support_request(
        details=details(org1, email="mette@mail.dk", phone="20304050"),
        wishes=_wishes(),
        purposes=[Consent.Purpose.SUPPORT],
    )
    cohort = make_cohort(org1)
    enrollment = courses.sign_up(
        cohort=cohort, details=details(org1, email="METTE@mail.dk", phone="20 30 40 50")
    )
    assert enrollment.participant == request.participant
    assert enrollment.participant.consents.filter(purpose=Consent.Purpose.COURSE).exists()
    assert (
        courses.sign_up(cohort=cohort, details=details(org1, email="mette@mail.dk")) == enrollment
    )
    assert Enrollment.objects.count() == 1


def test_someone_who_withdrew_can_sign_up_again(org1):
    cohort = make_cohort(org1)
    enrollment = courses.sign_up(cohort=cohort, details=details(org1, email="mette@mail.dk"))
    Enrollment.objects.filter(pk=enrollment.pk).update(
        status="withdrawn", withdrawn_at=timezone.now()
    )
    again = courses.sign_up(cohort=cohort, details=details(org1, email="mette@mail.dk"))
    assert again.pk == enrollment.pk
    assert again.status == "pending"
    assert Notification.objects.filter(kind="courses.confirm_signup").count() == 2


def test_a_phone_number_another_record_has_is_not_stored_twice(org1):
    ParticipantFactory(organisation=org1, email="other@mail.dk", phone="20304050")
    participant = register_participant_on_behalf(
        details=details(org1, email="new@mail.dk", phone="20 30 40 50"),
        purposes=[Consent.Purpose.SUPPORT],
        source="phone",
        actor=None,
    ).participant
    # A coordinator's entry matches on the phone as well: the existing record is used.
    assert participant.email == "other@mail.dk"
    cohort = make_cohort(org1)
    public = courses.sign_up(
        cohort=cohort, details=details(org1, email="new@mail.dk", phone="20 30 40 50")
    ).participant
    # A public form matches on the e-mail only; the number stays with the record that had it.
    assert (public.email, public.phone) == ("new@mail.dk", "")


# --- the migration merges what a database already holds ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_normalises_and_merges_existing_duplicates(org1, org2):
    with migrated_back_to("participants", "0010_contact_history") as old:
        Old = old.get_model("participants", "Participant")
        OldConsent = old.get_model("participants", "Consent")
        OldRequest = old.get_model("matching", "SupportRequest")
        OldEnrollment = old.get_model("courses", "Enrollment")
        now = timezone.now()

        def person(org, email, phone, days):
            return Old.objects.create(
                organisation_id=org.pk,
                first_name="Mette",
                email=email,
                phone=phone,
                created_at=now - timezone.timedelta(days=days),
            )

        oldest = person(org1, "mette@mail.dk", "", 30)
        same_email = person(org1, "Mette@Mail.DK", "20 30 40 50", 20)
        same_phone = person(org1, "", "+4520304050", 10)
        elsewhere = person(org2, "mette@mail.dk", "", 5)
        for p in (oldest, same_email, same_phone):
            OldConsent.objects.create(participant_id=p.pk, purpose="support", text_version="t")
            OldRequest.objects.create(
                organisation_id=org1.pk, participant_id=p.pk, status="waiting", availability=[]
            )
        cohort = make_cohort(org1)
        for p, status in ((oldest, "pending"), (same_email, "enrolled")):
            OldEnrollment.objects.create(cohort_id=cohort.pk, participant_id=p.pk, status=status)
    survivor = Participant.objects.get(pk=oldest.pk)
    assert set(Participant.objects.values_list("pk", flat=True)) == {oldest.pk, elsewhere.pk}
    assert (survivor.email, survivor.phone) == ("mette@mail.dk", "+4520304050")
    assert survivor.support_requests.count() == 3  # nothing of the person is lost
    assert survivor.consents.filter(withdrawn_at__isnull=True).count() == 1
    assert survivor.enrollments.count() == 1
    assert MergeRecord.objects.filter(survivor=survivor, merged_by=None).count() == 2
    assert ContactHistory.objects.filter(participant=survivor).exists()
    # The constraint is in place now.
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(organisation=org1, first_name="X", email="mette@mail.dk")
