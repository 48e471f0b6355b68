"""Journeys: a coordinator edits a guide's capacity, and activates an applicant through the
onboarding checklist (issue 12, points 2 and 5). Chromium at 1280 px, through the real login."""

import re

import pytest

from tests.factories import PeerGuideFactory
from tests.journeys.conftest import assert_accessible, shot, staff_login
from volunteers.models import OnboardingCheck, PeerGuide, TrainingRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_a_guides_capacity(admin_page, coordinator, org1, axe, request):
    guide = PeerGuideFactory(
        organisation=org1,
        user__first_name="Sofie",
        user__last_name="Berg",
        user__email="sofie@guide.test",
        capacity=2,
        availability=["1-evening"],
        languages=["da", "en"],
    )
    page = admin_page
    staff_login(page, coordinator.email)
    page.goto("/admin/volunteers/peerguide/")
    shot(page, request, "guide-list")
    page.get_by_role("link", name="Sofie Berg").click()
    page.get_by_label("Kapacitet").wait_for()
    assert page.get_by_text("sofie@guide.test").count() == 1  # the guide's own login, shown
    assert page.get_by_label("Tirsdag aften").is_checked()
    assert_accessible(axe, page)
    shot(page, request, "guide-page")

    page.get_by_label("Kapacitet").fill("4")
    page.get_by_label("Torsdag eftermiddag").check()
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/volunteers/peerguide/$"))
    assert page.get_by_text("blev ændret").count() == 1
    shot(page, request, "saved")

    guide.refresh_from_db()
    assert guide.capacity == 4
    assert guide.user.email == "sofie@guide.test"
    assert guide.availability == ["1-evening", "3-afternoon"]
    assert guide.languages == ["da", "en"]


def test_activate_an_applicant_through_the_checklist(admin_page, coordinator, org1, axe, request):
    guide = PeerGuideFactory(
        organisation=org1,
        status=PeerGuide.Status.IN_TRAINING,
        user__first_name="Camilla",
        user__last_name="Dahl",
    )
    page = admin_page
    staff_login(page, coordinator.email)
    page.goto("/admin/volunteers/peerguide/")
    page.get_by_role("link", name="Camilla Dahl").click()
    page.get_by_text("Samtale afholdt").first.wait_for()
    assert_accessible(axe, page)
    shot(page, request, "applicant-page")

    for item in [
        "Samtale afholdt",
        "Tavshedserklæring underskrevet",
        "Peerguideuddannelse gennemført",
    ]:
        page.get_by_role("checkbox", name=item).check()
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    page.get_by_text("Intet. Peerguiden kan aktiveres.").wait_for()
    shot(page, request, "checklist-done")

    page.goto("/admin/volunteers/peerguide/")
    page.get_by_role("row", name=re.compile("Camilla Dahl")).get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile("Handling")).select_option(label="Aktivér")
    page.get_by_role("button", name="Udfør").click()
    page.get_by_text("1 peerguide aktiveret.").wait_for()
    shot(page, request, "activated")

    guide.refresh_from_db()
    assert guide.status == PeerGuide.Status.ACTIVE
    checks = OnboardingCheck.objects.filter(guide=guide)
    assert set(checks.values_list("kind", flat=True)) == {"interview", "confidentiality"}
    assert {c.recorded_by for c in checks} == {coordinator}
    assert TrainingRecord.objects.filter(guide=guide, is_peer_guide_training=True).count() == 1
    assert guide.history.filter(to_status="active", actor=coordinator).exists()
