import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.journeys.conftest import shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_coordinator_logs_in_with_two_step_verification(admin_page, coordinator, request):
    page = admin_page
    staff_login(page, coordinator.email)
    assert page.url.endswith("/admin/")
    assert page.get_by_role("heading", level=1).count() >= 1
    shot(page, request, "admin-front-page")
    assert TOTPDevice.objects.get(user=coordinator).confirmed
