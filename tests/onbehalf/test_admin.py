"""The admin's add pages for people entered on their behalf: one page per task, field errors for
bad input, nothing half-saved, scoped to the coordinator's organisations."""

import csv
import io

import pytest
from django.urls import reverse

from courses.models import Enrollment
from matching.models import SupportRequest
from participants.models import Participant
from tests.factories import ParticipantFactory, make_cohort, make_enrollment
from volunteers.models import PeerGuide

pytestmark = pytest.mark.django_db

REQUEST_ADD = reverse("admin:matching_supportrequest_add")
PARTICIPANT_ADD = reverse("admin:participants_participant_add")
ENROLLMENT_ADD = reverse("admin:courses_enrollment_add")
GUIDE_ADD = reverse("admin:volunteers_peerguide_add")


def person(org, **extra):
    return {
        "organisation": org.pk,
        "source": "phone",
        "first_name": "Mette",
        "last_name": "",
        "phone": "61 72 83 94",
        "email": "",
        "contact_note": "",
        "language": "da",
        "birth_year": "",
        "municipality": "",
        "consents": ["support"],
        "guide_language": "da",
        **extra,
    }


def test_add_a_person_who_phoned_in_one_page(client, coordinator1, org1):
    client.force_login(coordinator1)
    page = client.get(REQUEST_ADD)
    assert page.status_code == 200
    assert "Came in by" in page.text or "Kom ind via" in page.text
    response = client.post(
        REQUEST_ADD,
        person(org1, help_wanted="Gåture", guide_language="da", meets_in_person="on"),
        follow=True,
    )
    request = SupportRequest.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:matching_supportrequest_change", args=[request.pk]
    )
    assert request.source == "phone"
    assert request.status == "waiting"
    consent = request.participant.consents.get()
    assert consent.given_orally
    assert consent.recorded_by == coordinator1
    assert f"{ENROLLMENT_ADD}?participant={request.participant.pk}" in response.text


def test_bad_input_gives_field_errors_and_saves_nothing(client, coordinator1, org1):
    client.force_login(coordinator1)
    response = client.post(REQUEST_ADD, person(org1, phone="", first_name=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "contact_note" in errors
    assert "first_name" in errors
    response = client.post(REQUEST_ADD, person(org1, consents=["evaluation"]))
    assert response.status_code == 200
    assert "consents" in response.context["form"].errors
    response = client.post(REQUEST_ADD, person(org1, source="self"))
    assert "source" in response.context["form"].errors
    assert not Participant.objects.exists()
    assert not SupportRequest.objects.exists()


def test_another_organisation_cannot_be_chosen(client, coordinator1, org2):
    client.force_login(coordinator1)
    response = client.post(REQUEST_ADD, person(org2))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    other = ParticipantFactory(organisation=org2, first_name="Aarhusianer")
    response = client.post(REQUEST_ADD, person(org2, participant=other.pk))
    assert "participant" in response.context["form"].errors
    assert not SupportRequest.objects.exists()


def test_request_for_an_existing_participant(client, coordinator1, org1):
    participant = ParticipantFactory(organisation=org1)
    client.force_login(coordinator1)
    response = client.post(
        REQUEST_ADD,
        person(org1, participant=participant.pk, first_name="", phone="", guide_language="da"),
    )
    assert response.status_code == 302
    assert SupportRequest.objects.get().participant == participant
    assert Participant.objects.count() == 1


def test_add_participant_page_attaches_same_email_and_says_so(client, coordinator1, org1):
    existing = ParticipantFactory(organisation=org1, email="mette@example.test")
    client.force_login(coordinator1)
    response = client.post(
        PARTICIPANT_ADD,
        person(org1, email="Mette@example.test", phone="", source="referral_municipality"),
        follow=True,
    )
    assert Participant.objects.count() == 1
    assert response.redirect_chain[-1][0] == reverse(
        "admin:participants_participant_change", args=[existing.pk]
    )
    assert "existing participant was used" in response.text or "eksisterende" in response.text


def test_add_participant_without_email_or_phone_with_a_note(client, coordinator1, org1):
    client.force_login(coordinator1)
    response = client.post(
        PARTICIPANT_ADD,
        person(
            org1,
            phone="",
            contact_note="Ring til kontaktpersonen på afsnittet",
            source="referral_psychiatry",
        ),
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.source == "referral_psychiatry"
    assert participant.contact_note == "Ring til kontaktpersonen på afsnittet"


def test_enroll_page_shows_seats_and_puts_a_person_on_the_waitlist(client, coordinator1, org1):
    cohort = make_cohort(org1, capacity=1, title="WRAP efterår")
    make_enrollment(cohort)
    participant = ParticipantFactory(organisation=org1, first_name="Mette")
    client.force_login(coordinator1)
    page = client.get(f"{ENROLLMENT_ADD}?participant={participant.pk}")
    assert page.status_code == 200
    assert "1 of 1 seats taken" in page.text or "1 af 1 pladser optaget" in page.text
    assert "Mette" in page.text  # the participant is preselected
    response = client.post(
        ENROLLMENT_ADD,
        {"participant": participant.pk, "cohort": cohort.pk, "source": "phone"},
    )
    assert "course_consent" in response.context["form"].errors
    response = client.post(
        ENROLLMENT_ADD,
        {
            "participant": participant.pk,
            "cohort": cohort.pk,
            "source": "phone",
            "course_consent": "on",
        },
        follow=True,
    )
    enrollment = Enrollment.objects.get(participant=participant)
    assert enrollment.status == "waitlisted"
    assert enrollment.source == "phone"
    assert response.redirect_chain[-1][0] == reverse(
        "admin:courses_cohort_change", args=[cohort.pk]
    )


def test_enroll_page_refuses_junk_participant_ids(client, coordinator1, org1):
    client.force_login(coordinator1)
    assert client.get(f"{ENROLLMENT_ADD}?participant=99999999999999999999").status_code == 200
    assert client.get(f"{ENROLLMENT_ADD}?participant=abc").status_code == 200


def test_add_guide_applicant(client, coordinator1, org1):
    client.force_login(coordinator1)
    data = {
        "organisation": org1.pk,
        "source": "referral_municipality",
        "first_name": "Sofie",
        "last_name": "Berg",
        "email": "sofie@example.test",
        "phone": "",
        "municipality": "",
        "motivation": "",
    }
    response = client.post(GUIDE_ADD, data)
    assert "consent" in response.context["form"].errors
    assert not PeerGuide.objects.exists()
    response = client.post(GUIDE_ADD, {**data, "consent": "on"})
    guide = PeerGuide.objects.get()
    assert response.status_code == 302
    assert guide.application_consent_recorded_by == coordinator1
    assert guide.source == "referral_municipality"


def test_support_report_breaks_requests_down_by_source(client, coordinator1, org1):
    from django.utils import timezone

    from tests.factories import SupportRequestFactory

    for source, n in (("self", 9), ("phone", 7), ("referral_psychiatry", 1)):
        for _ in range(n):
            SupportRequestFactory(participant__organisation=org1, source=source)
    client.force_login(coordinator1)
    year = timezone.localdate().year
    query = f"?start={year - 1}-01-01&end={year}-12-31"
    page = client.get(reverse("reports:area", args=["support"]) + query)
    assert page.status_code == 200
    response = client.get(
        reverse("reports:area", args=["support"]) + query + "&format=csv",
        headers={"accept-language": "en"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    as_dict = {row[0]: row[1:] for row in rows if row}
    assert as_dict["Self (own sign-up)"] == ["9"]
    # A small cell is suppressed, and the next smallest too, so it cannot be worked out.
    assert as_dict["Referral: psychiatry"] == ["<5"]
    assert as_dict["Phone"] == ["<5"]
    assert as_dict["Referral: municipality"] == ["0"]
