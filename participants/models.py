"""Participants (people who receive support; no login) and their consents."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.choices import SPOKEN_LANGUAGES, EntrySource, Gender
from core.fields import EmailAddressField, PhoneField
from core.models import ExperienceArea, Interest, Municipality, Organisation
from notifications.models import check_preferred_channel, preferred_channel_field
from notifications.services import Contact
from participants import who5


class Participant(models.Model):
    """A person who asks for a peer guide or signs up for a course. Never a CPR number."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = EmailAddressField(_("e-mail address"), blank=True, db_index=True)
    phone = PhoneField(_("phone"))
    contact_note = models.CharField(
        _("how to reach them"),
        max_length=300,
        blank=True,
        help_text=_(
            "When there is no e-mail or phone: who to call or where to find them. "
            "No health details here."
        ),
    )
    source = models.CharField(
        _("came in by"),
        max_length=30,
        choices=EntrySource.choices,
        default=EntrySource.SELF,
        db_index=True,
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional; counted without names in the funder report."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(
        _("preferred language"), max_length=8, choices=SPOKEN_LANGUAGES, default="da"
    )
    preferred_channel = preferred_channel_field()
    experience_areas = models.ManyToManyField(
        ExperienceArea,
        verbose_name=_("lived experience"),
        blank=True,
        related_name="participants",
        help_text=_("Health data: stored only with consent to that purpose."),
    )
    interests = models.ManyToManyField(
        Interest, verbose_name=_("interests"), blank=True, related_name="participants"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-created_at"]
        constraints = [
            # A way to reach the person: e-mail, phone, or (entered by a coordinator) a note.
            models.CheckConstraint(
                condition=~Q(email="", phone="", contact_note="") | Q(anonymised_at__isnull=False),
                name="participants_participant_reachable",
            ),
            # One person is one participant per organisation (issue 13): e-mail and phone are
            # stored in their normal form (core/contacts.py), so equal means the same address.
            # Anonymised rows hold no contact details and are left out.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~Q(email="") & Q(anonymised_at__isnull=True),
                name="participants_one_per_email",
                violation_error_message=_(
                    "Another participant of this organisation has this e-mail address."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "phone"],
                condition=~Q(phone="") & Q(anonymised_at__isnull=True),
                name="participants_one_per_phone",
                violation_error_message=_(
                    "Another participant of this organisation has this phone number."
                ),
            ),
        ]

    def __str__(self):
        if self.anonymised_at:
            return _("Anonymised participant #%(id)s") % {"id": self.pk}
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        super().clean()
        check_preferred_channel(
            preferred=self.preferred_channel, email=self.email, phone=self.phone
        )

    @property
    def contact(self) -> str:
        return self.email or self.phone or self.contact_note

    @property
    def contact_point(self) -> Contact:
        """Where and how messages reach them (`notifications.services.notify`); nowhere once
        anonymised."""
        if self.anonymised_at:
            return Contact(language=self.language)
        return Contact(
            email=self.email,
            phone=self.phone,
            preferred=self.preferred_channel,
            language=self.language,
        )


class Consent(models.Model):
    """One consent: what for, which text the person saw, when given, when withdrawn."""

    class Purpose(models.TextChoices):
        SUPPORT = "support", _("To receive peer support and be contacted about it")
        HEALTH_DATA = "health_data", _("To store what I share about my lived experience")
        COURSE = "course", _("To take part in a course and be contacted about it")
        ACTIVITY = "activity", _("To come to an activity and be told if it changes")
        EVALUATION = (
            "evaluation",
            _("To use my answers, without my name, to evaluate the programme"),
        )

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    text_version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    given_orally = models.BooleanField(
        _("given orally"),
        default=False,
        help_text=_("Given on the phone or in person, and recorded by a coordinator."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    organisation_path = "participant__organisation"

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["participant", "purpose", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="participants_one_active_consent_per_purpose",
            ),
        ]

    def __str__(self):
        return self.get_purpose_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


# --- WHO-5 Well-Being Index -------------------------------------------------------------------
# The five items and the answer scale word for word, in the official Danish and English versions
# (participants/who5.py keeps the texts; the labels follow the active language). Scores are
# health data: never shown to guides.

WHO5_ITEMS = [(name, who5.item_label(i)) for i, name in enumerate(who5.ITEM_NAMES)]

WHO5_ANSWERS = [(value, who5.answer_label(i)) for i, value in enumerate(who5.ANSWER_VALUES)]


def _who5_item():
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5)]
    )


class WellBeingMeasurement(models.Model):
    """One WHO-5 measurement of one participant in one course of support (a match or a cohort
    enrollment) at one time point: invited, then answered or declined.

    The course of support is named by `source` and `source_id` (a match's or a cohort's id):
    participants sits below matching and courses and does not import them (DESIGN.md)."""

    class Source(models.TextChoices):
        MATCH = "match", _("One-to-one match")
        COHORT = "cohort", _("Cohort")

    class Timepoint(models.TextChoices):
        START = "start", _("At the start")
        END = "end", _("At the end")
        FOLLOW_UP = "follow_up", _("3 months after the end")

    class Status(models.TextChoices):
        PENDING = "pending", _("Invited")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="wellbeing_measurements",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("course of support"), max_length=10, choices=Source.choices)
    source_id = models.PositiveBigIntegerField(_("match or cohort id"))
    timepoint = models.CharField(_("time point"), max_length=10, choices=Timepoint.choices)
    due_at = models.DateTimeField(_("reference date"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    item1 = _who5_item()
    item2 = _who5_item()
    item3 = _who5_item()
    item4 = _who5_item()
    item5 = _who5_item()
    raw_score = models.PositiveSmallIntegerField(
        _("raw score (0-25)"), null=True, blank=True, validators=[MaxValueValidator(25)]
    )

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("WHO-5 measurement")
        verbose_name_plural = _("WHO-5 measurements")
        ordering = ["-due_at"]
        indexes = [models.Index(fields=["organisation", "timepoint", "status", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "source", "source_id", "timepoint"],
                name="participants_one_who5_per_timepoint",
            ),
            models.CheckConstraint(
                condition=Q(raw_score__isnull=True) | Q(raw_score__lte=25),
                name="participants_who5_raw_score_range",
            ),
            models.CheckConstraint(
                condition=Q(item1__lte=5)
                & Q(item2__lte=5)
                & Q(item3__lte=5)
                & Q(item4__lte=5)
                & Q(item5__lte=5),
                name="participants_who5_items_range",
                violation_error_message=_("Every answer must be between 0 and 5."),
            ),
            # Answered means all five items are there and the raw score is their sum. Each part
            # is IS NOT NULL on purpose: a comparison with NULL passes a check constraint.
            models.CheckConstraint(
                condition=~Q(status="answered")
                | Q(
                    item1__isnull=False,
                    item2__isnull=False,
                    item3__isnull=False,
                    item4__isnull=False,
                    item5__isnull=False,
                    raw_score__isnull=False,
                    answered_at__isnull=False,
                    raw_score=F("item1") + F("item2") + F("item3") + F("item4") + F("item5"),
                ),
                name="participants_who5_answered_is_complete",
                violation_error_message=_(
                    "An answered questionnaire has all five answers, and its score is their sum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "answered", "declined"]),
                name="participants_who5_status_valid",
            ),
        ]

    def __str__(self):
        return f"WHO-5 · {self.get_timepoint_display()} · #{self.pk}"

    # At or below this percentage (raw 7 of 25) the WHO-5 suggests likely depression: the person
    # is shown where to get help at once, and offered a call from the organisation.
    LOW_PERCENTAGE = 28

    @property
    def percentage(self) -> int | None:
        """The percentage score 0-100 (raw score × 4)."""
        return None if self.raw_score is None else self.raw_score * 4

    @property
    def is_low(self) -> bool:
        return self.raw_score is not None and self.percentage <= self.LOW_PERCENTAGE


class ContactHistory(models.Model):
    """An e-mail address or phone number a participant had before, as a keyed hash only.

    Written when a contact detail changes and when two records are merged, so that erasure can
    find every message ever sent to the person (core/contacts.py) without this table keeping the
    address itself.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("e-mail address")
        PHONE = "phone", _("phone")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="contact_history"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    digest = models.CharField(_("keyed hash"), max_length=64, db_index=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier contact detail")
        verbose_name_plural = _("earlier contact details")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "digest"], name="participants_contact_history_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {dates.day(self.recorded_at)}"


class MergeRecord(models.Model):
    """Two records of one person were made one (participants/merging.py): who did it, when, and
    how many rows of each kind moved. No contact details or names: the removed record's e-mail
    and phone are kept on the survivor only as keyed hashes (ContactHistory)."""

    survivor = models.ForeignKey(
        Participant,
        verbose_name=_("kept record"),
        on_delete=models.CASCADE,
        related_name="merge_records",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    duplicate_number = models.PositiveBigIntegerField(_("removed record's number"))
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # {"app_label.model_name": count}: rows moved to the kept record, and rows left out because
    # the kept record already had their like (e.g. both enrolled in one cohort).
    moved = models.JSONField(_("moved"), default=dict, blank=True)
    left_out = models.JSONField(_("left out"), default=dict, blank=True)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("merge of duplicate records")
        verbose_name_plural = _("merges of duplicate records")
        ordering = ["-merged_at"]

    def __str__(self):
        return _("Record #%(number)s merged in") % {"number": self.duplicate_number}
