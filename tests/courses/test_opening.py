"""A cohort opens only with enough active facilitators holding a current certificate; lapsing
instructors are flagged; the lifecycle and cancellation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import selectors, services
from notifications.models import Notification
from tests.factories import PeerGuideFactory, make_cohort, make_enrollment, qualified_guide
from volunteers.models import Qualification

pytestmark = pytest.mark.django_db


def test_opens_with_two_qualified_facilitators(org1, coordinator1):
    cohort = make_cohort(org1, status="draft")
    services.open_cohort(cohort=cohort, actor=coordinator1)
    cohort.refresh_from_db()
    assert cohort.status == "open"
    assert cohort.history.get().actor == coordinator1


def test_refuses_without_enough_facilitators(org1):
    sofie = qualified_guide(org1)
    cohort = make_cohort(org1, status="draft", facilitators=[sofie])
    with pytest.raises(ValidationError) as error:
        services.open_cohort(cohort=cohort)
    assert "2" in str(error.value)
    assert "1" in str(error.value)


def test_refuses_expired_certificate_wrong_certificate_or_inactive_guide(org1):
    expired = qualified_guide(org1)
    Qualification.objects.filter(guide=expired).update(
        issued_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2021, 1, 1)
    )
    wrong = qualified_guide(org1, kind="lat_instructor")
    paused = qualified_guide(org1, status="paused")
    good = qualified_guide(org1)
    for other in (expired, wrong, paused):
        cohort = make_cohort(org1, status="draft", facilitators=[good, other])
        with pytest.raises(ValidationError):
            services.open_cohort(cohort=cohort)


def test_guide_from_another_organisation_does_not_count(org1, org2):
    cohort = make_cohort(
        org1, status="draft", facilitators=[qualified_guide(org1), qualified_guide(org2)]
    )
    with pytest.raises(ValidationError):
        services.open_cohort(cohort=cohort)


def test_group_activity_needs_one_facilitator_without_certificate(org1):
    cohort = make_cohort(
        org1,
        programme_name="Åben gruppeaktivitet",
        status="draft",
        facilitators=[PeerGuideFactory(organisation=org1)],
    )
    services.open_cohort(cohort=cohort)


def test_instructor_who_has_not_led_for_12_months_is_lapsing(org1):
    old = qualified_guide(org1)
    Qualification.objects.filter(guide=old).update(issued_on=datetime.date(2020, 1, 1))
    recent_leader = qualified_guide(org1)
    Qualification.objects.filter(guide=recent_leader).update(issued_on=datetime.date(2020, 1, 1))
    new = qualified_guide(org1)
    make_cohort(
        org1,
        status="running",
        facilitators=[recent_leader, new],
        first_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    cohort = make_cohort(org1, status="draft", facilitators=[old, recent_leader])
    overview = {row["guide"].pk: row for row in selectors.facilitator_overview(cohort=cohort)}
    assert overview[old.pk]["lapsing"] is True
    assert overview[recent_leader.pk]["lapsing"] is False
    assert selectors.lapsing_guide_ids(guides=[new], kind="wrap_facilitator") == set()
    services.open_cohort(cohort=cohort)  # a flag, not a refusal


def test_lifecycle_order(org1):
    cohort = make_cohort(
        org1, status="draft", first_date=timezone.localdate() - datetime.timedelta(weeks=10)
    )
    with pytest.raises(ValidationError):
        services.start_cohort(cohort=cohort)
    services.open_cohort(cohort=cohort)
    services.start_cohort(cohort=cohort)
    services.finish_cohort(cohort=cohort)
    with pytest.raises(ValidationError):
        services.cancel_cohort(cohort=cohort)


def test_cancel_tells_everyone(org1):
    cohort = make_cohort(org1)
    seat = make_enrollment(cohort)
    waiting = make_enrollment(cohort, status="waitlisted")
    gone = make_enrollment(cohort, status="withdrawn")
    services.cancel_cohort(cohort=cohort, reason="For få tilmeldte")
    told = set(
        Notification.objects.filter(kind="courses.cohort_cancelled").values_list(
            "recipient", flat=True
        )
    )
    assert seat.participant.email in told
    assert waiting.participant.email in told
    assert gone.participant.email not in told
    assert {g.email for g in cohort.facilitators.all()} <= told
