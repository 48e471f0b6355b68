"""Hosts change their own activities from the dashboard: the dates follow, unchanged dates keep
who is coming, a date that disappears or moves is cancelled and those coming are told, and a
published activity stays published (coordinators are told where they approve activities)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityPolicy, Occurrence
from core.models import Interest
from notifications.models import Notification
from participants.services import ParticipantDetails
from tests.activities.util import make_activity
from tests.factories import PeerGuideFactory

pytestmark = pytest.mark.django_db


def _form(activity: Activity, **changes):
    data = {
        "title": activity.title,
        "description": activity.description,
        "interests": [i.pk for i in activity.interests.all()],
        "place": activity.place,
        "municipality": activity.municipality_id,
        "repeat": activity.repeat,
        "first_date": activity.first_date.isoformat(),
        "start_time": activity.start_time.strftime("%H:%M"),
        "end_time": activity.end_time.strftime("%H:%M"),
        "until": activity.until.isoformat() if activity.until else "",
        "capacity": activity.capacity or "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _coming(occurrence, email, name="Ea"):
    rsvp = services.say_coming(
        occurrence=occurrence,
        details=ParticipantDetails(
            organisation=occurrence.activity.organisation, first_name=name, email=email
        ),
    )
    return services.confirm_rsvp(rsvp=rsvp)


def _future(activity):
    return list(
        Occurrence.objects.filter(
            activity=activity, starts_at__gte=timezone.now(), cancelled_at__isnull=True
        ).order_by("starts_at")
    )


def test_only_hosts_open_the_edit_page(client, org1, org2):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    url = reverse("activities:edit", args=[activity.pk])
    for other in (PeerGuideFactory(organisation=org1), PeerGuideFactory(organisation=org2)):
        client.force_login(other.user)
        assert client.get(url).status_code == 404
        assert client.post(url, _form(activity, title="Overtaget")).status_code == 404
    assert Activity.objects.get(pk=activity.pk).title == activity.title
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(host.user)
    page = client.get(url).content.decode()
    assert activity.title in page
    assert (
        reverse("activities:edit", args=[activity.pk])
        in client.get(reverse("activities:mine")).content.decode()
    )


def test_a_new_title_and_capacity_keep_every_date_and_who_is_coming(client, org1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    dates = [o.pk for o in _future(activity)]
    rsvp = _coming(_future(activity)[1], "ea@ex.dk")
    walking = Interest.objects.order_by("pk")[1]
    client.force_login(host.user)
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        _form(activity, title="Gåtur i parken", capacity=6, interests=[walking.pk]),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.capacity, activity.status) == (
        "Gåtur i parken",
        6,
        "published",
    )
    assert list(activity.interests.all()) == [walking]
    assert activity.edited_by == host.user
    assert [o.pk for o in _future(activity)] == dates
    rsvp.refresh_from_db()
    assert rsvp.status == "coming"
    assert not Notification.objects.filter(kind="activities.cancelled").exists()


def test_a_new_start_time_moves_every_date_and_tells_those_coming(org1, coordinator1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    first = _future(activity)[0]
    _coming(first, "ea@ex.dk")
    count = len(_future(activity))
    services.edit_activity(
        activity=activity,
        guide=host,
        changes={"start_time": datetime.time(11, 0), "end_time": datetime.time(13, 0)},
        interests=list(activity.interests.all()),
    )
    first.refresh_from_db()
    assert first.is_cancelled  # someone was coming: it stays, cancelled, so the calendar says so
    told = Notification.objects.get(kind="activities.cancelled", recipient="ea@ex.dk")
    assert "changed" in told.body_text or "ændret" in told.body_text
    moved = _future(activity)
    assert len(moved) == count
    assert all(timezone.localtime(o.starts_at).time() == datetime.time(11, 0) for o in moved)
    # Dates nobody had said yes to are simply replaced.
    assert Occurrence.objects.filter(activity=activity, cancelled_at__isnull=False).count() == 1
    # The organisation approves activities: its coordinators hear what changed.
    edited = Notification.objects.get(kind="activities.edited", recipient=coordinator1.email)
    assert activity.title in edited.body_text


def test_a_shorter_run_keeps_the_dates_left_and_cancels_the_ones_that_go(org1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    dates = _future(activity)
    kept, gone = dates[0], dates[3]
    _coming(kept, "kept@ex.dk")
    _coming(gone, "gone@ex.dk")
    services.edit_activity(
        activity=activity,
        guide=host,
        changes={"until": timezone.localtime(dates[2].starts_at).date()},
        interests=[],
    )
    assert [o.pk for o in _future(activity)] == [o.pk for o in dates[:3]]
    assert kept.rsvps.get().status == "coming"
    assert Notification.objects.filter(kind="activities.cancelled", recipient="gone@ex.dk").exists()
    assert not Notification.objects.filter(kind="activities.cancelled", recipient="kept@ex.dk")


def test_a_new_place_is_told_to_those_coming(org1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    _coming(_future(activity)[0], "ea@ex.dk")
    services.edit_activity(
        activity=activity, guide=host, changes={"place": "Ved søen i Munke Mose"}, interests=[]
    )
    moved = Notification.objects.get(kind="activities.moved", recipient="ea@ex.dk")
    assert "Munke Mose" in moved.body_text


def test_where_guides_publish_directly_coordinators_are_not_told(org1, coordinator1):
    ActivityPolicy.objects.create(organisation=org1, guides_publish_directly=True)
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    services.edit_activity(activity=activity, guide=host, changes={"title": "Ny"}, interests=[])
    assert not Notification.objects.filter(kind="activities.edited").exists()


def test_an_edited_declined_activity_is_proposed_again(org1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host], publish=False)
    services.decline_activity(activity=activity, actor=None)
    services.edit_activity(activity=activity, guide=host, changes={"title": "Bedre"}, interests=[])
    activity.refresh_from_db()
    assert activity.status == "proposed"
    assert not activity.occurrences.exists()


def test_bad_input_is_told_and_nothing_changes(client, org1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    dates = [o.pk for o in _future(activity)]
    client.force_login(host.user)
    url = reverse("activities:edit", args=[activity.pk])
    response = client.post(url, _form(activity, title="Ny", start_time="14:00", end_time="13:00"))
    assert response.status_code == 200
    assert "The end time must be after the start time." in response.content.decode() or (
        "Sluttidspunktet" in response.content.decode()
    )
    response = client.post(url, _form(activity, title="Ny", place=""))
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.title == "Gåtur ved åen"
    assert [o.pk for o in _future(activity)] == dates


def test_a_guide_who_is_no_longer_active_cannot_change_it(org1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    host.status = "paused"
    host.save()
    with pytest.raises(services.ValidationError):
        services.edit_activity(activity=activity, guide=host, changes={"title": "X"}, interests=[])
