"""The weekly coordinator digest: one e-mail per coordinator, once a week, no health details."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import ExperienceArea
from matching.models import Match
from notifications.models import Notification
from reports import digest
from reports.tasks import send_coordinator_digest
from tests.factories import (
    MatchFactory,
    PeerGuideFactory,
    SupportRequestFactory,
    coordinator_of,
    make_cohort,
    make_enrollment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def attention(org1, org2):
    now = timezone.now()
    request = SupportRequestFactory(
        participant__organisation=org1,
        participant__first_name="Skjult",
        confirmed_at=now - datetime.timedelta(days=34),
        help_wanted="Jeg har svær angst",
    )
    request.experience_areas.set([ExperienceArea.objects.get(slug="angst")])
    stale = MatchFactory(
        request__participant__organisation=org1,
        started_at=now - datetime.timedelta(days=40),
        guide__user__first_name="Sofie",
    )
    Match.objects.filter(pk=stale.pk).update(status_changed_at=now - datetime.timedelta(days=40))
    cohort = make_cohort(
        org1,
        programme_name="Lær at tackle angst og depression",
        first_date=timezone.localdate() + datetime.timedelta(days=5),
        title="Lær at tackle angst og depression, forår",
    )
    make_enrollment(cohort, status="enrolled")
    PeerGuideFactory(
        organisation=org1,
        status="screening",
        status_changed_at=now - datetime.timedelta(days=45),
        user__first_name="Gitte",
    )
    SupportRequestFactory(participant__organisation=org2, participant__first_name="Fremmed")
    return {"request": request, "stale": stale, "cohort": cohort}


def test_digest_content_links_and_privacy(org1, coordinator1, attention):
    assert digest.send_coordinator_digest() == 1
    [mail] = Notification.objects.filter(kind="reports.digest")
    assert mail.recipient == coordinator1.email
    body = mail.body_text
    assert f"#{attention['request'].pk}" in body
    assert "34" in body
    assert f"/admin/matching/supportrequest/{attention['request'].pk}/change/" in body
    assert f"#{attention['stale'].pk}" in body
    assert "Sofie" in body
    assert f"/admin/courses/cohort/{attention['cohort'].pk}/change/" in body
    assert "Gitte" in body
    for secret in ("Skjult", "angst", "Angst", "depression", "Fremmed"):
        assert secret not in body
        assert secret not in mail.body_html
        assert secret not in mail.subject


def test_digest_once_per_week_and_in_the_coordinators_language(org1, coordinator1, attention):
    coordinator1.language = "en"
    coordinator1.save()
    now = timezone.now()
    digest.send_coordinator_digest(now=now)
    digest.send_coordinator_digest(now=now)
    send_coordinator_digest.delay()
    call_command("send_coordinator_digest")
    [mail] = Notification.objects.filter(kind="reports.digest")
    assert "waiting for a peer guide" in mail.body_text
    assert mail.subject.startswith("This week")
    digest.send_coordinator_digest(now=now + datetime.timedelta(days=7))
    assert Notification.objects.filter(kind="reports.digest").count() == 2


def test_each_coordinator_sees_only_their_organisations(org1, org2, coordinator1, attention):
    other = coordinator_of(org2, email="k2@example.test")
    both = coordinator_of(org1, email="begge@example.test")
    from core.services import set_membership

    set_membership(user=both, organisation=org2, role="coordinator")
    assert digest.send_coordinator_digest() == 3
    mails = {n.recipient: n for n in Notification.objects.filter(kind="reports.digest")}
    assert f"#{attention['request'].pk}" not in mails[other.email].body_text
    assert f"#{attention['request'].pk}" in mails[both.email].body_text


def test_nothing_to_report_sends_nothing(org1, coordinator1):
    assert digest.send_coordinator_digest() == 0


def test_beat_schedules_exist():
    from django_celery_beat.models import PeriodicTask

    weekly = PeriodicTask.objects.get(task="reports.tasks.send_coordinator_digest")
    assert (weekly.crontab.minute, weekly.crontab.hour, weekly.crontab.day_of_week) == (
        "0",
        "8",
        "1",
    )
    assert str(weekly.crontab.timezone) == "Europe/Copenhagen"
    daily = PeriodicTask.objects.get(task="participants.tasks.send_who5_invitations")
    assert daily.crontab.day_of_week == "*"
