"""Writes with rules for courses: cohorts and their sessions, sign-up, seats and the waitlist,
attendance and completion.

Seats are never over-booked: every write that takes or frees a seat first locks the cohort row
(`SELECT ... FOR UPDATE`), counts the enrolled under that lock and only then decides. A sign-up
holds no seat until its e-mail link is confirmed (status `pending`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import dates
from core.bilingual import lazy_text
from core.choices import EntrySource
from core.models import Membership
from core.validators import validate_sane_datetime
from courses.models import (
    Attendance,
    Cohort,
    CohortSession,
    CohortStatusChange,
    Enrollment,
    Programme,
    SessionChange,
    SkippedDate,
)
from courses.public_holidays import danish_holidays
from notifications.services import notify, queue_email
from participants import links
from participants.models import Consent
from participants.services import (
    ParticipantDetails,
    attach_or_register,
    check_entry_source,
    has_consent,
    lock_current_participant,
    record_oral_consent,
)
from volunteers.models import PeerGuide
from volunteers.selectors import guides_by_email
from volunteers.services import record_training, remove_training

CONFIRM_PURPOSE = "course-confirm"
MANAGE_PURPOSE = "course-enrollment"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
MANAGE_MAX_AGE = datetime.timedelta(days=400)

S = Cohort.Status
E = Enrollment.Status


# --- sessions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A day in the weekly rhythm left without a session, and why."""

    day: datetime.date
    kind: str  # SkippedDate.Kind
    name: str = ""  # the holiday's name (Danish)


def plan_session_dates(
    *,
    first_date: datetime.date,
    weekday: int,
    count: int,
    skip_dates: Iterable = (),
    skip_holidays: bool = True,
) -> tuple[list[datetime.date], list[Skipped]]:
    """`count` weekly dates on `weekday`, from the first such day on or after `first_date`.
    A date the coordinator removed (`skip_dates`) or a Danish public holiday (courses.
    public_holidays: the official ones plus 24 and 31 December) is left out and the session moves
    on a week; the days left out are returned with the reason."""
    removed = {datetime.date.fromisoformat(str(d)) for d in skip_dates}
    day = first_date + datetime.timedelta(days=(weekday - first_date.weekday()) % 7)
    years = range(day.year, day.year + 2 + count // 52)
    holidays = danish_holidays(years, "da") if skip_holidays else {}
    dates: list[datetime.date] = []
    skipped: list[Skipped] = []
    while len(dates) < count:
        if day in removed:
            skipped.append(Skipped(day, SkippedDate.Kind.REMOVED, holidays.get(day, "")))
        elif day in holidays:
            skipped.append(Skipped(day, SkippedDate.Kind.HOLIDAY, holidays[day]))
        else:
            dates.append(day)
        day += datetime.timedelta(weeks=1)
    return dates, skipped


def danish_date(value: datetime.date | datetime.datetime) -> str:
    """A date in messages a coordinator reads, in the shared style (core/dates.py)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return dates.day(value)


def _plan_sessions(
    cohort: Cohort, count: int | None = None
) -> tuple[list[CohortSession], list[Skipped]]:
    """The sessions `generate_sessions` would make (not saved) and the days it would skip. A
    session that would fall outside the years 2000-2100 is a `ValidationError` on `first_date`."""
    programme = cohort.programme
    count = count or programme.default_sessions
    days, skipped = plan_session_dates(
        first_date=cohort.first_date,
        weekday=cohort.weekday,
        count=count,
        skip_dates=cohort.skip_dates,
    )
    length = datetime.timedelta(minutes=cohort.session_minutes or programme.session_minutes)
    plan = {item.number: item for item in programme.plan.all()}
    sessions = []
    if programme.has_information_meeting:
        info_day = days[0] - datetime.timedelta(weeks=1)
        holidays = danish_holidays([info_day.year], "da")
        while info_day in holidays:  # an information meeting on a holiday moves a week earlier
            skipped.append(Skipped(info_day, SkippedDate.Kind.HOLIDAY, holidays[info_day]))
            info_day -= datetime.timedelta(weeks=1)
        start = dates.local_datetime(info_day, cohort.start_time)
        sessions.append(
            CohortSession(
                cohort=cohort,
                number=0,
                title=_("Information meeting"),
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
            )
        )
    for number, day in enumerate(days, start=1):
        start = dates.local_datetime(day, cohort.start_time)
        sessions.append(
            CohortSession(
                cohort=cohort,
                number=number,
                title=plan[number].title if number in plan else "",
                title_en=plan[number].title_en if number in plan else "",
                starts_at=start,
                ends_at=start + length,
            )
        )
    for session in sessions:
        try:
            validate_sane_datetime(session.starts_at)
        except ValidationError as error:
            raise ValidationError({"first_date": error}) from error
    return sessions, skipped


@transaction.atomic
def generate_sessions(*, cohort: Cohort, count: int | None = None) -> list[CohortSession]:
    """Create the cohort's sessions from its first date, weekday and start time."""
    if cohort.sessions.exists():
        raise ValidationError(
            _("This cohort already has sessions. Move or cancel them one at a time instead."),
            code="has_sessions",
        )
    sessions, skipped = _plan_sessions(cohort, count)
    SkippedDate.objects.bulk_create(
        [SkippedDate(cohort=cohort, date=x.day, kind=x.kind, name=x.name) for x in skipped],
        ignore_conflicts=True,
    )
    return CohortSession.objects.bulk_create(sessions)


def _renumber_sessions(cohort: Cohort) -> None:
    """Number the sessions (not the information meeting) in date order again, e.g. after one
    was added between others. Two steps, so the unique (cohort, number) never clashes."""
    sessions = list(cohort.sessions.filter(number__gte=1).order_by("starts_at", "number"))
    wanted = {s.pk: n for n, s in enumerate(sessions, start=1)}
    if all(s.number == wanted[s.pk] for s in sessions):
        return
    offset = 1000 + len(sessions)
    for session in sessions:
        session.number += offset
    CohortSession.objects.bulk_update(sessions, ["number"])
    for session in sessions:
        session.number = wanted[session.pk]
    CohortSession.objects.bulk_update(sessions, ["number"])


@transaction.atomic
def add_session(
    *, cohort: Cohort, starts_at: datetime.datetime, actor=None, title: str = ""
) -> CohortSession:
    """A session the coordinator adds by hand, on any date (a public holiday too: that day is no
    longer listed as skipped). The sessions are numbered in date order again."""
    cohort = _lock(cohort)
    if cohort.status in (S.FINISHED, S.CANCELLED):
        raise ValidationError(
            _("The cohort is finished or cancelled, so sessions cannot be added."), code="closed"
        )
    if cohort.sessions.filter(starts_at=starts_at).exists():
        raise ValidationError(
            _("The cohort already has a session at %(time)s.") % {"time": dates.moment(starts_at)},
            code="duplicate",
        )
    length = datetime.timedelta(minutes=cohort.session_minutes or cohort.programme.session_minutes)
    last = cohort.sessions.order_by("-number").values_list("number", flat=True).first() or 0
    session = CohortSession.objects.create(
        cohort=cohort,
        number=last + 1,
        title=title.strip()[:150],
        starts_at=starts_at,
        ends_at=starts_at + length,
    )
    cohort.skipped_dates.filter(date=timezone.localtime(starts_at).date()).delete()
    _renumber_sessions(cohort)
    session.refresh_from_db()
    return session


def check_new_cohort(*, cohort: Cohort) -> None:
    """Would `save_new_cohort` take this cohort (built, not saved)? Its fields' rules (a weekday
    Monday-Sunday, a session of 15-600 minutes, a first date in 2000-2100, ...) and every session
    it would get inside the years 2000-2100; a broken value is a `ValidationError` naming its
    field. The admin's form asks this, so the coordinator sees the message at the field."""
    cohort.full_clean()
    _plan_sessions(cohort)


@transaction.atomic
def save_new_cohort(
    *, cohort: Cohort, facilitators: Iterable[PeerGuide] = (), actor=None
) -> tuple[Cohort, list[PeerGuide]]:
    """Save a cohort built but not yet saved (the admin's add form builds one) as a draft, with
    its sessions generated (skipping the dates the coordinator removed) and its facilitators.
    Returns the cohort and the facilitators left out for belonging to another organisation."""
    check_new_cohort(cohort=cohort)
    cohort.save()
    left_out = set_facilitators(cohort=cohort, guides=facilitators, actor=actor)
    generate_sessions(cohort=cohort)
    return cohort, left_out


@transaction.atomic
def create_cohort(
    *,
    programme: Programme,
    organisation,
    title: str,
    first_date: datetime.date,
    weekday: int,
    start_time: datetime.time,
    skip_dates: Iterable = (),
    facilitators: Iterable[PeerGuide] = (),
    actor=None,
    **fields,
) -> Cohort:
    """A draft cohort with its sessions generated (skipping the dates the coordinator removed).
    The admin form's rules hold here too (a weekday Monday-Sunday, a session of 15-600 minutes, a
    first date in 2000-2100, ...): a broken value is a `ValidationError` naming its field."""
    cohort = Cohort(
        programme=programme,
        organisation=organisation,
        title=title,
        first_date=first_date,
        weekday=weekday,
        start_time=start_time,
        skip_dates=sorted(str(d) for d in skip_dates),
        **fields,
    )
    cohort, _left_out = save_new_cohort(cohort=cohort, facilitators=facilitators, actor=actor)
    return cohort


@transaction.atomic
def set_facilitators(*, cohort: Cohort, guides: Iterable[PeerGuide], actor=None) -> list[PeerGuide]:
    """Make `guides` the cohort's facilitators. A guide of another organisation cannot lead it and
    is left out; those left out are returned, so the coordinator can be told."""
    guides = list(guides)
    left_out = [g for g in guides if g.organisation_id != cohort.organisation_id]
    cohort.facilitators.set([g for g in guides if g not in left_out])
    return left_out


# What a cohort's sessions were made from: fixed once it exists (move, add or cancel sessions one at
# a time instead). Its status changes only by its transitions (open_cohort, start_cohort, ...).
FIXED_AFTER_CREATION = ("programme", "first_date", "weekday", "start_time", "skip_dates")
LIFECYCLE_FIELDS = ("status", "status_changed_at", "created_at")


@transaction.atomic
def check_cohort_changes(*, cohort: Cohort, changes: dict) -> Cohort:
    """Would `update_cohort` take these changes (field name -> new value)? Returns the cohort as
    the database holds it, locked: inside a transaction (every admin request is one) the lock holds
    until it ends, so the seats counted here are the seats when the change is saved.

    - fields the sessions were made from, and the status, are not changed here;
    - the seats never go below the number of people who hold one (withdraw someone first)."""
    current = _lock(cohort)
    fixed = [name for name in changes if name in FIXED_AFTER_CREATION + LIFECYCLE_FIELDS]
    if fixed:
        raise ValidationError(
            {
                name: _(
                    "This cannot be changed once the cohort exists. Move, add or cancel its "
                    "sessions one at a time instead."
                )
                if name in FIXED_AFTER_CREATION
                else _("The status changes with the actions on the list of cohorts.")
                for name in fixed
            },
            code="fixed",
        )
    if "capacity" in changes:
        capacity = changes["capacity"]
        if capacity is None:  # empty: the programme's maximum group size
            capacity = current.programme.max_participants
        taken = _seats_taken(current) if capacity < current.capacity else 0
        if capacity < taken:
            raise ValidationError(
                {
                    "capacity": ngettext(
                        "%(taken)s person holds a seat, so the cohort needs at least "
                        "%(taken)s seat. Withdraw someone first to have fewer.",
                        "%(taken)s people hold a seat, so the cohort needs at least %(taken)s "
                        "seats. Withdraw someone first to have fewer.",
                        taken,
                    )
                    % {"taken": taken}
                },
                code="below_seats_taken",
            )
    return current


@transaction.atomic
def update_cohort(*, cohort: Cohort, changes: dict, actor=None) -> list[Enrollment]:
    """Change a cohort's details (title, place, seats, sign-up dates, ...), by the rules of
    `check_cohort_changes`. More seats go to the first on the waitlist, who are told; the people
    moved to a seat are returned."""
    current = check_cohort_changes(cohort=cohort, changes=changes)
    old_capacity = current.capacity
    for name, value in changes.items():
        setattr(current, name, value)
    if changes:
        current.full_clean()
        current.save(update_fields=list(changes))
    for name in changes:
        setattr(cohort, name, getattr(current, name))
    if current.capacity > old_capacity:
        return _fill_from_waitlist(current)
    return []


def _people_concerned(cohort: Cohort, *, with_waitlist: bool = False):
    statuses = [E.ENROLLED, E.WAITLISTED] if with_waitlist else [E.ENROLLED]
    enrollments = list(cohort.enrollments.filter(status__in=statuses).select_related("participant"))
    guides = list(cohort.facilitators.select_related("user"))
    return enrollments, guides


def _tell_facilitators(guides, *, cohort: Cohort, kind: str, context: dict, about) -> int:
    """E-mail the cohort's facilitators, each in their own language, with the course's name
    (guides may see it; a participant's e-mail never names the course). Returns how many."""
    for guide in guides:
        queue_email(
            kind=f"courses.{kind}",
            to=guide.email,
            template=f"courses/email/{kind}",
            context={
                **context,
                "first_name": guide.user.first_name,
                # In the guide's language, when the outbox renders the message.
                "cohort_title": lazy_text(lambda: cohort.tr("title")),
            },
            language=guide.user.language,
            about=about,
        )
    return len(guides)


def _tell_about_session(change: SessionChange) -> int:
    session = change.session
    cohort = session.cohort
    enrollments, guides = _people_concerned(cohort)
    context = {
        "organisation": cohort.organisation.name,
        "session_number": session.number,
        "old_starts_at": change.old_starts_at,
        "new_starts_at": change.new_starts_at,
        "cancelled": change.kind == SessionChange.Kind.CANCELLED,
        "reason": change.reason,
    }
    told = 0
    for enrollment in enrollments:
        participant = enrollment.participant
        if not participant.email:
            continue
        queue_email(
            kind="courses.session_changed",
            to=participant.email,
            template="courses/email/session_changed",
            context={
                **context,
                "first_name": participant.first_name,
                "link": links.absolute_url(
                    "courses:manage",
                    token=links.make_token(pk=enrollment.pk, purpose=MANAGE_PURPOSE),
                ),
            },
            language=participant.language,
            about=change,
        )
        told += 1
    told += _tell_facilitators(
        guides, cohort=cohort, kind="session_changed", context=context, about=change
    )
    change.notified = told
    change.save(update_fields=["notified"])
    return told


def _check_can_move(session: CohortSession, starts_at: datetime.datetime) -> None:
    if session.cohort.status in (S.FINISHED, S.CANCELLED):
        raise ValidationError(
            _("The cohort is finished or cancelled, so its sessions cannot be moved."),
            code="closed",
        )
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."), code="cancelled")
    if starts_at == session.starts_at:
        raise ValidationError(_("Choose a new time for the session."), code="same_time")
    try:
        validate_sane_datetime(starts_at)
    except ValidationError as error:
        raise ValidationError({"starts_at": error}) from error


def _check_can_cancel(session: CohortSession) -> None:
    if session.is_cancelled:
        raise ValidationError(_("This session is already cancelled."), code="cancelled")
    if session.cohort.status in (S.FINISHED, S.CANCELLED):
        raise ValidationError(
            _("The cohort is finished or cancelled, so its sessions cannot be changed."),
            code="closed",
        )


def _lock_session(session: CohortSession) -> CohortSession:
    return (
        CohortSession.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=session.pk)
    )


@transaction.atomic
def move_session(
    *, session: CohortSession, starts_at: datetime.datetime, actor=None, reason: str = ""
) -> SessionChange:
    """Move a session to a new time (same length); everyone concerned is told."""
    session = _lock_session(session)
    _check_can_move(session, starts_at)
    length = session.ends_at - session.starts_at
    change = SessionChange.objects.create(
        session=session,
        kind=SessionChange.Kind.MOVED,
        old_starts_at=session.starts_at,
        new_starts_at=starts_at,
        reason=reason,
        actor=actor,
    )
    session.starts_at = starts_at
    session.ends_at = starts_at + length
    session.save(update_fields=["starts_at", "ends_at"])
    _tell_about_session(change)
    return change


@transaction.atomic
def cancel_session(*, session: CohortSession, actor=None, reason: str = "") -> SessionChange:
    """Cancel one session; it no longer counts towards completion. Everyone concerned is told."""
    session = _lock_session(session)
    _check_can_cancel(session)
    change = SessionChange.objects.create(
        session=session,
        kind=SessionChange.Kind.CANCELLED,
        old_starts_at=session.starts_at,
        reason=reason,
        actor=actor,
    )
    session.status = CohortSession.Status.CANCELLED
    session.save(update_fields=["status"])
    _tell_about_session(change)
    return change


@transaction.atomic
def check_session_change(
    *, session: CohortSession, starts_at: datetime.datetime, status: str
) -> CohortSession:
    """Would `change_session` take this? Returns the session as the database holds it, locked (in
    the admin's request transaction the lock holds until the change is saved). A message that
    concerns the new time is keyed `starts_at`, one about the status `status`."""
    current = _lock_session(session)
    if status == CohortSession.Status.CANCELLED:
        if not current.is_cancelled:
            try:
                _check_can_cancel(current)
            except ValidationError as error:
                raise ValidationError({"status": error.error_list}) from error
        return current
    if current.is_cancelled:
        raise ValidationError(
            {
                "status": _(
                    "A cancelled session stays cancelled. Add a new session from the cohort's "
                    "page instead."
                )
            },
            code="cancelled",
        )
    if starts_at != current.starts_at:
        try:
            _check_can_move(current, starts_at)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({"starts_at": error.error_list}) from error
    return current


@transaction.atomic
def change_session(
    *,
    session: CohortSession,
    starts_at: datetime.datetime,
    status: str,
    actor=None,
    reason: str = "",
) -> SessionChange | None:
    """The session's page in the admin: cancel the session, or move it to `starts_at`; everyone
    concerned is told. Nothing to change: None."""
    current = check_session_change(session=session, starts_at=starts_at, status=status)
    if status == CohortSession.Status.CANCELLED:
        if current.is_cancelled:
            return None
        return cancel_session(session=current, actor=actor, reason=reason)
    if starts_at != current.starts_at:
        return move_session(session=current, starts_at=starts_at, actor=actor, reason=reason)
    return None


# --- cohort lifecycle ---------------------------------------------------------------------------


def facilitator_problems(*, cohort: Cohort, qualified: list[PeerGuide] | None = None) -> list[str]:
    """Why the cohort cannot open as far as its facilitators go (empty: all is well).
    `qualified`: the facilitators who may lead it, when the caller has read them already
    (selectors.facilitator_overview); else they are read here."""
    from courses.selectors import qualified_facilitators

    programme = cohort.programme
    if qualified is None:
        qualified = qualified_facilitators(cohort=cohort)
    if len(qualified) >= programme.facilitators_required:
        return []
    if programme.required_qualification:
        return [
            _(
                "%(programme)s needs %(required)s active facilitators with a current "
                "%(qualification)s certificate; this cohort has %(count)s. Add facilitators or "
                "record their certificates on the guides' pages."
            )
            % {
                "programme": programme.name,
                "required": programme.facilitators_required,
                "qualification": programme.get_required_qualification_display(),
                "count": len(qualified),
            }
        ]
    return [
        _("%(programme)s needs %(required)s active facilitators; this cohort has %(count)s.")
        % {
            "programme": programme.name,
            "required": programme.facilitators_required,
            "count": len(qualified),
        }
    ]


def _lock(cohort: Cohort) -> Cohort:
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("programme", "organisation")
        .get(pk=cohort.pk)
    )


def _lock_enrollment(enrollment: Enrollment) -> Enrollment:
    """Lock the cohort first (where its seats are counted), then the enrollment, as every change of
    seats does, so two of them wait for each other instead of deadlocking."""
    cohort = _lock(enrollment.cohort)
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=enrollment.pk)
    )
    enrollment.cohort = cohort
    return enrollment


def _transition(cohort: Cohort, *, allowed: Iterable[str], to: str, actor, note="") -> Cohort:
    if cohort.status not in allowed:
        raise ValidationError(
            _("%(cohort)s is %(status)s, so it cannot be changed to %(to)s.")
            % {
                "cohort": cohort.title,
                "status": cohort.get_status_display().lower(),
                "to": Cohort.Status(to).label.lower(),
            },
            code="wrong_status",
        )
    CohortStatusChange.objects.create(
        cohort=cohort, from_status=cohort.status, to_status=to, actor=actor, note=note
    )
    cohort.status = to
    cohort.status_changed_at = timezone.now()
    cohort.save(update_fields=["status", "status_changed_at"])
    return cohort


@transaction.atomic
def open_cohort(*, cohort: Cohort, actor=None) -> Cohort:
    """Open for sign-up: needs its sessions and enough qualified, active facilitators."""
    cohort = _lock(cohort)
    if cohort.status == S.DRAFT:
        problems = facilitator_problems(cohort=cohort)
        if not cohort.sessions.exclude(status=CohortSession.Status.CANCELLED).exists():
            problems.append(_("The cohort has no sessions. Give it a first date and a weekday."))
        if problems:
            raise ValidationError(problems, code="cannot_open")
    return _transition(cohort, allowed=[S.DRAFT], to=S.OPEN, actor=actor)


def _first_session(cohort: Cohort) -> CohortSession | None:
    """Session 1 (or the earliest planned one): the information meeting does not start a cohort."""
    return (
        cohort.sessions.filter(status=CohortSession.Status.PLANNED, number__gte=1)
        .order_by("starts_at")
        .first()
    )


def _last_session(cohort: Cohort) -> CohortSession | None:
    return cohort.sessions.filter(status=CohortSession.Status.PLANNED).order_by("-ends_at").first()


def check_can_start(*, cohort: Cohort, today: datetime.date | None = None) -> None:
    """A cohort starts on the day of its first session, not before."""
    today = today or timezone.localdate()
    first = _first_session(cohort)
    if first is None:
        raise ValidationError(
            _("%(cohort)s has no sessions, so it cannot start.") % {"cohort": cohort.title},
            code="no_sessions",
        )
    first_day = timezone.localtime(first.starts_at).date()
    if first_day > today:
        raise ValidationError(
            _(
                "%(cohort)s cannot start before its first session on %(date)s. Start it on "
                "that day or later."
            )
            % {"cohort": cohort.title, "date": danish_date(first_day)},
            code="too_early",
        )


@transaction.atomic
def start_cohort(*, cohort: Cohort, actor=None) -> Cohort:
    """Open → running, on or after the day of the first session."""
    cohort = _lock(cohort)
    if cohort.status == S.OPEN:
        check_can_start(cohort=cohort)
    return _transition(cohort, allowed=[S.OPEN], to=S.RUNNING, actor=actor)


def attended_count(enrollment: Enrollment) -> int:
    """Sessions attended that count towards completion (not the information meeting)."""
    return enrollment.attendances.filter(
        status=Attendance.Status.PRESENT,
        session__number__gte=1,
        session__status=CohortSession.Status.PLANNED,
    ).count()


def sessions_needed(cohort: Cohort) -> int:
    return cohort.completion_min_sessions or cohort.programme.completion_min_sessions


@dataclass(frozen=True)
class Result:
    """What finishing the cohort gives one enrolled person, by the programme's completion rule."""

    enrollment: Enrollment
    attended: int
    needed: int
    guide: PeerGuide | None = None  # on the peer-guide training: whose checklist gets it

    @property
    def completed(self) -> bool:
        return self.attended >= self.needed

    @property
    def status(self) -> str:
        return E.COMPLETED if self.completed else E.NOT_COMPLETED


def is_guide_training(cohort: Cohort) -> bool:
    return cohort.programme.kind == Programme.Kind.PEER_GUIDE_TRAINING


def completion_results(*, cohort: Cohort) -> list[Result]:
    """Each enrolled person's result if the cohort finished now: completed when they attended at
    least the cohort's number of sessions (cancelled sessions and the information meeting do
    not count). On the peer-guide training, each is matched to their guide profile by e-mail."""
    from courses.selectors import enrollments_with_attendance

    needed = sessions_needed(cohort)
    enrollments = list(
        enrollments_with_attendance(cohort.enrollments.filter(status=E.ENROLLED)).order_by(
            "participant__first_name", "participant__last_name", "pk"
        )
    )
    guides = {}
    if is_guide_training(cohort):
        guides = guides_by_email(
            organisation=cohort.organisation,
            emails=[e.participant.email for e in enrollments],
        )
    return [
        Result(
            enrollment=e,
            attended=e.sessions_attended,
            needed=needed,
            guide=guides.get((e.participant.email or "").lower()),
        )
        for e in enrollments
    ]


def check_can_finish(*, cohort: Cohort, now: datetime.datetime | None = None) -> None:
    """A running cohort finishes once its last session is over."""
    if cohort.status != S.RUNNING:
        raise ValidationError(
            _("%(cohort)s is %(status)s; only a running cohort can be finished.")
            % {"cohort": cohort.title, "status": cohort.get_status_display().lower()},
            code="wrong_status",
        )
    now = now or timezone.now()
    last = _last_session(cohort)
    if last is not None and last.ends_at > now:
        raise ValidationError(
            _(
                "%(cohort)s cannot finish before its last session on %(date)s is over. Move or "
                "cancel the sessions that are left if the cohort ends early."
            )
            % {"cohort": cohort.title, "date": danish_date(last.starts_at)},
            code="too_early",
        )


def _training_source(cohort: Cohort) -> str:
    return f"cohort:{cohort.pk}"


def _training_day(cohort: Cohort) -> datetime.date:
    last = _last_session(cohort)
    return timezone.localtime(last.starts_at).date() if last else timezone.localdate()


@transaction.atomic
def finish_cohort(*, cohort: Cohort, actor=None) -> Cohort:
    """Finish once the last session is over, and set completed / not completed for the enrolled
    from the completion rule. On the peer-guide training, each completer who has a guide profile
    gets the training on their onboarding checklist."""
    cohort = _lock(cohort)
    check_can_finish(cohort=cohort)
    _transition(cohort, allowed=[S.RUNNING], to=S.FINISHED, actor=actor)
    results = completion_results(cohort=cohort)
    locked = {
        e.pk: e
        for e in Enrollment.objects.select_for_update().filter(
            pk__in=[r.enrollment.pk for r in results]
        )
    }
    for result in results:
        enrollment = locked[result.enrollment.pk]
        enrollment.status = result.status
        enrollment.save(update_fields=["status"])
        if result.completed and result.guide is not None:
            record_training(
                guide=result.guide,
                course_name=cohort.programme.name,
                completed_on=_training_day(cohort),
                source=_training_source(cohort),
            )
    return cohort


REOPEN_WITHIN = datetime.timedelta(days=14)


def _is_organisation_admin(user, organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.ADMIN
    ).exists()


def _finished_at(cohort: Cohort) -> datetime.datetime:
    row = cohort.history.filter(to_status=S.FINISHED).order_by("-at").first()
    return row.at if row else cohort.status_changed_at


def check_can_reopen(*, cohort: Cohort, actor, now: datetime.datetime | None = None) -> None:
    """Only an organisation admin reopens a finished cohort, and only within 14 days."""
    if cohort.status != S.FINISHED:
        raise ValidationError(
            _("%(cohort)s is %(status)s; only a finished cohort can be reopened.")
            % {"cohort": cohort.title, "status": cohort.get_status_display().lower()},
            code="wrong_status",
        )
    if not _is_organisation_admin(actor, cohort.organisation):
        raise ValidationError(
            _("Only an organisation admin can reopen a finished cohort. Ask yours."),
            code="not_allowed",
        )
    now = now or timezone.now()
    finished = _finished_at(cohort)
    if now - finished > REOPEN_WITHIN:
        raise ValidationError(
            _(
                "%(cohort)s finished on %(date)s. A cohort can be reopened for 14 days after it "
                "finished, until %(until)s; after that, change one person's result on their "
                "enrollment instead."
            )
            % {
                "cohort": cohort.title,
                "date": danish_date(finished),
                "until": danish_date(finished + REOPEN_WITHIN),
            },
            code="too_late",
        )


@transaction.atomic
def reopen_cohort(*, cohort: Cohort, actor, reason: str) -> Cohort:
    """Finished → running again (e.g. attendance was missing), by an organisation admin within 14
    days, with a reason kept in the cohort's history. The results are taken back (the enrolled
    are enrolled again) and so are trainings the cohort recorded; finishing again sets them."""
    cohort = _lock(cohort)
    check_can_reopen(cohort=cohort, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Write why the cohort is reopened."), code="no_reason")
    _transition(cohort, allowed=[S.FINISHED], to=S.RUNNING, actor=actor, note=reason[:300])
    cohort.enrollments.filter(status__in=[E.COMPLETED, E.NOT_COMPLETED]).update(
        status=E.ENROLLED, result_overridden_by=None, result_override_reason=""
    )
    remove_training(source=_training_source(cohort))
    return cohort


@transaction.atomic
def cancel_cohort(*, cohort: Cohort, actor=None, reason: str = "") -> Cohort:
    """Cancel the cohort; everyone enrolled, on the waitlist and facilitating is told."""
    cohort = _lock(cohort)
    _transition(
        cohort, allowed=[S.DRAFT, S.OPEN, S.RUNNING], to=S.CANCELLED, actor=actor, note=reason
    )
    enrollments, guides = _people_concerned(cohort, with_waitlist=True)
    context = {
        "organisation": cohort.organisation.name,
        "first_date": cohort.first_date,
        "reason": reason,
    }
    for enrollment in enrollments:
        participant = enrollment.participant
        if participant.email:
            queue_email(
                kind="courses.cohort_cancelled",
                to=participant.email,
                template="courses/email/cohort_cancelled",
                context={**context, "first_name": participant.first_name},
                language=participant.language,
                about=enrollment,
            )
    _tell_facilitators(
        guides, cohort=cohort, kind="cohort_cancelled", context=context, about=cohort
    )
    return cohort


# --- sign-up, seats and the waitlist -------------------------------------------------------------


def confirm_url(enrollment: Enrollment) -> str:
    return links.absolute_url(
        "courses:confirm", token=links.make_token(pk=enrollment.pk, purpose=CONFIRM_PURPOSE)
    )


def manage_url(enrollment: Enrollment) -> str:
    return links.absolute_url(
        "courses:manage", token=links.make_token(pk=enrollment.pk, purpose=MANAGE_PURPOSE)
    )


@transaction.atomic
def sign_up(*, cohort: Cohort, details: ParticipantDetails, evaluation: bool = False) -> Enrollment:
    """A public sign-up: a participant with consent, a pending enrollment that holds no seat, and
    an e-mail with the link that confirms it.

    The person is the organisation's participant with this e-mail address when there is one (also
    someone who asked for a peer guide). Signing up twice returns the existing sign-up and sends
    nothing new, also when both arrive at the same moment: the participant row is locked, and the
    database allows one enrollment per person and cohort. Someone who withdrew may sign up again."""
    if not cohort.signup_is_open():
        raise ValidationError(
            _("Sign-up for this course is closed. Have a look at the other courses."),
            code="closed",
        )
    purposes = [Consent.Purpose.COURSE] + ([Consent.Purpose.EVALUATION] if evaluation else [])
    if details.organisation != cohort.organisation:
        details = replace(details, organisation=cohort.organisation)
    participant = attach_or_register(details=details, purposes=purposes).participant
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, participant=participant)
        .first()
    )
    slot = None
    if enrollment is None:
        enrollment = Enrollment.objects.create(cohort=cohort, participant=participant)
    elif enrollment.status == E.WITHDRAWN:
        now = timezone.now()
        enrollment.status, enrollment.source = E.PENDING, EntrySource.SELF
        enrollment.created_at = now
        enrollment.confirmed_at = enrollment.waitlisted_at = None
        enrollment.enrolled_at = enrollment.withdrawn_at = None
        enrollment.save()
        slot = now.isoformat()  # a new link: the first confirmation mail was used up
    else:
        return enrollment
    # By the channel the person chose (a text names no course: some name a diagnosis).
    notify(
        participant.contact_point,
        kind="courses.confirm_signup",
        template="courses/email/confirm_signup",
        context={
            "first_name": participant.first_name,
            "organisation": cohort.organisation.name,
            "starts": cohort.sessions.filter(status=CohortSession.Status.PLANNED)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first(),
            "link": confirm_url(enrollment),
            "days": CONFIRM_MAX_AGE.days,
        },
        about=enrollment,
        slot=slot,
    )
    return enrollment


def _seats_taken(cohort: Cohort) -> int:
    return cohort.enrollments.filter(status=E.ENROLLED).count()


def _first_waitlisted(cohort: Cohort) -> Enrollment | None:
    return (
        cohort.enrollments.filter(status=E.WAITLISTED)
        .select_for_update()
        .order_by("waitlisted_at", "pk")
        .first()
    )


def _tell_enrolled(enrollment: Enrollment, *, promoted: bool) -> None:
    from courses.calendar import cohort_calendar

    participant = enrollment.participant
    if not participant.email:
        return
    cohort = enrollment.cohort
    sessions = list(
        cohort.sessions.filter(status=CohortSession.Status.PLANNED).order_by("starts_at")
    )
    # The calendar file in the participant's language (its title and session names).
    with translation.override(participant.language if participant.language == "en" else "da"):
        calendar = cohort_calendar(cohort)
    queue_email(
        kind="courses.promoted" if promoted else "courses.enrolled",
        to=participant.email,
        template="courses/email/enrolled",
        context={
            "first_name": participant.first_name,
            "organisation": cohort.organisation.name,
            "promoted": promoted,
            "sessions": sessions,
            "place": cohort.place,
            "online_details": cohort.online_details if cohort.is_online else "",
            "link": manage_url(enrollment),
        },
        language=participant.language,
        about=enrollment,
        attachments=[("kursus.ics", calendar, "text/calendar; charset=utf-8")],
    )


def _tell_waitlisted(enrollment: Enrollment, position: int) -> None:
    participant = enrollment.participant
    if not participant.email:
        return
    queue_email(
        kind="courses.waitlisted",
        to=participant.email,
        template="courses/email/waitlisted",
        context={
            "first_name": participant.first_name,
            "organisation": enrollment.cohort.organisation.name,
            "position": position,
            "link": manage_url(enrollment),
        },
        language=participant.language,
        about=enrollment,
    )


def _fill_from_waitlist(cohort: Cohort) -> list[Enrollment]:
    """Under the cohort lock: move the first on the waitlist into free seats and tell them."""
    promoted = []
    if cohort.status not in (S.OPEN, S.RUNNING):
        return promoted
    free = cohort.capacity - _seats_taken(cohort)
    while free > 0:
        first = _first_waitlisted(cohort)
        if first is None:
            break
        first.status = E.ENROLLED
        first.enrolled_at = timezone.now()
        first.save(update_fields=["status", "enrolled_at"])
        first.cohort = cohort
        _tell_enrolled(first, promoted=True)
        promoted.append(first)
        free -= 1
    return promoted


@transaction.atomic
def confirm_enrollment(*, enrollment: Enrollment) -> Enrollment:
    """The person clicked the e-mail link: a seat if one is free, else the waitlist.

    Safe to call twice (a second click changes nothing) and safe under concurrency: the cohort row
    is locked while the seats are counted, so the last seat goes to exactly one person.
    """
    enrollment = _lock_enrollment(enrollment)
    cohort = enrollment.cohort
    if enrollment.status != E.PENDING:
        return enrollment
    if cohort.status not in (S.OPEN, S.RUNNING):
        raise ValidationError(
            _("This course is no longer open for sign-up, so we could not confirm your place."),
            code="closed",
        )
    now = timezone.now()
    enrollment.confirmed_at = now
    if _seats_taken(cohort) < cohort.capacity:
        enrollment.status = E.ENROLLED
        enrollment.enrolled_at = now
        enrollment.save(update_fields=["status", "confirmed_at", "enrolled_at"])
        _tell_enrolled(enrollment, promoted=False)
    else:
        enrollment.status = E.WAITLISTED
        enrollment.waitlisted_at = now
        enrollment.save(update_fields=["status", "confirmed_at", "waitlisted_at"])
        from courses.selectors import waitlist_position

        _tell_waitlisted(enrollment, waitlist_position(enrollment))
    return enrollment


@transaction.atomic
def enroll_on_behalf(
    *, cohort: Cohort, participant, source: str, actor, course_consent: bool = False
) -> Enrollment:
    """A coordinator enrolls a person who phoned or was referred. They take a seat or a place on
    the waitlist by the very rule of the public sign-up (`confirm_enrollment`, under the cohort
    lock); there is no e-mail to confirm, as the person said yes on the phone. A person with an
    e-mail address gets the usual message with the dates or their place on the waitlist.

    Consent to take part must be on record or given orally now (`course_consent`, recorded with
    the coordinator's name). Someone who withdrew earlier may be enrolled again; a sign-up still
    waiting for its e-mail confirmation is confirmed."""
    check_entry_source(source)
    cohort = _lock(cohort)
    if cohort.status not in (S.OPEN, S.RUNNING):
        raise ValidationError(
            {
                "cohort": _("This cohort is %(status)s: only open or running cohorts take people.")
                % {"status": cohort.get_status_display().lower()}
            },
            code="closed",
        )
    participant = lock_current_participant(participant)
    if participant.organisation_id != cohort.organisation_id:
        raise ValidationError(
            {"cohort": _("Choose a cohort of the participant's own organisation.")},
            code="other_organisation",
        )
    if course_consent:
        record_oral_consent(participant=participant, purposes=[Consent.Purpose.COURSE], actor=actor)
    elif not has_consent(participant, Consent.Purpose.COURSE):
        raise ValidationError(
            {
                "course_consent": _(
                    "Ask whether the person agrees to take part and to be contacted about the "
                    "course, and tick the box when they say yes."
                )
            },
            code="no_consent",
        )
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, participant=participant)
        .first()
    )
    if enrollment is None:
        enrollment = Enrollment.objects.create(
            cohort=cohort, participant=participant, status=E.PENDING, source=source
        )
    elif enrollment.status == E.WITHDRAWN:
        enrollment.status, enrollment.source = E.PENDING, source
        enrollment.confirmed_at = enrollment.waitlisted_at = None
        enrollment.enrolled_at = enrollment.withdrawn_at = None
        enrollment.save(
            update_fields=[
                "status",
                "source",
                "confirmed_at",
                "waitlisted_at",
                "enrolled_at",
                "withdrawn_at",
            ]
        )
    elif enrollment.status != E.PENDING:  # a pending sign-up is confirmed for them below
        raise ValidationError(
            _("%(name)s is already on this cohort (%(status)s).")
            % {"name": participant, "status": enrollment.get_status_display().lower()},
            code="already_enrolled",
        )
    return confirm_enrollment(enrollment=enrollment)


@transaction.atomic
def withdraw(*, enrollment: Enrollment, actor=None) -> Enrollment:
    """Leave the course (or the waitlist). A freed seat goes to the first on the waitlist."""
    enrollment = _lock_enrollment(enrollment)
    cohort = enrollment.cohort
    if enrollment.status == E.WITHDRAWN:
        return enrollment
    if enrollment.status not in Enrollment.ACTIVE_STATUSES:
        raise ValidationError(
            _("The course is over, so there is nothing to withdraw from."), code="over"
        )
    held_seat = enrollment.status == E.ENROLLED
    enrollment.status = E.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(update_fields=["status", "withdrawn_at"])
    if enrollment.participant.email and enrollment.confirmed_at:
        queue_email(
            kind="courses.withdrawn",
            to=enrollment.participant.email,
            template="courses/email/withdrawn",
            context={
                "first_name": enrollment.participant.first_name,
                "organisation": cohort.organisation.name,
            },
            language=enrollment.participant.language,
            about=enrollment,
        )
    if held_seat:
        _fill_from_waitlist(cohort)
    return enrollment


def withdraw_erased_participant(*, participant, actor=None, **kwargs) -> list[Enrollment]:
    """On erasure (`close` in courses/holdings.py): an anonymised person's sign-ups
    and seats on cohorts still to come or running are given up, so the first on the waitlist gets
    the seat. (A cancelled or finished cohort's list stays as it was.) `withdraw` locks the cohort
    before the enrollment, as every seat change does; one that ended meanwhile is skipped."""
    withdrawn = []
    active = Enrollment.objects.filter(
        participant=participant,
        status__in=Enrollment.ACTIVE_STATUSES,
        cohort__status__in=(Cohort.Status.DRAFT, Cohort.Status.OPEN, Cohort.Status.RUNNING),
    ).order_by("pk")
    for enrollment in list(active):
        try:
            withdrawn.append(withdraw(enrollment=enrollment, actor=actor))
        except ValidationError as error:
            if error.code != "over":
                raise
    return withdrawn


@transaction.atomic
def fill_from_waitlist(*, cohort: Cohort) -> list[Enrollment]:
    """After the capacity was raised: give the free seats to the waitlist, in order."""
    return _fill_from_waitlist(_lock(cohort))


# --- attendance and completion ------------------------------------------------------------------


def check_session_begun(*, session: CohortSession, now: datetime.datetime | None = None) -> None:
    """Attendance is marked from the moment a session begins, never ahead of it."""
    if session.starts_at > (now or timezone.now()):
        raise ValidationError(
            _("Attendance can be marked once the session has begun, on %(date)s at %(time)s.")
            % {
                "date": danish_date(session.starts_at),
                "time": dates.clock(session.starts_at),
            },
            code="not_started",
        )


@transaction.atomic
def record_attendance(
    *, session: CohortSession, enrollment: Enrollment, status: str, actor=None
) -> Attendance:
    if status not in Attendance.Status.values:
        raise ValidationError(_("Choose present, absent or excused."), code="invalid")
    if enrollment.cohort_id != session.cohort_id or enrollment.status != E.ENROLLED:
        raise ValidationError(_("This person is not on the cohort."), code="not_enrolled")
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."), code="cancelled")
    if session.cohort.status not in (S.OPEN, S.RUNNING):
        raise ValidationError(
            _("Attendance can only be marked while the cohort is open or running."),
            code="closed",
        )
    check_session_begun(session=session)
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        enrollment=enrollment,
        defaults={"status": status, "recorded_at": timezone.now(), "recorded_by": actor},
    )
    return attendance


@transaction.atomic
def check_override_result(*, enrollment: Enrollment, reason: str) -> None:
    """Would `override_result` take this? The message is keyed by the admin form's field it
    concerns: `result` (not finished yet) or `result_override_reason` (no reason). The enrollment
    is read locked: in the admin's request transaction the lock holds until the result is saved."""
    enrollment = Enrollment.objects.select_for_update(of=("self",)).get(pk=enrollment.pk)
    if enrollment.status not in (E.COMPLETED, E.NOT_COMPLETED):
        raise ValidationError(
            {"result": _("The result can only be changed after the cohort has finished.")},
            code="not_finished",
        )
    if not reason.strip():
        raise ValidationError(
            {"result_override_reason": _("Write why the result is changed.")}, code="no_reason"
        )


@transaction.atomic
def override_result(*, enrollment: Enrollment, completed: bool, reason: str, actor) -> Enrollment:
    """A coordinator sets completed / not completed against the rule, with a reason."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "cohort__organisation", "participant")
        .get(pk=enrollment.pk)
    )
    check_override_result(enrollment=enrollment, reason=reason)
    enrollment.status = E.COMPLETED if completed else E.NOT_COMPLETED
    enrollment.result_override_reason = reason.strip()
    enrollment.result_overridden_by = actor
    enrollment.save(update_fields=["status", "result_override_reason", "result_overridden_by"])
    cohort = enrollment.cohort
    if is_guide_training(cohort):
        email = enrollment.participant.email
        guide = guides_by_email(organisation=cohort.organisation, emails=[email]).get(
            (email or "").lower()
        )
        if guide is not None and completed:
            record_training(
                guide=guide,
                course_name=cohort.programme.name,
                completed_on=_training_day(cohort),
                source=_training_source(cohort),
            )
        elif guide is not None:
            remove_training(source=_training_source(cohort), guides=[guide])
    return enrollment


# --- Two records of one person merged (participants/merging.py) -------------------------------

_ENROLLMENT_RANK = {
    E.COMPLETED: 6,
    E.ENROLLED: 5,
    E.NOT_COMPLETED: 4,
    E.WAITLISTED: 3,
    E.PENDING: 2,
    E.WITHDRAWN: 1,
}


def register_merge_rules() -> None:
    """Both records on one cohort: keep the enrollment furthest along (a seat over the waitlist);
    the other is deleted with its attendance. Equal: the kept record's own."""
    from participants.merging import MergeRule, register_merge_rule

    register_merge_rule(
        Enrollment,
        MergeRule(
            prefer=lambda mine, theirs: (
                theirs if _ENROLLMENT_RANK[theirs.status] > _ENROLLMENT_RANK[mine.status] else mine
            ),
            describe=lambda e: f"{e.cohort} · {e.get_status_display().lower()}",
        ),
    )
