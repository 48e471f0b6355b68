"""django-axes: repeated failed logins lock out one e-mail address from one IP address."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "guide@example.test"


WRONG = "wrong-password"


def attempt(client, *, email=EMAIL, password=WRONG, ip="10.0.0.1", url=None):
    return client.post(
        url or reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def fail_until_locked(client, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, **kwargs)


@pytest.fixture
def user():
    return UserFactory(email=EMAIL)


def test_lockout_after_the_failure_limit_even_with_the_right_password(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client).status_code == 200  # the form again, with its message
    response = attempt(client)
    assert response.status_code == 429

    response = attempt(client, password=TEST_PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert reverse("password_reset") in response.text  # the way out besides waiting
    assert "_auth_user_id" not in client.session


def test_lockout_page_uses_the_site_layout_and_says_how_long(client, user):
    fail_until_locked(client)
    response = attempt(client)
    assert "base.html" in [t.name for t in response.templates]
    assert response.context["minutes"] == 30


def test_lockout_is_per_address_and_ip(client, user):
    other = UserFactory(email="other@example.test")
    fail_until_locked(client)
    # The same address from another IP, and another address from the same IP, still log in.
    assert attempt(client, password=TEST_PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, email=other.email, password=TEST_PASSWORD).status_code == 302


def test_upper_case_address_counts_against_the_same_lockout(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client)
    assert attempt(client, email=EMAIL.upper()).status_code == 429
    assert AccessAttempt.objects.get().username == EMAIL


def test_admin_login_is_protected_too(client, coordinator1):
    url = reverse("admin:login")
    assert client.get(url).status_code == 200
    fail_until_locked(client, email=coordinator1.email, url=url)
    response = attempt(client, email=coordinator1.email, password=TEST_PASSWORD, url=url)
    assert response.status_code == 429


def test_successful_login_clears_earlier_failures(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client)
    assert attempt(client, password=TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


def test_new_password_lifts_the_lockout(client, user):
    fail_until_locked(client)
    assert attempt(client, password=TEST_PASSWORD).status_code == 429

    user.set_password("en-ny-Adgangskode-42")  # what the reset link's form does
    user.save()

    assert attempt(client, password="en-ny-Adgangskode-42").status_code == 302


def test_password_reset_still_works_while_locked_out(client, user):
    fail_until_locked(client)
    response = client.post(reverse("password_reset"), {"email": EMAIL}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")


def test_lockout_limit_and_time_come_from_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_client_ip_uses_the_proxy_header_when_configured(settings, rf):
    from core.security import client_ip

    request = rf.get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "172.18.0.5"
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request) == "198.51.100.7"  # the entry the trusted proxy added


def test_weak_passwords_are_refused_by_the_validators(client, user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["kort", "1234567890123", "password123"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user)
