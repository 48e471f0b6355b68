"""The one-to-one meetings held per organisation and day (reports.models.MeetingDay).

The meeting figures of a report (meetings held, hours, volunteers' hours) read a year of
meetings: at national scale most of a report's first view. They are read from this rollup
instead, one row per organisation and day, kept exact in the same transaction as the change:

- a meeting saved or deleted computes again its organisation's day (and the day it moved from);
- a match whose guide or organisation changed, or a guide whose employment changed (volunteers'
  hours), computes again all the days of the organisation(s).

A day is computed again from the meetings themselves (never by adding a difference), under a lock
on the organisation's row, so two changes at once in one organisation cannot lose one another.
Changes that send no signal (a bulk `update()`, `bulk_create`, a database script) are not seen:
run `manage.py rebuild_meeting_days` after them (seed_bench and seed_demo do).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from core.models import Organisation
from matching.models import Meeting
from reports.models import MeetingDay
from volunteers.models import PeerGuide


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


def local_day(moment) -> datetime.date | None:
    return None if moment is None else timezone.localtime(moment, _tz()).date()


def _figures(meetings):
    """(organisation id, day, held, minutes, volunteer minutes) rows of held `meetings`."""
    return (
        meetings.filter(status=Meeting.Status.HELD)
        .annotate(day=TruncDate("starts_at", tzinfo=_tz()))
        .values("match__organisation_id", "day")
        .annotate(
            held=Count("pk"),
            minutes=Coalesce(Sum("duration_minutes"), 0),
            volunteer_minutes=Coalesce(
                Sum(
                    "duration_minutes",
                    filter=Q(match__guide__employment=PeerGuide.Employment.VOLUNTEER),
                ),
                0,
            ),
        )
        .order_by()
        .values_list("match__organisation_id", "day", "held", "minutes", "volunteer_minutes")
    )


def _rows(figures) -> list[MeetingDay]:
    return [
        MeetingDay(organisation_id=o, day=day, held=held, minutes=m, volunteer_minutes=v)
        for o, day, held, m, v in figures
        if held
    ]


def refresh(organisation_id: int, days: Iterable[datetime.date] | None = None) -> None:
    """Compute again the organisation's rows for `days` (None: every day)."""
    days = None if days is None else sorted(set(days))
    if days == []:
        return
    with transaction.atomic():
        # One change at a time per organisation: the next one waits here, then reads the
        # meetings the first one committed.
        list(Organisation.objects.select_for_update().filter(pk=organisation_id).values("pk"))
        meetings = Meeting.objects.filter(match__organisation_id=organisation_id)
        kept = MeetingDay.objects.filter(organisation_id=organisation_id)
        if days is not None:
            tz = _tz()
            within = Q()
            for day in days:
                start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
                end = datetime.datetime.combine(
                    day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
                )
                within |= Q(starts_at__gte=start, starts_at__lt=end)
            meetings = meetings.filter(within)
            kept = kept.filter(day__in=days)
        kept.delete()
        MeetingDay.objects.bulk_create(_rows(_figures(meetings)))


def rebuild() -> int:
    """Every organisation's rows computed again from the meetings; returns the rows written."""
    with transaction.atomic():
        MeetingDay.objects.all().delete()
        rows = _rows(_figures(Meeting.objects.all()))
        MeetingDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# --- Signal handlers (connected from ReportsConfig.ready) ------------------------------------

#: What a meeting's figures are made of: a save that changes none of these changes no figure.
MEETING_FIELDS = ("starts_at", "status", "duration_minutes", "match_id")


def _meeting_loaded(sender, instance, **kwargs) -> None:
    instance._rollup_fields = tuple(instance.__dict__.get(f) for f in MEETING_FIELDS)


def _meeting_saved(sender, instance, created=False, **kwargs) -> None:
    _meeting_changed(sender, instance, created=created, deleted=False)


def _meeting_deleted(sender, instance, **kwargs) -> None:
    _meeting_changed(sender, instance, created=False, deleted=True)


def _meeting_changed(sender, instance, *, created: bool, deleted: bool) -> None:
    now = tuple(instance.__dict__.get(f) for f in MEETING_FIELDS)
    before = getattr(instance, "_rollup_fields", None)
    if not (created or deleted) and now == before:
        return  # notes, a plan, a reason: nothing the figures count
    match_field = sender._meta.get_field("match")
    if match_field.is_cached(instance) and instance.match is not None:
        organisation_id = instance.match.organisation_id
    else:
        organisation_id = (
            match_field.related_model.objects.filter(pk=instance.match_id)
            .values_list("organisation_id", flat=True)
            .first()
        )
    if organisation_id is not None:
        starts = {now[0]} if created or before is None else {now[0], before[0]}
        days = {local_day(moment) for moment in starts}
        if None in days and not created:
            refresh(organisation_id)  # a day not known: all of them
        else:
            refresh(organisation_id, days - {None})
    instance._rollup_fields = now


def _watch(*fields, meetings):
    """post_init and post_save handlers: when one of `fields` changed, the days of the row's held
    meetings (`meetings(instance)`) are computed again, in its organisation before and after."""

    def loaded(sender, instance, **kwargs):
        instance._rollup_fields = tuple(instance.__dict__.get(f) for f in fields)
        instance._rollup_organisation = instance.__dict__.get("organisation_id")

    def changed(sender, instance, created=False, **kwargs):
        now = tuple(instance.__dict__.get(f) for f in fields)
        if created or now == getattr(instance, "_rollup_fields", None):
            return
        by_organisation: dict[int, set[datetime.date]] = {}
        for organisation_id, day in (
            meetings(instance)
            .filter(status=Meeting.Status.HELD)
            .annotate(day=TruncDate("starts_at", tzinfo=_tz()))
            .order_by()
            .values_list("match__organisation_id", "day")
            .distinct()
        ):
            by_organisation.setdefault(organisation_id, set()).add(day)
        if "organisation_id" in fields and instance._rollup_organisation is not None:
            # A match that moved: its days in the organisation it left, too.
            days = set().union(*by_organisation.values())
            by_organisation.setdefault(instance._rollup_organisation, set()).update(days)
        for organisation_id, its_days in by_organisation.items():
            refresh(organisation_id, its_days)
        instance._rollup_fields = now
        instance._rollup_organisation = instance.__dict__.get("organisation_id")

    return loaded, changed


def connect(meeting, match, guide) -> None:
    """Called once from ReportsConfig.ready with matching's Meeting and Match and volunteers'
    PeerGuide."""
    from django.db.models.signals import post_delete, post_init, post_save

    post_init.connect(_meeting_loaded, sender=meeting, dispatch_uid="reports.rollup.loaded")
    post_save.connect(_meeting_saved, sender=meeting, dispatch_uid="reports.rollup.saved")
    post_delete.connect(_meeting_deleted, sender=meeting, dispatch_uid="reports.rollup.deleted")
    # A match deleted takes its meetings with it (each one seen above); a guide with matches
    # cannot be deleted (PROTECT).
    watched = (
        (match, ("organisation_id", "guide_id"), lambda m: Meeting.objects.filter(match=m)),
        (guide, ("employment",), lambda g: Meeting.objects.filter(match__guide=g)),
    )
    for model, fields, meetings in watched:
        loaded, changed = _watch(*fields, meetings=meetings)
        uid = f"reports.rollup.{model._meta.label_lower}"
        post_init.connect(loaded, sender=model, weak=False, dispatch_uid=f"{uid}.loaded")
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}.saved")
