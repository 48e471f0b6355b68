"""The public "Find en peerguide" form in Chromium at phone width, with axe on every page and
error state: where you live first, then the organisations serving it with their expected wait;
a municipality no one serves is told so, with the crisis contacts, and nothing is stored."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible
from tests.journeys.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _choose_municipality(page, name):
    page.get_by_label("Hvilken kommune bor du i?").select_option(label=name)
    page.locator(".where-step button[type=submit]").click()
    page.wait_for_load_state()


def _organisations():
    from core.models import Municipality, Organisation
    from matching.models import Match
    from tests.factories import MatchFactory, SupportRequestFactory

    def town(name):
        return Municipality.objects.get(name=name)

    odense = Organisation.objects.create(name="Peer to Peer Odense", municipality=town("Odense"))
    odense.municipalities_served.set([town("Odense"), town("Nyborg"), town("Kerteminde")])
    fyn = Organisation.objects.create(name="Fyns Peerstøtte", municipality=town("Svendborg"))
    fyn.municipalities_served.set([town("Svendborg"), town("Odense")])
    Organisation.objects.create(name="Københavns Kommune", municipality=town("København"))
    now = timezone.now()
    for days in (6, 9, 12, 15, 40):  # median 12 days
        proposed = now - datetime.timedelta(days=20)
        request = SupportRequestFactory(
            participant__organisation=odense,
            status="matched",
            confirmed_at=proposed - datetime.timedelta(days=days),
        )
        MatchFactory(request=request, status=Match.Status.ACTIVE, proposed_at=proposed)
    return odense, fyn


def test_ask_for_a_peer_guide_choosing_where_and_confirm(page, axe, request):
    from matching.models import SupportRequest
    from notifications.models import Notification

    odense, _fyn = _organisations()
    earlier = SupportRequest.objects.count()  # the matched ones behind the expected wait
    page.set_viewport_size(PHONE)
    page.goto("/find-en-peerguide/")
    assert page.locator('input[name="organisation"]').count() == 0  # nothing chosen for you
    assert_accessible(axe, page)
    shot(page, request, "1-where-do-you-live")

    page.locator(".where-step button[type=submit]").click()  # forgot to choose
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_label("Hvilken kommune bor du i?").get_attribute("aria-invalid") == "true"
    assert_accessible(axe, page)
    shot(page, request, "2-municipality-missing")

    _choose_municipality(page, "Odense")
    radios = page.locator('input[name="organisation"]')
    assert radios.count() == 2
    assert not any(radios.nth(i).is_checked() for i in range(2))
    assert "Københavns Kommune" not in page.content()
    odense_label = page.locator("label", has_text="Peer to Peer Odense")
    assert re.search(r"\b12\b", odense_label.inner_text())  # the expected wait
    assert not re.search(r"\d", page.locator("label", has_text="Fyns Peerstøtte").inner_text())
    assert_accessible(axe, page)
    top = shot(page, request, "3-who-serves-odense")
    page.screenshot(path=str(top.with_name("3-who-serves-odense-top.png")))  # what a phone shows

    page.get_by_label("Fornavn").fill("Anna")
    page.get_by_label("E-mailadresse").fill("anna@example.test")
    page.get_by_label("Jeg giver lov til, at I gemmer mine oplysninger").check()
    page.get_by_role("button", name="Bed om en peerguide").click()  # no organisation chosen
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert SupportRequest.objects.count() == earlier
    assert_accessible(axe, page)
    top = shot(page, request, "4-organisation-missing")
    page.screenshot(path=str(top.with_name("4-organisation-missing-top.png")))

    page.get_by_label(re.compile("Peer to Peer Odense")).check()
    page.get_by_label("Telefonnummer").fill("20 30 40 50")
    page.get_by_label("Angst").check()
    page.get_by_label("Gåture").check()
    page.get_by_label("Tirsdag aften").check()
    page.get_by_label("Jeg giver lov til, at I gemmer de erfaringer").check()
    page.get_by_role("button", name="Bed om en peerguide").click()
    page.wait_for_url("**/find-en-peerguide/tak/?by=email")
    assert "Tjek nu din e-mail" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(axe, page)

    mail = Notification.objects.get(kind="matching.request_confirm")
    path = re.search(r"https?://[^/]+(/\S+)", mail.body_text).group(1)
    page.goto(path)
    assert "Din anmodning om en peerguide" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(axe, page)
    support_request = SupportRequest.objects.get(status="waiting")
    assert support_request.organisation == odense
    assert support_request.participant.municipality.name == "Odense"


def test_a_municipality_no_one_serves_gets_help_and_stores_nothing(page, axe, request):
    from matching.models import SupportRequest
    from participants.models import Participant

    _organisations()
    people, requests = Participant.objects.count(), SupportRequest.objects.count()
    page.set_viewport_size(PHONE)
    page.goto("/find-en-peerguide/")
    _choose_municipality(page, "Læsø")
    assert page.locator('input[name="organisation"]').count() == 0
    assert page.locator("main form[method=post]").count() == 0
    assert "Læsø" in page.get_by_role("heading", level=2).first.inner_text()
    assert page.locator('a[href="tel:112"]').count() == 1
    assert page.locator('a[href="tel:70201201"]').count() == 1
    assert page.locator('main a[href^="mailto:"]').count() >= 1
    assert_accessible(axe, page)
    shot(page, request, "unserved-laeso")
    assert (Participant.objects.count(), SupportRequest.objects.count()) == (people, requests)

    page.get_by_role("link", name=re.compile("Vælg en anden kommune|Choose another")).click()
    page.wait_for_load_state()
    assert page.get_by_label("Hvilken kommune bor du i?").is_visible()
