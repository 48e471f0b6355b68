"""Twenty people confirm "Jeg kommer" at the same moment for 5 places: never more (PostgreSQL).
The same locked rule as cohort seats (courses/services.py)."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from activities import services
from activities.models import Rsvp
from participants.services import ParticipantDetails
from tests.activities.util import make_activity

PEOPLE = 20
PLACES = 5

# Skipped before any database fixture runs (see tests/courses/test_concurrency.py).
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Row locks (SELECT ... FOR UPDATE) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_people_five_places(org1):
    occurrence = make_activity(org1, capacity=PLACES).occurrences.first()
    pending = [
        services.say_coming(
            occurrence=occurrence,
            details=ParticipantDetails(
                organisation=org1, first_name=f"P{i}", email=f"p{i}@example.dk"
            ),
        )
        for i in range(PEOPLE)
    ]
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []
    full: list[ValidationError] = []

    def confirm(rsvp):
        try:
            start.wait()
            services.confirm_rsvp(rsvp=rsvp)
        except ValidationError as exc:
            full.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(r,)) for r in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert Rsvp.objects.filter(occurrence=occurrence, status="coming").count() == PLACES
    assert len(full) == PEOPLE - PLACES
    assert all(e.code == "full" for e in full)
