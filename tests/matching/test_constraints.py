"""The rules the meeting and feedback forms hold are the database's too: it refuses a row that
breaks one (on SQLite and PostgreSQL), the services refuse it with an error naming the field,
the admin shows it on the field, and the migration before the constraints repairs or reports
old rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from matching import services
from matching.forms import MeetingTimeField
from matching.models import Feedback, Match, Meeting
from tests.constraints import TZ, YEAR_1900, YEAR_3000, refused
from tests.factories import MatchFactory, UserFactory
from tests.migrating import is_applied, migrate_to, migrated_back_to, migration_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    return Meeting.objects.create(
        match=MatchFactory(), starts_at=timezone.now(), status="held", duration_minutes=60
    )


@pytest.fixture
def exit_feedback(db):
    match = MatchFactory(status="ended", closure_reason="goals_reached")
    return Feedback.objects.create(
        match=match, kind="exit", respondent="participant", answer="yes", rating=4
    )


# --- the database ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"duration_minutes": 0}, "matching_meeting_minutes_range"),
        ({"duration_minutes": 4}, "matching_meeting_minutes_range"),
        ({"duration_minutes": 601}, "matching_meeting_minutes_range"),
        ({"duration_minutes": 32767}, "matching_meeting_minutes_range"),
        ({"duration_minutes": None}, "matching_held_meeting_has_minutes"),
        ({"starts_at": YEAR_1900}, "matching_meeting_starts_at_range"),
        ({"starts_at": YEAR_3000}, "matching_meeting_starts_at_range"),
        ({"status": "bogus"}, "matching_meeting_status_valid"),
        ({"mode": "bogus"}, "matching_meeting_mode_valid"),
    ],
)
def test_database_refuses_a_meeting_the_forms_refuse(meeting, values, constraint):
    refused(Meeting, meeting.pk, constraint, **values)


@pytest.mark.parametrize(
    "values",
    [
        {"duration_minutes": 5},
        {"duration_minutes": 600},
        {"status": "planned", "duration_minutes": None},
        {"starts_at": datetime.datetime(2000, 1, 1, tzinfo=TZ)},
        {"starts_at": datetime.datetime(2100, 12, 31, 23, 59, tzinfo=TZ)},
    ],
)
def test_database_takes_a_meeting_at_the_edges(meeting, values):
    Meeting.objects.filter(pk=meeting.pk).update(**values)


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"rating": 99}, "matching_feedback_rating_range"),
        ({"rating": 0}, "matching_feedback_rating_range"),
        ({"answer": "bogus"}, "matching_feedback_answer_valid"),
        ({"kind": "bogus"}, "matching_feedback_kind_valid"),
        ({"respondent": "bogus"}, "matching_feedback_respondent_valid"),
        ({"kind": "fit_check"}, "matching_feedback_fit_check_has_no_rating"),
    ],
)
def test_database_refuses_feedback_the_forms_refuse(exit_feedback, values, constraint):
    refused(Feedback, exit_feedback.pk, constraint, **values)


def test_the_constraints_list_every_choice():
    """The constraints copy the choices as literals (a Meta cannot see its model's classes)."""
    conditions = {
        c.name: c.condition for c in Meeting._meta.constraints + Feedback._meta.constraints
    }

    def values(name):
        return sorted(conditions[name].children[0][1])

    assert values("matching_meeting_status_valid") == sorted(Meeting.Status.values)
    assert values("matching_meeting_mode_valid") == sorted(Meeting.Mode.values)
    assert values("matching_feedback_answer_valid") == sorted(Feedback.Answer.values)
    assert values("matching_feedback_kind_valid") == sorted(Feedback.Kind.values)
    assert values("matching_feedback_respondent_valid") == sorted(Feedback.Respondent.values)


# --- the services ---------------------------------------------------------------------------


@pytest.fixture
def accepted(db):
    return MatchFactory(status="accepted", started_at=None)


def _field_errors(error) -> dict:
    return error.value.message_dict


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (YEAR_3000, MeetingTimeField.default_error_messages["out_of_range"]),
        (timezone.now() + datetime.timedelta(days=400), None),
        (YEAR_1900, None),
    ],
)
def test_plan_meeting_refuses_a_date_the_form_refuses(accepted, starts_at, message):
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(
            match=accepted, guide=accepted.guide, starts_at=starts_at, mode="phone"
        )
    assert list(_field_errors(error)) == ["starts_at"]
    if message:
        assert _field_errors(error)["starts_at"] == [str(message)]
    assert not Meeting.objects.exists()


def test_plan_meeting_refuses_an_unknown_mode(accepted):
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(
            match=accepted,
            guide=accepted.guide,
            starts_at=timezone.now() + datetime.timedelta(days=2),
            mode="bogus",
        )
    assert list(_field_errors(error)) == ["mode"]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 32767}, "duration_minutes"),
        ({"starts_at": YEAR_1900}, "starts_at"),
        ({"starts_at": YEAR_3000}, "starts_at"),
        ({"starts_at": timezone.now() - datetime.timedelta(days=400)}, "starts_at"),
        ({"mode": "bogus"}, "mode"),
    ],
)
def test_log_meeting_refuses_what_the_form_refuses(accepted, changes, field):
    kwargs = {
        "starts_at": timezone.now() - datetime.timedelta(hours=2),
        "duration_minutes": 60,
        "mode": "walk",
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.log_meeting(match=accepted, guide=accepted.guide, **kwargs)
    assert list(_field_errors(error)) == [field]
    assert not Meeting.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == Match.Status.ACCEPTED


@pytest.mark.parametrize(
    ("kind", "changes", "field", "message"),
    [
        ("exit", {"rating": 99}, "rating", "Choose a number from 1 to 5."),
        ("exit", {"rating": 0}, "rating", None),
        ("exit", {"answer": "bogus"}, "answer", None),
        ("fit_check", {"rating": 3}, "rating", None),
        ("exit", {"respondent": "bogus"}, "respondent", None),
    ],
)
def test_answer_feedback_refuses_what_the_form_refuses(kind, changes, field, message):
    match = MatchFactory(
        status="ended" if kind == "exit" else "active",
        closure_reason="goals_reached" if kind == "exit" else "",
    )
    kwargs = {"respondent": "participant", "answer": "yes", "rating": None, **changes}
    with pytest.raises(ValidationError) as error:
        services.answer_feedback(match=match, kind=kind, **kwargs)
    assert list(_field_errors(error)) == [field]
    if message:
        assert _field_errors(error)[field] == [gettext(message)]
    assert not Feedback.objects.exists()


def test_answer_feedback_takes_a_rating_on_the_exit_survey():
    match = MatchFactory(status="ended", closure_reason="goals_reached")
    services.answer_feedback(
        match=match, kind="exit", respondent="participant", answer="yes", rating=5
    )
    assert Feedback.objects.get().rating == 5


# --- the admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_minutes": "0"}, "duration_minutes"),
        ({"duration_minutes": "32767"}, "duration_minutes"),
        ({"starts_at_0": "1900-06-01"}, "starts_at"),
        ({"starts_at_0": "3000-06-01"}, "starts_at"),
        ({"mode": "bogus"}, "mode"),
    ],
)
def test_superuser_admin_answers_with_a_field_error(client, meeting, changes, field):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    local = timezone.localtime(meeting.starts_at)
    data = {
        "status": "held",
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M"),
        "place": "",
        "mode": "walk",
        "duration_minutes": "60",
        "themes": "[]",
        "note": "",
        **changes,
    }
    url = reverse("admin:matching_meeting_change", args=[meeting.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 60
    assert meeting.mode == "in_person"


# --- the migration before the constraints ---------------------------------------------------

REPAIR = "0004_repair_meetings_and_feedback"


@pytest.mark.django_db(transaction=True)
def test_repair_clears_minutes_of_meetings_not_held_and_reports_the_rest():
    match = MatchFactory(status="ended", closure_reason="goals_reached")
    now = timezone.now()
    with migrated_back_to("matching", "0003_beat_schedules") as old:
        OldMeeting = old.get_model("matching", "Meeting")
        OldFeedback = old.get_model("matching", "Feedback")
        cancelled = OldMeeting.objects.create(
            match_id=match.pk, starts_at=now, status="cancelled", duration_minutes=0
        )
        held = OldMeeting.objects.create(
            match_id=match.pk, starts_at=now, status="held", duration_minutes=32767
        )
        ancient = OldMeeting.objects.create(
            match_id=match.pk, starts_at=YEAR_1900, status="planned", mode="phone"
        )
        feedback = OldFeedback.objects.create(
            match_id=match.pk, kind="exit", respondent="guide", answer="bogus", rating=99
        )

        bad_rows = migration_module("matching", REPAIR).RowsBreakRules
        with pytest.raises(bad_rows) as error:
            migrate_to("matching", REPAIR)
        report = str(error.value)
        assert "Nothing was changed" in report
        assert "matching.Meeting (1): a held meeting lasts between 5 and 600 minutes" in report
        assert f"Ids: {held.pk}\n" in report
        assert f"the year is 2000-2100 (starts_at). Ids: {ancient.pk}" in report
        assert f"answer is yes, not_sure or no. Ids: {feedback.pk}" in report
        assert f"rating is empty or 1-5. Ids: {feedback.pk}" in report
        assert not is_applied("matching", REPAIR)
        cancelled.refresh_from_db()
        assert cancelled.duration_minutes == 0  # rolled back with the rest

        # A person fixes what only a person can; the migration repairs the rest.
        OldMeeting.objects.filter(pk=held.pk).update(duration_minutes=90)
        OldMeeting.objects.filter(pk=ancient.pk).update(starts_at=now)
        OldFeedback.objects.filter(pk=feedback.pk).update(answer="yes", rating=5)
        migrate_to("matching", "0005_meeting_feedback_constraints")
        cancelled.refresh_from_db()
        assert cancelled.duration_minutes is None
        assert Meeting.objects.get(pk=held.pk).duration_minutes == 90
    assert is_applied("matching", "0005_meeting_feedback_constraints")
