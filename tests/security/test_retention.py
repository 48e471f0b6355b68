"""Retention: the nightly job anonymises participants with nothing open and no activity for the
organisation's period (default 24 months) and deletes declined guide applications after 6
months; `due_for_retention` lists both ahead of time for the coordinator digest."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.models import Membership, User
from matching.models import Meeting
from participants.models import Participant
from privacy import retention, tasks
from privacy.models import RetentionPolicy
from tests.factories import (
    MatchFactory,
    ParticipantFactory,
    PeerGuideFactory,
    SupportRequestFactory,
)
from volunteers.models import PeerGuide

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def ago(months=0, days=0):
    return NOW - relativedelta(months=months) - datetime.timedelta(days=days)


def old_participant(org, months=25, days=0, **kwargs):
    """A participant whose only request closed `months` (and `days`) ago."""
    when = ago(months, days)
    participant = ParticipantFactory(organisation=org, created_at=when, **kwargs)
    SupportRequestFactory(
        participant=participant,
        status="closed",
        submitted_at=when,
        confirmed_at=when,
        status_changed_at=when,
    )
    return participant


def test_inactive_participant_is_anonymised(org1):
    participant = old_participant(org1, first_name="Gammelsen")
    result = retention.apply_retention(now=NOW)
    assert result["anonymised"] == 1
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    assert participant.first_name == ""
    assert retention.apply_retention(now=NOW)["anonymised"] == 0  # safe to run twice


def test_recent_activity_or_something_open_keeps_the_participant(org1):
    recent_meeting = old_participant(org1)
    match = MatchFactory(
        request__participant=recent_meeting,
        status="ended",
        closure_reason="goals_reached",
        proposed_at=ago(25),
        status_changed_at=ago(25),
        started_at=ago(25),
        ended_at=ago(25),
    )
    Meeting.objects.create(match=match, starts_at=ago(3), status="held", duration_minutes=30)
    waiting = ParticipantFactory(organisation=org1, created_at=ago(30))
    SupportRequestFactory(
        participant=waiting, status="waiting", submitted_at=ago(30), status_changed_at=ago(30)
    )
    young = ParticipantFactory(organisation=org1, created_at=ago(2))
    assert retention.apply_retention(now=NOW)["anonymised"] == 0
    for participant in (recent_meeting, waiting, young):
        participant.refresh_from_db()
        assert participant.anonymised_at is None


def test_the_period_is_set_per_organisation(org1, org2):
    RetentionPolicy.objects.create(organisation=org1, months=12)
    short = old_participant(org1, months=13)
    default = old_participant(org2, months=13)
    retention.apply_retention(now=NOW)
    assert Participant.objects.get(pk=short.pk).anonymised_at is not None
    assert Participant.objects.get(pk=default.pk).anonymised_at is None


def test_due_for_retention_lists_the_next_30_days_and_is_scoped(org1, org2):
    soon = old_participant(org1, months=23, days=20, first_name="Snartsen")
    old_participant(org2, months=23, days=20)  # another organisation's
    declined = PeerGuideFactory(
        organisation=org1, status="declined", status_changed_at=ago(5, days=20)
    )
    due = retention.due_for_retention(organisation_ids=[org1.pk], within_days=30, now=NOW)
    assert list(due.participants) == [soon]
    assert list(due.guide_applications) == [declined]
    assert retention.apply_retention(now=NOW) == {
        "anonymised": 0,
        "deleted_applications": 0,
        "expired_short_links": 0,
    }


def test_declined_applications_are_deleted_after_6_months(org1):
    old = PeerGuideFactory(organisation=org1, status="declined", status_changed_at=ago(7))
    recent = PeerGuideFactory(organisation=org1, status="declined", status_changed_at=ago(5))
    staff = PeerGuideFactory(organisation=org1, status="declined", status_changed_at=ago(7))
    Membership.objects.create(user=staff.user, organisation=org1, role=Membership.Role.COORDINATOR)
    active = PeerGuideFactory(organisation=org1, status="active", status_changed_at=ago(30))
    old_user, staff_user = old.user.pk, staff.user.pk

    assert retention.apply_retention(now=NOW)["deleted_applications"] == 2
    assert set(PeerGuide.objects.values_list("pk", flat=True)) == {recent.pk, active.pk}
    assert not User.objects.filter(pk=old_user).exists()
    assert User.objects.filter(pk=staff_user).exists()  # has another role


def test_command_task_and_schedule(org1):
    old_participant(org1)
    call_command("apply_retention", "--dry-run")
    assert Participant.objects.filter(anonymised_at=None).count() == 1
    call_command("apply_retention")
    assert Participant.objects.filter(anonymised_at=None).count() == 0
    assert tasks.apply_retention.acks_late
    assert tasks.apply_retention.delay().get() == {
        "anonymised": 0,
        "deleted_applications": 0,
        "expired_short_links": 0,
    }
    schedule = PeriodicTask.objects.get(task="privacy.tasks.apply_retention")
    assert (schedule.crontab.hour, schedule.crontab.minute) == ("2", "30")
    assert str(schedule.crontab.timezone) == "Europe/Copenhagen"


def test_the_digest_lists_what_retention_will_do_by_number_only(org1, coordinator1):
    from notifications.models import Notification
    from reports.digest import send_coordinator_digest

    soon = old_participant(org1, months=23, days=20, first_name="Snartsen")
    declined = PeerGuideFactory(
        organisation=org1, status="declined", status_changed_at=ago(5, days=20)
    )
    send_coordinator_digest(now=NOW)
    mail = Notification.objects.get(kind="reports.digest", recipient=coordinator1.email)
    assert f"Deltager nr. {soon.pk}" in mail.body_text
    assert f"Ansøgning nr. {declined.pk}" in mail.body_text
    assert "anonymiseret inden for 30 dage" in mail.body_text
    assert "Snartsen" not in mail.body_text
    assert declined.name not in mail.body_text


def test_expired_short_links_are_deleted_at_night():
    from notifications.models import ShortLink

    def link(code, expires_at):
        return ShortLink.objects.create(
            code=code,
            url="https://example.test/min-plan/log-ind/abc/",
            recipient_digest="x" * 64,
            created_at=NOW - datetime.timedelta(days=200),
            expires_at=expires_at,
        )

    link("gone", NOW - datetime.timedelta(minutes=1))
    link("kept", NOW + datetime.timedelta(days=1))
    assert retention.apply_retention(now=NOW)["expired_short_links"] == 1
    assert list(ShortLink.objects.values_list("code", flat=True)) == ["kept"]
