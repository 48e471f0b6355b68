"""Group courses: programmes (WRAP, Lær at tackle, ...), cohorts (hold), their sessions,
enrollments with a waitlist, and attendance.

Seats: only an `enrolled` enrollment holds a seat. A public sign-up starts as `pending` (the
person has not yet clicked the link in the e-mail) and holds nothing; confirming takes a seat if
one is free under a lock on the cohort row, else a place on the waitlist (services.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.bilingual import ENGLISH_HELP, Bilingual, reads_english
from core.choices import SPOKEN_LANGUAGES, WEEKDAYS, EntrySource, PeerSupportForm
from core.models import Municipality, Organisation, StatusChange
from core.validators import (
    sane_date_q,
    sane_datetime_q,
    validate_sane_date,
    validate_sane_datetime,
)
from participants.models import Participant
from plans import sections as plan_sections
from volunteers.models import PeerGuide, Qualification

# A session lasts from a quarter of an hour to a long day (the forms' and the database's rule).
MIN_SESSION_MINUTES, MAX_SESSION_MINUTES = 15, 600


class Programme(Bilingual, models.Model):
    """A kind of group course with its defaults; cohorts copy the defaults when created."""

    class Kind(models.TextChoices):
        WRAP = "wrap", _("WRAP")
        LAER_AT_TACKLE = "lat", _("Lær at tackle")
        PEER_GUIDE_TRAINING = "peer_guide_training", _("Peer-guide training")
        GROUP_ACTIVITY = "group_activity", _("Group activity")

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(
        _("name (English)"), max_length=150, blank=True, help_text=ENGLISH_HELP
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    target_group = models.CharField(
        _("variant / target group"),
        max_length=150,
        blank=True,
        help_text=_("E.g. chronic illness, anxiety and depression, chronic pain."),
    )
    target_group_en = models.CharField(
        _("variant / target group (English)"), max_length=150, blank=True, help_text=ENGLISH_HELP
    )
    description = models.TextField(
        _("description for participants"),
        blank=True,
        help_text=_("Plain language: what happens on the course and who it is for."),
    )
    description_en = models.TextField(
        _("description for participants (English)"), blank=True, help_text=ENGLISH_HELP
    )
    neutral_title = models.CharField(
        _("neutral title"),
        max_length=100,
        blank=True,
        help_text=_(
            "Used instead of the name in e-mails and calendar files, which others may see. "
            "Never name an illness. Empty: “Course”."
        ),
    )
    neutral_title_en = models.CharField(
        _("neutral title (English)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    default_sessions = models.PositiveSmallIntegerField(
        _("number of sessions"), default=6, validators=[MinValueValidator(1)]
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"),
        default=120,
        validators=[
            MinValueValidator(MIN_SESSION_MINUTES),
            MaxValueValidator(MAX_SESSION_MINUTES),
        ],
    )
    min_participants = models.PositiveSmallIntegerField(_("minimum group size"), default=6)
    max_participants = models.PositiveSmallIntegerField(_("maximum group size"), default=12)
    facilitators_required = models.PositiveSmallIntegerField(
        _("facilitators required"), default=2, validators=[MaxValueValidator(10)]
    )
    required_qualification = models.CharField(
        _("qualification required to lead"),
        max_length=30,
        choices=Qualification.Kind.choices,
        blank=True,
        help_text=_("Facilitators must hold this as a current certification. Empty: none."),
    )
    completion_min_sessions = models.PositiveSmallIntegerField(
        _("sessions needed to complete"),
        default=4,
        help_text=_(
            "A participant has completed the course after at least this many sessions "
            "(an information meeting does not count)."
        ),
    )
    has_information_meeting = models.BooleanField(
        _("information meeting before session 1"),
        default=False,
        help_text=_("An optional meeting a week before session 1; it does not count."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    peer_support_form = models.CharField(
        _("form of peer support"),
        max_length=20,
        choices=PeerSupportForm.choices,
        blank=True,
        help_text=_(
            "Only when this programme's courses are another form of peer support than the "
            "organisation running them. Empty: the organisation's form."
        ),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_participants__gte=F("min_participants")),
                name="courses_programme_max_gte_min",
            ),
            models.CheckConstraint(
                condition=Q(completion_min_sessions__lte=F("default_sessions")),
                name="courses_programme_completion_lte_sessions",
            ),
            models.CheckConstraint(
                condition=Q(default_sessions__gte=1),
                name="courses_programme_has_sessions",
                violation_error_message=_("A programme has at least one session."),
            ),
            models.CheckConstraint(
                condition=Q(peer_support_form__in=["", *PeerSupportForm.values]),
                name="courses_programme_peer_support_form_valid",
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=15, session_minutes__lte=600),
                name="courses_programme_session_minutes_range",
                violation_error_message=_("A session lasts between 15 and 600 minutes."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def email_title(self) -> str:
        """The neutral title in the reader's language (core.bilingual); empty: "Course"."""
        return self.tr("neutral_title") or str(_("Course"))

    def plan_item(self, number: int) -> "SessionPlanItem | None":
        """The plan of session `number` (from `plan` when prefetched, else one query)."""
        return next((item for item in self.plan.all() if item.number == number), None)


class SessionPlanItem(Bilingual, models.Model):
    """The plan of one session of a programme: what it is about."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    number = models.PositiveSmallIntegerField(_("session"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(
        _("title (English)"), max_length=150, blank=True, help_text=ENGLISH_HELP
    )
    description = models.CharField(_("short description"), max_length=500, blank=True)
    description_en = models.CharField(
        _("short description (English)"), max_length=500, blank=True, help_text=ENGLISH_HELP
    )
    plan_section = models.CharField(
        _("part of the participant's own plan"),
        max_length=30,
        choices=plan_sections.choices(),
        blank=True,
        help_text=_("The part of “My plan” this session works on; participants get a link to it."),
    )

    class Meta:
        verbose_name = _("session in the plan")
        verbose_name_plural = _("session plan")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="courses_plan_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Cohort(Bilingual, models.Model):
    """One run of a programme (a "hold") with its facilitators, place and sessions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for sign-up")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="cohorts"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown to English readers. Empty: the Danish title, or the programme's English name "
            "when the Danish title is the programme's name."
        ),
    )
    description = models.TextField(
        _("extra information for participants"), blank=True, max_length=2000
    )
    description_en = models.TextField(
        _("extra information for participants (English)"),
        blank=True,
        max_length=2000,
        help_text=ENGLISH_HELP,
    )
    facilitators = models.ManyToManyField(
        PeerGuide, verbose_name=_("facilitators"), blank=True, related_name="cohorts"
    )
    is_online = models.BooleanField(_("online"), default=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    online_details = models.CharField(
        _("how to join online"),
        max_length=300,
        blank=True,
        help_text=_("Sent to enrolled participants only, e.g. the video link."),
    )
    language = models.CharField(_("language"), max_length=8, choices=SPOKEN_LANGUAGES, default="da")
    capacity = models.PositiveSmallIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the programme's maximum group size."),
    )
    completion_min_sessions = models.PositiveSmallIntegerField(
        _("sessions needed to complete"),
        null=True,
        blank=True,
        help_text=_("Empty: the programme's."),
    )
    signup_opens = models.DateField(_("sign-up opens"), null=True, blank=True)
    signup_closes = models.DateField(_("sign-up closes"), null=True, blank=True)
    first_date = models.DateField(_("first session"), validators=[validate_sane_date])
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    start_time = models.TimeField(_("starts at"))
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_SESSION_MINUTES),
            MaxValueValidator(MAX_SESSION_MINUTES),
        ],
        help_text=_("Empty: the programme's."),
    )
    skip_dates = models.JSONField(
        _("dates without a session"), default=list, blank=True
    )  # ISO dates the coordinator removed (holidays)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["first_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="courses_cohort_capacity"),
            models.CheckConstraint(
                condition=Q(signup_closes__isnull=True)
                | Q(signup_opens__isnull=True)
                | Q(signup_closes__gte=F("signup_opens")),
                name="courses_cohort_signup_window",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="courses_cohort_weekday_valid",
                violation_error_message=_("Choose a weekday from Monday to Sunday."),
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__isnull=True)
                | Q(session_minutes__gte=15, session_minutes__lte=600),
                name="courses_cohort_session_minutes_range",
                violation_error_message=_("A session lasts between 15 and 600 minutes."),
            ),
            models.CheckConstraint(
                condition=sane_date_q("first_date"),
                name="courses_cohort_first_date_range",
                violation_error_message=_("Check the year. It must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "running", "finished", "cancelled"]),
                name="courses_cohort_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Defaults come from the programme; the cohort keeps its own copy from then on.
        if self.capacity is None:
            self.capacity = self.programme.max_participants
        if self.completion_min_sessions is None:
            self.completion_min_sessions = self.programme.completion_min_sessions
        if self.session_minutes is None:
            self.session_minutes = self.programme.session_minutes
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("courses:detail", kwargs={"pk": self.pk})

    @property
    def email_title(self) -> str:
        return self.programme.email_title

    def tr(self, field: str) -> str:
        """A cohort named after its programme, with no English title of its own, takes the
        programme's English name."""
        if (
            field == "title"
            and not self.title_en
            and reads_english()
            and self.title == self.programme.name
        ):
            return self.programme.tr("name")
        return super().tr(field)

    @property
    def place(self) -> str:
        if self.is_online:
            return str(_("Online"))
        return ", ".join(p for p in [self.venue, self.address, str(self.municipality or "")] if p)

    def signup_is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.OPEN
            and (self.signup_opens is None or self.signup_opens <= today)
            and (self.signup_closes is None or self.signup_closes >= today)
        )


class CohortStatusChange(StatusChange):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Cohort.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Cohort.Status.choices)

    organisation_path = "cohort__organisation"

    class Meta(StatusChange.Meta):
        verbose_name = _("cohort status change")
        verbose_name_plural = _("cohort status changes")


class CohortSession(Bilingual, models.Model):
    """One session (kursusgang) of a cohort. Number 0 is an information meeting."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("session"))
    title = models.CharField(_("title"), max_length=150, blank=True)
    title_en = models.CharField(
        _("title (English)"), max_length=150, blank=True, help_text=ENGLISH_HELP
    )
    starts_at = models.DateTimeField(_("starts"), validators=[validate_sane_datetime])
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    organisation_path = "cohort__organisation"

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "number"], name="courses_session_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="courses_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=sane_datetime_q("starts_at"),
                name="courses_session_starts_at_range",
                violation_error_message=_("Check the year. It must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]),
                name="courses_session_status_valid",
            ),
        ]

    def __str__(self):
        if self.number == 0:
            return str(_("Information meeting"))
        return _("Session %(number)s") % {"number": self.number}

    def tr(self, field: str) -> str:
        """A session keeps the plan's title it was made with. When the plan got its English
        title later, an English reader sees that, as long as the Danish title is still the
        plan's (prefetch `cohort__programme__plan` on lists)."""
        if field == "title" and not self.title_en and self.title and reads_english():
            item = self.cohort.programme.plan_item(self.number)
            if item is not None and item.title == self.title and item.title_en:
                return item.title_en
        return super().tr(field)

    @property
    def is_information_meeting(self) -> bool:
        return self.number == 0

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SkippedDate(models.Model):
    """A day in a cohort's weekly rhythm without a session: a public holiday the calendar skipped,
    or a date the coordinator removed. Stored when the sessions are made, so the cohort page can
    say which dates were left out and why even if the holiday calendar changes later."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        REMOVED = "removed", _("Removed by the coordinator")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="skipped_dates"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("why"), max_length=20, choices=Kind.choices)
    name = models.CharField(
        _("holiday"), max_length=150, blank=True, help_text=_("The holiday's name in Danish.")
    )

    organisation_path = "cohort__organisation"

    class Meta:
        verbose_name = _("date without a session")
        verbose_name_plural = _("dates without a session")
        ordering = ["cohort", "date"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "date"], name="courses_skippeddate_unique"),
        ]

    def __str__(self):
        return f"{dates.day(self.date)} · {self.name or self.get_kind_display()}"


class SessionChange(models.Model):
    """A session was moved or cancelled: the record the notifications go out from."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        CohortSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    old_starts_at = models.DateTimeField(_("was"))
    new_starts_at = models.DateTimeField(_("now"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notified = models.PositiveSmallIntegerField(_("people told"), default=0)

    organisation_path = "session__cohort__organisation"

    class Meta:
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.session} · {self.get_kind_display()}"


class Enrollment(models.Model):
    """A participant on a cohort: pending → waitlisted/enrolled → completed | not_completed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting e-mail confirmation")
        WAITLISTED = "waitlisted", _("On the waitlist")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Did not complete")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ACTIVE_STATUSES = (Status.PENDING, Status.WAITLISTED, Status.ENROLLED)

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="enrollments"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(
        _("on the waitlist since"), null=True, blank=True, db_index=True
    )
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    source = models.CharField(
        _("came in by"),
        max_length=30,
        choices=EntrySource.choices,
        default=EntrySource.SELF,
        db_index=True,
    )
    result_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("result set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result_override_reason = models.CharField(
        _("reason for the result"), max_length=300, blank=True
    )

    organisation_path = "cohort__organisation"

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["cohort", "status", "waitlisted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="courses_enrollment_unique_participant"
            ),
        ]

    def __str__(self):
        return f"{self.participant} · {self.cohort}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(
        CohortSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    organisation_path = "session__cohort__organisation"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="courses_attendance_unique"
            ),
        ]

    def __str__(self):
        return f"{self.enrollment.participant} · {self.session} · {self.get_status_display()}"
