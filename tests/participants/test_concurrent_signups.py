"""Ten sign-ups with one e-mail address at the same moment make one participant, one enrollment
and one support request (PostgreSQL: the unique constraint and the participant's row lock)."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from courses import services as courses
from courses.models import Enrollment
from matching import services as matching
from matching.models import SupportRequest
from participants.models import Consent, Participant
from participants.services import ParticipantDetails
from tests.factories import make_cohort

TIMES = 10

# Skipped before any database fixture runs (see tests/courses/test_concurrency.py).
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def at_once(work) -> list[BaseException]:
    """Run `work(i)` in TIMES threads that start together, each on its own connection."""
    start = threading.Barrier(TIMES)
    errors: list[BaseException] = []

    def run(i):
        try:
            start.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(TIMES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def details(org, i):
    # The same person typing their address a little differently each time.
    email = "Mette@Mail.dk" if i % 2 else " mette@mail.DK"
    return ParticipantDetails(organisation=org, first_name="Mette", email=email)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Concurrent writes need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_ten_course_sign_ups_with_one_address(org1):
    cohort = make_cohort(org1, capacity=5)
    errors = at_once(lambda i: courses.sign_up(cohort=cohort, details=details(org1, i)))
    assert errors == []
    assert Participant.objects.filter(organisation=org1).count() == 1
    assert Enrollment.objects.filter(cohort=cohort).count() == 1
    enrollment = Enrollment.objects.get(cohort=cohort)
    errors = at_once(lambda i: courses.confirm_enrollment(enrollment=enrollment))
    assert errors == []
    assert Enrollment.objects.filter(cohort=cohort, status="enrolled").count() == 1


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Concurrent writes need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_ten_requests_for_a_guide_with_one_address(org1):
    errors = at_once(
        lambda i: matching.submit_support_request(
            details=details(org1, i),
            wishes=matching.Wishes(availability=["1-evening"]),
            purposes=[Consent.Purpose.SUPPORT],
        )
    )
    assert errors == []
    assert Participant.objects.filter(organisation=org1).count() == 1
    assert SupportRequest.objects.filter(organisation=org1).count() == 1
    participant = Participant.objects.get(organisation=org1)
    assert participant.consents.filter(purpose="support", withdrawn_at__isnull=True).count() == 1
