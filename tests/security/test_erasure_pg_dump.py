"""Erasure is complete for the person, checked where it matters: in a `pg_dump` of the whole
database. The person signed up, had a guide and a course, got session reminders, a WHO-5
invitation and a session change notice, changed e-mail and phone on their status page, asked to
be contacted after a low WHO-5; after erasure none of their names, addresses (old or new),
numbers or free texts is anywhere in the dump. PostgreSQL only (CI runs it there)."""

import json
import os
import shutil
import subprocess

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import Suppression
from participants.models import ContactHistory
from privacy.services import erase_participant
from tests.security import privacy_scenario as scenario

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump of the test database needs PostgreSQL"),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed"),
    # The rows must be committed for pg_dump (another connection) to see them.
    pytest.mark.django_db(transaction=True),
]


def pg_dump() -> str:
    db = connection.settings_dict
    command = ["pg_dump", "--data-only", "--no-owner", "--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    result = subprocess.run(command, capture_output=True, env=env, check=True, timeout=120)  # noqa: S603
    return result.stdout.decode("utf-8")


def found(markers, dump: str) -> list[str]:
    """Markers in the dump, also as JSON writes them (auditlog escapes non-ASCII letters)."""
    text = dump.casefold()
    return [
        marker
        for marker in markers
        if marker.casefold() in text or json.dumps(marker)[1:-1].casefold() in text
    ]


def test_pg_dump_after_erasure_holds_nothing_of_the_person(client, org1, coordinator1):
    story = scenario.build_everything(client, org1, coordinator1)
    participant = story.participant
    before = pg_dump()
    stored = found(scenario.EVERYTHING, before)
    for marker in [scenario.OLD_EMAIL, *scenario.WORDS]:
        assert marker in stored, f"the scenario should have stored {marker!r}"
    # The messages the issue names went to the old and the new address.
    for message in (story.session_reminder, story.who5_invitation):
        assert message.recipient == scenario.OLD_EMAIL
        assert scenario.FIRST in message.body_text
    assert story.session_change.recipient == scenario.NEW_EMAIL
    assert scenario.FIRST in story.contact_wish.body_text
    assert Suppression.objects.filter(recipient=scenario.OLD_EMAIL).exists()
    # The changed e-mail and phone, and the address of the duplicate merged in.
    assert ContactHistory.objects.filter(participant=participant).count() == 3

    erase_participant(participant=participant, actor=coordinator1)

    after = pg_dump()
    assert found(scenario.EVERYTHING, after) == []
    assert not ContactHistory.objects.filter(participant=participant).exists()
    assert not Suppression.objects.exists()
    for message in (
        story.session_reminder,
        story.who5_invitation,
        story.session_change,
        story.contact_wish,
    ):
        message.refresh_from_db()
        assert message.subject == "[erased]"
        assert (message.body_text, message.body_html) == ("", "")
    # The coordinator's alert stays addressed to the coordinator: only its text is about them.
    assert story.contact_wish.recipient == coordinator1.email
