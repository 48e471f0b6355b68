"""WHO-5: scoring, the signed link flow and the invitation job."""

import datetime
import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from participants import jobs, services
from participants.links import make_token
from participants.models import Consent, WellBeingMeasurement
from participants.services import WHO5_LINK_PURPOSE
from tests.factories import MatchFactory, ParticipantFactory, make_cohort, make_enrollment

pytestmark = pytest.mark.django_db

ANSWERS = {"item1": "5", "item2": "4", "item3": "3", "item4": "2", "item5": "1"}


@pytest.fixture
def measurement(org1):
    participant = ParticipantFactory(organisation=org1, first_name="Deltager")
    return WellBeingMeasurement.objects.create(
        participant=participant,
        organisation=org1,
        source="match",
        source_id=1,
        timepoint="start",
        due_at=timezone.now(),
        invited_at=timezone.now(),
    )


def link(measurement):
    return reverse(
        "participants:who5", args=[make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)]
    )


def test_scores():
    assert services.who5_raw_score({f"item{i}": 5 for i in range(1, 6)}) == 25
    assert services.who5_raw_score({f"item{i}": 0 for i in range(1, 6)}) == 0
    with pytest.raises(ValidationError):
        services.who5_raw_score({f"item{i}": 6 for i in range(1, 6)})


def test_valid_link_shows_the_five_items_and_stores_answers(client, measurement):
    response = client.get(link(measurement))
    assert response.status_code == 200
    assert "Hele tiden" in response.text
    assert "På intet tidspunkt" in response.text
    response = client.post(link(measurement), {**ANSWERS, "evaluation": "on"})
    assert response.status_code == 200
    measurement.refresh_from_db()
    assert measurement.status == "answered"
    assert measurement.raw_score == 15
    assert measurement.percentage == 60
    assert services.has_consent(measurement.participant, Consent.Purpose.EVALUATION)


def test_answering_without_the_evaluation_box_gives_no_consent(client, measurement):
    client.post(link(measurement), ANSWERS)
    measurement.refresh_from_db()
    assert measurement.status == "answered"
    assert not services.has_consent(measurement.participant, Consent.Purpose.EVALUATION)


def test_answered_twice_keeps_the_first_answer(client, measurement):
    client.post(link(measurement), ANSWERS)
    response = client.post(link(measurement), {f"item{i}": "0" for i in range(1, 6)})
    assert response.status_code == 200
    measurement.refresh_from_db()
    assert measurement.raw_score == 15
    assert "allerede" in response.text  # "You have already answered"


def test_declining(client, measurement):
    response = client.post(link(measurement), {"decline": "1"})
    assert response.status_code == 200
    measurement.refresh_from_db()
    assert measurement.status == "declined"
    assert measurement.raw_score is None


def test_incomplete_answers_show_errors(client, measurement):
    response = client.post(link(measurement), {"item1": "5"})
    assert response.status_code == 200
    assert response.context["form"].errors
    measurement.refresh_from_db()
    assert measurement.status == "pending"


def test_expired_link(client, measurement, monkeypatch):
    token = make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)
    later = timezone.now() + datetime.timedelta(days=31)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    response = client.get(reverse("participants:who5", args=[token]))
    assert response.status_code == 400
    assert response.context["reason"] == "expired"


def test_tampered_link_and_other_purpose(client, measurement):
    token = make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)
    response = client.get(reverse("participants:who5", args=[token[:-3] + "abc"]))
    assert response.status_code == 400  # like every signed link: a bad link is a bad request
    other = make_token(pk=measurement.pk, purpose="status")
    assert client.get(reverse("participants:who5", args=[other])).status_code == 400


def test_anonymised_participant_link_does_not_open(client, measurement):
    type(measurement.participant).objects.filter(pk=measurement.participant_id).update(
        anonymised_at=timezone.now()
    )
    assert client.get(link(measurement)).status_code == 404


def test_scores_are_not_on_the_guide_dashboard(client, org1):
    match = MatchFactory(request__participant__organisation=org1)
    WellBeingMeasurement.objects.create(
        participant=match.request.participant,
        organisation=org1,
        source="match",
        source_id=match.pk,
        timepoint="start",
        due_at=timezone.now(),
        status="answered",
        answered_at=timezone.now(),
        raw_score=17,
        **{f"item{i}": v for i, v in enumerate([4, 4, 3, 3, 3], start=1)},
    )
    client.force_login(match.guide.user)
    body = client.get(reverse("dashboard:home")).text
    assert "WHO-5" not in body
    # The score as a reader sees it: in the page's text, not inside a random token (a CSRF token
    # holds "68" about once in sixty pages).
    text = re.sub(r"<[^>]*>", " ", body)
    assert not re.search(r"(?<![\w.,])(68|17)\s*(%|/\s*25)", text)
    assert not re.search(r"(?<![\w.,])68(?![\w.,])", text)


def test_job_invites_at_start_end_and_follow_up_once_and_reminds_once(org1, mailoutbox):
    now = timezone.now()
    started = MatchFactory(request__participant__organisation=org1, started_at=now)
    ended = MatchFactory(
        request__participant__organisation=org1,
        started_at=now - datetime.timedelta(days=200),
        ended_at=now - datetime.timedelta(days=1),
        status="ended",
        closure_reason="goals_reached",
    )
    follow = MatchFactory(
        request__participant__organisation=org1,
        started_at=now - datetime.timedelta(days=300),
        ended_at=now - datetime.timedelta(days=92),
        status="ended",
        closure_reason="goals_reached",
    )
    MatchFactory(  # started long ago: not invited after the fact
        request__participant__organisation=org1, started_at=now - datetime.timedelta(days=90)
    )
    assert jobs.send_who5_invitations(now=now) == 3
    assert jobs.send_who5_invitations(now=now) == 0  # nothing twice
    kinds = {(m.source_id, m.timepoint) for m in WellBeingMeasurement.objects.all()}
    assert kinds == {(started.pk, "start"), (ended.pk, "end"), (follow.pk, "follow_up")}
    assert Notification.objects.filter(kind="participants.who5_invitation").count() == 3
    later = now + datetime.timedelta(days=8)
    assert jobs.send_who5_invitations(now=later) == 3
    assert jobs.send_who5_invitations(now=later) == 0
    assert Notification.objects.filter(kind="participants.who5_reminder").count() == 3
    body = Notification.objects.filter(kind="participants.who5_invitation").first().body_text
    assert "/trivsel/" in body


def test_job_invites_cohort_participants_at_the_first_session(org1):
    cohort = make_cohort(
        org1, status="running", first_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    taking_part = make_enrollment(cohort, status="enrolled")
    make_enrollment(cohort, status="withdrawn")
    jobs.send_who5_invitations()
    [m] = WellBeingMeasurement.objects.all()
    assert (m.participant_id, m.source, m.timepoint) == (
        taking_part.participant_id,
        "cohort",
        "start",
    )
