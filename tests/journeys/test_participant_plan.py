"""Journey: a participant keeps their own plan (issue 19). At phone width in Chromium: ask for a
sign-in link, open it from the outbox, fill three sections (lists edited in the page with
JavaScript), share the crisis plan, open the share as the guide, stop it. Axe on every page."""

import re

import pytest

from plans.models import Plan, PlanSection, ShareLink, ShareView
from tests.factories import MatchFactory
from tests.journeys.conftest import PASSWORD, PHONE_VIEWPORT, assert_accessible, guide_login, shot
from tests.plans.conftest import sign_in_link_from_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_participant_fills_shares_and_stops_sharing_their_plan(
    phone_page, browser, live_server, org1, axe, request
):
    match = MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Sofie",
        request__participant__email="sofie@example.test",
        guide__user__email="guide@example.test",
        guide__user__first_name="Mette",
    )
    match.guide.user.set_password(PASSWORD)
    match.guide.user.save()
    participant = match.request.participant
    page = phone_page

    # 1. Ask for a sign-in link.
    page.goto("/min-plan/")
    page.wait_for_url(re.compile(r"/min-plan/log-ind/$"))
    assert_accessible(axe, page)
    shot(page, request, "01-start")
    page.get_by_label("Din e-mailadresse eller dit mobilnummer").fill("Sofie@example.test")
    page.get_by_role("button", name="Send mig et link").click()
    page.get_by_role("heading", name="Tjek din e-mail eller telefon").wait_for()
    assert_accessible(axe, page)

    # 2. Open it from the message (a button uses it: a mail scanner's visit does not).
    page.goto(sign_in_link_from_outbox())
    page.get_by_role("heading", name="Velkommen, Sofie").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Åbn min plan").click()
    page.get_by_role("heading", name="Min plan", exact=True).wait_for()
    assert_accessible(axe, page)
    shot(page, request, "02-my-plan")

    # 3a. My toolbox: three lines, the third moved to the top, the middle one removed.
    page.get_by_role("link", name="Min værktøjskasse").click()
    page.get_by_label("Det, der hjælper mig, linje 1").fill("Gåtur ved åen")
    add = page.get_by_role("button", name=re.compile("Tilføj en linje"))
    add.click()
    page.get_by_label("Det, der hjælper mig, linje 2").fill("Musik")
    add.click()
    page.get_by_label("Det, der hjælper mig, linje 3").fill("Te med Anna")
    page.get_by_role("button", name="Flyt op, linje 3").click()
    page.get_by_role("button", name="Flyt op, linje 2").click()
    page.get_by_role("button", name="Fjern, linje 3").click()
    assert_accessible(axe, page)
    shot(page, request, "03-toolbox")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.get_by_text("Gemt. Kun du kan se din plan.").wait_for()
    plan = Plan.objects.get(participant=participant)
    assert PlanSection.objects.get(plan=plan, key="toolbox").data == {
        "tools": ["Te med Anna", "Gåtur ved åen"]
    }

    # 3b. When I am well.
    page.get_by_role("link", name="Når jeg har det godt").click()
    page.get_by_label("Sådan er jeg, når jeg har det godt, linje 1").fill("Nysgerrig")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.get_by_text("Gemt. Kun du kan se din plan.").wait_for()

    # 3c. My crisis plan, with a supporter and a phone number.
    page.get_by_role("link", name="Min kriseplan", exact=True).click()
    page.get_by_label("Tegn på, at andre skal hjælpe eller tage over, linje 1").fill(
        "Jeg svarer ikke i to dage"
    )
    page.get_by_label("Navn, linje 1").fill("Mor")
    page.get_by_label("Telefonnummer, linje 1").fill("12 34 56 78")
    page.get_by_label("Praktiske ting").fill("Katten Mis skal fodres.")
    assert_accessible(axe, page)
    shot(page, request, "04-crisis-plan")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.get_by_text("Gemt. Kun du kan se din plan.").wait_for()
    crisis = PlanSection.objects.get(plan=plan, key="crisis").data
    assert crisis["supporters"] == [{"name": "Mor", "phone": "12 34 56 78"}]
    assert PlanSection.objects.filter(plan=plan).count() == 3

    # The crisis plan to print.
    page.get_by_role("link", name="Print min kriseplan").click()
    page.get_by_role("heading", name="Kriseplan for Sofie").wait_for()
    assert page.get_by_text("Katten Mis skal fodres.").count() == 1
    assert page.get_by_text("Gåtur ved åen").count() == 0
    assert_accessible(axe, page)
    shot(page, request, "05-print-crisis")
    page.goto("/min-plan/")

    # 4. Share the crisis plan (chosen already) with the guide.
    page.get_by_role("link", name="Del dele af min plan").click()
    assert page.get_by_label("Min kriseplan").is_checked()
    assert_accessible(axe, page)
    page.get_by_label("Hvem er det til? (frivilligt)").fill("Min peerguide")
    page.get_by_role("button", name="Lav et link").click()
    page.get_by_role("heading", name="Dit link er klar").wait_for()
    assert_accessible(axe, page)
    shot(page, request, "06-link-ready")
    url = page.get_by_label("Linket").input_value()
    link = ShareLink.objects.get(plan=plan)
    assert link.section_keys == ["crisis"]

    # 5. The guide opens it on their phone.
    guide_context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport=PHONE_VIEWPORT, is_mobile=True
    )
    guide_page = guide_context.new_page()
    guide_login(guide_page, "guide@example.test")
    guide_page.goto(path_of(url))
    guide_page.get_by_role("heading", name="Delt af Sofie").wait_for()
    assert guide_page.get_by_text("Katten Mis skal fodres.").count() == 1
    assert guide_page.get_by_text("Gåtur ved åen").count() == 0  # the toolbox was not shared
    assert_accessible(axe, guide_page)
    shot(guide_page, request, "07-guide-reads-share")
    assert ShareView.objects.filter(link=link).count() == 1

    # 6. The participant sees it was opened, and stops the link.
    page.get_by_role("link", name="Se alle mine links").click()
    assert page.get_by_text("Åbnet 1 gang").count() == 1
    assert_accessible(axe, page)
    page.get_by_role("button", name="Stop dette link").click()
    page.get_by_text("Linket er stoppet").wait_for()
    shot(page, request, "08-link-stopped")
    link.refresh_from_db()
    assert link.revoked_at is not None

    guide_page.reload()
    guide_page.get_by_role("heading", name="Linket virker ikke").wait_for()
    assert guide_page.get_by_text("Katten Mis").count() == 0
    assert_accessible(axe, guide_page)
    guide_context.close()
