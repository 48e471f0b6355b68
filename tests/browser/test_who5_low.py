"""A person whose WHO-5 answers are at the bottom of the scale gets a calm page with where to get
help, and can ask their organisation to contact them (Chromium at phone width, with axe)."""

import re

import pytest

from notifications.models import Notification
from participants import links
from participants.services import WHO5_LINK_PURPOSE
from tests.browser.conftest import assert_accessible
from tests.factories import ParticipantFactory, coordinator_of, who5_measurement
from tests.journeys.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_low_who5_result_offers_help_and_a_call(browser, live_server, axe, org1, request):
    org1.contact_phone = "66 12 34 56"
    org1.save()
    coordinator_of(org1, email="mette@example.test")
    measurement = who5_measurement(ParticipantFactory(organisation=org1, first_name="Anna"))
    token = links.make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(f"/trivsel/{token}/")
    for item in range(1, 6):
        page.locator(f'input[name="item{item}"][value="0"]').check()
    page.get_by_role("button", name="Send mine svar").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tak for dine svar"
    assert page.locator('a[href="tel:70201201"]').count() == 1
    assert page.locator('a[href="tel:112"]').count() == 1
    assert_accessible(axe, page)
    shot(page, request, "low-result")

    page.get_by_role("button", name=re.compile("Jeg vil gerne kontaktes")).click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("Vi har givet")
    assert_accessible(axe, page)
    shot(page, request, "contact-asked")
    assert (
        Notification.objects.filter(
            kind="participants.contact_wish", recipient="mette@example.test"
        ).count()
        == 1
    )
    context.close()
