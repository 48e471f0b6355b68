import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_danish_then_english_with_no_accessibility_violations(page, axe):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Peerstøtte")
    assert_accessible(axe, page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Peer support")
    assert_accessible(axe, page)

    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "da"


def test_skip_link_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Spring til indhold")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/privatliv/", "/tilgaengelighed/", "/konto/login/"])
def test_public_pages_have_no_accessibility_violations(page, axe, path):
    page.goto(path)
    assert_accessible(axe, page)


def test_page_makes_no_third_party_requests(page):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert all(host.startswith(("localhost", "127.0.0.1")) for host in hosts), hosts
