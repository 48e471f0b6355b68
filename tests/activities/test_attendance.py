"""Attendance without bureaucracy: after a date the host gives a number and ticks the names of
those who said they would come; volunteer hours are length × hosts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import selectors, services
from activities.models import Occurrence, Rsvp
from participants.models import Participant
from tests.activities.util import make_activity
from tests.factories import PeerGuideFactory

pytestmark = pytest.mark.django_db


def _past_date(activity, *, hours=2):
    start = timezone.now() - datetime.timedelta(days=1)
    return Occurrence.objects.create(
        activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=hours)
    )


def _coming(occurrence, name):
    person = Participant.objects.create(
        organisation=occurrence.activity.organisation, first_name=name, email=f"{name}@ex.dk"
    )
    return Rsvp.objects.create(occurrence=occurrence, participant=person, status="coming")


def test_the_host_records_a_number_and_ticks_names(client, org1):
    host = PeerGuideFactory(organisation=org1)
    activity = make_activity(org1, hosts=[host])
    past = _past_date(activity)
    ea, bo = _coming(past, "Ea"), _coming(past, "Bo")
    client.force_login(host.user)
    url = reverse("activities:host_occurrence", args=[past.pk])
    page = client.get(url).content.decode()
    assert "Ea" in page
    assert "Bo" in page
    response = client.post(url, {"count": "1", "came": [ea.pk, bo.pk]})
    assert response.status_code == 200  # fewer than the names ticked: said at the field
    assert Occurrence.objects.get(pk=past.pk).attendance_count is None
    client.post(url, {"count": "7", "came": [ea.pk]})
    past.refresh_from_db()
    assert past.attendance_count == 7
    assert Rsvp.objects.get(pk=ea.pk).attended is True
    assert Rsvp.objects.get(pk=bo.pk).attended is False


def test_nothing_to_record_before_the_date_or_on_a_cancelled_one(org1):
    activity = make_activity(org1)
    future = activity.occurrences.first()
    with pytest.raises(ValidationError):
        services.record_attendance(occurrence=future, count=3, came=[], actor=None)
    past = _past_date(activity)
    past.cancelled_at = timezone.now()
    past.save()
    with pytest.raises(ValidationError):
        services.record_attendance(occurrence=past, count=3, came=[], actor=None)


def test_volunteer_hours_are_length_times_hosts(org1, org2):
    two_hosts = make_activity(
        org1, hosts=[PeerGuideFactory(organisation=org1), PeerGuideFactory(organisation=org1)]
    )
    held = _past_date(two_hosts, hours=2)
    services.record_attendance(occurrence=held, count=6, came=[], actor=None)
    cancelled = _past_date(two_hosts, hours=3)
    cancelled.starts_at -= datetime.timedelta(hours=5)
    cancelled.ends_at -= datetime.timedelta(hours=5)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    _past_date(make_activity(org2), hours=5)  # another organisation's
    now = timezone.now()
    figures = selectors.figures(
        organisation_ids=[org1.pk], start=now - datetime.timedelta(days=30), end=now
    )
    assert figures == {
        "activities": 1,
        "held": 1,
        "attendances": 6,
        "host_hours": 4.0,
        "volunteer_hours": 4.0,
    }


def test_volunteer_hours_leave_out_paid_hosts(org1):
    paid = PeerGuideFactory(organisation=org1, employment="paid")
    activity = make_activity(org1, hosts=[PeerGuideFactory(organisation=org1), paid])
    services.record_attendance(
        occurrence=_past_date(activity, hours=2), count=4, came=[], actor=None
    )
    now = timezone.now()
    figures = selectors.figures(
        organisation_ids=[org1.pk], start=now - datetime.timedelta(days=30), end=now
    )
    assert (figures["host_hours"], figures["volunteer_hours"]) == (4.0, 2.0)
