"""The rules the cohort, session and programme forms hold are the database's too: it refuses a row
that breaks one (on SQLite and PostgreSQL), the services refuse it with an error naming the field,
the admin shows it on the field, and the migration before the constraints repairs or reports old
rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Cohort, CohortSession, Programme
from tests.constraints import YEAR_1900, YEAR_3000, refused
from tests.factories import UserFactory, make_cohort, programme
from tests.form_data import cohort_admin_data
from tests.migrating import is_applied, migrate_to, migrated_back_to, migration_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(org1):
    return make_cohort(org1, status="draft")


# --- the database ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"weekday": 9}, "courses_cohort_weekday_valid"),
        ({"weekday": 7}, "courses_cohort_weekday_valid"),
        ({"session_minutes": 0}, "courses_cohort_session_minutes_range"),
        ({"session_minutes": 14}, "courses_cohort_session_minutes_range"),
        ({"session_minutes": 32767}, "courses_cohort_session_minutes_range"),
        ({"first_date": datetime.date(1900, 1, 1)}, "courses_cohort_first_date_range"),
        ({"first_date": datetime.date(3000, 1, 1)}, "courses_cohort_first_date_range"),
        ({"status": "bogus"}, "courses_cohort_status_valid"),
    ],
)
def test_database_refuses_a_cohort_the_forms_refuse(cohort, values, constraint):
    refused(Cohort, cohort.pk, constraint, **values)


def test_database_takes_a_cohort_at_the_edges(cohort):
    Cohort.objects.filter(pk=cohort.pk).update(
        weekday=6, session_minutes=15, first_date=datetime.date(2000, 1, 1)
    )
    Cohort.objects.filter(pk=cohort.pk).update(
        weekday=0, session_minutes=600, first_date=datetime.date(2100, 12, 31)
    )


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        (
            {"starts_at": YEAR_1900, "ends_at": YEAR_1900 + datetime.timedelta(hours=2)},
            "courses_session_starts_at_range",
        ),
        (
            {"starts_at": YEAR_3000, "ends_at": YEAR_3000 + datetime.timedelta(hours=2)},
            "courses_session_starts_at_range",
        ),
        ({"status": "bogus"}, "courses_session_status_valid"),
    ],
)
def test_database_refuses_a_session_the_forms_refuse(cohort, values, constraint):
    refused(CohortSession, cohort.sessions.first().pk, constraint, **values)


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"default_sessions": 0, "completion_min_sessions": 0}, "courses_programme_has_sessions"),
        ({"session_minutes": 0}, "courses_programme_session_minutes_range"),
        ({"session_minutes": 32767}, "courses_programme_session_minutes_range"),
    ],
)
def test_database_refuses_a_programme_the_forms_refuse(db, values, constraint):
    refused(Programme, programme("WRAP").pk, constraint, **values)


def test_the_constraints_list_every_choice():
    conditions = {
        c.name: c.condition for c in Cohort._meta.constraints + CohortSession._meta.constraints
    }
    assert sorted(conditions["courses_cohort_status_valid"].children[0][1]) == sorted(
        Cohort.Status.values
    )
    assert sorted(conditions["courses_session_status_valid"].children[0][1]) == sorted(
        CohortSession.Status.values
    )


# --- the services ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekday": 9}, "weekday"),
        ({"session_minutes": 0}, "session_minutes"),
        ({"session_minutes": 32767}, "session_minutes"),
        ({"first_date": datetime.date(1900, 1, 2)}, "first_date"),
        ({"first_date": datetime.date(3000, 1, 2)}, "first_date"),
    ],
)
def test_create_cohort_refuses_what_the_admin_form_refuses(org1, changes, field):
    kwargs = {
        "programme": programme("WRAP"),
        "organisation": org1,
        "title": "WRAP forår",
        "first_date": datetime.date(2026, 3, 3),
        "weekday": 1,
        "start_time": datetime.time(17, 0),
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.create_cohort(**kwargs)
    assert list(error.value.message_dict) == [field]
    assert not Cohort.objects.exists()
    assert not CohortSession.objects.exists()


def test_sessions_that_would_fall_outside_the_years_are_refused(org1):
    with pytest.raises(ValidationError) as error:
        services.create_cohort(
            programme=programme("WRAP"),
            organisation=org1,
            title="WRAP nytår",
            first_date=datetime.date(2100, 12, 1),
            weekday=1,
            start_time=datetime.time(17, 0),
        )
    assert list(error.value.message_dict) == ["first_date"]
    assert not Cohort.objects.exists()


@pytest.mark.parametrize("starts_at", [YEAR_1900, YEAR_3000])
def test_move_session_refuses_a_year_outside_the_window(cohort, starts_at):
    session = cohort.sessions.first()
    with pytest.raises(ValidationError) as error:
        services.move_session(session=session, starts_at=starts_at)
    assert list(error.value.message_dict) == ["starts_at"]
    moved = CohortSession.objects.get(pk=session.pk)
    assert moved.starts_at == session.starts_at


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekday": "9"}, "weekday"),
        ({"session_minutes": "0"}, "session_minutes"),
        ({"session_minutes": "32767"}, "session_minutes"),
        ({"first_date": "1900-11-03"}, "first_date"),
        ({"first_date": "3000-11-03"}, "first_date"),
    ],
)
def test_superuser_cohort_admin_answers_with_a_field_error(superuser_client, org1, changes, field):
    response = superuser_client.post(
        reverse("admin:courses_cohort_add"), cohort_admin_data(org1, **changes)
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Cohort.objects.exists()


@pytest.mark.parametrize("day", ["1900-06-01", "3000-06-01"])
def test_superuser_session_admin_answers_with_a_field_error(superuser_client, cohort, day):
    session = cohort.sessions.first()
    url = reverse("admin:courses_cohortsession_change", args=[session.pk])
    response = superuser_client.post(
        url, {"starts_at_0": day, "starts_at_1": "17:00:00", "status": "planned", "reason": ""}
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["adminform"].form.errors
    assert CohortSession.objects.get(pk=session.pk).starts_at == session.starts_at


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"session_minutes": "0"}, "session_minutes"),
        ({"default_sessions": "0"}, "default_sessions"),
    ],
)
def test_superuser_programme_admin_answers_with_a_field_error(superuser_client, changes, field):
    data = {
        "name": "Nyt forløb",
        "kind": "wrap",
        "target_group": "",
        "description": "",
        "neutral_title": "",
        "default_sessions": "6",
        "session_minutes": "120",
        "min_participants": "6",
        "max_participants": "12",
        "facilitators_required": "2",
        "required_qualification": "",
        "completion_min_sessions": "0",
        "is_active": "on",
        "plan-TOTAL_FORMS": "0",
        "plan-INITIAL_FORMS": "0",
        **changes,
    }
    response = superuser_client.post(reverse("admin:courses_programme_add"), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Programme.objects.filter(name="Nyt forløb").exists()


# --- the migration before the constraints ---------------------------------------------------

REPAIR = "0005_repair_cohorts_and_sessions"


@pytest.mark.django_db(transaction=True)
def test_repair_takes_the_weekday_and_length_the_sessions_were_made_with(org1):
    wrap = programme("WRAP")
    nine = make_cohort(org1, status="draft", title="Ugedag 9")
    zero = make_cohort(org1, status="draft", title="Længde 0")
    short = make_cohort(org1, status="draft", title="Længde 5")
    with migrated_back_to("courses", "0004_beat_schedules") as old:
        OldCohort = old.get_model("courses", "Cohort")
        OldSession = old.get_model("courses", "CohortSession")
        OldCohort.objects.filter(pk=nine.pk).update(weekday=9)
        OldCohort.objects.filter(pk=zero.pk).update(session_minutes=0)
        OldCohort.objects.filter(pk=short.pk).update(session_minutes=5)
        # Through the old model: the live one has columns added later (e.g. title_en).
        ancient = OldSession.objects.filter(cohort_id=short.pk).order_by("number").first()
        OldSession.objects.filter(pk=ancient.pk).update(
            starts_at=YEAR_1900, ends_at=YEAR_1900 + datetime.timedelta(hours=2)
        )

        bad_rows = migration_module("courses", REPAIR).RowsBreakRules
        with pytest.raises(bad_rows) as error:
            migrate_to("courses", REPAIR)
        report = str(error.value)
        assert "Nothing was changed" in report
        lines = report.splitlines()
        assert (
            "- courses.Cohort (1): a session lasts 15-600 minutes (session_minutes). "
            f"Ids: {short.pk}"
        ) in lines
        assert (
            f"- courses.CohortSession (1): the year is 2000-2100 (starts_at). Ids: {ancient.pk}"
        ) in lines
        assert len(lines) == 3  # the weekday and the length of 0 are repaired, not reported
        assert not is_applied("courses", REPAIR)
        assert OldCohort.objects.get(pk=nine.pk).weekday == 9

        OldCohort.objects.filter(pk=short.pk).update(session_minutes=90)
        OldSession.objects.filter(pk=ancient.pk).update(
            starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=2)
        )
        migrate_to("courses", "0006_cohort_session_constraints")
        assert OldCohort.objects.get(pk=nine.pk).weekday == 9 % 7
        assert OldCohort.objects.get(pk=zero.pk).session_minutes == wrap.session_minutes
        assert OldCohort.objects.get(pk=short.pk).session_minutes == 90
    assert is_applied("courses", "0006_cohort_session_constraints")
