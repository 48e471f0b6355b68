"""Seats, the waitlist order, confirmation by e-mail link and promotion on withdrawal."""

import pytest
from django.core.exceptions import ValidationError

from courses import selectors, services
from courses.models import Enrollment
from notifications.models import Notification
from participants.services import ParticipantDetails
from tests.factories import make_cohort, make_enrollment

pytestmark = pytest.mark.django_db

E = Enrollment.Status


def _sign_up(cohort, email, first_name="Ida"):
    return services.sign_up(
        cohort=cohort,
        details=ParticipantDetails(
            organisation=cohort.organisation, first_name=first_name, email=email
        ),
    )


def test_sign_up_is_pending_and_holds_no_seat(org1):
    cohort = make_cohort(org1, capacity=1)
    enrollment = _sign_up(cohort, "ida@example.test")
    assert enrollment.status == E.PENDING
    assert enrollment.participant.consents.filter(purpose="course").exists()
    mail = Notification.objects.get(kind="courses.confirm_signup")
    assert "/kurser/bekraeft/" in mail.body_text
    assert "WRAP" not in mail.body_text + mail.subject
    other = _sign_up(cohort, "bo@example.test")
    assert services.confirm_enrollment(enrollment=other).status == E.ENROLLED


def test_signing_up_twice_returns_the_same_sign_up(org1):
    cohort = make_cohort(org1)
    first = _sign_up(cohort, "ida@example.test")
    assert _sign_up(cohort, "IDA@example.test").pk == first.pk
    assert Enrollment.objects.count() == 1


def test_sign_up_refused_when_not_open(org1):
    cohort = make_cohort(org1, status="draft")
    with pytest.raises(ValidationError):
        _sign_up(cohort, "ida@example.test")


def test_capacity_then_waitlist_in_order(org1):
    cohort = make_cohort(org1, capacity=2)
    pending = [_sign_up(cohort, f"p{i}@example.test", f"P{i}") for i in range(5)]
    results = [services.confirm_enrollment(enrollment=e) for e in pending]
    assert [r.status for r in results] == [E.ENROLLED, E.ENROLLED] + [E.WAITLISTED] * 3
    assert [selectors.waitlist_position(r) for r in results[2:]] == [1, 2, 3]
    assert [e.pk for e in selectors.waitlist(cohort)] == [r.pk for r in results[2:]]
    enrolled_mail = Notification.objects.filter(kind="courses.enrolled").first()
    assert enrolled_mail.attachments.get().filename.endswith(".ics")
    waitlisted = Notification.objects.filter(kind="courses.waitlisted").order_by("pk").last()
    assert "nummer 3" in waitlisted.body_text


def test_confirming_twice_changes_nothing(org1):
    cohort = make_cohort(org1, capacity=1)
    enrollment = _sign_up(cohort, "ida@example.test")
    services.confirm_enrollment(enrollment=enrollment)
    again = services.confirm_enrollment(enrollment=enrollment)
    assert again.status == E.ENROLLED
    assert Notification.objects.filter(kind="courses.enrolled").count() == 1


def test_withdrawal_promotes_the_first_on_the_waitlist(org1):
    cohort = make_cohort(org1, capacity=1)
    seat = services.confirm_enrollment(enrollment=_sign_up(cohort, "a@example.test", "A"))
    first = services.confirm_enrollment(enrollment=_sign_up(cohort, "b@example.test", "B"))
    second = services.confirm_enrollment(enrollment=_sign_up(cohort, "c@example.test", "C"))
    services.withdraw(enrollment=seat)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == E.ENROLLED
    assert second.status == E.WAITLISTED
    assert selectors.waitlist_position(second) == 1
    promoted = Notification.objects.get(kind="courses.promoted")
    assert promoted.recipient == "b@example.test"
    assert promoted.attachments.count() == 1
    assert Notification.objects.filter(kind="courses.withdrawn", recipient="a@example.test")


def test_leaving_the_waitlist_frees_no_seat(org1):
    cohort = make_cohort(org1, capacity=1)
    make_enrollment(cohort)
    waiting = make_enrollment(cohort, status="waitlisted")
    behind = make_enrollment(cohort, status="waitlisted")
    services.withdraw(enrollment=waiting)
    behind.refresh_from_db()
    assert behind.status == E.WAITLISTED
    assert selectors.waitlist_position(behind) == 1


def test_raising_capacity_fills_from_the_waitlist(org1):
    cohort = make_cohort(org1, capacity=1)
    make_enrollment(cohort)
    waiting = [make_enrollment(cohort, status="waitlisted") for _ in range(3)]
    cohort.capacity = 3
    cohort.save()
    promoted = services.fill_from_waitlist(cohort=cohort)
    assert [p.pk for p in promoted] == [w.pk for w in waiting[:2]]


def test_no_withdrawal_after_the_course(org1):
    cohort = make_cohort(org1)
    done = make_enrollment(cohort, status="completed")
    with pytest.raises(ValidationError):
        services.withdraw(enrollment=done)


def test_confirming_after_cancellation_is_refused(org1):
    cohort = make_cohort(org1)
    pending = _sign_up(cohort, "ida@example.test")
    services.cancel_cohort(cohort=cohort)
    with pytest.raises(ValidationError):
        services.confirm_enrollment(enrollment=pending)
