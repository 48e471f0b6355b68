"""What activities hold about a person, for export, erasure and retention (core/registry.py).
Registered from ActivitiesConfig.ready()."""

from __future__ import annotations

from django.db.models import Q

from activities.models import Follow, News, Rsvp
from activities.services import stop_erased_participant, withdraw_erased_participant
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


def follows_section(participant) -> list[dict]:
    return [
        {
            "interest": f.interest.name,
            "municipality": f.municipality.name,
            "status": f.get_status_display(),
            "asked_at": iso(f.created_at),
            "confirmed_at": iso(f.confirmed_at),
            "stopped_at": iso(f.stopped_at),
        }
        for f in Follow.objects.filter(participant_id=participant.pk)
        .select_related("interest", "municipality")
        .order_by("created_at", "pk")
    ] + [
        {"told_about": n.activity.title, "found_at": iso(n.created_at), "sent_at": iso(n.sent_at)}
        for n in News.objects.filter(participant_id=participant.pk)
        .select_related("activity")
        .order_by("created_at", "pk")
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
    registry.register(
        registry.Holding(
            model=Follow,
            participant="participant",
            export="activity_follows",
            activity=("created_at", "confirmed_at", "stopped_at"),
            open=Q(status__in=[Follow.Status.PENDING, Follow.Status.ACTIVE]),
            close=stop_erased_participant,
        ),
    )
    registry.register(
        registry.Holding(
            model=News,
            participant="participant",
            export="activity_follows",
            activity=("created_at", "sent_at"),
            delete=True,
        ),
    )
    registry.register_export("activities", build=activities_section, order=45)
    registry.register_export("activity_follows", build=follows_section, order=46)
