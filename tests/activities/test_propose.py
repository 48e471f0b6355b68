"""Volunteers propose, coordinators publish (or guides publish directly where the organisation
says so); hosts see who is coming and cancel a date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityPolicy, Occurrence
from core.models import Interest, Municipality
from notifications.models import Notification
from participants.services import ParticipantDetails
from tests.activities.util import make_activity
from tests.factories import PeerGuideFactory

pytestmark = pytest.mark.django_db


def _form(**extra):
    day = timezone.localdate() + datetime.timedelta(days=3)
    return {
        "title": "Brætspil",
        "description": "Vi spiller brætspil og drikker kaffe.",
        "interests": [Interest.objects.first().pk],
        "place": "Cafeen, Vestergade 1",
        "municipality": Municipality.objects.get(name="Odense").pk,
        "repeat": "weekly",
        "first_date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "21:00",
        **extra,
    }


def test_a_guide_proposes_and_a_coordinator_publishes(client, org1, coordinator1):
    guide = PeerGuideFactory(organisation=org1)
    co_host = PeerGuideFactory(organisation=org1)
    client.force_login(guide.user)
    response = client.post(reverse("activities:propose"), _form(co_hosts=[co_host.pk]))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.status == "proposed"
    assert set(activity.hosts.all()) == {guide, co_host}
    assert not activity.occurrences.exists()
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404

    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:activities_activity_changelist"),
        {"action": "publish", "_selected_action": [activity.pk]},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "published"
    assert activity.published_by == coordinator1
    assert activity.occurrences.count() >= 12
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 200


def test_where_guides_publish_directly_it_is_shown_at_once(client, org1):
    ActivityPolicy.objects.create(organisation=org1, guides_publish_directly=True)
    guide = PeerGuideFactory(organisation=org1)
    client.force_login(guide.user)
    client.post(reverse("activities:propose"), _form())
    activity = Activity.objects.get()
    assert activity.status == "published"
    assert activity.occurrences.exists()


def test_bad_input_is_told_at_the_field_and_nothing_is_saved(client, org1):
    guide = PeerGuideFactory(organisation=org1)
    client.force_login(guide.user)
    response = client.post(reverse("activities:propose"), _form(end_time="17:00", place=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "id_end_time" in body
    assert "id_place" in body
    assert not Activity.objects.exists()


def test_a_guide_who_is_not_active_cannot_propose(client, org1):
    guide = PeerGuideFactory(organisation=org1, status="paused")
    client.force_login(guide.user)
    response = client.post(reverse("activities:propose"), _form())
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_co_hosts_from_another_organisation_are_refused(client, org1, org2):
    guide = PeerGuideFactory(organisation=org1)
    stranger = PeerGuideFactory(organisation=org2)
    client.force_login(guide.user)
    response = client.post(reverse("activities:propose"), _form(co_hosts=[stranger.pk]))
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_hosts_see_who_is_coming_and_cancel_a_date(client, org1):
    host, other_guide = PeerGuideFactory(organisation=org1), PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    occurrence = activity.occurrences.first()
    rsvp = services.say_coming(
        occurrence=occurrence,
        details=ParticipantDetails(organisation=org1, first_name="Zelma", email="z@ex.dk"),
    )
    services.confirm_rsvp(rsvp=rsvp)
    url = reverse("activities:host_occurrence", args=[occurrence.pk])

    client.force_login(other_guide.user)
    assert client.get(url).status_code == 404
    assert "Zelma" not in client.get(reverse("activities:mine")).content.decode()

    client.force_login(host.user)
    assert "Zelma" in client.get(url).content.decode()
    mine = client.get(reverse("activities:mine")).content.decode()
    assert activity.title in mine
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert not Occurrence.objects.get(pk=occurrence.pk).is_cancelled
    client.post(url, {"reason": "Regnvejr"})
    assert Occurrence.objects.get(pk=occurrence.pk).cancel_reason == "Regnvejr"
    assert Notification.objects.filter(kind="activities.cancelled", recipient="z@ex.dk").exists()
