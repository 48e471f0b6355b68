"""Journey: a participant opens a sign-in link a second time (issue 14, point 5: one link error
page for every signed link). At phone width in Chromium: use a link, open it again from the
message, read why it does not work, press "Get a new link", ask for one, and sign in with it."""

import re

import pytest

from plans.models import Plan
from tests.factories import ParticipantFactory
from tests.journeys.conftest import assert_accessible, shot
from tests.plans.conftest import sign_in_link_from_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ask_for_a_link(page, contact):
    page.get_by_label("Din e-mailadresse eller dit mobilnummer").fill(contact)
    page.get_by_role("button", name="Send mig et link").click()
    page.get_by_role("heading", name="Tjek din e-mail eller telefon").wait_for()


def test_a_used_sign_in_link_explains_itself_and_leads_to_a_new_one(phone_page, org1, axe, request):
    participant = ParticipantFactory(
        organisation=org1, first_name="Sofie", email="sofie@example.test"
    )
    page = phone_page
    page.goto("/min-plan/log-ind/")
    ask_for_a_link(page, "sofie@example.test")
    first = sign_in_link_from_outbox()
    page.goto(first)
    page.get_by_role("button", name="Åbn min plan").click()
    page.get_by_role("heading", name="Min plan", exact=True).wait_for()
    assert Plan.objects.get(participant=participant).links_used == 1

    # The same link again (from the message, on another day): it says why, in plain Danish.
    page.context.clear_cookies()
    response = page.goto(first)
    assert response.status == 400
    page.get_by_role("heading", name="Linket virker ikke").wait_for()
    page.get_by_text("Linket er brugt. Et log ind-link virker én gang.").wait_for()
    assert_accessible(axe, page)
    shot(page, request, "01-used-link")

    # "Get a new link" leads to the form; the new link works once more.
    page.get_by_role("link", name="Få et nyt link").click()
    page.wait_for_url(re.compile(r"/min-plan/log-ind/$"))
    ask_for_a_link(page, "sofie@example.test")
    second = sign_in_link_from_outbox()
    assert second != first
    page.goto(second)
    page.get_by_role("button", name="Åbn min plan").click()
    page.get_by_role("heading", name="Min plan", exact=True).wait_for()
    shot(page, request, "02-signed-in-again")
    assert Plan.objects.get(participant=participant).links_used == 2
