"""The public "Find en peerguide" flow: submit, confirm link, status page, withdraw."""

import datetime
import re

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from matching.models import SupportRequest
from notifications.models import Notification, Suppression
from participants import links
from participants.models import Participant
from tests.form_data import support_request_data


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def data(org1):
    return support_request_data(org1)


def link_from(notification):
    return re.search(r"https?://[^/]+(/\S+)", notification.body_text).group(1)


def test_submit_confirm_status_withdraw(client, data):
    response = client.post(reverse("matching:request_support"), data)
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert request.status == "submitted"
    assert [a.slug for a in request.experience_areas.all()] == ["angst"]
    assert set(request.participant.consents.values_list("purpose", flat=True)) == {
        "support",
        "health_data",
    }
    mail = Notification.objects.get(kind="matching.request_confirm")
    assert "angst" not in mail.body_text.lower()

    response = client.get(link_from(mail))
    request.refresh_from_db()
    assert request.status == "waiting"
    status_page = client.get(response.url)
    assert status_page.status_code == 200
    assert "Du har været på listen siden" in status_page.text

    response = client.post(response.url, {"action": "withdraw"}, follow=True)
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert "trukket" in response.text


def test_health_data_needs_its_own_consent(client, data):
    response = client.post(reverse("matching:request_support"), dict(data, consent_health=""))
    assert response.status_code == 200
    assert "consent_health" in response.context["form"].errors
    assert not Participant.objects.exists()
    data = dict(data, consent_health="", experience_areas=[])
    client.post(reverse("matching:request_support"), data)
    participant = Participant.objects.get()
    assert not participant.experience_areas.exists()
    assert not SupportRequest.objects.get().experience_areas.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "nope"),
        ("first_name", ""),
        ("birth_year", "1800"),
        ("phone", "abc"),
        ("help_wanted", "x" * 1001),
        ("guide_language", "xx"),
        ("consent_support", ""),
        ("availability", ["8-noon"]),
    ],
)
def test_bad_input_gives_field_errors_never_500(client, data, field, value):
    response = client.post(reverse("matching:request_support"), dict(data, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Participant.objects.exists()


def test_honeypot(client, data):
    response = client.post(reverse("matching:request_support"), dict(data, website="x"))
    assert response.status_code == 302
    assert not SupportRequest.objects.exists()


def test_rate_limit(client, data, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    for _ in range(2):
        client.post(reverse("matching:request_support"), data)
    limited = client.post(reverse("matching:request_support"), dict(data, first_name="Annika"))
    assert limited.status_code == 429
    # The form comes back with what was typed and a message; nothing more is stored.
    assert 'value="Annika"' in limited.text
    assert limited.context["form"].non_field_errors()
    assert SupportRequest.objects.count() <= 2


def test_tampered_and_expired_links_give_a_clear_page(client, data, monkeypatch):
    client.post(reverse("matching:request_support"), data)
    request = SupportRequest.objects.get()
    token = links.make_token(pk=request.pk, purpose="matching.confirm")
    response = client.get(reverse("matching:confirm", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "Linket virker ikke" in response.text
    # a link made for another purpose does not open this page
    status_token = links.make_token(pk=request.pk, purpose="matching.status")
    assert client.get(reverse("matching:confirm", args=[status_token])).status_code == 400
    # expired
    real_loads = signing.loads
    monkeypatch.setattr(
        signing,
        "loads",
        lambda *a, **k: real_loads(*a, **{**k, "max_age": datetime.timedelta(seconds=-1)}),
    )
    response = client.get(reverse("matching:confirm", args=[token]))
    assert response.status_code == 400
    assert "udløbet" in response.text
    request.refresh_from_db()
    assert request.status == "submitted"


def test_status_page_updates_contact_and_stops_reminders(client, data):
    client.post(reverse("matching:request_support"), data)
    request = SupportRequest.objects.get()
    url = reverse(
        "matching:status", args=[links.make_token(pk=request.pk, purpose="matching.status")]
    )
    response = client.post(url, {"action": "contact", "email": "ny@example.test", "phone": ""})
    assert response.status_code == 302
    request.participant.refresh_from_db()
    assert request.participant.email == "ny@example.test"
    bad = client.post(url, {"action": "contact", "email": "", "phone": "123"})
    assert bad.status_code == 200
    assert bad.context["contact_form"].errors
    client.post(url, {"action": "stop_reminders"})
    assert Suppression.objects.filter(recipient="ny@example.test", category="reminder").exists()
