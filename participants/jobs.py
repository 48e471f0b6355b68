"""The WHO-5 job: find who is due a questionnaire, invite them once, remind them once.

Time points: the start of a course of support (a match's first held meeting, a cohort's first
session), its end (a match's end, a cohort's last session) and 3 months (91 days) after the end.
A measurement is created when its reference date has passed within the last `WINDOW` days, so a
job that runs daily (beat, see migrations) or by hand catches each one; older dates are not
invited after the fact. Matches and cohorts are read through the app registry: participants sits
below matching and courses (DESIGN.md) and does not import them.

Every e-mail goes through the outbox with the measurement as its object and "invitation" or
"reminder" as its slot, so running the job twice sends nothing twice.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import Max, Min, Q
from django.utils import timezone

from notifications.services import queue_email
from participants.links import absolute_url, make_token
from participants.models import WellBeingMeasurement
from participants.services import WHO5_LINK_PURPOSE

WINDOW = datetime.timedelta(days=14)
FOLLOW_UP_AFTER = datetime.timedelta(days=91)
REMIND_AFTER = datetime.timedelta(days=7)
LINK_LIFETIME = datetime.timedelta(days=30)

M = WellBeingMeasurement
T = WellBeingMeasurement.Timepoint


def _reachable(prefix: str) -> Q:
    return Q(**{f"{prefix}anonymised_at__isnull": True}) & ~Q(**{f"{prefix}email": ""})


def _match_measurements(now: datetime.datetime) -> list[WellBeingMeasurement]:
    Match = apps.get_model("matching", "Match")
    since = now - WINDOW
    follow_up_since, follow_up_until = since - FOLLOW_UP_AFTER, now - FOLLOW_UP_AFTER
    matches = (
        Match.objects.filter(_reachable("request__participant__"), started_at__isnull=False)
        .filter(
            Q(started_at__gt=since, started_at__lte=now)
            | Q(status="ended", ended_at__gt=since, ended_at__lte=now)
            | Q(status="ended", ended_at__gt=follow_up_since, ended_at__lte=follow_up_until)
        )
        .values("pk", "organisation_id", "request__participant_id", "started_at", "ended_at")
    )
    rows = []
    for m in matches:
        due = [(T.START, m["started_at"])]
        if m["ended_at"]:
            due += [(T.END, m["ended_at"]), (T.FOLLOW_UP, m["ended_at"] + FOLLOW_UP_AFTER)]
        rows += [
            M(
                participant_id=m["request__participant_id"],
                organisation_id=m["organisation_id"],
                source=M.Source.MATCH,
                source_id=m["pk"],
                timepoint=timepoint,
                due_at=at,
            )
            for timepoint, at in due
            if since < at <= now
        ]
    return rows


def _cohort_measurements(now: datetime.datetime) -> list[WellBeingMeasurement]:
    Cohort = apps.get_model("courses", "Cohort")
    Enrollment = apps.get_model("courses", "Enrollment")
    since = now - WINDOW
    counted = Q(sessions__status="planned", sessions__number__gte=1)
    cohorts = {
        c["pk"]: c
        for c in Cohort.objects.exclude(status__in=["draft", "cancelled"])
        .annotate(
            first_start=Min("sessions__starts_at", filter=counted),
            last_end=Max("sessions__ends_at", filter=counted),
        )
        .filter(
            Q(first_start__gt=since, first_start__lte=now)
            | Q(last_end__gt=since, last_end__lte=now)
            | Q(last_end__gt=since - FOLLOW_UP_AFTER, last_end__lte=now - FOLLOW_UP_AFTER)
        )
        .values("pk", "organisation_id", "first_start", "last_end")
    }
    enrollments = Enrollment.objects.filter(
        _reachable("participant__"),
        cohort_id__in=list(cohorts),
        status__in=["enrolled", "completed", "not_completed"],
    ).values_list("cohort_id", "participant_id")
    rows = []
    for cohort_id, participant_id in enrollments:
        c = cohorts[cohort_id]
        due = [
            (T.START, c["first_start"]),
            (T.END, c["last_end"]),
            (T.FOLLOW_UP, c["last_end"] + FOLLOW_UP_AFTER),
        ]
        rows += [
            M(
                participant_id=participant_id,
                organisation_id=c["organisation_id"],
                source=M.Source.COHORT,
                source_id=cohort_id,
                timepoint=timepoint,
                due_at=at,
            )
            for timepoint, at in due
            if since < at <= now
        ]
    return rows


def create_due_measurements(*, now: datetime.datetime | None = None) -> int:
    """Create the measurements whose reference date has just passed (idempotent)."""
    now = now or timezone.now()
    rows = _match_measurements(now) + _cohort_measurements(now)
    M.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def _queue(measurement: WellBeingMeasurement, *, reminder: bool) -> None:
    participant = measurement.participant
    token = make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)
    queue_email(
        kind="participants.who5_reminder" if reminder else "participants.who5_invitation",
        to=participant.email,
        template="participants/email/who5_invitation",
        context={
            "first_name": participant.first_name,
            "link": absolute_url("participants:who5", token=token),
            "reminder": reminder,
        },
        language=participant.language,
        about=measurement,
        slot="reminder" if reminder else "invitation",
        category="reminder",
    )


def send_who5_invitations(*, now: datetime.datetime | None = None) -> int:
    """Create what is due, invite each new measurement once and remind once after a week.
    Returns the number of e-mails queued (or already in the outbox)."""
    now = now or timezone.now()
    create_due_measurements(now=now)
    pending = M.objects.filter(status=M.Status.PENDING).filter(_reachable("participant__"))
    written = 0
    for measurement in pending.filter(invited_at__isnull=True, due_at__lte=now).select_related(
        "participant"
    ):
        _queue(measurement, reminder=False)
        M.objects.filter(pk=measurement.pk).update(invited_at=now)
        written += 1
    for measurement in pending.filter(
        reminded_at__isnull=True,
        invited_at__lte=now - REMIND_AFTER,
        invited_at__gt=now - LINK_LIFETIME,
    ).select_related("participant"):
        _queue(measurement, reminder=True)
        M.objects.filter(pk=measurement.pk).update(reminded_at=now)
        written += 1
    return written
