import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fill_in_become_a_peer_guide(page, axe):
    from core.models import Municipality, Organisation
    from volunteers.models import PeerGuide

    Organisation.objects.create(
        name="Peer to Peer Odense", municipality=Municipality.objects.get(name="Odense")
    )
    page.goto("/bliv-peerguide/")
    assert_accessible(axe, page)
    page.get_by_label("Hvilken kommune bor du i?").select_option(label="Odense")
    page.locator(".where-step button[type=submit]").click()
    page.wait_for_load_state()
    # The only organisation serving Odense is offered, by name, and chosen.
    assert page.get_by_label("Peer to Peer Odense").is_checked()
    assert_accessible(axe, page)
    page.get_by_label("Fornavn").fill("Sofie")
    page.get_by_label("Efternavn").fill("Mortensen")
    page.get_by_label("E-mailadresse").fill("sofie@example.test")
    page.get_by_label("Angst").check()
    page.get_by_label("Gåture").check()
    page.get_by_label("Tirsdag aften").check()
    page.get_by_label("Hvorfor vil du gerne være peerguide?").fill("Jeg vil give håb videre.")
    page.get_by_label("Jeg giver lov til").check()
    page.get_by_role("button", name="Send min ansøgning").click()
    page.wait_for_url("**/bliv-peerguide/tak/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tak for din ansøgning"
    assert_accessible(axe, page)
    guide = PeerGuide.objects.get()
    assert guide.user.email == "sofie@example.test"
    assert guide.municipality.name == "Odense"


def test_missing_fields_are_announced_at_the_field(page):
    from core.models import Municipality, Organisation

    Organisation.objects.create(
        name="Peer to Peer Odense", municipality=Municipality.objects.get(name="Odense")
    )
    page.goto(f"/bliv-peerguide/?municipality={Municipality.objects.get(name='Odense').pk}")
    page.get_by_role("button", name="Send min ansøgning").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    first_name = page.get_by_label("Fornavn")
    assert first_name.get_attribute("aria-invalid") == "true"
    described = first_name.get_attribute("aria-describedby") or ""
    assert described
