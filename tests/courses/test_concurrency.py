"""50 people confirm at the same moment for 12 seats: never over-booked (PostgreSQL)."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from courses import selectors, services
from courses.models import Enrollment
from tests.factories import make_cohort, make_enrollment

PEOPLE = 50
SEATS = 12

# Skipped before any database fixture runs: a transactional test that skips from inside its body
# still flushes the database, which on SQLite loses the reference data for later tests.
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Row locks (SELECT ... FOR UPDATE) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_people_twelve_seats(org1):
    cohort = make_cohort(org1, capacity=SEATS)
    pending = [make_enrollment(cohort, status="pending", first_name=f"P{i}") for i in range(PEOPLE)]

    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def confirm(enrollment):
        try:
            start.wait()
            services.confirm_enrollment(enrollment=enrollment)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(e,)) for e in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    statuses = list(Enrollment.objects.filter(cohort=cohort).values_list("status", flat=True))
    assert statuses.count("enrolled") == SEATS
    assert statuses.count("waitlisted") == PEOPLE - SEATS
    positions = sorted(
        selectors.waitlist_position(e)
        for e in Enrollment.objects.filter(cohort=cohort, status="waitlisted")
    )
    assert positions == list(range(1, PEOPLE - SEATS + 1))


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Row locks (SELECT ... FOR UPDATE) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fewer_seats_and_confirmations_at_the_same_moment_never_over_book(org1):
    """A coordinator lowers the seats from 12 to 6 while 10 people confirm: the seat count and the
    confirmations take the cohort lock in turn, so at most 6 (or those already holding a seat,
    if the change is refused) are enrolled, never more than the seats the cohort ends with."""
    cohort = make_cohort(org1, capacity=SEATS)
    for i in range(4):
        make_enrollment(cohort, first_name=f"E{i}")
    pending = [make_enrollment(cohort, status="pending", first_name=f"P{i}") for i in range(10)]
    start = threading.Barrier(len(pending) + 1)
    errors: list[BaseException] = []
    refused: list[BaseException] = []

    def run(work):
        try:
            start.wait()
            work()
        except ValidationError as exc:
            refused.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    jobs = [lambda e=e: services.confirm_enrollment(enrollment=e) for e in pending]
    jobs.append(lambda: services.update_cohort(cohort=cohort, changes={"capacity": 6}))
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    cohort.refresh_from_db()
    enrolled = Enrollment.objects.filter(cohort=cohort, status="enrolled").count()
    assert enrolled <= cohort.capacity
    assert cohort.capacity == (SEATS if refused else 6)
