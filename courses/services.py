"""Writes with rules for courses: cohorts and their sessions, sign-up, seats and the waitlist,
attendance and completion.

Seats are never over-booked: every write that takes or frees a seat first locks the cohort row
(`SELECT ... FOR UPDATE`), counts the enrolled under that lock and only then decides. A sign-up
holds no seat until its e-mail link is confirmed (status `pending`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.choices import EntrySource
from courses.models import (
    Attendance,
    Cohort,
    CohortSession,
    CohortStatusChange,
    Enrollment,
    Programme,
    SessionChange,
)
from notifications.services import queue_email
from participants import links
from participants.models import Consent, Participant
from participants.services import (
    ParticipantDetails,
    has_consent,
    record_oral_consent,
    register_participant,
)
from volunteers.models import PeerGuide

CONFIRM_PURPOSE = "course-confirm"
MANAGE_PURPOSE = "course-enrollment"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
MANAGE_MAX_AGE = datetime.timedelta(days=400)

S = Cohort.Status
E = Enrollment.Status


# --- sessions ---------------------------------------------------------------------------------


def session_dates(
    *, first_date: datetime.date, weekday: int, count: int, skip_dates: Iterable = ()
) -> list[datetime.date]:
    """`count` weekly dates on `weekday`, from the first such day on or after `first_date`,
    leaving out the dates in `skip_dates` (the session moves on to the next week)."""
    skip = {datetime.date.fromisoformat(str(d)) for d in skip_dates}
    day = first_date + datetime.timedelta(days=(weekday - first_date.weekday()) % 7)
    dates = []
    while len(dates) < count:
        if day not in skip:
            dates.append(day)
        day += datetime.timedelta(weeks=1)
    return dates


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


@transaction.atomic
def generate_sessions(*, cohort: Cohort, count: int | None = None) -> list[CohortSession]:
    """Create the cohort's sessions from its first date, weekday and start time."""
    if cohort.sessions.exists():
        raise ValidationError(
            _("This cohort already has sessions. Move or cancel them one at a time instead."),
            code="has_sessions",
        )
    programme = cohort.programme
    count = count or programme.default_sessions
    dates = session_dates(
        first_date=cohort.first_date,
        weekday=cohort.weekday,
        count=count,
        skip_dates=cohort.skip_dates,
    )
    length = datetime.timedelta(minutes=cohort.session_minutes or programme.session_minutes)
    plan = {item.number: item.title for item in programme.plan.all()}
    sessions = []
    if programme.has_information_meeting:
        start = _local(dates[0] - datetime.timedelta(weeks=1), cohort.start_time)
        sessions.append(
            CohortSession(
                cohort=cohort,
                number=0,
                title=_("Information meeting"),
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
            )
        )
    for number, day in enumerate(dates, start=1):
        start = _local(day, cohort.start_time)
        sessions.append(
            CohortSession(
                cohort=cohort,
                number=number,
                title=plan.get(number, ""),
                starts_at=start,
                ends_at=start + length,
            )
        )
    return CohortSession.objects.bulk_create(sessions)


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
    """A draft cohort with its sessions generated (skipping the dates the coordinator removed)."""
    cohort = Cohort.objects.create(
        programme=programme,
        organisation=organisation,
        title=title,
        first_date=first_date,
        weekday=weekday,
        start_time=start_time,
        skip_dates=sorted(str(d) for d in skip_dates),
        **fields,
    )
    if facilitators:
        cohort.facilitators.set(facilitators)
    generate_sessions(cohort=cohort)
    return cohort


def _people_concerned(cohort: Cohort, *, with_waitlist: bool = False):
    statuses = [E.ENROLLED, E.WAITLISTED] if with_waitlist else [E.ENROLLED]
    enrollments = list(cohort.enrollments.filter(status__in=statuses).select_related("participant"))
    guides = list(cohort.facilitators.select_related("user"))
    return enrollments, guides


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
    for guide in guides:
        queue_email(
            kind="courses.session_changed",
            to=guide.email,
            template="courses/email/session_changed",
            context={**context, "first_name": guide.user.first_name, "cohort_title": cohort.title},
            about=change,
        )
        told += 1
    change.notified = told
    change.save(update_fields=["notified"])
    return told


@transaction.atomic
def move_session(
    *, session: CohortSession, starts_at: datetime.datetime, actor=None, reason: str = ""
) -> SessionChange:
    """Move a session to a new time (same length); everyone concerned is told."""
    session = (
        CohortSession.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=session.pk)
    )
    if session.cohort.status in (S.FINISHED, S.CANCELLED):
        raise ValidationError(
            _("The cohort is finished or cancelled, so its sessions cannot be moved."),
            code="closed",
        )
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."), code="cancelled")
    if starts_at == session.starts_at:
        raise ValidationError(_("Choose a new time for the session."), code="same_time")
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
    session = (
        CohortSession.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=session.pk)
    )
    if session.is_cancelled:
        raise ValidationError(_("This session is already cancelled."), code="cancelled")
    if session.cohort.status in (S.FINISHED, S.CANCELLED):
        raise ValidationError(
            _("The cohort is finished or cancelled, so its sessions cannot be changed."),
            code="closed",
        )
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


# --- cohort lifecycle ---------------------------------------------------------------------------


def facilitator_problems(*, cohort: Cohort) -> list[str]:
    """Why the cohort cannot open as far as its facilitators go (empty: all is well)."""
    from courses.selectors import qualified_facilitators

    programme = cohort.programme
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


@transaction.atomic
def start_cohort(*, cohort: Cohort, actor=None) -> Cohort:
    return _transition(_lock(cohort), allowed=[S.OPEN], to=S.RUNNING, actor=actor)


def attended_count(enrollment: Enrollment) -> int:
    """Sessions attended that count towards completion (not the information meeting)."""
    return enrollment.attendances.filter(
        status=Attendance.Status.PRESENT,
        session__number__gte=1,
        session__status=CohortSession.Status.PLANNED,
    ).count()


@transaction.atomic
def finish_cohort(*, cohort: Cohort, actor=None) -> Cohort:
    """Finish, and set completed / not completed for the enrolled from the completion rule."""
    cohort = _lock(cohort)
    _transition(cohort, allowed=[S.RUNNING], to=S.FINISHED, actor=actor)
    needed = cohort.completion_min_sessions or cohort.programme.completion_min_sessions
    for enrollment in cohort.enrollments.filter(status=E.ENROLLED).select_for_update():
        enrollment.status = E.COMPLETED if attended_count(enrollment) >= needed else E.NOT_COMPLETED
        enrollment.save(update_fields=["status"])
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
    for guide in guides:
        queue_email(
            kind="courses.cohort_cancelled",
            to=guide.email,
            template="courses/email/cohort_cancelled",
            context={**context, "first_name": guide.user.first_name, "cohort_title": cohort.title},
            about=cohort,
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
    an e-mail with the link that confirms it. Signing up twice with the same e-mail address
    returns the existing sign-up and sends nothing new."""
    if not cohort.signup_is_open():
        raise ValidationError(
            _("Sign-up for this course is closed. Have a look at the other courses."),
            code="closed",
        )
    email = details.email.strip().lower()
    existing = (
        cohort.enrollments.filter(participant__email=email, status__in=Enrollment.ACTIVE_STATUSES)
        .select_related("participant")
        .first()
    )
    if existing is not None:
        return existing
    purposes = [Consent.Purpose.COURSE] + ([Consent.Purpose.EVALUATION] if evaluation else [])
    participant = register_participant(details=details, purposes=purposes)
    enrollment = Enrollment.objects.create(cohort=cohort, participant=participant)
    queue_email(
        kind="courses.confirm_signup",
        to=participant.email,
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
        language=participant.language,
        about=enrollment,
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
        attachments=[("kursus.ics", cohort_calendar(cohort), "text/calendar; charset=utf-8")],
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
    cohort = _lock(enrollment.cohort)
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=enrollment.pk)
    )
    enrollment.cohort = cohort
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
    if source not in EntrySource.values or source == EntrySource.SELF:
        raise ValidationError(
            {"source": _("Choose how the person came in: phone, a referral or other.")},
            code="invalid_source",
        )
    cohort = _lock(cohort)
    if cohort.status not in (S.OPEN, S.RUNNING):
        raise ValidationError(
            {
                "cohort": _("This cohort is %(status)s: only open or running cohorts take people.")
                % {"status": cohort.get_status_display().lower()}
            },
            code="closed",
        )
    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    if participant.anonymised_at:
        raise ValidationError(
            {"participant": _("This participant's data has been erased.")}, code="erased"
        )
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
    cohort = _lock(enrollment.cohort)
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=enrollment.pk)
    )
    enrollment.cohort = cohort
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
    """Receiver of `participants.privacy.participant_erasing`: an anonymised person's sign-ups
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
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        enrollment=enrollment,
        defaults={"status": status, "recorded_at": timezone.now(), "recorded_by": actor},
    )
    return attendance


@transaction.atomic
def override_result(*, enrollment: Enrollment, completed: bool, reason: str, actor) -> Enrollment:
    """A coordinator sets completed / not completed against the rule, with a reason."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status not in (E.COMPLETED, E.NOT_COMPLETED):
        raise ValidationError(
            _("The result can only be changed after the cohort has finished."), code="not_finished"
        )
    if not reason.strip():
        raise ValidationError(_("Write why the result is changed."), code="no_reason")
    enrollment.status = E.COMPLETED if completed else E.NOT_COMPLETED
    enrollment.result_override_reason = reason.strip()
    enrollment.result_overridden_by = actor
    enrollment.save(update_fields=["status", "result_override_reason", "result_overridden_by"])
    return enrollment
