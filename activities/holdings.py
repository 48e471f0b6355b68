"""What activities hold about a person, for export, erasure and retention (core/registry.py).
Registered from ActivitiesConfig.ready()."""

from __future__ import annotations

from django.db.models import Q

from activities.models import Rsvp
from activities.services import withdraw_erased_participant
from core import registry
from core.registry import iso


def activities_section(participant) -> list[dict]:
    return [
        {
            "activity": r.occurrence.activity.title,
            "date": iso(r.occurrence.starts_at),
            "status": r.get_status_display(),
            "said_at": iso(r.created_at),
            "confirmed_at": iso(r.confirmed_at),
            "came": r.attended,
        }
        for r in Rsvp.objects.filter(participant_id=participant.pk)
        .select_related("occurrence__activity")
        .order_by("occurrence__starts_at", "pk")
    ]


def register() -> None:
    registry.register(
        registry.Holding(
            model=Rsvp,
            participant="participant",
            export="activities",
            activity=("created_at", "confirmed_at", "occurrence__starts_at"),
            open=Q(status__in=[Rsvp.Status.PENDING, Rsvp.Status.COMING]),
            close=withdraw_erased_participant,
        ),
    )
    registry.register_export("activities", build=activities_section, order=45)
