"""Sessions end after inactivity: 30 minutes for staff, 8 hours for peer guides."""

import time

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, PeerGuideFactory

pytestmark = pytest.mark.django_db


def test_staff_session_idles_out_after_30_minutes(client, coordinator1):
    client.post(reverse("login"), {"username": coordinator1.email, "password": TEST_PASSWORD})
    assert client.session.get_expiry_age() == 30 * 60
    assert client.cookies["sessionid"]["max-age"] == 30 * 60


def test_guide_session_idles_out_after_8_hours(client):
    guide = PeerGuideFactory(user__email="guide@example.test").user
    client.post(reverse("login"), {"username": guide.email, "password": TEST_PASSWORD})
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_activity_renews_the_expiry(client, coordinator1, settings):
    client.force_login(coordinator1)
    session = client.session
    session["_idle_touch"] = int(time.time()) - settings.SESSION_IDLE_REFRESH - 1
    session.save()
    client.get(reverse("admin:index"))
    assert client.session["_idle_touch"] >= int(time.time()) - 1


def test_timeouts_come_from_settings(client, coordinator1, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = 120
    client.force_login(coordinator1)
    client.get(reverse("admin:index"))
    assert client.session.get_expiry_age() == 120


def test_an_idle_session_is_logged_out(client, coordinator1):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(coordinator1)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_visitors_get_no_session(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
