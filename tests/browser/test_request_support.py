import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_for_a_peer_guide_and_confirm(page, axe):
    from core.models import Municipality, Organisation
    from matching.models import SupportRequest
    from notifications.models import Notification

    Organisation.objects.create(
        name="Peer to Peer Odense", municipality=Municipality.objects.get(name="Odense")
    )
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto("/find-en-peerguide/")
    assert_accessible(axe, page)
    page.get_by_label("Fornavn").fill("Anna")
    page.get_by_label("Telefonnummer").fill("12 34 56 78")
    page.get_by_label("E-mailadresse").fill("anna@example.test")
    page.get_by_label("Angst").check()
    page.get_by_label("Gåture").check()
    page.get_by_label("Tirsdag aften").check()
    page.get_by_label("Jeg giver lov til, at I gemmer mine oplysninger").check()
    page.get_by_label("Jeg giver lov til, at I gemmer de erfaringer").check()
    page.get_by_role("button", name="Bed om en peerguide").click()
    page.wait_for_url("**/find-en-peerguide/tak/")
    assert "Tjek nu din e-mail" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(axe, page)

    mail = Notification.objects.get(kind="matching.request_confirm")
    path = re.search(r"https?://[^/]+(/\S+)", mail.body_text).group(1)
    page.goto(path)
    assert "Din anmodning om en peerguide" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(axe, page)
    assert SupportRequest.objects.get().status == "waiting"
