"""What participants holds about a person, for export, erasure and retention (core/registry.py).
Registered from ParticipantsConfig.ready()."""

from __future__ import annotations

from core import registry
from core.registry import iso, names
from participants.models import (
    Consent,
    ContactHistory,
    MergeRecord,
    Participant,
    WellBeingMeasurement,
)


def _withdraw_active(consents, now) -> None:
    consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)


def participant_section(participant: Participant) -> dict:
    return {
        "number": participant.pk,
        "organisation": str(participant.organisation),
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "email": participant.email,
        "phone": participant.phone,
        "how_to_reach": participant.contact_note,
        "came_in_by": participant.get_source_display(),
        "year_of_birth": participant.birth_year,
        "gender": participant.get_gender_display() if participant.gender else "",
        "municipality": str(participant.municipality or ""),
        "language": participant.get_language_display(),
        "preferred_channel": participant.get_preferred_channel_display(),
        "lived_experience": names(participant.experience_areas),
        "interests": names(participant.interests),
        "created_at": iso(participant.created_at),
        "anonymised_at": iso(participant.anonymised_at),
    }


def consents_section(participant: Participant) -> list[dict]:
    return [
        {
            "purpose": c.purpose,
            "text": c.get_purpose_display(),
            "text_version": c.text_version,
            "given_at": iso(c.given_at),
            "given_orally": c.given_orally,
            "withdrawn_at": iso(c.withdrawn_at),
        }
        for c in Consent.objects.filter(participant=participant).order_by("given_at", "pk")
    ]


def wellbeing_section(participant: Participant) -> list[dict]:
    return [
        {
            "time_point": m.get_timepoint_display(),
            "status": m.get_status_display(),
            "reference_date": iso(m.due_at),
            "answered_at": iso(m.answered_at),
            "answers": [m.item1, m.item2, m.item3, m.item4, m.item5],
            "raw_score": m.raw_score,
        }
        for m in WellBeingMeasurement.objects.filter(participant=participant).order_by(
            "due_at", "pk"
        )
    ]


def earlier_contacts_section(participant: Participant) -> list[dict]:
    """Only that an earlier address was kept, and when: the table holds keyed hashes."""
    return [
        {"kind": h.get_kind_display(), "recorded_at": iso(h.recorded_at)}
        for h in ContactHistory.objects.filter(participant=participant).order_by(
            "recorded_at", "pk"
        )
    ]


def merges_section(participant: Participant) -> list[dict]:
    """When two records of the person were joined into this one, and how many rows moved."""
    return [
        {"merged_at": iso(m.merged_at), "moved": m.moved, "left_out": m.left_out}
        for m in MergeRecord.objects.filter(survivor=participant).order_by("merged_at", "pk")
    ]


def register() -> None:
    registry.register(
        registry.Holding(
            model=Participant,
            participant="",
            export="participant",
            scrub={
                "first_name": "",
                "last_name": "",
                "email": "",
                "phone": "",
                "preferred_channel": "",
                "contact_note": "",
                "birth_year": None,
                "gender": "",
            },
            clear=("experience_areas", "interests"),
            activity=("created_at",),
        ),
        registry.Holding(
            model=Consent,
            participant="participant",
            export="consents",
            erase=_withdraw_active,
            activity=("given_at", "withdrawn_at"),
        ),
        registry.Holding(
            model=WellBeingMeasurement,
            participant="participant",
            export="wellbeing_questionnaires",
            activity=("due_at", "answered_at"),
        ),
        registry.Holding(
            model=ContactHistory,
            participant="participant",
            export="earlier_contact_details",
            delete=True,
        ),
        registry.Holding(
            model=MergeRecord,
            participant="survivor",
            export="merged_records",
            activity=("merged_at",),
        ),
    )
    registry.register_export("participant", build=participant_section, order=10)
    registry.register_export("consents", build=consents_section, order=20)
    registry.register_export("wellbeing_questionnaires", build=wellbeing_section, order=60)
    registry.register_export("earlier_contact_details", build=earlier_contacts_section, order=65)
    registry.register_export("merged_records", build=merges_section, order=66)
