"""In Chromium with the Content-Security-Policy on: no page is blocked, the two-step set-up page
(with its server-made QR code) is accessible, and a staff user can log in, set up, verify and
reach the admin."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_violations(page):
    """Collect what Chromium reports on the console when the policy blocks something."""
    found = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


@pytest.mark.parametrize(
    "path", ["/", "/konto/login/", "/privatliv/", "/bliv-peerguide/", "/find-en-peerguide/"]
)
def test_public_pages_break_no_rule_of_the_policy(page, path):
    violations = csp_violations(page)
    response = page.goto(path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_staff_log_in_set_up_two_step_and_reach_the_admin(page, axe):
    # A staff user without an organisation: no reference data needed in this transactional test.
    coordinator = UserFactory(email="koordinator@example.test", is_staff=True)
    violations = csp_violations(page)

    page.goto("/konto/login/")
    page.get_by_label("E-mailadresse").fill(coordinator.email)
    page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/konto/to-trin/opsaet/" in page.url
    assert page.locator("svg[role=img]").is_visible()
    assert_accessible(axe, page)

    device = TOTPDevice.objects.get(user=coordinator)
    page.locator("input[name=token]").fill(f"{totp(device.bin_key):06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/konto/to-trin/reservekoder/**")
    assert page.locator("#backup-codes li").count() == 10
    assert_accessible(axe, page)

    page.locator("main a.btn-primary").click()
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    assert violations == []


@pytest.mark.urls("tests.security.test_headers")
def test_the_500_page_keeps_its_own_inline_style(page):
    violations = csp_violations(page)
    response = page.goto("/boom/")
    page.wait_for_load_state("networkidle")
    assert response.status == 500
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "640px"
    assert violations == []
