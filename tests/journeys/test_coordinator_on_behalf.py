"""A coordinator on the phone: a person with no e-mail calls, is entered with a request for a
peer guide, and is enrolled in a course that is full, so they land on its waitlist."""

import re

import pytest

from courses.models import Enrollment
from matching.models import SupportRequest
from participants.models import Consent, Participant
from tests.factories import make_cohort, make_enrollment
from tests.journeys.conftest import assert_accessible, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label(*names):
    """A locator name in English or Danish (the page is in Danish once translations merge)."""
    return re.compile("^(" + "|".join(re.escape(n) for n in names) + ")$")


def test_add_a_person_who_phoned_and_put_them_on_a_full_cohorts_waitlist(
    admin_page, coordinator, org1, axe, request
):
    cohort = make_cohort(org1, capacity=1, title="WRAP efterår")
    make_enrollment(cohort, first_name="Ida")
    page = admin_page
    staff_login(page, coordinator.email)

    page.goto("/admin/matching/supportrequest/")
    page.get_by_role(
        "link", name=label("Add a person who phoned", "Tilføj en person, der har ringet")
    ).click()
    page.get_by_label(label("First name", "Fornavn")).fill("Mette")
    page.get_by_label(label("Phone number", "Telefonnummer")).fill("61 72 83 94")
    page.get_by_role("radio", name=label("Phone", "Telefon")).check()
    page.get_by_label(
        label("What would they like help with?", "Hvad vil personen gerne have hjælp til?")
    ).fill("Vil gerne have én at gå ture med.")
    support = page.get_by_label(re.compile("peer support|peerstøtte"))
    assert support.is_checked()
    shot(page, request, "1-add-person-who-phoned")
    assert_accessible(axe, page)
    page.get_by_role(
        "button", name=label("Save person and request", "Gem person og anmodning")
    ).click()

    page.wait_for_url(re.compile(r"/admin/matching/supportrequest/\d+/change/"))
    shot(page, request, "2-request-saved")
    page.get_by_role(
        "link", name=label("Enroll them in a course", "Tilmeld personen et kursus")
    ).click()

    page.wait_for_url(re.compile(r"/admin/courses/enrollment/add/"))
    page.get_by_label(label("Cohort", "Hold")).select_option(str(cohort.pk))
    page.get_by_role("radio", name=label("Phone", "Telefon")).check()
    page.get_by_label(re.compile("take part|deltage")).check()
    shot(page, request, "3-enroll")
    assert_accessible(axe, page)
    page.get_by_role("button", name=label("Enroll", "Tilmeld")).click()

    page.wait_for_url(re.compile(rf"/admin/courses/cohort/{cohort.pk}/change/"))
    assert page.get_by_text(re.compile("waitlist|venteliste")).first.is_visible()
    shot(page, request, "4-on-the-waitlist")

    participant = Participant.objects.get(first_name="Mette")
    assert participant.phone == "+4561728394"
    assert participant.email == ""
    assert participant.source == "phone"
    support_request = SupportRequest.objects.get(participant=participant)
    assert support_request.source == "phone"
    assert support_request.status == SupportRequest.Status.WAITING
    for purpose in (Consent.Purpose.SUPPORT, Consent.Purpose.COURSE):
        consent = participant.consents.get(purpose=purpose, withdrawn_at__isnull=True)
        assert consent.given_orally
        assert consent.recorded_by == coordinator
    enrollment = Enrollment.objects.get(participant=participant, cohort=cohort)
    assert enrollment.status == Enrollment.Status.WAITLISTED
    assert enrollment.source == "phone"
