"""The participant's admin change page loads the participant once and records the opening through
the registry's hook (core.registry.data_opened), which the privacy app receives."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.models import AccessEvent
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _loads_of(participant, queries) -> int:
    """SELECTs that fetch the participant's own row by its key."""
    table = re.compile(
        r'FROM "participants_participant" WHERE .*"participants_participant"\."id" = '
    )
    return sum(
        1
        for q in queries
        if q["sql"].startswith("SELECT")
        and table.search(q["sql"])
        and str(participant.pk) in q["sql"]
    )


def test_the_change_page_loads_the_participant_once_and_records_the_opening(
    client, org1, coordinator1
):
    participant = ParticipantFactory(organisation=org1, first_name="Gertrudina")
    client.force_login(coordinator1)
    url = reverse("admin:participants_participant_change", args=[participant.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert "Gertrudina" in response.content.decode()
    assert _loads_of(participant, captured.captured_queries) == 1
    event = AccessEvent.objects.get(participant=participant)
    assert (event.actor, event.where, event.path) == (coordinator1, AccessEvent.Where.ADMIN, url)
    # The extensions' links (the privacy app's) are on the page.
    assert reverse("admin:participants_participant_export", args=[participant.pk]) in (
        response.content.decode()
    )


def test_a_post_with_errors_shows_the_links_and_records_no_second_opening(
    client, org1, coordinator1
):
    participant = ParticipantFactory(organisation=org1)
    client.force_login(coordinator1)
    url = reverse("admin:participants_participant_change", args=[participant.pk])
    response = client.post(url, {"organisation": org1.pk, "first_name": ""})
    assert response.status_code == 200
    assert reverse("admin:participants_participant_export", args=[participant.pk]) in (
        response.content.decode()
    )
    assert not AccessEvent.objects.filter(participant=participant).exists()
