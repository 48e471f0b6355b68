"""Erasure: after `erase_participant` no name, contact, year of birth or free text of the person
is anywhere in the database (the dump test runs on SQLite locally and on PostgreSQL in CI), and
the figures the reports count stay the same."""

import io
import json
import re

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from courses.models import Attendance, Enrollment
from matching.models import Match, Meeting, SupportRequest
from notifications.models import Notification, NotificationAttachment, Suppression
from participants.models import Consent, WellBeingMeasurement
from privacy.models import AccessEvent
from privacy.services import erase_participant, export_participant
from reports import selectors as report_selectors
from tests.security import privacy_scenario as scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(client, org1, coordinator1):
    return scenario.build(client, org1, coordinator1)


def dump() -> str:
    """Every table of every app (models without a table of their own are left out)."""
    unmanaged = [m._meta.label for m in apps.get_models() if not m._meta.managed]
    out = io.StringIO()
    call_command("dumpdata", stdout=out, format="json", exclude=unmanaged)
    return out.getvalue()


def figures(org):
    """How many rows there are: erasure removes none."""
    return {
        "requests": SupportRequest.objects.filter(organisation=org).count(),
        "matches": Match.objects.filter(organisation=org).count(),
        "meetings": Meeting.objects.filter(match__organisation=org).count(),
        "minutes": sum(
            Meeting.objects.filter(match__organisation=org)
            .values_list("duration_minutes", flat=True)
            .exclude(duration_minutes=None)
        ),
        "enrollments": Enrollment.objects.filter(cohort__organisation=org).count(),
        "attendance": Attendance.objects.filter(session__cohort__organisation=org).count(),
        "who5": WellBeingMeasurement.objects.filter(organisation=org).count(),
    }


HISTORY = (
    "requests_received",
    "matched",
    "median_days_to_match",
    "matches_started",
    "meetings_held",
    "meeting_hours",
    "volunteer_meeting_hours",
)


def report(org):
    """The reported figures about what has happened (what is open now may close, see below)."""
    scope = report_selectors.Scope(organisation_ids=(org.pk,))
    period = report_selectors.Period.year(scope.now.year)
    support = report_selectors.support_figures(period, scope)
    courses = report_selectors.course_figures(period, scope)
    return {
        "support": {key: support[key] for key in HISTORY},
        "courses": {
            key: courses[key]
            for key in ("cohorts_run", "sessions_held", "attendance_rate", "session_hours")
        },
    }


def test_dump_after_erasure_holds_none_of_the_persons_strings(
    story, coordinator1, django_db_blocker
):
    before = dump()
    for secret in scenario.SECRETS[:4] + [scenario.HELP, scenario.NOTE, scenario.DECLINE]:
        assert secret in before, f"the scenario should have stored {secret!r}"

    erase_participant(participant=story.participant, actor=coordinator1)

    after = dump()
    found = [secret for secret in scenario.SECRETS if secret in after]
    assert found == []
    assert '"birth_year": 1977' not in after
    assert not NotificationAttachment.objects.filter(
        notification__recipient__in=["[erased]", scenario.EMAIL]
    ).exists()


def test_erasure_keeps_figures_and_rows(story, org1, coordinator1):
    counts, reported = figures(org1), report(org1)
    participant = erase_participant(participant=story.participant, actor=coordinator1)
    assert figures(org1) == counts
    assert report(org1) == reported
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    assert (participant.first_name, participant.email, participant.phone) == ("", "", "")
    assert participant.birth_year is None
    assert not participant.experience_areas.exists()
    assert not Consent.objects.filter(participant=participant, withdrawn_at=None).exists()
    story.request.refresh_from_db()
    assert story.request.help_wanted == ""
    assert not story.request.experience_areas.exists()
    assert not Suppression.objects.filter(recipient=scenario.EMAIL).exists()
    assert not Notification.objects.filter(status="pending", recipient="[erased]").exists()


def test_erasure_closes_what_was_open_for_the_person(story, org1, coordinator1):
    """An anonymous person cannot be reached: the request is withdrawn (so the engine never
    proposes it again), the match ends and its guide is told, the course seat goes to the next
    on the waitlist."""
    from tests.factories import ParticipantFactory

    cohort = story.enrollment.cohort
    cohort.capacity = Enrollment.objects.filter(cohort=cohort, status="enrolled").count()
    cohort.save()
    next_in_line = Enrollment.objects.create(
        cohort=cohort,
        participant=ParticipantFactory(organisation=org1, email="naeste@example.org"),
        status="waitlisted",
        confirmed_at=timezone.now(),
    )
    planned = Meeting.objects.get(match=story.match, status=Meeting.Status.PLANNED)

    erase_participant(participant=story.participant, actor=coordinator1)

    story.request.refresh_from_db()
    assert story.request.status == SupportRequest.Status.WITHDRAWN
    story.match.refresh_from_db()
    assert story.match.status == Match.Status.ENDED
    assert story.match.closure_reason == Match.ClosureReason.PARTICIPANT_WITHDREW
    assert story.match.history.last().actor == coordinator1
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.CANCELLED
    told = Notification.objects.get(kind="matching.request_withdrawn_guide")
    assert told.recipient == story.match.guide.user.email
    assert told.status == Notification.Status.PENDING
    story.enrollment.refresh_from_db()
    assert story.enrollment.status == Enrollment.Status.WITHDRAWN
    next_in_line.refresh_from_db()
    assert next_in_line.status == Enrollment.Status.ENROLLED
    assert Notification.objects.filter(recipient="naeste@example.org").exists()


def test_erasure_is_recorded_once_and_safe_to_repeat(story, coordinator1):
    erase_participant(participant=story.participant, actor=coordinator1)
    erase_participant(participant=story.participant, actor=coordinator1)
    entries = LogEntry.objects.get_for_object(story.participant).filter(
        action=LogEntry.Action.UPDATE, changes__has_key="anonymised_at"
    )
    assert entries.count() == 1
    assert entries.get().actor == coordinator1


def test_the_trail_keeps_who_and_which_fields(story, coordinator1):
    erase_participant(participant=story.participant, actor=coordinator1)
    created = LogEntry.objects.get_for_object(story.participant).filter(action=0).get()
    assert "first_name" in created.changes_dict
    assert scenario.FIRST not in json.dumps(created.changes)


def test_export_holds_everything_and_is_json(story):
    data = export_participant(story.participant)
    text = json.dumps(data, ensure_ascii=False)
    for secret in (scenario.FIRST, scenario.EMAIL, scenario.HELP, scenario.NOTE):
        assert secret in text
    assert data["support_requests"][0]["matches"]
    assert data["courses"][0]["attendance"]
    assert data["wellbeing_questionnaires"][0]["raw_score"] == 17


def test_self_service_see_withdraw_erase(client, story):
    status = client.get(story.status_url)
    link = status.context["privacy_token"]
    page = client.get(reverse("privacy:my_data", args=[link]))
    assert page.status_code == 200
    assert scenario.HELP in page.text
    # Dates as people read them, never ISO; the guide's note is labelled as the guide's words.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page.text)
    meeting = Meeting.objects.filter(match__request__participant=story.participant).first()
    assert date_format(timezone.localtime(meeting.starts_at), r"j. F Y \k\l. H.i") in page.text
    assert "(din peerguide) om mødet:" in page.text
    assert AccessEvent.objects.filter(participant=story.participant, actor=None).exists()
    download = client.get(reverse("privacy:my_data_json", args=[link]))
    assert download["Content-Type"].startswith("application/json")
    assert json.loads(download.content)["participant"]["email"] == scenario.EMAIL

    response = client.post(reverse("privacy:withdraw", args=[link]), {"purpose": "evaluation"})
    assert response.status_code == 302
    assert not Consent.objects.filter(
        participant=story.participant, purpose="evaluation", withdrawn_at=None
    ).exists()

    confirm = client.get(reverse("privacy:erase", args=[link]))
    assert confirm.status_code == 200
    assert "vi giver din peerguide besked" in confirm.text
    refused = client.post(reverse("privacy:erase", args=[link]), {})
    assert refused.status_code == 400
    story.participant.refresh_from_db()
    assert story.participant.anonymised_at is None
    done = client.post(reverse("privacy:erase", args=[link]), {"confirm": "on"})
    assert done.status_code == 200
    story.participant.refresh_from_db()
    assert story.participant.anonymised_at is not None
    # Every link of the person stops working.
    assert client.get(reverse("privacy:my_data", args=[link])).status_code == 404
    assert client.get(story.status_url).status_code == 404


def test_course_page_links_to_the_data_page(client, story):
    from courses.services import manage_url

    url = manage_url(story.enrollment).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + url)
    assert page.status_code == 200
    assert reverse("privacy:my_data", args=[page.context["privacy_token"]]) in page.text


def test_tampered_link_is_refused(client):
    assert client.get(reverse("privacy:my_data", args=["nonsense"])).status_code == 400
