"""The WHO-5 job: find who is due a questionnaire, invite them once, remind them once.

Time points: the start of a course of support (a match's first held meeting, a cohort's first
session), its end (a match's end, a cohort's last session) and 3 months (91 days) after the end.
A measurement is created when its reference date has passed within the last `WINDOW` days, so a
job that runs daily (beat, see migrations) or by hand catches each one; older dates are not
invited after the fact.

participants sits below matching and courses (DESIGN.md) and knows neither: each registers a
*source* of courses of support from its AppConfig.ready() with `register_who5_source` (matching
its matches, courses its cohorts' enrollments), and this job asks every source which courses have
a start, an end or a follow-up date in the window.

Every message (e-mail or text, by the participant's preferred channel) goes through the outbox
with the measurement as its object and "invitation" or "reminder" as its slot, so running the job
twice sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from notifications.services import notify
from participants.links import absolute_url, make_token
from participants.models import WellBeingMeasurement
from participants.services import WHO5_LINK_PURPOSE

WINDOW = datetime.timedelta(days=14)
FOLLOW_UP_AFTER = datetime.timedelta(days=91)
REMIND_AFTER = datetime.timedelta(days=7)
LINK_LIFETIME = datetime.timedelta(days=30)

M = WellBeingMeasurement
T = WellBeingMeasurement.Timepoint


@dataclass(frozen=True)
class CourseOfSupport:
    """One participant's match or cohort, as a WHO-5 source reports it: `end` is None while it
    has not ended."""

    participant_id: int
    organisation_id: int
    source_id: int
    start: datetime.datetime
    end: datetime.datetime | None = None


@dataclass(frozen=True)
class Window:
    """What a source is asked: courses with a start, an end or a follow-up date (end +
    `follow_up_after`) in (since, now]."""

    since: datetime.datetime
    now: datetime.datetime
    follow_up_after: datetime.timedelta = FOLLOW_UP_AFTER

    def touches(self, field: str, *, follow_up: bool = False) -> Q:
        """A filter for a date field (or annotation) that falls in the window."""
        shift = self.follow_up_after if follow_up else datetime.timedelta(0)
        return Q(**{f"{field}__gt": self.since - shift, f"{field}__lte": self.now - shift})


WHO5Source = Callable[[Window], Iterable[CourseOfSupport]]
_sources: dict[str, WHO5Source] = {}


def register_who5_source(source: str, courses: WHO5Source) -> None:
    """Called by an app above participants from its AppConfig.ready(): `source` is a
    `WellBeingMeasurement.Source` value, `courses(window)` returns the courses of support of
    reachable participants (not anonymised, with an e-mail address or a phone number:
    `reachable(prefix)`)."""
    if source not in M.Source.values:
        raise ValueError(f"Unknown WHO-5 source {source!r}")
    _sources[source] = courses


def reachable(prefix: str = "") -> Q:
    """Participants the job can write to (by e-mail or text), as a filter on `prefix` (e.g.
    "participant__")."""
    return Q(**{f"{prefix}anonymised_at__isnull": True}) & ~Q(
        **{f"{prefix}email": "", f"{prefix}phone": ""}
    )


def _due(source: str, course: CourseOfSupport, window: Window) -> list[WellBeingMeasurement]:
    dates = [(T.START, course.start)]
    if course.end is not None:
        dates += [(T.END, course.end), (T.FOLLOW_UP, course.end + window.follow_up_after)]
    return [
        M(
            participant_id=course.participant_id,
            organisation_id=course.organisation_id,
            source=source,
            source_id=course.source_id,
            timepoint=timepoint,
            due_at=at,
        )
        for timepoint, at in dates
        if at is not None and window.since < at <= window.now
    ]


def create_due_measurements(*, now: datetime.datetime | None = None) -> int:
    """Create the measurements whose reference date has just passed (idempotent)."""
    now = now or timezone.now()
    window = Window(since=now - WINDOW, now=now)
    rows = [
        row
        for source, courses in sorted(_sources.items())
        for course in courses(window)
        for row in _due(source, course, window)
    ]
    M.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def _queue(measurement: WellBeingMeasurement, *, reminder: bool) -> None:
    participant = measurement.participant
    token = make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)
    notify(
        participant.contact_point,
        kind="participants.who5_reminder" if reminder else "participants.who5_invitation",
        template="participants/email/who5_invitation",
        context={
            "first_name": participant.first_name,
            "link": absolute_url("participants:who5", token=token),
            "reminder": reminder,
        },
        about=measurement,
        slot="reminder" if reminder else "invitation",
        category="reminder",
    )


def send_who5_invitations(*, now: datetime.datetime | None = None) -> int:
    """Create what is due, invite each new measurement once and remind once after a week.
    Returns the number of e-mails queued (or already in the outbox)."""
    now = now or timezone.now()
    create_due_measurements(now=now)
    pending = M.objects.filter(status=M.Status.PENDING).filter(reachable("participant__"))
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
