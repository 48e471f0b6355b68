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
from privacy.services import erase_participant
from tests.factories import MatchFactory, make_cohort, make_enrollment

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def erase_while(participant, *, lock, then, actor=None) -> list[BaseException]:
    """In another thread's transaction: take `lock()`, wait half a second (the erasure starts and
    runs into the lock), then do `then()` and commit. Returns what that thread raised."""
    locked = threading.Event()
    errors: list[BaseException] = []

    def other_transaction():
        try:
            with transaction.atomic():
                lock()
                locked.set()
                time.sleep(0.5)
                then()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    other = threading.Thread(target=other_transaction)
    other.start()
    assert locked.wait(timeout=30)
    erase_participant(participant=participant, actor=actor)
    other.join(timeout=60)
    return errors


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

    errors = erase_while(
        participant,
        # The erasure reads the request as open and waits for this lock.
        lock=lambda: SupportRequest.objects.select_for_update().get(pk=match.request_id),
        then=lambda: services.end_match(
            match=match,
            reason=Match.ClosureReason.GOALS_REACHED,
            actor=coordinator1,
            closing_conversation_held=True,
        ),
        actor=coordinator1,
    )

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

    errors = erase_while(
        participant,
        # The erasure holds the person and waits for the cohort.
        lock=lambda: Cohort.objects.select_for_update().get(pk=cohort.pk),
        then=lambda: course_services.withdraw(enrollment=enrollment),
    )

    assert errors == []
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN
    assert not Notification.objects.filter(body_text__contains="Rosalina").exists()
