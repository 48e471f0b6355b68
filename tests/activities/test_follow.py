"""Follow an interest: the public form and its confirmation link, one message when a matching
activity is published, at most one message a week per person (what is new meanwhile waits and
comes together), and the link in every message that stops them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Follow, News
from core.models import Interest, Municipality
from notifications.models import Notification
from participants.services import ParticipantDetails
from tests.activities.util import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def walking():
    return Interest.objects.filter(is_active=True).order_by("pk").first()


@pytest.fixture
def odense():
    return Municipality.objects.get(name="Odense")


def _link(notification, path):
    return re.search(rf"https?://\S+/aktiviteter/{path}/\S+/", notification.body_text).group(0)


def _follower(org, interest, municipality, **contact):
    contact = contact or {"email": "ea@ex.dk"}
    follow = services.follow_interest(
        interest=interest,
        municipality=municipality,
        details=ParticipantDetails(organisation=None, first_name="Ea", **contact),
    )
    return services.confirm_follow(follow=follow)


def _new(org, interest, title, **kwargs):
    activity = make_activity(org, title=title, publish=False, **kwargs)
    activity.interests.set([interest])
    services.publish_activity(activity=activity, actor=None)
    return activity


def test_the_form_sends_a_link_and_the_link_confirms(client, org1, walking, odense):
    calendar = client.get(reverse("activities:calendar")).content.decode()
    assert reverse("activities:follow") in calendar
    response = client.post(
        reverse("activities:follow"),
        {
            "interest": walking.pk,
            "municipality": odense.pk,
            "first_name": "Ea",
            "email": "Ea@Ex.dk",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert (follow.status, follow.participant.organisation) == ("pending", org1)
    message = Notification.objects.get(kind="activities.follow")
    link = _link(message, "foelg")
    page = client.get(link)
    assert page.status_code == 200
    follow.refresh_from_db()
    assert follow.status == "pending"  # a link scanner's GET changes nothing
    client.post(link)
    follow.refresh_from_db()
    assert follow.status == "active"
    # Asking again for what you already follow sends nothing new.
    client.post(
        reverse("activities:follow"),
        {
            "interest": walking.pk,
            "municipality": odense.pk,
            "first_name": "Ea",
            "email": "ea@ex.dk",
            "consent": "on",
        },
    )
    assert Notification.objects.filter(kind="activities.follow").count() == 1


def test_the_form_needs_a_choice_a_way_to_reach_you_and_consent(client, org1, walking, odense):
    response = client.post(reverse("activities:follow"), {"first_name": "Ea"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"interest", "municipality", "consent"}
    response = client.post(
        reverse("activities:follow"),
        {"interest": walking.pk, "municipality": odense.pk, "first_name": "Ea", "consent": "on"},
    )
    assert "email" in response.context["form"].errors
    aalborg = Municipality.objects.get(name="Aalborg")
    response = client.post(
        reverse("activities:follow"),
        {
            "interest": walking.pk,
            "municipality": aalborg.pk,
            "first_name": "Ea",
            "email": "ea@ex.dk",
            "consent": "on",
        },
    )
    assert "municipality" in response.context["form"].errors  # nobody runs activities there
    assert not Follow.objects.exists()


def test_a_pending_follow_hears_nothing(org1, walking, odense):
    services.follow_interest(
        interest=walking,
        municipality=odense,
        details=ParticipantDetails(organisation=None, first_name="Ea", email="ea@ex.dk"),
    )
    _new(org1, walking, "Gåtur")
    assert not Notification.objects.filter(kind="activities.news").exists()


def test_one_message_a_week_with_what_came_meanwhile(org1, walking, odense):
    _follower(org1, walking, odense)
    other = Interest.objects.filter(is_active=True).exclude(pk=walking.pk).first()
    _new(org1, walking, "Gåtur ved åen")
    first = Notification.objects.get(kind="activities.news")
    assert "Gåtur ved åen" in first.body_text
    # Not their interest, or not their municipality: nothing.
    _new(org1, other, "Strikkecafé")
    _new(org1, walking, "Gåtur i Aarhus", municipality=Municipality.objects.get(name="Aarhus"))
    assert News.objects.count() == 1
    # Two more within the week: they wait.
    _new(org1, walking, "Gåtur i skoven")
    _new(org1, walking, "Gåtur ved stranden")
    assert Notification.objects.filter(kind="activities.news").count() == 1
    assert services.send_waiting_news() == 0
    # The week is over: one message with both, and running the job again sends nothing.
    later = timezone.now() + services.NEWS_EVERY + datetime.timedelta(minutes=1)
    assert services.send_waiting_news(now=later) == 1
    assert services.send_waiting_news(now=later) == 0
    second = Notification.objects.filter(kind="activities.news").exclude(pk=first.pk).get()
    assert "Gåtur i skoven" in second.body_text
    assert "Gåtur ved stranden" in second.body_text
    assert "Gåtur ved åen" not in second.body_text


def test_the_link_in_each_message_stops_them(client, org1, walking, odense):
    follow = _follower(org1, walking, odense)
    _new(org1, walking, "Gåtur ved åen")
    message = Notification.objects.get(kind="activities.news")
    link = _link(message, "f")
    page = client.get(link).content.decode()
    assert "Gåtur ved åen" in page
    assert walking.name in page
    follow.refresh_from_db()
    assert follow.status == "active"
    client.post(link)
    follow.refresh_from_db()
    assert (follow.status, follow.stopped_at is not None) == ("stopped", True)
    later = timezone.now() + services.NEWS_EVERY + datetime.timedelta(minutes=1)
    _new(org1, walking, "Gåtur i skoven")
    assert services.send_waiting_news(now=later) == 0
    assert Notification.objects.filter(kind="activities.news").count() == 1
    assert client.get(reverse("activities:follows", args=["nonsense"])).status_code == 400


def test_by_text_the_message_fits_and_names_no_activity(org1, walking, odense, settings):
    settings.SITE_URL = "https://peerstotte.example.dk"
    _follower(org1, walking, odense, phone="+4520304050")
    _new(org1, walking, "Samtalegruppe om angst")
    for kind in ("activities.follow", "activities.news"):
        text = Notification.objects.get(kind=kind).body_text
        assert len(text) <= 160, text
        assert "angst" not in text.lower()


def test_the_follows_page_costs_the_same_for_few_and_many(
    client, org1, walking, odense, django_assert_max_num_queries
):
    follow = _follower(org1, walking, odense)
    participant = follow.participant
    url = services.follows_url(participant)

    def add(n):
        for i in range(n):
            activity = make_activity(org1, title=f"Aktivitet {News.objects.count()} {i}")
            News.objects.create(participant=participant, activity=activity, sent_at=timezone.now())
        for interest in Interest.objects.filter(is_active=True)[: n // 3 + 1]:
            Follow.objects.get_or_create(
                participant=participant, interest=interest, municipality=odense, status="active"
            )

    add(2)
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_max_num_queries(5):
        page = client.get(url).content.decode()
    assert page.count("Aktivitet") >= 22


def test_export_shows_the_follow_and_erasure_stops_it(org1, walking, odense):
    from privacy.services import erase_participant, export_participant

    follow = _follower(org1, walking, odense)
    _new(org1, walking, "Gåtur ved åen")
    data = export_participant(follow.participant)
    rows = data["activity_follows"]
    assert rows[0]["interest"] == walking.name
    assert rows[0]["municipality"] == "Odense"
    assert rows[1]["told_about"] == "Gåtur ved åen"
    erase_participant(participant=follow.participant)
    follow.refresh_from_db()
    assert follow.status == "stopped"
    assert not News.objects.filter(participant=follow.participant).exists()
    _new(org1, walking, "Gåtur i skoven")
    later = timezone.now() + services.NEWS_EVERY + datetime.timedelta(minutes=1)
    assert services.send_waiting_news(now=later) == 0
