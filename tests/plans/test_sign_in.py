"""Signing in to one's own plan: a single-use link for 15 minutes, then 30 days on the device,
and "sign out everywhere"."""

import contextlib
import datetime
import time
import types

import pytest
from django.core import signing
from django.utils import timezone

from notifications.models import Notification
from plans import services
from plans.models import Plan
from tests.factories import ParticipantFactory
from tests.plans.conftest import sign_in_link_from_outbox, signed_in

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def later(monkeypatch, delta: datetime.timedelta):
    """Signed values are checked against the clock: move it on."""
    real = time.time
    with monkeypatch.context() as m:
        m.setattr(
            signing, "time", types.SimpleNamespace(time=lambda: real() + delta.total_seconds())
        )
        yield


def test_asking_for_a_link_sends_one_and_it_opens_the_plan_once(client, participant):
    response = client.post("/min-plan/log-ind/", {"contact": " Sofie@Example.test "})
    assert response.status_code == 200
    assert "Tjek din e-mail" in response.content.decode()
    path = sign_in_link_from_outbox()

    # Opening the link (a mail scanner does too) uses nothing up: a button does.
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert client.get("/min-plan/").status_code == 200
    assert Plan.objects.get(participant=participant).links_used == 1

    # The same link again: used.
    other = client.__class__()
    response = other.post(path)
    assert response.status_code == 400
    assert "brugt" in response.content.decode()


def test_a_second_ask_in_the_same_minute_sends_nothing_until_the_link_is_used(
    participant, monkeypatch
):
    moment = timezone.now().replace(second=10)
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    services.request_sign_in(contact="sofie@example.test")
    services.request_sign_in(contact="sofie@example.test")  # a double click
    assert Notification.objects.filter(kind="plans.sign_in").count() == 1

    # The link is used; asking again in the same minute sends a new one that works.
    services.use_sign_in_link(participant=participant, version=0)
    services.request_sign_in(contact="sofie@example.test")
    assert Notification.objects.filter(kind="plans.sign_in").count() == 2


def test_an_unknown_address_gets_the_same_page_and_no_message(client, participant):
    response = client.post("/min-plan/log-ind/", {"contact": "nobody@example.test"})
    assert response.status_code == 200
    assert "Tjek din e-mail" in response.content.decode()
    assert not Notification.objects.filter(kind="plans.sign_in").exists()


def test_a_phone_number_however_typed_gets_a_text_message(client, org1):
    person = ParticipantFactory(organisation=org1, email="", phone="12 34 56 78")
    assert services.request_sign_in(contact="+45 12345678") == 1
    message = Notification.objects.get(kind="plans.sign_in")
    assert message.channel == "sms"
    # The long signed link is a short one in the text (notifications' /s/<code>).
    short = message.body_text.split()[-1].split("/s/")[1]
    response = client.get(f"/s/{short}")
    assert "/min-plan/log-ind/" in response["Location"]
    assert message.object_id == str(person.pk)


def test_a_link_expires_after_15_minutes(client, participant, monkeypatch):
    token = services.make_sign_in_token(participant)
    with later(monkeypatch, datetime.timedelta(minutes=16)):
        response = client.post(f"/min-plan/log-ind/{token}/")
    assert response.status_code == 400
    assert "15 minutter" in response.content.decode()
    assert not Plan.objects.filter(participant=participant).exists()


def test_a_tampered_link_opens_nothing(client, participant):
    token = services.make_sign_in_token(participant)
    assert client.post(f"/min-plan/log-ind/{token[:-2]}xx/").status_code == 400


def test_the_session_lasts_30_days_on_the_device(client, participant, monkeypatch):
    signed_in(client, participant)
    with later(monkeypatch, datetime.timedelta(days=29)):
        assert client.get("/min-plan/").status_code == 200
    with later(monkeypatch, datetime.timedelta(days=31)):
        response = client.get("/min-plan/")
        assert response.status_code == 302
        assert response["Location"] == "/min-plan/log-ind/"


def test_sign_out_everywhere_ends_every_device(client, participant):
    signed_in(client, participant)
    phone = client.__class__()
    phone.cookies = client.cookies.__class__(client.cookies)  # the same session on a second device
    response = client.post("/min-plan/log-ud/", {"everywhere": "1"})
    assert response.status_code == 200
    assert phone.get("/min-plan/").status_code == 302
    assert client.get("/min-plan/").status_code == 302


def test_sign_out_on_this_device_only(client, participant):
    signed_in(client, participant)
    laptop = client.__class__()
    laptop.cookies = client.cookies.__class__(client.cookies)
    client.post("/min-plan/log-ud/")
    assert client.get("/min-plan/").status_code == 302
    assert laptop.get("/min-plan/").status_code == 200


def test_an_erased_participant_cannot_sign_in(client, participant):
    token = services.make_sign_in_token(participant)
    participant.anonymised_at = timezone.now()
    participant.save()
    # The one link error page (participants.links): what a sound link names is gone, so 404.
    response = client.post(f"/min-plan/log-ind/{token}/")
    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()
    assert not Plan.objects.filter(participant=participant).exists()


def test_asking_for_sign_in_links_is_rate_limited(client, participant, settings):
    from django.core.cache import cache

    from notifications.models import Notification

    cache.clear()
    settings.PUBLIC_FORM_RATE = "2/h"
    for _ in range(2):
        assert (
            client.post("/min-plan/log-ind/", {"contact": "sofie@example.test"}).status_code == 200
        )
    limited = client.post("/min-plan/log-ind/", {"contact": "sofie@example.test"})
    assert limited.status_code == 429
    assert 'value="sofie@example.test"' in limited.text  # what was typed is kept
    assert Notification.objects.filter(kind="plans.sign_in").count() <= 2
