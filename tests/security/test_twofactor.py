"""Two-step login (django-otp): staff set up TOTP, keep backup codes, verify before the admin."""

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD, PeerGuideFactory, UserFactory, totp_device

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
ENROL = reverse("twofactor_enrol")
VERIFY = reverse("twofactor_verify")
CODES = reverse("twofactor_backup_codes")


def log_in(client, user):
    """The real login form, then follow to where the site sends the user."""
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client.get(client.get(response.url).url)  # after_login → admin / dashboard


def code(device, steps_ahead=0):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=steps_ahead):06d}"


def test_staff_without_device_are_sent_to_set_up(client, coordinator1):
    response = log_in(client, coordinator1)
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next={ADMIN}"


def test_set_up_shows_key_and_qr_code_made_on_the_server(client, coordinator1):
    log_in(client, coordinator1)
    response = client.get(ENROL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=coordinator1, confirmed=False)
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert "<svg " in response.text
    assert 'role="img"' in response.text
    assert "otpauth://" not in response.text  # the QR code is an image, not a link
    assert not re.search(r"<(img|script|link)[^>]+(src|href)=\"https?://", response.text)
    # Reloading keeps the same key, so a code already scanned still fits.
    assert client.get(ENROL).context["secret"] == response.context["secret"]


def test_set_up_refuses_a_wrong_code(client, coordinator1):
    log_in(client, coordinator1)
    client.get(ENROL)
    response = client.post(ENROL, {"token": "000000", "next": ADMIN})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert not TOTPDevice.objects.filter(user=coordinator1, confirmed=True).exists()
    assert client.get(ADMIN).status_code == 302


def test_set_up_then_backup_codes_once_then_admin(client, coordinator1):
    log_in(client, coordinator1)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=coordinator1)

    response = client.post(ENROL, {"token": code(device), "next": ADMIN})
    assert response.status_code == 302
    assert response.url == f"{CODES}?next={ADMIN}"
    device.refresh_from_db()
    assert device.confirmed

    response = client.get(response.url)
    codes = response.context["codes"]
    assert len(codes) == 10
    assert all(c in response.text for c in codes)
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=coordinator1).values_list("token", flat=True)
    )
    again = client.get(CODES)
    assert again.context["codes"] is None  # shown only once
    assert codes[0] not in again.text

    assert client.get(ADMIN).status_code == 200


def test_verified_user_can_make_new_backup_codes(client, coordinator1):
    client.force_login(coordinator1)
    response = client.post(CODES)
    assert len(response.context["codes"]) == 10
    assert StaticToken.objects.filter(device__user=coordinator1).count() == 10


def test_staff_with_a_device_verify_with_the_app(client, coordinator1):
    device = totp_device(coordinator1)
    response = log_in(client, coordinator1)
    assert response.url == f"{VERIFY}?next={ADMIN}"
    # Set-up cannot be used to add a second device before verifying.
    assert client.get(ENROL).url.startswith(VERIFY)

    response = client.post(VERIFY, {"token": code(device, 1), "next": ADMIN})
    assert response.status_code == 302
    assert response.url == ADMIN
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(ADMIN).status_code == 200


def test_wrong_code_is_refused_and_the_admin_stays_closed(client, coordinator1):
    totp_device(coordinator1)
    log_in(client, coordinator1)
    response = client.post(VERIFY, {"token": "123456", "next": ADMIN})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert client.get(ADMIN).status_code == 302


def test_repeated_wrong_codes_are_throttled(client, coordinator1):
    device = totp_device(coordinator1)
    log_in(client, coordinator1)
    client.post(VERIFY, {"token": "123456"})
    response = client.post(VERIFY, {"token": code(device, 1)})  # right, but too soon
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["token"]]
    assert codes == ["throttled"]


def test_a_backup_code_works_once(client, coordinator1):
    from core.twofactor import make_backup_codes

    totp_device(coordinator1)
    backup = make_backup_codes(user=coordinator1)[0]
    log_in(client, coordinator1)
    response = client.post(VERIFY, {"token": backup.upper(), "next": ADMIN})
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200
    assert not StaticToken.objects.filter(token=backup).exists()

    client.post(reverse("logout"))
    log_in(client, coordinator1)
    response = client.post(VERIFY, {"token": backup, "next": ADMIN})
    assert response.status_code == 200


def test_superusers_must_verify_too(client):
    admin = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    response = log_in(client, admin)
    assert response.url.startswith(ENROL)


def test_guides_are_not_asked_for_a_second_step(client):
    guide = PeerGuideFactory(user__email="guide@example.test").user
    response = log_in(client, guide)
    assert response.status_code == 200  # the dashboard
    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))


def test_next_must_stay_on_this_site(client, coordinator1):
    device = totp_device(coordinator1)
    log_in(client, coordinator1)
    response = client.post(VERIFY, {"token": code(device, 1), "next": "https://evil.example/"})
    assert response.url == reverse("core:after_login")


def test_unverified_staff_may_still_log_out_of_the_admin(client, coordinator1, login_without_otp):
    login_without_otp(client, coordinator1)
    assert client.get(ADMIN).url.startswith(ENROL)
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session


def test_pages_need_a_login(client, db):
    for url in (ENROL, VERIFY, CODES):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_force_login_fixture_verifies_staff_sessions(client, coordinator1):
    client.force_login(coordinator1)
    assert client.get(ADMIN).status_code == 200
    assert TOTPDevice.objects.filter(user=coordinator1, confirmed=True).count() == 1
