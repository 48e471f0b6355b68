"""Reads about activities: the public calendar, one activity's page, a host's own activities."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from activities.models import Activity, Follow, News, Occurrence, Rsvp
from volunteers.models import PeerGuide

R = Rsvp.Status


def upcoming_occurrences() -> QuerySet[Occurrence]:
    """Every date of a published activity from now on, cancelled ones included (the calendar
    shows them as cancelled), with what the calendar shows: a fixed number of queries."""
    return (
        Occurrence.objects.filter(
            activity__status=Activity.Status.PUBLISHED, ends_at__gte=timezone.now()
        )
        .select_related("activity__municipality")
        .prefetch_related("activity__interests")
        .annotate(coming=Count("rsvps", filter=Q(rsvps__status=R.COMING)))
        .order_by("starts_at", "pk")
    )


def by_week(occurrences) -> list[tuple[datetime.date, list[Occurrence]]]:
    """[(Monday of the week, its occurrences)], in order."""

    def monday(occurrence):
        day = timezone.localtime(occurrence.starts_at).date()
        return day - datetime.timedelta(days=day.weekday())

    return [(week, list(items)) for week, items in groupby(occurrences, key=monday)]


def public_activity(pk: int) -> Activity:
    activity = (
        Activity.objects.select_related("municipality", "organisation")
        .prefetch_related("interests")
        .filter(pk=pk, status=Activity.Status.PUBLISHED)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def public_occurrence(pk: int) -> Occurrence:
    occurrence = (
        Occurrence.objects.select_related("activity__municipality", "activity__organisation")
        .annotate(coming=Count("rsvps", filter=Q(rsvps__status=R.COMING)))
        .filter(pk=pk, activity__status=Activity.Status.PUBLISHED)
        .first()
    )
    if occurrence is None:
        raise Http404
    return occurrence


def activities_for_host(*, guide: PeerGuide) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(hosts=guide)
        .select_related("municipality")
        .prefetch_related(
            "hosts__user",
            Prefetch(
                "occurrences",
                # The last two weeks too: a host records who came after a date.
                queryset=Occurrence.objects.filter(
                    ends_at__gte=timezone.now() - datetime.timedelta(days=14)
                )
                .annotate(coming=Count("rsvps", filter=Q(rsvps__status=R.COMING)))
                .order_by("starts_at"),
                to_attr="upcoming",
            ),
        )
        .order_by("title", "pk")
    )


def activity_for_host(*, guide: PeerGuide, pk: int) -> Activity:
    """One activity the guide hosts, to edit; another's answers 404."""
    activity = (
        Activity.objects.filter(pk=pk, hosts=guide)
        .select_related("organisation")
        .prefetch_related("interests")
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def follows_of(participant) -> list[Follow]:
    """What a person follows (not stopped), for the page behind the link in each message."""
    return list(
        Follow.objects.filter(participant=participant, status=Follow.Status.ACTIVE)
        .select_related("interest", "municipality")
        .order_by("interest__name", "municipality__name")
    )


def news_for(participant, *, since: datetime.datetime) -> list[Activity]:
    """The published activities the person was told about since `since`, newest first."""
    return [
        n.activity
        for n in News.objects.filter(
            participant=participant,
            sent_at__gte=since,
            activity__status=Activity.Status.PUBLISHED,
        )
        .select_related("activity__municipality")
        .order_by("-sent_at", "activity__title")
    ]


def occurrence_for_host(*, guide: PeerGuide, pk: int) -> Occurrence:
    occurrence = (
        Occurrence.objects.select_related("activity")
        .filter(pk=pk, activity__hosts=guide)
        .prefetch_related(
            Prefetch(
                "rsvps",
                queryset=Rsvp.objects.filter(status__in=[R.PENDING, R.COMING])
                .select_related("participant")
                .order_by("participant__first_name", "pk"),
                to_attr="answers",
            )
        )
        .first()
    )
    if occurrence is None:
        raise Http404
    return occurrence


def held_occurrences(*, organisation_ids, start, end, now=None) -> QuerySet[Occurrence]:
    """The organisations' dates held between `start` and `end` (aware datetimes): not
    cancelled, and begun by `now`."""
    now = now or timezone.now()
    return Occurrence.objects.filter(
        activity__organisation_id__in=organisation_ids,
        cancelled_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=min(end, now),
    )


def figures(*, organisation_ids, start, end, now=None) -> dict:
    """For reports: activities that held a date, dates held, attendances (everyone counted,
    drop-ins too) and hours between `start` and `end`. *Host hours* are each date's length times
    its hosts; *volunteer hours* count only hosts who are volunteers (not paid peer guides)."""
    volunteer = PeerGuide.Employment.VOLUNTEER
    held = list(
        held_occurrences(organisation_ids=organisation_ids, start=start, end=end, now=now)
        .annotate(
            hosts=Count("activity__hosts", distinct=True),
            volunteers=Count(
                "activity__hosts",
                filter=Q(activity__hosts__employment=volunteer),
                distinct=True,
            ),
        )
        .values("activity_id", "starts_at", "ends_at", "attendance_count", "hosts", "volunteers")
    )

    def hours(key):
        seconds = sum((o["ends_at"] - o["starts_at"]).total_seconds() * o[key] for o in held)
        return round(seconds / 3600, 1)

    return {
        "activities": len({o["activity_id"] for o in held}),
        "held": len(held),
        "attendances": sum(o["attendance_count"] or 0 for o in held),
        "host_hours": hours("hosts"),
        "volunteer_hours": hours("volunteers"),
    }


def per_activity(*, organisation_ids, start, end, now=None) -> list[dict]:
    """Each activity with a date held between `start` and `end`: its dates held and
    attendances, by title."""
    return list(
        held_occurrences(organisation_ids=organisation_ids, start=start, end=end, now=now)
        .values("activity__title", "activity_id")
        .annotate(held=Count("pk"), attendances=Sum("attendance_count"))
        .order_by("activity__title", "activity_id")
    )
