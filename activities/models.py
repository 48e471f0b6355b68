"""Volunteer-driven group activities (issue 18): an activity made by peer guides from their own
interests, its dated occurrences, and the optional "Jeg kommer" of a participant.

An activity is not a course: no programme, no fixed number of sessions, no completion rule, no
waitlist, drop-in by default. So it is its own app beside `courses` (DESIGN.md), not a programme.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Interest, Municipality, Organisation
from participants.models import Participant
from volunteers.models import PeerGuide

#: How far ahead occurrences are generated.
WEEKS_AHEAD = 12


class ActivityPolicy(models.Model):
    """How an organisation publishes its volunteers' activities."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="activity_policy",
    )
    guides_publish_directly = models.BooleanField(
        _("peer guides publish their activities themselves"),
        default=False,
        help_text=_(
            "Off: a coordinator approves each new activity before it is shown. On: a new activity "
            "from an active peer guide is shown at once."
        ),
    )

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("activity policy")
        verbose_name_plural = _("activity policies")

    def __str__(self):
        return str(self.organisation)


class Activity(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for a coordinator")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Not published")
        ENDED = "ended", _("Ended")

    class Repeat(models.TextChoices):
        ONCE = "once", _("Once")
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every other week")
        MONTHLY = "monthly", _("Once a month (same weekday)")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(
        _("description"),
        max_length=800,
        help_text=_("A few plain sentences: what you do, and who it is for."),
    )
    interests = models.ManyToManyField(
        Interest, verbose_name=_("interests"), blank=True, related_name="activities"
    )
    is_online = models.BooleanField(_("online"), default=False)
    place = models.CharField(
        _("where we meet"),
        max_length=200,
        blank=True,
        help_text=_("For example: By the main entrance of Odense Library, Østre Stationsvej 15."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hosts = models.ManyToManyField(
        PeerGuide, verbose_name=_("hosts"), related_name="hosted_activities"
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit, everyone can drop in."),
    )
    repeat = models.CharField(
        _("how often"), max_length=20, choices=Repeat.choices, default=Repeat.ONCE
    )
    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    until = models.DateField(
        _("last date"), null=True, blank=True, help_text=_("Empty: it keeps going.")
    )
    skip_dates = models.JSONField(
        _("dates without the activity"), default=list, blank=True
    )  # ISO dates (holidays, a host away)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        PeerGuide,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("last changed by a host"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activities_activity_capacity",
                violation_error_message=_("Places must be at least 1, or empty for no limit."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="activities_activity_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("first_date")),
                name="activities_activity_until_after_first",
                violation_error_message=_("The last date cannot be before the first date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "published", "declined", "ended"]),
                name="activities_activity_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(repeat__in=["once", "weekly", "fortnightly", "monthly"]),
                name="activities_activity_repeat_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:detail", kwargs={"pk": self.pk})

    @property
    def where(self) -> str:
        if self.is_online:
            return str(_("Online"))
        return ", ".join(p for p in [self.place, str(self.municipality or "")] if p)


class Occurrence(models.Model):
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_count = models.PositiveSmallIntegerField(_("how many came"), null=True, blank=True)

    organisation_path = "activity__organisation"

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "starts_at"], name="activities_one_occurrence_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="activities_occurrence_ends_after_start",
            ),
        ]

    def __str__(self):
        from core import dates

        return f"{self.activity} · {dates.when(self.starts_at)}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_full(self) -> bool:
        """Every place is taken by a confirmed "Jeg kommer" (never, without a limit). Reads the
        `coming` count the selectors annotate; `services.check_room` counts afresh under a lock
        before it gives a place away."""
        capacity = self.activity.capacity
        return capacity is not None and self.coming >= capacity


class Rsvp(models.Model):
    """ "Jeg kommer": a person said they will come to one occurrence. Pending until they click the
    link we send; only a confirmed one holds a place."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not confirmed yet")
        COMING = "coming", _("Coming")
        WITHDRAWN = "withdrawn", _("Not coming after all")

    occurrence = models.ForeignKey(
        Occurrence,
        verbose_name=_("occurrence"),
        on_delete=models.CASCADE,
        related_name="rsvps",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="activity_rsvps",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    attended = models.BooleanField(_("came"), null=True, blank=True)

    organisation_path = "occurrence__activity__organisation"

    class Meta:
        verbose_name = _("'I'm coming'")
        verbose_name_plural = _("'I'm coming' answers")
        ordering = ["occurrence", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "participant"], name="activities_one_rsvp_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "coming", "withdrawn"]),
                name="activities_rsvp_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.participant.first_name} · {self.occurrence}"


class Follow(models.Model):
    """A person asked to hear about new activities with an interest in a municipality. Pending
    until they use the link we send; stopped from the link in every message."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not confirmed yet")
        ACTIVE = "active", _("Following")
        STOPPED = "stopped", _("Stopped")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="activity_follows",
    )
    interest = models.ForeignKey(
        Interest, verbose_name=_("interest"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    organisation_path = "participant__organisation"

    class Meta:
        verbose_name = _("follow of an interest")
        verbose_name_plural = _("follows of interests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "interest", "municipality"],
                name="activities_one_follow_per_interest_and_place",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "active", "stopped"]),
                name="activities_follow_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.participant.first_name} · {self.interest} · {self.municipality}"


class News(models.Model):
    """A new activity a follower is to hear about. Sent in one message with the others waiting,
    at most one message a week per person (`services.send_news`)."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="activity_news",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("found"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    organisation_path = "participant__organisation"

    class Meta:
        verbose_name = _("news of an activity")
        verbose_name_plural = _("news of activities")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "activity"], name="activities_news_once_per_activity"
            ),
        ]

    def __str__(self):
        return f"{self.participant.first_name} · {self.activity}"
