""" "Jeg kommer": the public form, the confirmation link from the outbox, a capacity that is never
exceeded, and a cancelled date told to everyone coming by their own channel."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import Rsvp
from notifications.models import Notification
from participants import links
from participants.models import Consent, Participant
from participants.services import ParticipantDetails
from tests.activities.util import make_activity

pytestmark = pytest.mark.django_db


# The date locked and saved, who is coming read, and the outbox's fixed number of writes.
QUERIES_TO_CANCEL = 11


def _details(org, **kwargs):
    return ParticipantDetails(organisation=org, first_name=kwargs.pop("first_name", "Ea"), **kwargs)


def _link(notification):
    return re.search(r"https?://\S+/aktiviteter/bekraeft/\S+/", notification.body_text).group(0)


def test_the_form_sends_a_link_and_the_link_confirms(client, org1):
    activity = make_activity(org1)
    occurrence = activity.occurrences.first()
    url = reverse("activities:coming", args=[occurrence.pk])
    response = client.post(url, {"first_name": "Ea", "email": "ea@example.dk", "consent": "on"})
    assert response.status_code == 302
    rsvp = Rsvp.objects.get()
    assert rsvp.status == "pending"
    assert rsvp.participant.first_name == "Ea"
    assert Consent.objects.filter(participant=rsvp.participant, purpose="activity").exists()
    message = Notification.objects.get(kind="activities.confirm")
    assert message.recipient == "ea@example.dk"
    link = _link(message).split("//", 1)[1].split("/", 1)[1]
    page = client.get("/" + link)
    assert page.status_code == 200
    assert rsvp.status == "pending"  # a link scanner's GET changes nothing
    client.post("/" + link)
    rsvp.refresh_from_db()
    assert rsvp.status == "coming"
    assert "Ea" in client.get("/" + link).content.decode()


def test_the_form_needs_a_way_to_reach_you_and_consent(client, org1):
    occurrence = make_activity(org1).occurrences.first()
    url = reverse("activities:coming", args=[occurrence.pk])
    response = client.post(url, {"first_name": "Ea"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "mobilnummer" in body or "mobile number" in body
    assert not Rsvp.objects.exists()
    assert not Participant.objects.exists()


def test_a_mobile_number_only_gets_a_text(org1):
    occurrence = make_activity(org1).occurrences.first()
    services.say_coming(occurrence=occurrence, details=_details(org1, phone="+4520304050"))
    message = Notification.objects.get(kind="activities.confirm")
    assert message.channel == "sms"
    assert message.recipient == "+4520304050"
    assert len(message.body_text) <= 160 + 60  # a link, and the day; no title
    assert occurrence.activity.title not in message.body_text


def test_saying_it_twice_sends_one_message(org1):
    occurrence = make_activity(org1).occurrences.first()
    for _i in range(2):
        services.say_coming(occurrence=occurrence, details=_details(org1, email="ea@example.dk"))
    assert Rsvp.objects.count() == 1
    assert Notification.objects.filter(kind="activities.confirm").count() == 1


def test_capacity_is_never_exceeded(org1):
    occurrence = make_activity(org1, capacity=1).occurrences.first()
    first = services.say_coming(occurrence=occurrence, details=_details(org1, email="a@example.dk"))
    second = services.say_coming(
        occurrence=occurrence, details=_details(org1, email="b@example.dk")
    )
    services.confirm_rsvp(rsvp=first)
    with pytest.raises(ValidationError, match="fuld|full"):
        services.confirm_rsvp(rsvp=second)
    second.refresh_from_db()
    assert second.status == "pending"
    with pytest.raises(ValidationError):
        services.say_coming(occurrence=occurrence, details=_details(org1, email="c@example.dk"))


def test_a_full_date_says_so_on_the_page(client, org1):
    occurrence = make_activity(org1, capacity=1).occurrences.first()
    rsvp = services.say_coming(occurrence=occurrence, details=_details(org1, email="a@ex.dk"))
    services.confirm_rsvp(rsvp=rsvp)
    response = client.get(reverse("activities:coming", args=[occurrence.pk]))
    assert response.status_code == 200
    assert '<form method="post"' not in response.content.decode()


def test_cancelling_tells_everyone_coming_by_their_channel(org1):
    activity = make_activity(org1)
    occurrence = activity.occurrences.first()
    by_mail = services.say_coming(occurrence=occurrence, details=_details(org1, email="a@ex.dk"))
    by_text = services.say_coming(
        occurrence=occurrence, details=_details(org1, first_name="Bo", phone="+4520304051")
    )
    services.confirm_rsvp(rsvp=by_mail)
    services.confirm_rsvp(rsvp=by_text)
    host = activity.hosts.first()
    with pytest.raises(ValidationError):
        services.cancel_occurrence(occurrence=occurrence, reason=" ", actor=host.user)
    services.cancel_occurrence(occurrence=occurrence, reason="Jeg er syg", actor=host.user)
    told = Notification.objects.filter(kind="activities.cancelled")
    assert sorted(told.values_list("channel", "recipient")) == [
        ("email", "a@ex.dk"),
        ("sms", "+4520304051"),
    ]
    assert "Jeg er syg" in told.get(channel="email").body_text
    occurrence.refresh_from_db()
    assert occurrence.is_cancelled
    assert occurrence.cancel_reason == "Jeg er syg"
    with pytest.raises(ValidationError):
        services.say_coming(occurrence=occurrence, details=_details(org1, email="c@ex.dk"))


def test_withdrawing_frees_the_place(client, org1):
    occurrence = make_activity(org1, capacity=1).occurrences.first()
    first = services.say_coming(occurrence=occurrence, details=_details(org1, email="a@ex.dk"))
    services.confirm_rsvp(rsvp=first)
    services.withdraw_rsvp(rsvp=first)
    second = services.say_coming(occurrence=occurrence, details=_details(org1, email="b@ex.dk"))
    assert services.confirm_rsvp(rsvp=second).status == "coming"


def test_a_broken_link_says_so(client):
    response = client.get(reverse("activities:confirm", args=["nonsense"]))
    assert response.status_code == 400


def test_the_text_fits_in_160_characters_and_names_no_activity(org1, settings):
    settings.SITE_URL = "https://peerstotte.example.dk"
    activity = make_activity(org1, title="Samtalegruppe om angst")
    occurrence = activity.occurrences.first()
    rsvp = services.say_coming(occurrence=occurrence, details=_details(org1, phone="+4520304050"))
    services.confirm_rsvp(rsvp=rsvp)
    services.cancel_occurrence(occurrence=occurrence, reason="Syg vært", actor=None)
    for kind in ("activities.confirm", "activities.cancelled"):
        text = Notification.objects.get(kind=kind).body_text
        assert len(text) <= 160, text
        assert "angst" not in text.lower()


def test_an_expired_link_says_so(client, org1, monkeypatch):
    import time

    occurrence = make_activity(org1).occurrences.first()
    rsvp = services.say_coming(occurrence=occurrence, details=_details(org1, email="a@ex.dk"))
    token = links.make_token(pk=rsvp.pk, purpose=services.CONFIRM_PURPOSE)
    later = time.time() + services.CONFIRM_MAX_AGE.total_seconds() + 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(reverse("activities:confirm", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode() or "udløbet" in response.content.decode()


@pytest.mark.parametrize("coming", [1, 6])
def test_cancelling_costs_the_same_for_one_or_many_coming(org1, coming, django_assert_num_queries):
    """Everyone coming is told in one write to the outbox, not a round of queries each."""
    activity = make_activity(org1, capacity=None)
    occurrence = activity.occurrences.first()
    for n in range(coming):
        rsvp = services.say_coming(
            occurrence=occurrence, details=_details(org1, email=f"p{n}@ex.dk")
        )
        services.confirm_rsvp(rsvp=rsvp)
    with django_assert_num_queries(QUERIES_TO_CANCEL):
        services.cancel_occurrence(occurrence=occurrence, reason="Syg vært", actor=None)
    assert Notification.objects.filter(kind="activities.cancelled").count() == coming
