"""Peer guides: the profile and its status pipeline, onboarding, training, qualifications,
supervision and the guide's own well-being check-ins."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.choices import EntrySource, Gender, validate_availability, validate_languages
from core.fields import PhoneField
from core.models import ExperienceArea, Interest, Municipality, Organisation, StatusChange
from notifications.models import check_preferred_channel, preferred_channel_field
from notifications.services import Contact


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class OnboardingPolicy(models.Model):
    """What an organisation requires before a guide may meet anyone."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="onboarding_policy",
    )
    requires_references = models.BooleanField(_("references required"), default=False)
    requires_criminal_record = models.BooleanField(
        _("criminal-record certificate required"),
        default=False,
        help_text=_("A certificate (straffeattest / børneattest) must be on file and not expired."),
    )

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("onboarding policy")
        verbose_name_plural = _("onboarding policies")

    def __str__(self):
        return str(self.organisation)


class PeerGuide(models.Model):
    """A person with lived experience who supports others, as a volunteer or paid."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        SCREENING = "screening", _("Screening")
        IN_TRAINING = "in_training", _("In training")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        RETIRED = "retired", _("Retired")
        DECLINED = "declined", _("Declined")

    class Employment(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        PAID = "paid", _("Paid")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="peer_guide",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="guides",
    )
    employment = models.CharField(
        _("employment"), max_length=20, choices=Employment.choices, default=Employment.VOLUNTEER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    phone = PhoneField(_("phone"))
    preferred_channel = preferred_channel_field()
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_languages]
    )
    experience_areas = models.ManyToManyField(
        ExperienceArea, verbose_name=_("lived experience"), blank=True, related_name="guides"
    )
    interests = models.ManyToManyField(
        Interest, verbose_name=_("interests"), blank=True, related_name="guides"
    )
    meets_in_person = models.BooleanField(_("meets in person"), default=True)
    meets_online = models.BooleanField(_("meets online"), default=False)
    presentation = models.TextField(
        _("presentation"),
        blank=True,
        max_length=1500,
        help_text=_("A few lines about you that help us find the right match."),
    )
    availability = models.JSONField(
        _("weekly availability"), default=list, blank=True, validators=[validate_availability]
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=2,
        validators=[MaxValueValidator(10)],
        help_text=_("How many participants the guide supports at the same time."),
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    motivation = models.TextField(_("motivation"), blank=True, max_length=3000)
    application_consent_at = models.DateTimeField(
        _("consent to store the application"), null=True, blank=True
    )
    application_consent_version = models.CharField(
        _("consent text version"), max_length=20, blank=True
    )
    application_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent given orally, recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("came in by"),
        max_length=30,
        choices=EntrySource.choices,
        default=EntrySource.SELF,
    )
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    calendar_token = models.CharField(
        _("calendar feed key"),
        max_length=64,
        unique=True,
        default=new_calendar_token,
        editable=False,
        help_text=_("The secret part of the guide's private calendar feed address."),
    )

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("peer guide")
        verbose_name_plural = _("peer guides")
        ordering = ["user__first_name", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__lte=10), name="volunteers_peerguide_capacity_max_10"
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def email(self) -> str:
        return self.user.email

    def clean(self):
        super().clean()
        check_preferred_channel(
            preferred=self.preferred_channel,
            email=self.user.email if self.user_id else None,
            phone=self.phone,
        )

    @property
    def contact_point(self) -> Contact:
        """Where and how messages reach the guide (`notifications.services.notify`)."""
        return Contact(
            email=self.user.email,
            phone=self.phone,
            preferred=self.preferred_channel,
            language=self.user.language,
        )


class GuideStatusChange(StatusChange):
    """History of the status pipeline: who moved a guide from what to what, and when."""

    guide = models.ForeignKey(
        PeerGuide, verbose_name=_("peer guide"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=PeerGuide.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=PeerGuide.Status.choices)

    organisation_path = "guide__organisation"

    class Meta(StatusChange.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class KindThatExpires:
    """A guide's item of a kind, done or issued on a date, perhaps expiring (a checklist item, a
    qualification): named by its kind, current until it expires."""

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_current(self) -> bool:
        return self.expires_on is None or self.expires_on >= timezone.localdate()


class OnboardingCheck(KindThatExpires, models.Model):
    """One item of the onboarding checklist, done on a date, perhaps expiring."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview held")
        CONFIDENTIALITY = "confidentiality", _("Confidentiality agreement signed")
        REFERENCES = "references", _("References checked")
        CRIMINAL_RECORD = "criminal_record", _("Criminal-record certificate on file")

    guide = models.ForeignKey(
        PeerGuide, verbose_name=_("peer guide"), on_delete=models.CASCADE, related_name="checks"
    )
    kind = models.CharField(_("item"), max_length=30, choices=Kind.choices)
    done_on = models.DateField(_("done on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    organisation_path = "guide__organisation"

    class Meta:
        verbose_name = _("onboarding item")
        verbose_name_plural = _("onboarding items")
        ordering = ["guide", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "kind"], name="volunteers_check_unique_kind"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("done_on")),
                name="volunteers_check_expires_after_done",
            ),
        ]


class TrainingRecord(models.Model):
    """A completed course: the peer-guide training, or further training."""

    guide = models.ForeignKey(
        PeerGuide, verbose_name=_("peer guide"), on_delete=models.CASCADE, related_name="trainings"
    )
    course_name = models.CharField(_("course"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    is_peer_guide_training = models.BooleanField(
        _("peer-guide training"),
        default=True,
        help_text=_("The basic peer-guide training that is required before a guide is active."),
    )
    source = models.CharField(
        _("recorded from"),
        max_length=50,
        blank=True,
        editable=False,
        help_text=_("Set when a finished training cohort recorded it, e.g. “cohort:12”."),
    )

    organisation_path = "guide__organisation"

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "source"],
                condition=~Q(source=""),
                name="volunteers_training_unique_source",
            ),
        ]

    def __str__(self):
        return f"{self.course_name} ({dates.day(self.completed_on)})"


class Qualification(KindThatExpires, models.Model):
    """A certification that lets a guide lead a course; most expire."""

    class Kind(models.TextChoices):
        WRAP_FACILITATOR = "wrap_facilitator", _("WRAP facilitator")
        LAT_INSTRUCTOR = "lat_instructor", _("Lær at tackle instructor")
        GROUP_LEADER = "group_leader", _("Group activity leader")
        OTHER = "other", _("Other")

    guide = models.ForeignKey(
        PeerGuide,
        verbose_name=_("peer guide"),
        on_delete=models.CASCADE,
        related_name="qualifications",
    )
    kind = models.CharField(_("qualification"), max_length=30, choices=Kind.choices)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    organisation_path = "guide__organisation"

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["guide", "kind", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="volunteers_qualification_expires_after_issued",
            ),
        ]


class SupervisionSession(models.Model):
    """A supervision session for guides, in a group or one to one."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group supervision")
        INDIVIDUAL = "individual", _("Individual supervision")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="supervision_sessions",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GROUP)
    supervisor = models.CharField(_("supervisor"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        PeerGuide, verbose_name=_("attendees"), related_name="supervision_sessions"
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Practical notes only. Nothing that was said in the session."),
    )

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_kind_display()} {dates.day(self.date)}"


class WellbeingCheckIn(models.Model):
    """A guide's own short answer to "how are you doing with this role?"."""

    class Answer(models.IntegerChoices):
        VERY_HARD = 1, _("It is very hard right now")
        HARD = 2, _("It is a bit hard")
        OK = 3, _("It is all right")
        GOOD = 4, _("It is good")
        VERY_GOOD = 5, _("It is really good")

    LOW_ANSWER = 2  # this answer or lower prompts the coordinator to get in touch

    guide = models.ForeignKey(
        PeerGuide, verbose_name=_("peer guide"), on_delete=models.CASCADE, related_name="checkins"
    )
    answer = models.PositiveSmallIntegerField(_("answer"), choices=Answer.choices)
    wants_contact = models.BooleanField(_("would like a call from the coordinator"), default=False)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)
    needs_follow_up = models.BooleanField(_("needs follow-up"), default=False, db_index=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    organisation_path = "guide__organisation"

    class Meta:
        verbose_name = _("well-being check-in")
        verbose_name_plural = _("well-being check-ins")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.guide} · {self.get_answer_display()}"
