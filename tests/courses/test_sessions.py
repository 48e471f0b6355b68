"""Creating a cohort generates its sessions; a session can be moved or cancelled and people are
told."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import services
from courses.models import CohortSession, SessionChange
from notifications.models import Notification
from tests.factories import make_cohort, make_enrollment, programme

pytestmark = pytest.mark.django_db


def test_session_dates_weekly_on_the_weekday_skipping_removed_dates():
    first = datetime.date(2026, 9, 28)  # a Monday
    dates, skipped = services.plan_session_dates(
        first_date=first, weekday=1, count=4, skip_dates=["2026-10-13"]
    )
    assert dates == [
        datetime.date(2026, 9, 29),
        datetime.date(2026, 10, 6),
        datetime.date(2026, 10, 20),
        datetime.date(2026, 10, 27),
    ]
    assert [s.day for s in skipped] == [datetime.date(2026, 10, 13)]


def test_create_cohort_generates_sessions_from_the_programme(org1):
    first = datetime.date(2026, 10, 6)  # Tuesday
    cohort = services.create_cohort(
        programme=programme("WRAP"),
        organisation=org1,
        title="WRAP efterår",
        first_date=first,
        weekday=1,
        start_time=datetime.time(17, 0),
        skip_dates=[datetime.date(2026, 10, 13)],
    )
    sessions = list(cohort.sessions.order_by("number"))
    assert [s.number for s in sessions] == list(range(1, 9))
    assert cohort.capacity == 12
    assert cohort.session_minutes == 120
    assert cohort.completion_min_sessions == 6
    local = [timezone.localtime(s.starts_at) for s in sessions]
    assert local[0].date() == first
    assert local[0].hour == 17
    assert local[1].date() == datetime.date(2026, 10, 20)
    assert all(d.weekday() == 1 for d in local)
    assert sessions[0].ends_at - sessions[0].starts_at == datetime.timedelta(hours=2)
    assert sessions[0].title == "Velkommen til WRAP"


def test_lær_at_tackle_gets_an_information_meeting_before_session_1(org1):
    cohort = make_cohort(org1, programme_name="Lær at tackle angst og depression")
    numbers = list(cohort.sessions.order_by("number").values_list("number", flat=True))
    assert numbers == [0, 1, 2, 3, 4, 5, 6, 7]
    info, first = cohort.sessions.order_by("number")[:2]
    assert first.starts_at - info.starts_at == datetime.timedelta(weeks=1)
    assert first.ends_at - first.starts_at == datetime.timedelta(minutes=150)


def test_sessions_are_generated_once(org1):
    cohort = make_cohort(org1)
    with pytest.raises(ValidationError):
        services.generate_sessions(cohort=cohort)


def test_moving_a_session_records_the_change_and_tells_everyone(org1):
    cohort = make_cohort(org1)
    enrolled = make_enrollment(cohort, first_name="Ida")
    make_enrollment(cohort, status="withdrawn", first_name="Bo")
    session = cohort.sessions.get(number=2)
    new_start = session.starts_at + datetime.timedelta(days=1)
    change = services.move_session(
        session=session, starts_at=new_start, reason="Lokalet er optaget"
    )
    session.refresh_from_db()
    assert session.starts_at == new_start
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=2)
    assert change.kind == SessionChange.Kind.MOVED
    assert change.notified == 3
    recipients = set(
        Notification.objects.filter(kind="courses.session_changed").values_list(
            "recipient", flat=True
        )
    )
    assert enrolled.participant.email in recipients
    assert {g.email for g in cohort.facilitators.all()} <= recipients
    assert len(recipients) == 3
    to_participant = Notification.objects.get(recipient=enrolled.participant.email)
    assert "WRAP" not in to_participant.body_text  # no course name in a participant's inbox
    assert "Lokalet er optaget" in to_participant.body_text


def test_cancelling_a_session(org1):
    cohort = make_cohort(org1)
    make_enrollment(cohort)
    session = cohort.sessions.get(number=3)
    services.cancel_session(session=session)
    session.refresh_from_db()
    assert session.status == CohortSession.Status.CANCELLED
    assert SessionChange.objects.get().kind == "cancelled"
    with pytest.raises(ValidationError):
        services.cancel_session(session=session)
    with pytest.raises(ValidationError):
        services.move_session(session=session, starts_at=timezone.now())


def test_upcoming_sessions_for_reminders_have_a_fixed_query_count(org1, django_assert_num_queries):
    from courses.selectors import upcoming_sessions

    now = timezone.now()
    cohort = make_cohort(org1, first_date=timezone.localdate() + datetime.timedelta(days=1))
    make_enrollment(cohort, first_name="Ida")
    make_enrollment(cohort, status="waitlisted")
    make_cohort(org1, status="draft", first_date=timezone.localdate() + datetime.timedelta(days=1))
    end = now + datetime.timedelta(days=3)
    with django_assert_num_queries(3):
        sessions = list(upcoming_sessions(start=now, end=end))
        people = [
            (s.cohort.title, [e.participant.email for e in s.cohort.enrolled])
            + tuple(g.email for g in s.cohort.facilitator_list)
            for s in sessions
        ]
    assert len(sessions) == 1
    assert len(people[0][1]) == 1


def test_facilitators_are_told_in_their_own_language(org1):
    cohort = make_cohort(org1, status="open")
    english, danish = cohort.facilitators.select_related("user").order_by("pk")[:2]
    english.user.language = "en"
    english.user.save(update_fields=["language"])
    danish.user.language = "da"
    danish.user.save(update_fields=["language"])

    services.move_session(
        session=cohort.sessions.get(number=2),
        starts_at=cohort.sessions.get(number=2).starts_at + datetime.timedelta(days=1),
        reason="Lokalet er optaget",
    )
    services.cancel_cohort(cohort=cohort, reason="For få tilmeldte")

    def told(guide, kind):
        return Notification.objects.get(kind=kind, recipient=guide.user.email)

    moved_en = told(english, "courses.session_changed")
    assert (moved_en.language, moved_en.subject) == ("en", "A course session has a new time")
    moved_da = told(danish, "courses.session_changed")
    assert moved_da.language == "da"
    assert moved_da.subject == "En kursusgang har fået et nyt tidspunkt"
    cancelled_en = told(english, "courses.cohort_cancelled")
    assert (cancelled_en.language, cancelled_en.subject) == ("en", "The course is cancelled")
    assert told(danish, "courses.cohort_cancelled").language == "da"
