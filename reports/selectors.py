"""Read-only figures for coordinators and funders, computed in the database.

Every selector takes a `Period` (dates, inclusive, in Europe/Copenhagen) and a `Scope` (the
organisations the viewer may see, optionally one programme) and returns plain dicts and lists.
Aggregation is done with annotations, `Count`, `Sum`, `Avg` and, on PostgreSQL,
`percentile_cont` for medians; on SQLite the median is read from the database with two small
queries (the count, then the middle one or two values in order). No selector loops over rows.

Definitions (docs/coordinators.md, "Reports and exports"):
- A request is *received* when its e-mail is confirmed (`confirmed_at`); unconfirmed ones do not
  count. *Waiting now* is the waiting list today, whatever the period.
- *By source*: how a received request came in (`self` on the public page; `phone`, a referral
  from psychiatry or a municipality, or `other` when a coordinator entered it on the person's
  behalf).
- *Request to match* runs from `confirmed_at` to the `proposed_at` of the request's first match
  that the guide accepted (status accepted, active, paused or ended); counted in the period of
  that proposal. Declined proposals do not end the wait.
- A match *started* at its first held meeting (`started_at`); it was *active* in the period when
  it started before the period ended and had not ended before the period began (so a match that
  spans the period boundary counts). *Match length* is `ended_at - started_at` of matches ended in
  the period.
- A cohort session is *held* when it is planned (not cancelled), has begun and its cohort is not
  cancelled; information meetings (session 0) are not counted. *Facilitated hours* are the
  session length times the number of facilitators.
  *Volunteer hours* are one-to-one meeting hours of volunteer guides plus facilitated hours of
  volunteer facilitators plus group-activity hours of volunteer hosts.
- A group activity's date is *held* when it is not cancelled and has begun; *attendances* are the
  number the hosts recorded (drop-ins included); its hours are the date's length times its hosts
  (volunteer hours: its volunteer hosts). Activities belong to no programme: they count only
  when no programme is chosen, and take their organisation's form of peer support.
- *Attendance rate* is present / recorded marks for held sessions (not information meetings) in
  the period. *Completion rate* is completed / (completed + not completed) for cohorts finished
  whose last session lies in the period.
- WHO-5: a measurement belongs to the period of its reference date (`due_at`). Scores enter the
  figures only for participants with a current consent to evaluation. *Response rate* is answered
  / invited over all invitations (it uses no answer). *Change* pairs each end answer in the period
  with the start answer of the same course of support, in percentage points (raw × 4).
- *Participants helped* had a match active in the period or an enrollment (enrolled, completed,
  not completed) in a cohort with a held session in the period.
- *Change scores* (`change_scores`) pair each end or 3-month follow-up answer in the period with
  the start answer of the same course of support, consent current: n, mean change in percentage
  points with a t-based 95 % interval, shares improved / worsened by 10 or more, shares at or below
  50 and 28 before and after; by programme, form of peer support and organisation.
- *Form of peer support*: a cohort's is its programme's, else its organisation's; a match's and a
  guide's is their organisation's (`Scope.peer_support_form`).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    StdDev,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, TruncMonth, TruncQuarter

from activities import selectors as activity_selectors
from core.choices import EntrySource, Gender
from core.models import Organisation
from core.scoping import scope_to_user
from courses.models import Attendance, Cohort, CohortSession, Enrollment, Programme
from matching.models import Feedback, Match, Meeting, SupportRequest
from participants.models import Consent, Participant, WellBeingMeasurement
from reports.models import MeetingDay
from volunteers.models import GuideStatusChange, PeerGuide, WellbeingCheckIn

ONE_TO_ONE = "one_to_one"
ACCEPTED = [Match.Status.ACCEPTED, Match.Status.ACTIVE, Match.Status.PAUSED, Match.Status.ENDED]
TAKING_PART = [
    Enrollment.Status.ENROLLED,
    Enrollment.Status.COMPLETED,
    Enrollment.Status.NOT_COMPLETED,
]
WAIT_BUCKETS = [(7, "0-7"), (14, "8-14"), (30, "15-30"), (60, "31-60"), (90, "61-90")]
WAIT_OVER = "90+"


# --- Database helpers -----------------------------------------------------------------------


class DaysBetween(Func):
    """(end - start) in days, as a float, on PostgreSQL and SQLite."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)::double precision",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate percentile_cont(fraction)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction=0.5, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def median(queryset: QuerySet, field_name: str) -> float | None:
    """The median of an (annotated) field over a queryset, in the database."""
    if connections[queryset.db].vendor == "postgresql":
        value = queryset.aggregate(m=PercentileCont(field_name))["m"]
        return None if value is None else round(value, 1)
    values = queryset.exclude(**{f"{field_name}__isnull": True})
    n = values.count()
    if not n:
        return None
    middle = list(
        values.order_by(field_name).values_list(field_name, flat=True)[(n - 1) // 2 : n // 2 + 1]
    )
    return round(sum(middle) / len(middle), 1)


def _ratio(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _hours(minutes) -> float:
    return round((minutes or 0) / 60, 1)


# --- Period and scope -----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def tz(self):
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def start_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=self.tz)

    @property
    def end_at(self) -> datetime.datetime:
        """Exclusive: midnight after the last day."""
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=self.tz
        )

    def months(self) -> list[datetime.date]:
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months

    def within(self, path: str) -> Q:
        return Q(**{f"{path}__gte": self.start_at, f"{path}__lt": self.end_at})

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Scope:
    organisation_ids: tuple[int, ...]
    programme: str | int | None = None  # None: all; ONE_TO_ONE; or a Programme pk
    now: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(tz=datetime.UTC))
    peer_support_form: str = ""  # "": every form; else a core.choices.PeerSupportForm value

    @cached_property
    def form_organisation_ids(self) -> tuple[int, ...]:
        """The organisations whose own form of peer support is the one chosen (all of them when
        none is chosen): one-to-one support and guides take their organisation's form. One
        query, once per page."""
        if not self.peer_support_form:
            return self.organisation_ids
        return tuple(
            Organisation.objects.filter(
                pk__in=self.organisation_ids, peer_support_form=self.peer_support_form
            ).values_list("pk", flat=True)
        )

    @property
    def one_to_one(self) -> bool:
        return self.programme in (None, ONE_TO_ONE)

    @property
    def cohorts(self) -> bool:
        return self.programme != ONE_TO_ONE

    @property
    def activities(self) -> bool:
        """Group activities belong to no programme: counted only when none is chosen."""
        return self.programme is None

    def cohort_q(self, prefix: str = "") -> Q:
        """Cohorts in scope. A cohort's form of peer support is its programme's, or else its
        organisation's."""
        q = Q(**{f"{prefix}organisation_id__in": self.organisation_ids})
        if isinstance(self.programme, int):
            q &= Q(**{f"{prefix}programme_id": self.programme})
        if self.peer_support_form:
            q &= Q(**{f"{prefix}programme__peer_support_form": self.peer_support_form}) | Q(
                **{
                    f"{prefix}programme__peer_support_form": "",
                    f"{prefix}organisation__peer_support_form": self.peer_support_form,
                }
            )
        return q


def scope_for(
    user, *, organisation_id=None, programme=None, peer_support_form="", now=None
) -> Scope:
    """The organisations `user` may see (or the one chosen among them)."""
    organisations = scope_to_user(Organisation.objects.all(), user)
    if organisation_id:
        organisations = organisations.filter(pk=organisation_id)
    ids = tuple(organisations.values_list("pk", flat=True))
    kwargs = {"now": now} if now else {}
    return Scope(
        organisation_ids=ids,
        programme=programme,
        peer_support_form=peer_support_form or "",
        **kwargs,
    )


# --- Guides ---------------------------------------------------------------------------------


def guide_figures(period: Period, scope: Scope) -> dict:
    guides = PeerGuide.objects.filter(organisation_id__in=scope.form_organisation_ids)
    by_status = list(
        guides.values("status", "employment").annotate(n=Count("pk")).order_by("status")
    )
    table = {s: {"status": s, "volunteer": 0, "paid": 0} for s in PeerGuide.Status.values}
    for row in by_status:
        table[row["status"]][row["employment"]] = row["n"]
    first_active = Subquery(
        GuideStatusChange.objects.filter(guide=OuterRef("pk"), to_status=PeerGuide.Status.ACTIVE)
        .order_by("at")
        .values("at")[:1]
    )
    activated = (
        guides.annotate(first_active=first_active)
        .filter(period.within("first_active"))
        .annotate(days=DaysBetween(F("first_active"), F("created_at")))
    )
    summary = guides.aggregate(
        applications=Count("pk", filter=period.within("created_at")),
        active_volunteers=Count(
            "pk", filter=Q(status=PeerGuide.Status.ACTIVE, employment="volunteer")
        ),
        active_paid=Count("pk", filter=Q(status=PeerGuide.Status.ACTIVE, employment="paid")),
    )
    return {
        **summary,
        "by_status": [table[s] for s in PeerGuide.Status.values],
        "activated": activated.count(),
        "median_days_to_active": median(activated, "days"),
    }


# --- One-to-one support ---------------------------------------------------------------------


def _first_accepted_matches(scope: Scope) -> QuerySet[Match]:
    earlier = Match.objects.filter(
        request=OuterRef("request"), status__in=ACCEPTED, proposed_at__lt=OuterRef("proposed_at")
    )
    return (
        Match.objects.filter(
            organisation_id__in=scope.form_organisation_ids,
            status__in=ACCEPTED,
            request__confirmed_at__isnull=False,
        )
        .exclude(Exists(earlier))
        .annotate(wait_days=DaysBetween(F("proposed_at"), F("request__confirmed_at")))
    )


def _active_in(period: Period) -> Q:
    return (
        Q(started_at__isnull=False, started_at__lt=period.end_at)
        & (Q(ended_at__isnull=True) | Q(ended_at__gte=period.start_at))
        & ~Q(status__in=[Match.Status.PROPOSED, Match.Status.DECLINED])
    )


def support_figures(period: Period, scope: Scope) -> dict:
    if not scope.one_to_one:
        scope = Scope(organisation_ids=(), now=scope.now)
    org = Q(organisation_id__in=scope.form_organisation_ids)
    requests = SupportRequest.objects.filter(org).aggregate(
        received=Count("pk", filter=period.within("confirmed_at")),
        waiting_now=Count("pk", filter=Q(status=SupportRequest.Status.WAITING)),
    )
    waits = _first_accepted_matches(scope).filter(period.within("proposed_at"))
    matches = Match.objects.filter(org).aggregate(
        started=Count("pk", filter=period.within("started_at")),
        active=Count("pk", filter=_active_in(period)),
        ended=Count("pk", filter=Q(status=Match.Status.ENDED) & period.within("ended_at")),
    )
    ended = Match.objects.filter(
        org, period.within("ended_at"), status=Match.Status.ENDED, started_at__isnull=False
    ).annotate(length_days=DaysBetween(F("ended_at"), F("started_at")))
    reasons = dict(
        Match.objects.filter(org, period.within("ended_at"), status=Match.Status.ENDED)
        .values_list("closure_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    meetings = {"held": 0, "minutes": 0, "volunteer_minutes": 0}
    for month in held_meetings_by_month(period, scope.form_organisation_ids).values():
        for name in meetings:
            meetings[name] += month[name]
    return {
        "requests_received": requests["received"],
        "waiting_now": requests["waiting_now"],
        "matched": waits.count(),
        "median_days_to_match": median(waits, "wait_days"),
        "matches_started": matches["started"],
        "matches_active": matches["active"],
        "matches_ended": matches["ended"],
        "closure_reasons": [
            {"reason": value, "label": str(label), "n": reasons.get(value, 0)}
            for value, label in Match.ClosureReason.choices
        ],
        "median_match_days": median(ended, "length_days"),
        "meetings_held": meetings["held"],
        "meeting_hours": _hours(meetings["minutes"]),
        "volunteer_meeting_hours": _hours(meetings["volunteer_minutes"]),
    }


def held_meetings_by_month(period: Period, organisation_ids) -> dict[datetime.date, dict]:
    """Per month of the period (local time): one-to-one meetings held (`held`), their minutes
    and the minutes of volunteer guides, over the organisations. Read from the rollup of meetings
    per organisation and day (reports.rollup), kept exact on every change. One query."""
    rows = (
        MeetingDay.objects.filter(
            organisation_id__in=organisation_ids, day__gte=period.start, day__lte=period.end
        )
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(h=Sum("held"), m=Sum("minutes"), v=Sum("volunteer_minutes"))
        .order_by()
        .values_list("month", "h", "m", "v")
    )
    by_month = {m: {"held": 0, "minutes": 0, "volunteer_minutes": 0} for m in period.months()}
    for month, held, minutes, volunteer_minutes in rows:
        by_month[month] = {"held": held, "minutes": minutes, "volunteer_minutes": volunteer_minutes}
    return by_month


def requests_by_source(period: Period, scope: Scope) -> list[dict]:
    """Requests received in the period, by how they came in: the person's own request on the
    public page, or entered by a coordinator after a phone call or a referral. One query."""
    org_ids = scope.form_organisation_ids if scope.one_to_one else ()
    counts = dict(
        SupportRequest.objects.filter(period.within("confirmed_at"), organisation_id__in=org_ids)
        .values_list("source")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {"source": value, "label": str(label), "n": counts.get(value, 0)}
        for value, label in EntrySource.choices
    ]


def waiting_distribution(period: Period, scope: Scope) -> list[dict]:
    """How long requests matched in the period waited, in buckets of days."""
    if not scope.one_to_one:
        return [{"bucket": b, "n": 0} for _d, b in WAIT_BUCKETS] + [{"bucket": WAIT_OVER, "n": 0}]
    whens = [When(wait_days__lte=days, then=Value(label)) for days, label in WAIT_BUCKETS]
    counts = dict(
        _first_accepted_matches(scope)
        .filter(period.within("proposed_at"))
        .annotate(bucket=Case(*whens, default=Value(WAIT_OVER)))
        .values_list("bucket")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = [label for _d, label in WAIT_BUCKETS] + [WAIT_OVER]
    return [{"bucket": label, "n": counts.get(label, 0)} for label in labels]


# --- Courses --------------------------------------------------------------------------------


def held_sessions(period: Period, scope: Scope) -> QuerySet[CohortSession]:
    if not scope.cohorts:
        return CohortSession.objects.none()
    return CohortSession.objects.filter(
        scope.cohort_q("cohort__"),
        period.within("starts_at"),
        starts_at__lte=scope.now,
        status=CohortSession.Status.PLANNED,
        number__gte=1,
    ).exclude(cohort__status__in=[Cohort.Status.CANCELLED, Cohort.Status.DRAFT])


def facilitated_minutes(sessions: QuerySet[CohortSession]) -> dict:
    """Session minutes times facilitators, in total and for volunteer facilitators."""
    through = Cohort.facilitators.through
    return through.objects.filter(
        cohort__sessions__in=sessions.values("pk"),
    ).aggregate(
        minutes=Sum("cohort__session_minutes"),
        volunteer_minutes=Sum(
            "cohort__session_minutes",
            filter=Q(peerguide__employment=PeerGuide.Employment.VOLUNTEER),
        ),
    )


def course_figures(period: Period, scope: Scope) -> dict:
    sessions = held_sessions(period, scope)
    per_programme: dict[str, dict] = {}

    def row(name):
        return per_programme.setdefault(
            name,
            {
                "programme": name,
                "cohorts": 0,
                "sessions": 0,
                "enrollments": 0,
                "present": 0,
                "marked": 0,
                "completed": 0,
                "finished": 0,
            },
        )

    for r in (
        sessions.values("cohort__programme__name")
        .annotate(cohorts=Count("cohort", distinct=True), sessions=Count("pk"))
        .order_by()
    ):
        row(r["cohort__programme__name"]).update(cohorts=r["cohorts"], sessions=r["sessions"])
    for r in (
        Enrollment.objects.filter(
            cohort_id__in=sessions.values("cohort_id"), status__in=TAKING_PART
        )
        .values("cohort__programme__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(r["cohort__programme__name"])["enrollments"] = r["n"]
    for r in (
        Attendance.objects.filter(session__in=sessions.values("pk"))
        .values("session__cohort__programme__name")
        .annotate(
            present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)), marked=Count("pk")
        )
        .order_by()
    ):
        row(r["session__cohort__programme__name"]).update(present=r["present"], marked=r["marked"])
    finished = (
        Cohort.objects.filter(scope.cohort_q(), status=Cohort.Status.FINISHED)
        .annotate(last_start=Max("sessions__starts_at"))
        .filter(period.within("last_start"))
    )
    if not scope.cohorts:
        finished = finished.none()
    for r in (
        Enrollment.objects.filter(
            cohort_id__in=finished.values("pk"),
            status__in=[Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED],
        )
        .values("cohort__programme__name")
        .annotate(
            completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
            finished=Count("pk"),
        )
        .order_by()
    ):
        row(r["cohort__programme__name"]).update(completed=r["completed"], finished=r["finished"])
    minutes = facilitated_minutes(sessions)
    session_minutes = sessions.aggregate(m=Sum("cohort__session_minutes"))["m"]
    rows = sorted(per_programme.values(), key=lambda r: r["programme"])
    for r in rows:
        r["attendance_rate"] = _ratio(r["present"], r["marked"])
        r["completion_rate"] = _ratio(r["completed"], r["finished"])
    total = {
        key: sum(r[key] for r in rows)
        for key in ("cohorts", "sessions", "enrollments", "present", "marked", "completed")
    }
    finished_total = sum(r["finished"] for r in rows)
    return {
        "cohorts_run": total["cohorts"],
        "sessions_held": total["sessions"],
        "enrollments": total["enrollments"],
        "attendance_rate": _ratio(total["present"], total["marked"]),
        "completion_rate": _ratio(total["completed"], finished_total),
        "session_hours": _hours(session_minutes),
        "facilitated_hours": _hours(minutes["minutes"]),
        "volunteer_facilitated_hours": _hours(minutes["volunteer_minutes"]),
        "per_programme": rows,
    }


# --- Group activities -------------------------------------------------------------------------


def activity_figures(period: Period, scope: Scope) -> dict:
    """Volunteer-run group activities (activities.selectors.figures): an activity takes its
    organisation's form of peer support."""
    ids = scope.form_organisation_ids if scope.activities else ()
    return activity_selectors.figures(
        organisation_ids=ids, start=period.start_at, end=period.end_at, now=scope.now
    )


def activity_rows(period: Period, scope: Scope) -> list[dict]:
    ids = scope.form_organisation_ids if scope.activities else ()
    return activity_selectors.per_activity(
        organisation_ids=ids, start=period.start_at, end=period.end_at, now=scope.now
    )


def activity_months(period: Period, scope: Scope) -> list[dict]:
    """Per month of the period: group activity dates held and attendances."""
    ids = scope.form_organisation_ids if scope.activities else ()
    months = {m: {"month": m, "held": 0, "attendances": 0} for m in period.months()}
    for row in (
        activity_selectors.held_occurrences(
            organisation_ids=ids, start=period.start_at, end=period.end_at, now=scope.now
        )
        .annotate(month=TruncMonth("starts_at", tzinfo=period.tz))
        .values("month")
        .annotate(held=Count("pk"), attendances=Coalesce(Sum("attendance_count"), 0))
        .order_by("month")
    ):
        month = row.pop("month")
        month = month.date() if isinstance(month, datetime.datetime) else month
        if month in months:
            months[month].update(row)
    return list(months.values())


def activity_hosts(period: Period, scope: Scope) -> QuerySet:
    """The peer guides hosting a date held in the period (ids, for "guides with activity")."""
    ids = scope.form_organisation_ids if scope.activities else ()
    held = activity_selectors.held_occurrences(
        organisation_ids=ids, start=period.start_at, end=period.end_at, now=scope.now
    )
    return PeerGuide.objects.filter(hosted_activities__occurrences__in=held.values("pk")).values(
        "pk"
    )


# --- WHO-5 ----------------------------------------------------------------------------------


def _in_scope(scope: Scope) -> Q:
    """WHO-5 measurements of the courses of support in scope: a match of an organisation in
    scope (and of the chosen form), or a cohort in scope (`Scope.cohort_q`)."""
    M = WellBeingMeasurement
    q = Q(organisation_id__in=scope.organisation_ids)
    match_q = Q(source=M.Source.MATCH)
    if scope.peer_support_form:
        match_q &= Q(organisation_id__in=scope.form_organisation_ids)
    cohort_q = Q(source=M.Source.COHORT)
    if scope.peer_support_form or isinstance(scope.programme, int):
        cohort_q &= Q(source_id__in=Cohort.objects.filter(scope.cohort_q()).values("pk"))
    if scope.programme == ONE_TO_ONE:
        return q & match_q
    if isinstance(scope.programme, int):
        return q & cohort_q
    return q & (match_q | cohort_q)


def _measurements(period: Period, scope: Scope) -> QuerySet[WellBeingMeasurement]:
    return WellBeingMeasurement.objects.filter(period.within("due_at"), _in_scope(scope))


def with_evaluation_consent(queryset: QuerySet, path: str = "participant") -> QuerySet:
    return queryset.filter(
        Exists(
            Consent.objects.filter(
                participant=OuterRef(path),
                purpose=Consent.Purpose.EVALUATION,
                withdrawn_at__isnull=True,
            )
        )
    )


def wellbeing_figures(period: Period, scope: Scope) -> dict:
    M = WellBeingMeasurement
    T = M.Timepoint
    base = _measurements(period, scope)
    answered = Q(status=M.Status.ANSWERED)
    rates = base.aggregate(
        invited=Count("pk", filter=Q(invited_at__isnull=False)),
        answered=Count("pk", filter=answered & Q(invited_at__isnull=False)),
        declined=Count("pk", filter=Q(status=M.Status.DECLINED)),
    )
    percent = F("raw_score") * 4
    means = with_evaluation_consent(base.filter(answered)).aggregate(
        start_n=Count("pk", filter=Q(timepoint=T.START)),
        start_mean=Avg(percent, filter=Q(timepoint=T.START), output_field=FloatField()),
        end_n=Count("pk", filter=Q(timepoint=T.END)),
        end_mean=Avg(percent, filter=Q(timepoint=T.END), output_field=FloatField()),
        follow_up_n=Count("pk", filter=Q(timepoint=T.FOLLOW_UP)),
        follow_up_mean=Avg(percent, filter=Q(timepoint=T.FOLLOW_UP), output_field=FloatField()),
    )
    start_score = Subquery(
        M.objects.filter(
            participant=OuterRef("participant"),
            source=OuterRef("source"),
            source_id=OuterRef("source_id"),
            timepoint=T.START,
            status=M.Status.ANSWERED,
        ).values("raw_score")[:1],
        output_field=IntegerField(),
    )
    pairs = (
        with_evaluation_consent(base.filter(answered, timepoint=T.END))
        .annotate(start_score=start_score)
        .filter(start_score__isnull=False)
        .annotate(change=(F("raw_score") - F("start_score")) * 4)
        .aggregate(
            n=Count("pk"),
            before=Avg(F("start_score") * 4, output_field=FloatField()),
            after=Avg(percent, output_field=FloatField()),
            mean_change=Avg("change", output_field=FloatField()),
            improved=Count("pk", filter=Q(change__gte=10)),
            worsened=Count("pk", filter=Q(change__lte=-10)),
        )
    )

    def rounded(value):
        return None if value is None else round(value, 1)

    return {
        "invited": rates["invited"],
        "answered": rates["answered"],
        "declined": rates["declined"],
        "response_rate": _ratio(rates["answered"], rates["invited"]),
        "start_n": means["start_n"],
        "start_mean": rounded(means["start_mean"]),
        "end_n": means["end_n"],
        "end_mean": rounded(means["end_mean"]),
        "follow_up_n": means["follow_up_n"],
        "follow_up_mean": rounded(means["follow_up_mean"]),
        "pairs": pairs["n"],
        "paired_before": rounded(pairs["before"]),
        "paired_after": rounded(pairs["after"]),
        "mean_change": rounded(pairs["mean_change"]),
        "improved": pairs["improved"],
        "improved_share": _ratio(pairs["improved"], pairs["n"]),
        "worsened": pairs["worsened"],
        "worsened_share": _ratio(pairs["worsened"], pairs["n"]),
    }


# --- WHO-5 change scores -------------------------------------------------------------------

# Percentage scores at or below these mark poor well-being and likely depression (WHO-5 guide).
POOR_WELLBEING = 50
LIKELY_DEPRESSION = 28
MEANINGFUL_CHANGE = 10  # percentage points
LATER = {"end": WellBeingMeasurement.Timepoint.END, "follow_up": "follow_up"}
BREAKDOWNS = ("programme", "form", "organisation")


def _course_value(field_name: str):
    return Subquery(Cohort.objects.filter(pk=OuterRef("source_id")).values(field_name)[:1])


def course_form():
    """A measurement's form of peer support: its cohort's programme's, else its organisation's
    (None when neither says)."""
    return Coalesce(
        Case(
            When(
                Q(source=WellBeingMeasurement.Source.COHORT),
                then=NullIf(_course_value("programme__peer_support_form"), Value("")),
            ),
            default=Value(None, output_field=CharField()),
        ),
        NullIf(F("organisation__peer_support_form"), Value("")),
    )


def paired_changes(period: Period, scope: Scope, later: str) -> QuerySet[WellBeingMeasurement]:
    """The answers at `later` ("end" or "follow_up") in the period, each with the start answer
    of the same course of support, for participants with a current evaluation consent. A later
    answer without a start answer is left out. Annotates `before`, `after` and `change` in
    percentage points, and the breakdowns `programme` (None: one-to-one support), `form` (the
    programme's form of peer support, else the organisation's) and `organisation`."""
    M = WellBeingMeasurement
    start_score = Subquery(
        M.objects.filter(
            participant=OuterRef("participant"),
            source=OuterRef("source"),
            source_id=OuterRef("source_id"),
            timepoint=M.Timepoint.START,
            status=M.Status.ANSWERED,
        ).values("raw_score")[:1],
        output_field=IntegerField(),
    )
    is_cohort = Q(source=M.Source.COHORT)
    return (
        with_evaluation_consent(
            _measurements(period, scope).filter(status=M.Status.ANSWERED, timepoint=LATER[later])
        )
        .annotate(start_score=start_score)
        .filter(start_score__isnull=False)
        .annotate(
            before=F("start_score") * 4,
            after=F("raw_score") * 4,
            change=(F("raw_score") - F("start_score")) * 4,
            programme=Case(
                When(is_cohort, then=_course_value("programme__name")),
                default=Value(None, output_field=CharField()),
            ),
            form=course_form(),
            organisation_name=F("organisation__name"),
        )
    )


def _change_aggregates() -> dict:
    return {
        "n": Count("pk"),
        "mean": Avg("change", output_field=FloatField()),
        "sd": StdDev("change", sample=True, output_field=FloatField()),
        "improved": Count("pk", filter=Q(change__gte=MEANINGFUL_CHANGE)),
        "worsened": Count("pk", filter=Q(change__lte=-MEANINGFUL_CHANGE)),
        "poor_before": Count("pk", filter=Q(before__lte=POOR_WELLBEING)),
        "poor_after": Count("pk", filter=Q(after__lte=POOR_WELLBEING)),
        "depressed_before": Count("pk", filter=Q(before__lte=LIKELY_DEPRESSION)),
        "depressed_after": Count("pk", filter=Q(after__lte=LIKELY_DEPRESSION)),
    }


def _change_row(group, values: dict) -> dict:
    """n, mean change with its 95 % confidence interval (t distribution, n - 1 degrees of
    freedom) and the shares, in percent of the pairs."""
    from scipy import stats  # loaded on first use: a large import that few pages need

    n, mean, sd = values["n"], values["mean"], values["sd"]
    low = high = None
    if n >= 2 and mean is not None and sd is not None:
        half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
        low, high = round(float(mean - half), 1), round(float(mean + half), 1)
    row = {"group": group, "n": n, "mean_change": None if mean is None else round(mean, 1)}
    row.update(ci_low=low, ci_high=high)
    for key in (
        "improved",
        "worsened",
        "poor_before",
        "poor_after",
        "depressed_before",
        "depressed_after",
    ):
        row[f"{key}_share"] = _ratio(values[key], n)
    return row


def change_scores(period: Period, scope: Scope) -> dict:
    """Paired change from the start to the end and from the start to the 3-month follow-up,
    each for all pairs and broken down by programme, form of peer support and organisation:
    {"end": {"all": row, "programme": [rows], ...}, "follow_up": {...}}. Eight queries."""
    result = {}
    keys = {"programme": "programme", "form": "form", "organisation": "organisation_name"}
    for later in LATER:
        pairs = paired_changes(period, scope, later)
        result[later] = {"all": _change_row(None, pairs.aggregate(**_change_aggregates()))}
        for breakdown, key in keys.items():
            rows = (
                pairs.values(key)
                .annotate(**_change_aggregates())
                .order_by(F(key).asc(nulls_first=True))
            )
            result[later][breakdown] = [_change_row(r[key], r) for r in rows]
    return result


# --- Satisfaction and the giver's side ------------------------------------------------------


def exit_survey(period: Period, scope: Scope) -> dict:
    """Participants' answers to the exit survey of one-to-one support ("Has the peer support
    made a difference for you?" and, optionally, how much it helped, 1-5), answered in the
    period. Courses have no exit survey, so a course programme gives none. One query."""
    F_ = Feedback
    qs = Feedback.objects.filter(
        period.within("answered_at"),
        kind=F_.Kind.EXIT,
        respondent=F_.Respondent.PARTICIPANT,
        match__organisation_id__in=scope.form_organisation_ids if scope.one_to_one else (),
    )
    counts = qs.aggregate(
        n=Count("pk"),
        no_rating=Count("pk", filter=Q(rating__isnull=True)),
        **{f"answer_{v}": Count("pk", filter=Q(answer=v)) for v in F_.Answer.values},
        **{f"rating_{v}": Count("pk", filter=Q(rating=v)) for v in range(1, 6)},
    )
    return {
        "n": counts["n"],
        "answers": [
            {"value": v, "label": str(label), "n": counts[f"answer_{v}"]}
            for v, label in F_.Answer.choices
        ],
        "ratings": [{"value": v, "n": counts[f"rating_{v}"]} for v in range(1, 6)],
        "no_rating": counts["no_rating"],
    }


def guide_checkins(period: Period, scope: Scope) -> list[dict]:
    """Guides' own well-being check-ins per organisation and quarter: how many answered and how
    many gave one of the two lowest answers ("very hard", "a bit hard"). One query."""
    rows = (
        WellbeingCheckIn.objects.filter(
            period.within("created_at"), guide__organisation_id__in=scope.form_organisation_ids
        )
        .annotate(quarter=TruncQuarter("created_at", tzinfo=period.tz))
        .values("guide__organisation__name", "quarter")
        .annotate(n=Count("pk"), low=Count("pk", filter=Q(answer__lte=WellbeingCheckIn.LOW_ANSWER)))
        .order_by("guide__organisation__name", "quarter")
    )
    result = []
    for r in rows:
        quarter = r["quarter"]
        quarter = quarter.date() if isinstance(quarter, datetime.datetime) else quarter
        result.append(
            {
                "organisation": r["guide__organisation__name"],
                "quarter": quarter,
                "n": r["n"],
                "low": r["low"],
                "low_share": _ratio(r["low"], r["n"]),
            }
        )
    return result


# --- Participants ---------------------------------------------------------------------------


def helped_participants(period: Period, scope: Scope) -> QuerySet[Participant]:
    q = Q(pk__in=[])
    if scope.one_to_one:
        q |= Exists(
            Match.objects.filter(
                _active_in(period),
                request__participant=OuterRef("pk"),
                organisation_id__in=scope.form_organisation_ids,
            )
        )
    if scope.cohorts:
        q |= Exists(
            Enrollment.objects.filter(
                participant=OuterRef("pk"),
                status__in=TAKING_PART,
                cohort_id__in=held_sessions(period, scope).values("cohort_id"),
            )
        )
    return Participant.objects.filter(q, organisation_id__in=scope.organisation_ids)


def participant_figures(period: Period, scope: Scope) -> dict:
    helped = helped_participants(period, scope)
    by_place = list(
        helped.values("municipality__region__name", "municipality__name")
        .annotate(n=Count("pk"))
        .order_by("municipality__region__name", "municipality__name")
    )
    regions: dict[str, int] = {}
    for row in by_place:
        region = row["municipality__region__name"] or ""
        regions[region] = regions.get(region, 0) + row["n"]
    return {
        "total": sum(r["n"] for r in by_place),
        "by_municipality": [
            {
                "region": r["municipality__region__name"] or "",
                "municipality": r["municipality__name"] or "",
                "n": r["n"],
            }
            for r in by_place
        ],
        "by_region": [{"region": k, "n": v} for k, v in sorted(regions.items())],
    }


AGE_GROUPS = [(17, "0-17"), (29, "18-29"), (49, "30-49"), (66, "50-66")]
AGE_OVER = "67+"
AGE_UNKNOWN = "unknown"


def helped_by_age_and_gender(period: Period, scope: Scope) -> dict:
    """Participants helped in the period by age group (age reached in the period's last year,
    from the year of birth) and by gender ("" = not stated). Two queries."""
    helped = helped_participants(period, scope)
    age = Value(period.end.year) - F("birth_year")
    whens = [When(birth_year__isnull=True, then=Value(AGE_UNKNOWN))] + [
        When(age__lte=top, then=Value(label)) for top, label in AGE_GROUPS
    ]
    ages = dict(
        helped.annotate(age=age, group=Case(*whens, default=Value(AGE_OVER)))
        .values_list("group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    genders = dict(helped.values_list("gender").annotate(n=Count("pk")).order_by())
    labels = [label for _top, label in AGE_GROUPS] + [AGE_OVER, AGE_UNKNOWN]
    return {
        "ages": [{"group": label, "n": ages.get(label, 0)} for label in labels],
        "genders": [
            {"gender": value, "n": genders.get(value, 0)}
            for value in [*(v for v in Gender.values if v), ""]
        ],
    }


# --- Trends ---------------------------------------------------------------------------------


def monthly_trend(period: Period, scope: Scope) -> list[dict]:
    """Per month: requests received, matches started, meetings held, one-to-one hours and
    facilitated cohort hours."""
    tz = period.tz
    months = {m: {"month": m, "requests": 0, "matches": 0, "meetings": 0} for m in period.months()}
    for m in months.values():
        m.update(meeting_hours=0.0, cohort_hours=0.0)

    def put(queryset, field_name, values: dict):
        rows = (
            queryset.annotate(month=TruncMonth(field_name, tzinfo=tz))
            .values("month")
            .annotate(**values)
            .order_by()
        )
        for row in rows:
            month = row.pop("month")
            month = month.date() if isinstance(month, datetime.datetime) else month
            if month in months:
                months[month].update(row)

    if scope.one_to_one:
        org = Q(organisation_id__in=scope.form_organisation_ids)
        put(
            SupportRequest.objects.filter(org, period.within("confirmed_at")),
            "confirmed_at",
            {"requests": Count("pk")},
        )
        put(
            Match.objects.filter(org, period.within("started_at")),
            "started_at",
            {"matches": Count("pk")},
        )
        for month, held in held_meetings_by_month(period, scope.form_organisation_ids).items():
            months[month].update(meetings=held["held"], meeting_minutes=held["minutes"])
    if scope.cohorts:
        through = Cohort.facilitators.through
        put(
            through.objects.filter(
                cohort__sessions__in=held_sessions(period, scope).values("pk")
            ).annotate(session_start=F("cohort__sessions__starts_at")),
            "session_start",
            {"cohort_minutes": Coalesce(Sum("cohort__session_minutes"), 0)},
        )
    result = []
    for m in months.values():
        m["meeting_hours"] = _hours(m.pop("meeting_minutes", 0))
        m["cohort_hours"] = _hours(m.pop("cohort_minutes", 0))
        result.append(m)
    return result


# --- Funder report --------------------------------------------------------------------------


def funder_figures(year: int, scope: Scope) -> dict:
    """What a §18 report asks for, for one calendar year."""
    period = Period.year(year)
    sessions = held_sessions(period, scope)
    through = Cohort.facilitators.through
    volunteer = PeerGuide.Employment.VOLUNTEER
    meeting_guides = Meeting.objects.filter(
        period.within("starts_at"),
        match__organisation_id__in=scope.form_organisation_ids,
        status=Meeting.Status.HELD,
    )
    if not scope.one_to_one:
        meeting_guides = meeting_guides.none()
    active_guides = PeerGuide.objects.filter(
        Q(pk__in=meeting_guides.values("match__guide_id"))
        | Q(
            pk__in=through.objects.filter(cohort__sessions__in=sessions.values("pk")).values(
                "peerguide_id"
            )
        )
        | Q(pk__in=activity_hosts(period, scope))
    ).aggregate(
        volunteers=Count("pk", filter=Q(employment=volunteer)),
        paid=Count("pk", filter=~Q(employment=volunteer)),
    )
    support = support_figures(period, scope)
    courses = course_figures(period, scope)
    group = activity_figures(period, scope)
    return {
        "year": year,
        "volunteers": active_guides["volunteers"],
        "paid_guides": active_guides["paid"],
        "users": helped_participants(period, scope).count(),
        "volunteer_hours": round(
            support["volunteer_meeting_hours"]
            + courses["volunteer_facilitated_hours"]
            + group["volunteer_hours"],
            1,
        ),
        "meeting_hours": support["meeting_hours"],
        "facilitated_hours": courses["facilitated_hours"],
        "meetings_held": support["meetings_held"],
        "sessions_held": courses["sessions_held"],
        "activities": support["meetings_held"] + courses["sessions_held"] + group["held"],
        "group_activity_dates": group["held"],
        "group_activities": group["activities"],
        "group_attendances": group["attendances"],
        "group_host_hours": group["host_hours"],
        "group_volunteer_hours": group["volunteer_hours"],
        "cohorts_run": courses["cohorts_run"],
        "enrollments": courses["enrollments"],
        "requests_received": support["requests_received"],
        "matches_started": support["matches_started"],
        "matches_active": support["matches_active"],
    }


# --- Evaluation export ----------------------------------------------------------------------


def evaluation_rows(scope: Scope) -> QuerySet[WellBeingMeasurement]:
    """Answered WHO-5 measurements with consent, with the course of support's facts."""
    M = WellBeingMeasurement
    match = Match.objects.filter(pk=OuterRef("source_id"))
    cohort = Cohort.objects.filter(pk=OuterRef("source_id"))
    counted = CohortSession.objects.filter(
        cohort_id=OuterRef("source_id"),
        number__gte=1,
        status=CohortSession.Status.PLANNED,
        starts_at__lte=scope.now,
    )
    present = Attendance.objects.filter(
        session__cohort_id=OuterRef("source_id"),
        session__number__gte=1,
        enrollment__participant_id=OuterRef("participant_id"),
        status=Attendance.Status.PRESENT,
    )

    def count_of(queryset, group):
        return Coalesce(
            Subquery(
                queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    is_match = Q(source=M.Source.MATCH)
    qs = with_evaluation_consent(M.objects.filter(_in_scope(scope), status=M.Status.ANSWERED))
    return (
        qs.annotate(
            programme_name=Case(
                When(is_match, then=Value(ONE_TO_ONE)),
                default=Subquery(cohort.values("programme__name")[:1]),
            ),
            peer_support_form=course_form(),
            match_started=Subquery(match.values("started_at")[:1]),
            match_ended=Subquery(match.values("ended_at")[:1]),
            sessions_held=Case(
                When(is_match, then=Value(None, output_field=IntegerField())),
                default=count_of(counted, "cohort_id"),
            ),
            sessions_attended=Case(
                When(is_match, then=Value(None, output_field=IntegerField())),
                default=count_of(present, "enrollment__participant_id"),
            ),
        )
        .annotate(
            match_days=Case(
                When(is_match, then=DaysBetween(F("match_ended"), F("match_started"))),
                default=Value(None, output_field=FloatField()),
            )
        )
        .select_related("organisation")
        .order_by("participant_id", "source", "source_id", "due_at")
    )


def programme_choices() -> list[tuple[str, str]]:
    return [(str(p.pk), p.name) for p in Programme.objects.order_by("name")]
