"""Erasure while someone else changes the person's match or course seat (PostgreSQL row locks).

The erasure closes what is open for the person. A request that someone else closes while the
erasure runs must be skipped, not fail the erasure (which would undo it, and stop the nightly
retention job), and what that other transaction queued for the person is scrubbed too."""

import datetime
import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction

from courses import services as course_services
from courses.models import Cohort, Enrollment
from matching import services
from matching.models import Match, SupportRequest
from notifications.models import Notification
from participants.privacy import erase_participant
from tests.factories import MatchFactory, make_cohort, make_enrollment

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Row locks (SELECT ... FOR UPDATE) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_erasure_skips_a_request_closed_at_the_same_moment(org1, coordinator1):
    match = MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Rosalina",
        started_at=None,
    )
    participant = match.request.participant
    email = participant.email
    locked = threading.Event()
    errors: list[BaseException] = []

    def coordinator_ends_the_match():
        try:
            with transaction.atomic():
                SupportRequest.objects.select_for_update().get(pk=match.request_id)
                locked.set()
                time.sleep(0.5)  # the erasure reads the request as open and waits for the lock
                services.end_match(
                    match=match,
                    reason=Match.ClosureReason.GOALS_REACHED,
                    actor=coordinator1,
                    closing_conversation_held=True,
                )
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    other = threading.Thread(target=coordinator_ends_the_match)
    other.start()
    assert locked.wait(timeout=30)
    erase_participant(participant=participant, actor=coordinator1)
    other.join(timeout=60)

    assert errors == []
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    request = SupportRequest.objects.get(pk=match.request_id)
    assert request.status == SupportRequest.Status.CLOSED  # the coordinator's ending stands
    match.refresh_from_db()
    assert match.closure_reason == Match.ClosureReason.GOALS_REACHED
    # The exit survey the ending queued for the person was scrubbed with the rest.
    assert not Notification.objects.filter(recipient=email).exists()
    assert not Notification.objects.filter(
        kind="matching.exit_survey_participant", status=Notification.Status.PENDING
    ).exists()
    assert not Notification.objects.filter(body_text__contains="Rosalina").exists()
    assert participant.anonymised_at > match.ended_at - datetime.timedelta(seconds=5)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Row locks (SELECT ... FOR UPDATE) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_erasure_and_a_course_withdrawal_at_the_same_moment_do_not_deadlock(org1):
    """The erasure locks the person, then the cohort; a withdrawal locks the cohort, then the
    enrollment -- and, before, the person's row with it (select_related), which deadlocked."""
    cohort = make_cohort(org1, capacity=5)
    enrollment = make_enrollment(cohort, status="enrolled", first_name="Rosalina")
    participant = enrollment.participant
    locked = threading.Event()
    errors: list[BaseException] = []

    def participant_leaves_the_course():
        try:
            with transaction.atomic():
                Cohort.objects.select_for_update().get(pk=cohort.pk)
                locked.set()
                time.sleep(0.5)  # the erasure holds the person and waits for the cohort
                course_services.withdraw(enrollment=enrollment)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    other = threading.Thread(target=participant_leaves_the_course)
    other.start()
    assert locked.wait(timeout=30)
    erase_participant(participant=participant, actor=None)
    other.join(timeout=60)

    assert errors == []
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN
    assert not Notification.objects.filter(body_text__contains="Rosalina").exists()
