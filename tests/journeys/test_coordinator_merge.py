"""A coordinator finds that one person has two records (she phoned in, and later filled in the
form with her e-mail address), previews the merge and confirms it."""

import re

import pytest

from courses.models import Enrollment
from matching.models import SupportRequest
from participants.models import ContactHistory, MergeRecord, Participant
from tests.factories import SupportRequestFactory, make_cohort
from tests.journeys.conftest import assert_accessible, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label(*names):
    """A locator name in English or Danish (the page is in Danish once translations merge)."""
    return re.compile("^(" + "|".join(re.escape(n) for n in names) + ")$")


def test_preview_and_merge_two_records_of_one_person(admin_page, coordinator, org1, axe, request):
    phoned = Participant.objects.create(
        organisation=org1, first_name="Mette", last_name="Holm", phone="61 72 83 94", source="phone"
    )
    waiting = SupportRequestFactory(participant=phoned, status="waiting")
    online = Participant.objects.create(
        organisation=org1, first_name="Mette", email="mette.holm@example.test"
    )
    unconfirmed = SupportRequestFactory(participant=online, status="submitted")
    cohort = make_cohort(org1, title="WRAP forår")
    Enrollment.objects.create(cohort=cohort, participant=online, status="pending")

    page = admin_page
    staff_login(page, coordinator.email)
    page.goto(f"/admin/participants/participant/{phoned.pk}/change/")
    page.get_by_role(
        "link", name=label("Merge with another record", "Læg sammen med en anden registrering")
    ).click()
    page.wait_for_url(re.compile(rf"/admin/participants/participant/{phoned.pk}/merge/$"))
    shot(page, request, "1-choose")
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile(rf"#{online.pk}")).click()

    page.wait_for_url(re.compile(rf"/merge/{online.pk}/$"))
    moves = page.locator("#merge-moves")
    assert moves.is_visible()
    assert "1" in moves.inner_text()
    conflicts = page.locator("#merge-conflicts")
    assert conflicts.is_visible()  # both have an open request: one is set aside
    shot(page, request, "2-preview")
    assert_accessible(axe, page)
    assert Participant.objects.filter(pk=online.pk).exists()  # the preview wrote nothing
    page.get_by_role(
        "button", name=label("Merge the two records", "Læg de to registreringer sammen")
    ).click()

    page.wait_for_url(re.compile(rf"/admin/participants/participant/{phoned.pk}/change/$"))
    assert page.locator(".messagelist .success").is_visible()
    shot(page, request, "3-merged")

    assert not Participant.objects.filter(pk=online.pk).exists()
    phoned.refresh_from_db()
    assert (phoned.email, phoned.phone) == ("mette.holm@example.test", "+4561728394")
    assert set(phoned.support_requests.values_list("pk", "status")) == {
        (waiting.pk, "waiting"),
        (unconfirmed.pk, "withdrawn"),
    }
    assert phoned.enrollments.get().cohort == cohort
    record = MergeRecord.objects.get(survivor=phoned)
    assert (record.merged_by, record.duplicate_number) == (coordinator, online.pk)
    assert ContactHistory.objects.filter(participant=phoned, kind="email").exists()
    assert SupportRequest.objects.count() == 2
