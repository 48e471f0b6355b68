"""The participant-data registry (core/registry.py) covers every model about a participant, and
every declaration points at real fields, so erasure, export and retention reach everything."""

import pytest
from django.apps import apps
from django.db import models

from core import registry
from participants.models import Participant


def _links_to_participant(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and (field.many_to_one or field.one_to_one)
        and field.related_model is Participant
    ]


def _unregistered() -> list[str]:
    registered = {h.model for h in registry.holdings()}
    return [
        f"{model._meta.label}.{name}"
        for model in apps.get_models()
        if model not in registered
        for name in _links_to_participant(model)
    ]


def test_every_model_with_a_link_to_participant_is_registered():
    """A new model with a ForeignKey or OneToOne to Participant must say, in its app's
    holdings.py, what export shows of it, what erasure does with it and what retention counts."""
    missing = _unregistered()
    assert missing == [], (
        "Register these in the app's holdings.py (core/registry.py; docs/developers.md, "
        f"'The participant-data registry'): {missing}"
    )


def test_a_forgotten_model_is_found(monkeypatch):
    held = {label: h for label, h in registry._holdings.items() if label != "courses.Enrollment"}
    monkeypatch.setattr(registry, "_holdings", held)
    assert _unregistered() == ["courses.Enrollment.participant"]


def test_the_participant_itself_is_registered():
    assert registry.holding_for(Participant) is not None


def _field(model, lookup: str):
    """The field a lookup path ends at, following relations."""
    field = None
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


@pytest.mark.parametrize("holding", list(registry.holdings()), ids=lambda h: h.label)
def test_each_declaration_names_real_fields(holding):
    model = holding.model
    if holding.participant:
        assert _field(model, holding.participant).related_model is Participant
    else:
        assert model is Participant
    for name in holding.scrub:
        field = model._meta.get_field(name)
        assert field.concrete, f"{holding.label}.{name}"
        assert not field.is_relation, f"{holding.label}.{name}"
    for name in holding.clear:
        assert model._meta.get_field(name).many_to_many, f"{holding.label}.{name}"
    for lookup in holding.activity:
        field = _field(model, lookup)
        assert isinstance(field, models.DateField | models.DateTimeField), lookup
    sections = {section.key for section in registry.export_sections()}
    assert holding.export in sections, f"{holding.label}: no export section {holding.export!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("holding", list(registry.holdings()), ids=lambda h: h.label)
def test_each_declaration_queries(holding):
    """The rows, open and activity filters run against the database."""
    list(holding.rows(1))
    if holding.open is not None:
        assert Participant.objects.filter(holding.exists(holding.open)).count() == 0
    for lookup in holding.activity:
        list(holding.rows(1).filter(**{f"{lookup}__isnull": False}))


def test_free_text_about_a_person_is_scrubbed_or_declared():
    """Every text (or JSON) field on a registered model is erased, or listed here with the reason it
    holds nothing about the person. A new text field fails this test until someone decides."""
    not_about_the_person = {
        "participants.Participant": {"source", "language"},
        "participants.Consent": {"purpose", "text_version"},
        "participants.WellBeingMeasurement": {"source", "timepoint", "status"},
        "participants.ContactHistory": {"kind", "digest"},  # deleted on erasure
        # Counts of rows moved by model label; the removed record's number, no names.
        "participants.MergeRecord": {"moved", "left_out"},
        "privacy.AccessEvent": {"where", "path"},  # a page address, with no token in it
        "matching.SupportRequest": {
            "status",
            "source",
            "gender_wish",
            "guide_language",
            "availability",
        },
        "matching.Match": {"status", "closure_reason"},
        "matching.MatchStatusChange": {"from_status", "to_status"},
        "matching.Meeting": {"status", "mode", "themes"},  # themes: a fixed list, counted
        "matching.Feedback": {"kind", "respondent", "answer"},
        "matching.MatchGoal": {"outcome"},  # a fixed choice, kept for the figures
        "courses.Enrollment": {"status", "source"},
        "courses.Attendance": {"status"},
        "activities.Rsvp": {"status"},
        "activities.Follow": {"status"},
    }
    unhandled = []
    for holding in registry.holdings():
        if holding.delete:
            continue
        allowed = not_about_the_person.get(holding.label, set())
        for field in holding.model._meta.concrete_fields:
            text = isinstance(field, models.CharField | models.TextField | models.JSONField)
            if text and field.name not in holding.scrub and field.name not in allowed:
                unhandled.append(f"{holding.label}.{field.name}")
    assert unhandled == []
