"""Reads for courses, each limited to what the viewer may see, with a fixed query count."""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.scoping import scope_to_user
from courses.models import Attendance, Cohort, CohortSession, Enrollment, SkippedDate
from courses.public_holidays import holiday_name
from plans import sections as plan_sections
from volunteers.models import PeerGuide, Qualification
from volunteers.selectors import STEPPED_BACK

LAPSING_AFTER = datetime.timedelta(days=365)

S = Cohort.Status
E = Enrollment.Status
PLANNED = CohortSession.Status.PLANNED


def with_seats(queryset: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Annotate seats_taken, seats_left, waitlist_length, first/last session, the number of
    sessions (without an information meeting) and the next session.

    Each is a correlated subquery per cohort row, not a join with GROUP BY: the join grouped every
    session of the organisation by every selected column before a list's page was cut out, and
    the paginator's COUNT repeated it (issue 15)."""
    now = timezone.now()
    planned = CohortSession.objects.filter(cohort=OuterRef("pk"), status=PLANNED).order_by()
    next_session = planned.filter(starts_at__gte=now).order_by("starts_at").values("starts_at")[:1]
    enrolled = Enrollment.objects.filter(cohort=OuterRef("pk"), status=E.ENROLLED)
    waitlisted = Enrollment.objects.filter(cohort=OuterRef("pk"), status=E.WAITLISTED)

    def per_cohort(subquery, aggregate, output_field):
        return Subquery(
            subquery.order_by().values("cohort").annotate(v=aggregate).values("v"),
            output_field=output_field,
        )

    return queryset.annotate(
        seats_taken=Coalesce(per_cohort(enrolled, Count("pk"), IntegerField()), 0),
        waitlist_length=Coalesce(per_cohort(waitlisted, Count("pk"), IntegerField()), 0),
        first_start=per_cohort(planned, Min("starts_at"), DateTimeField()),
        last_start=per_cohort(planned, Max("starts_at"), DateTimeField()),
        session_count=Coalesce(
            per_cohort(planned.filter(number__gte=1), Count("pk"), IntegerField()), 0
        ),
        next_start=Subquery(next_session),
    ).annotate(seats_left=Greatest(F("capacity") - F("seats_taken"), 0))


def catalogue_cohorts() -> QuerySet[Cohort]:
    """Open cohorts for the public catalogue, soonest first."""
    return (
        with_seats(Cohort.objects.filter(status=S.OPEN))
        .select_related("programme", "municipality__region", "organisation")
        .order_by("first_start", "pk")
    )


def public_cohort(pk: int) -> Cohort:
    """A cohort the public may see (never a draft), with its sessions and plan."""
    queryset = (
        with_seats(Cohort.objects.exclude(status=S.DRAFT))
        .select_related("programme", "municipality__region", "organisation")
        .prefetch_related(
            Prefetch("sessions", queryset=CohortSession.objects.order_by("number")),
            Prefetch("facilitators", queryset=PeerGuide.objects.select_related("user")),
            "programme__plan",  # the sessions' English titles (CohortSession.tr)
        )
    )
    return get_object_or_404(queryset, pk=pk)


def waitlist_position(enrollment: Enrollment) -> int | None:
    """1 for the first on the waitlist; None when not on it."""
    if enrollment.status != E.WAITLISTED:
        return None
    ahead = Enrollment.objects.filter(cohort_id=enrollment.cohort_id, status=E.WAITLISTED).filter(
        Q(waitlisted_at__lt=enrollment.waitlisted_at)
        | Q(waitlisted_at=enrollment.waitlisted_at, pk__lt=enrollment.pk)
    )
    return ahead.count() + 1


def waitlist(cohort: Cohort) -> list[Enrollment]:
    return list(
        cohort.enrollments.filter(status=E.WAITLISTED)
        .select_related("participant")
        .order_by("waitlisted_at", "pk")
    )


def skipped_days(*, cohort: Cohort, holidays_only: bool = False) -> list[tuple[datetime.date, str]]:
    """The days in the cohort's weekly rhythm without a session, each with why: the holiday's
    name in the current language, or "removed by the coordinator"."""
    days = cohort.skipped_dates.all()
    if holidays_only:
        days = days.filter(kind=SkippedDate.Kind.HOLIDAY)
    return [
        (
            day.date,
            holiday_name(day.date, fallback=day.name)
            if day.kind == SkippedDate.Kind.HOLIDAY
            else str(day.get_kind_display()),
        )
        for day in days.order_by("date")
    ]


# --- facilitators ----------------------------------------------------------------------------


def _current_qualification(kind: str, today: datetime.date) -> QuerySet[Qualification]:
    return Qualification.objects.filter(kind=kind).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def with_facilitators(cohort: Cohort) -> Cohort:
    """The cohort with `cohort.facilitators.all()` read once, with the guides' users (nothing is
    read when they are already): what a page names them from, however often it lists them."""
    prefetch_related_objects(
        [cohort], Prefetch("facilitators", queryset=PeerGuide.objects.select_related("user"))
    )
    return cohort


def _may_lead(cohort: Cohort, today: datetime.date) -> Q:
    """A guide may lead the cohort: active, of its organisation, and holding the programme's
    certificate now if it asks for one."""
    condition = Q(status=PeerGuide.Status.ACTIVE, organisation_id=cohort.organisation_id)
    kind = cohort.programme.required_qualification
    if kind:
        condition &= Q(Exists(_current_qualification(kind, today).filter(guide=OuterRef("pk"))))
    return condition


def _lapsing(kind: str, today: datetime.date, exclude_cohort=None) -> Q:
    """A guide holding `kind` for more than 12 months who has not led a cohort in 12 months."""
    since = timezone.now() - LAPSING_AFTER
    cohorts = Cohort.objects.filter(
        facilitators=OuterRef("pk"),
        status__in=[S.RUNNING, S.FINISHED],
        sessions__starts_at__gte=since,
    )
    if exclude_cohort is not None:
        cohorts = cohorts.exclude(pk=exclude_cohort.pk)
    old_enough = Qualification.objects.filter(
        guide=OuterRef("pk"), kind=kind, issued_on__lte=today - LAPSING_AFTER
    )
    return Q(Exists(old_enough)) & ~Q(Exists(cohorts))


def qualified_facilitators(*, cohort: Cohort, today=None) -> list[PeerGuide]:
    """The cohort's facilitators who are active and hold the programme's certificate now."""
    today = today or timezone.localdate()
    return list(cohort.facilitators.filter(_may_lead(cohort, today)).select_related("user"))


def lapsing_guide_ids(*, guides, kind: str, today=None, exclude_cohort=None) -> set[int]:
    """Guides holding `kind` for more than 12 months who have not led a cohort in 12 months."""
    if not kind:
        return set()
    today = today or timezone.localdate()
    return set(
        PeerGuide.objects.filter(pk__in=[g.pk for g in guides])
        .filter(_lapsing(kind, today, exclude_cohort))
        .values_list("pk", flat=True)
    )


def facilitator_overview(*, cohort: Cohort, today=None) -> list[dict]:
    """Each facilitator with whether they may lead this programme and whether they are lapsing:
    the guides as `with_facilitators` reads them, both flags from one more query."""
    today = today or timezone.localdate()
    guides = list(with_facilitators(cohort).facilitators.all())
    kind = cohort.programme.required_qualification
    flags = {}
    if guides:
        flags = {
            pk: (qualified, lapsing)
            for pk, qualified, lapsing in PeerGuide.objects.filter(pk__in=[g.pk for g in guides])
            .annotate(
                qualified=ExpressionWrapper(_may_lead(cohort, today), BooleanField()),
                lapsing=ExpressionWrapper(
                    _lapsing(kind, today, cohort) if kind else Value(False), BooleanField()
                ),
            )
            .order_by()
            .values_list("pk", "qualified", "lapsing")
        }
    return [{"guide": g, "qualified": flags[g.pk][0], "lapsing": flags[g.pk][1]} for g in guides]


# --- guides' pages -----------------------------------------------------------------------------


def cohorts_for_guide(*, guide: PeerGuide) -> QuerySet[Cohort]:
    """The cohorts a guide facilitates that are not over (draft, open, running), soonest first,
    with seats, waitlist and next session annotated."""
    return (
        with_seats(
            Cohort.objects.filter(facilitators=guide, status__in=[S.DRAFT, S.OPEN, S.RUNNING])
        )
        .select_related("programme")
        .order_by("first_start", "pk")
    )


def cohort_for_facilitator(*, guide: PeerGuide, pk: int) -> Cohort:
    """One cohort the guide facilitates, or 404 (another guide's cohort does not exist)."""
    queryset = Cohort.objects.filter(facilitators=guide).exclude(status=S.DRAFT)
    return get_object_or_404(
        queryset.select_related("programme", "organisation").prefetch_related(
            Prefetch("sessions", queryset=CohortSession.objects.order_by("number")),
            "programme__plan",  # the sessions' English titles (CohortSession.tr)
        ),
        pk=pk,
    )


def attendance_sheet(*, cohort: Cohort, session: CohortSession) -> list[tuple[Enrollment, str]]:
    """The enrolled (or, once finished, completed) participants and their attendance status."""
    enrollments = list(
        cohort.enrollments.filter(status__in=[E.ENROLLED, E.COMPLETED, E.NOT_COMPLETED])
        .select_related("participant")
        .order_by("participant__first_name", "participant__last_name", "pk")
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("enrollment_id", "status"))
    return [(e, marks.get(e.pk, "")) for e in enrollments]


# --- coordinators ---------------------------------------------------------------------------


def cohorts_for_coordinator(*, user) -> QuerySet[Cohort]:
    return scope_to_user(
        with_seats(Cohort.objects.all()).select_related("programme", "organisation"), user
    ).prefetch_related(Prefetch("facilitators", queryset=PeerGuide.objects.select_related("user")))


def seated(cohort: Cohort) -> QuerySet[Enrollment]:
    """The cohort's enrollments that hold (or held) a seat: enrolled, completed, not completed."""
    return cohort.enrollments.filter(
        status__in=[
            Enrollment.Status.ENROLLED,
            Enrollment.Status.COMPLETED,
            Enrollment.Status.NOT_COMPLETED,
        ]
    )


def facilitator_names(*, cohort_ids) -> dict[int, list[str]]:
    """The facilitators' names of each cohort (as `PeerGuide.name`: full name, else e-mail), from
    one flat query: what a list of cohorts shows, without a guide and a user object per name."""
    names: dict[int, list[str]] = {}
    rows = (
        Cohort.facilitators.through.objects.filter(cohort_id__in=list(cohort_ids))
        .order_by("cohort_id", "peerguide_id")
        .values_list(
            "cohort_id",
            "peerguide__user__first_name",
            "peerguide__user__last_name",
            "peerguide__user__email",
        )
    )
    for cohort_id, first_name, last_name, email in rows:
        names.setdefault(cohort_id, []).append(f"{first_name} {last_name}".strip() or email)
    return names


def enrollments_with_attendance(queryset: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """`sessions_attended`: sessions (not the information meeting, not cancelled) marked present.

    A correlated subquery, evaluated for the rows shown only (a JOIN + GROUP BY over every
    attendance mark of the organisation made the enrollment list's cost grow with the data)."""
    present = (
        Attendance.objects.filter(
            enrollment=OuterRef("pk"),
            status=Attendance.Status.PRESENT,
            session__number__gte=1,
            session__status=PLANNED,
        )
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.select_related("participant").annotate(
        sessions_attended=Coalesce(Subquery(present), 0)
    )


# --- for other apps: reminders -------------------------------------------------------------


def upcoming_sessions(*, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """Planned sessions starting in [start, end) of open or running cohorts, each with
    `session.cohort.enrolled` (enrollments with participants) and `session.cohort.facilitator_list`
    (guides with users) prefetched: a fixed number of queries however many sessions."""
    return (
        CohortSession.objects.filter(
            status=PLANNED,
            starts_at__gte=start,
            starts_at__lt=end,
            cohort__status__in=[S.OPEN, S.RUNNING],
        )
        .select_related("cohort__programme", "cohort__organisation", "cohort__municipality")
        .prefetch_related(
            Prefetch(
                "cohort__enrollments",
                queryset=Enrollment.objects.filter(status=E.ENROLLED).select_related("participant"),
                to_attr="enrolled",
            ),
            Prefetch(
                "cohort__facilitators",
                queryset=PeerGuide.objects.select_related("user"),
                to_attr="facilitator_list",
            ),
        )
        .order_by("starts_at", "pk")
    )


# --- What needs a coordinator's attention (the admin overview and its list filters) ----------

STARTING_WITHIN = datetime.timedelta(days=14)


def starting_soon(queryset: QuerySet[Cohort], *, today=None) -> QuerySet[Cohort]:
    """Draft or open cohorts whose first session is within the next 14 days."""
    today = today or timezone.localdate()
    return queryset.filter(
        status__in=[S.DRAFT, S.OPEN], first_date__gte=today, first_date__lte=today + STARTING_WITHIN
    )


def with_qualified_facilitators(queryset: QuerySet[Cohort], *, today=None) -> QuerySet[Cohort]:
    """Annotate `qualified_facilitators`: the facilitators who may lead the cohort now (active,
    of its organisation, holding the programme's certificate if it asks for one), counted in the
    database as `qualified_facilitators()` lists them."""
    today = today or timezone.localdate()
    certificate = Qualification.objects.filter(
        guide=OuterRef("pk"), kind=OuterRef(OuterRef("programme__required_qualification"))
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    active = PeerGuide.objects.filter(
        cohorts=OuterRef("pk"),
        status=PeerGuide.Status.ACTIVE,
        organisation_id=OuterRef("organisation_id"),
    )

    def count_of(guides):
        counted = guides.order_by().values("status").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return queryset.annotate(
        qualified_facilitators=Case(
            When(programme__required_qualification="", then=count_of(active)),
            default=count_of(active.filter(Exists(certificate))),
            output_field=IntegerField(),
        )
    )


def cohorts_needing_attention(queryset: QuerySet[Cohort], *, today=None) -> QuerySet[Cohort]:
    """Cohorts starting within 14 days that are below their minimum size or lack qualified
    facilitators."""
    today = today or timezone.localdate()
    return (
        with_qualified_facilitators(with_seats(starting_soon(queryset, today=today)), today=today)
        .filter(
            Q(seats_taken__lt=F("programme__min_participants"))
            | Q(qualified_facilitators__lt=F("programme__facilitators_required"))
        )
        .order_by()
    )


def handover_cohorts(queryset: QuerySet[Cohort], *, guide=None) -> QuerySet[Cohort]:
    """Cohorts not yet over (draft, open, running) with a facilitator who has stepped back
    (paused, retired, declined) and is still listed."""
    stepped_back = PeerGuide.objects.filter(cohorts=OuterRef("pk"), status__in=STEPPED_BACK)
    if guide is not None:
        stepped_back = stepped_back.filter(pk=guide.pk)
    return queryset.filter(Exists(stepped_back), status__in=[S.DRAFT, S.OPEN, S.RUNNING])


# --- the participant's own plan (plans) --------------------------------------------------------


def attach_plan_sections(*, cohort: Cohort, sessions: list[CohortSession]) -> bool:
    """Give each session `plan_part`: the part of "My plan" it works on (from the programme's
    session plan), or None. True when any session has one (a WRAP cohort)."""
    keys = dict(
        cohort.programme.plan.exclude(plan_section="").values_list("number", "plan_section")
    )
    for session in sessions:
        session.plan_part = plan_sections.get(keys.get(session.number, ""))
    return bool(keys)
