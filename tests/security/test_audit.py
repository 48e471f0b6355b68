"""The audit trail (django-auditlog) and access events: every write of the registered models is
recorded with who and which fields changed (personal values masked); every opening of a
participant's page or export is an access event; coordinators see the trail of their own
participants only; nobody edits or deletes it."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.audit import MASK
from dashboard.audit import AUDITED
from matching.models import Meeting
from participants.models import Participant
from privacy.models import AccessEvent
from tests.factories import MatchFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(org1):
    return MatchFactory(
        request__participant__organisation=org1,
        request__participant__first_name="Gertrudina",
        status="accepted",
    )


@pytest.fixture
def participant(match):
    return match.request.participant


def test_every_listed_model_is_audited():
    for label in AUDITED:
        assert auditlog.contains(apps.get_model(label)), label


def test_create_change_delete_are_recorded_with_masked_personal_values(org1):
    participant = ParticipantFactory(organisation=org1, first_name="Hemmeligsen")
    participant.first_name = "Andetnavnsen"
    participant.save()
    entries = LogEntry.objects.get_for_object(participant).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    change = entries.last().changes_dict
    assert change["first_name"] == [MASK, MASK]
    assert "Hemmeligsen" not in json.dumps([e.changes for e in entries])
    meeting = Meeting.objects.create(
        match=MatchFactory(request__participant=participant), starts_at=timezone.now()
    )
    pk = meeting.pk
    meeting.delete()
    assert LogEntry.objects.filter(
        content_type__model="meeting", object_pk=str(pk), action=LogEntry.Action.DELETE
    ).exists()


def test_a_guides_request_records_the_guide_as_actor(client, match):
    client.force_login(match.guide.user)
    response = client.post(
        reverse("guide_matching:log_meeting", args=[match.pk]),
        {
            "starts_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "duration_minutes": 45,
            "mode": "walk",
            "note": "",
        },
    )
    assert response.status_code in (200, 302)
    meeting = Meeting.objects.filter(match=match).first()
    if meeting is not None:  # the form accepted the post
        entry = LogEntry.objects.get_for_object(meeting).get(action=LogEntry.Action.CREATE)
        assert entry.actor == match.guide.user


def test_opening_pages_writes_access_events(client, coordinator1, match, participant):
    client.force_login(coordinator1)
    url = reverse("admin:participants_participant_change", args=[participant.pk])
    assert client.get(url).status_code == 200
    event = AccessEvent.objects.get(participant=participant)
    assert (event.actor, event.where) == (coordinator1, AccessEvent.Where.ADMIN)

    client.force_login(match.guide.user)
    assert client.get(reverse("guide_matching:detail", args=[match.pk])).status_code == 200
    assert AccessEvent.objects.filter(
        participant=participant, actor=match.guide.user, where="dashboard"
    ).exists()

    client.force_login(coordinator1)
    export = client.get(reverse("admin:participants_participant_export", args=[participant.pk]))
    assert export.status_code == 200
    assert json.loads(export.content)["participant"]["first_name"] == "Gertrudina"
    assert AccessEvent.objects.filter(participant=participant, where="export").exists()


def test_another_organisation_gets_404_and_leaves_no_event(client, coordinator2, participant):
    client.force_login(coordinator2)
    for name in ("change", "trail", "export", "erase"):
        url = reverse(f"admin:participants_participant_{name}", args=[participant.pk])
        response = client.get(url)
        assert response.status_code in (302, 404), name  # change redirects with "not found"
        assert "Gertrudina" not in response.content.decode()
    response = client.post(
        reverse("admin:participants_participant_erase", args=[participant.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 404
    participant.refresh_from_db()
    assert participant.anonymised_at is None
    assert not AccessEvent.objects.filter(participant=participant).exists()


def test_coordinator_sees_the_trail_of_own_participant(client, coordinator1, participant):
    participant.last_name = "Skiftet"
    participant.save()
    client.force_login(coordinator1)
    response = client.get(reverse("admin:participants_participant_trail", args=[participant.pk]))
    assert response.status_code == 200
    # The change is there, its values are not (the name itself is on the page, as on the
    # participant's own admin page).
    assert f"last_name:  → {MASK}" in response.text


def test_the_trail_needs_its_permission(client, org1, participant):
    from tests.factories import coordinator_of

    user = coordinator_of(org1, email="uden-spor@example.test")
    user.groups.clear()
    user.user_permissions.add(
        Permission.objects.get(codename="view_participant"),
        Permission.objects.get(codename="change_participant"),
    )
    client.force_login(user)
    url = reverse("admin:participants_participant_trail", args=[participant.pk])
    assert client.get(url).status_code == 403


def test_global_trail_is_for_superusers_and_never_editable(client, coordinator1, participant):
    client.force_login(coordinator1)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403
    admin = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    entry = LogEntry.objects.first()
    assert client.get(reverse("admin:auditlog_logentry_delete", args=[entry.pk])).status_code in (
        403,
        302,
    )
    client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403


def test_access_events_are_read_only_and_scoped(client, coordinator1, coordinator2, participant):
    client.force_login(coordinator1)
    client.get(reverse("admin:participants_participant_change", args=[participant.pk]))
    event = AccessEvent.objects.get()
    assert client.get(reverse("admin:privacy_accessevent_changelist")).status_code == 200
    assert client.get(reverse("admin:privacy_accessevent_add")).status_code == 403
    client.post(reverse("admin:privacy_accessevent_delete", args=[event.pk]), {"post": "yes"})
    assert AccessEvent.objects.filter(pk=event.pk).exists()
    client.force_login(coordinator2)
    listing = client.get(reverse("admin:privacy_accessevent_changelist"))
    assert f"#{participant.pk}" not in listing.text or "0 " in listing.text
    assert client.get(reverse("admin:privacy_accessevent_change", args=[event.pk])).status_code in (
        302,
        404,
    )


def test_admin_actions_export_and_erase_with_confirmation(client, coordinator1, participant):
    client.force_login(coordinator1)
    changelist = reverse("admin:participants_participant_changelist")
    selected = {"_selected_action": [participant.pk]}
    export = client.post(changelist, {"action": "export_json", **selected})
    assert export.status_code == 200
    assert json.loads(export.content)["participant"]["first_name"] == "Gertrudina"

    confirm = client.post(changelist, {"action": "erase_selected", **selected})
    assert confirm.status_code == 200
    assert "Gertrudina" in confirm.text
    participant.refresh_from_db()
    assert participant.anonymised_at is None

    done = client.post(changelist, {"action": "erase_selected", "confirm": "yes", **selected})
    assert done.status_code == 302
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    assert not Participant.objects.filter(first_name="Gertrudina").exists()


def test_erase_view_on_the_change_page(client, coordinator1, participant):
    client.force_login(coordinator1)
    url = reverse("admin:participants_participant_erase", args=[participant.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
