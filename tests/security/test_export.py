"""The data export (the participant's "see my data" and the admin's JSON export) covers every
record the apps declare in the participant-data registry, old addresses' messages included."""

import json

import pytest
from django.db import models

from core import registry
from privacy.services import export_participant
from tests.security import privacy_scenario as scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(client, org1, coordinator1):
    return scenario.build_everything(client, org1, coordinator1)


def _texts(row) -> list[str]:
    """The free-text values of a row (choices are exported as their labels, hashes not at all)."""
    return [
        value
        for field in row._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in ("digest", "path", "text_version")
        and (value := getattr(row, field.attname))
    ]


def test_every_registered_record_is_in_its_export_section(story):
    participant = story.participant
    data = export_participant(participant, by_participant=True)  # their own: with their plan
    checked = []
    for holding in registry.holdings():
        rows = list(holding.rows(participant.pk))
        if not rows:
            continue
        section = json.dumps(data[holding.export], ensure_ascii=False)
        assert data[holding.export], f"{holding.label}: {len(rows)} rows, empty export section"
        for row in rows:
            for text in _texts(row):
                assert text in section, f"{holding.label}.{text!r} is not in {holding.export}"
        checked.append(holding.label)
    # The scenario has rows of every kind, so nothing above was skipped.
    assert sorted(checked) == sorted(h.label for h in registry.holdings())


def test_export_holds_the_free_texts_and_every_message(story):
    data = export_participant(story.participant)
    text = json.dumps(data, ensure_ascii=False)
    for marker in scenario.WORDS:
        assert marker in text, marker
    # Messages to the old address are the person's too; the old address itself is kept only
    # as a keyed hash, so the export says that it was kept and when.
    subjects = [m["subject"] for m in data["messages"]]
    for message in (story.session_reminder, story.who5_invitation, story.session_change):
        assert message.subject in subjects
    assert scenario.OLD_EMAIL not in text
    kinds = [c["kind"] for c in data["earlier_contact_details"]]
    assert kinds == ["e-mailadresse", "telefon", "e-mailadresse"]  # changed, then merged
