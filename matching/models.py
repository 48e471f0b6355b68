"""One-to-one peer support: support requests, matches and their lifecycle, the meeting log."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.choices import SPOKEN_LANGUAGES, EntrySource, GenderWish, validate_availability
from core.models import ExperienceArea, Interest, Organisation, StatusChange
from core.validators import sane_datetime_q, validate_sane_datetime
from participants.models import Participant
from volunteers.models import PeerGuide


class MatchingWeights(models.Model):
    """How an organisation weighs the matching criteria (matching/engine.py). Data, not code."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="matching_weights",
    )
    experience = models.PositiveSmallIntegerField(_("shared lived experience"), default=40)
    interests = models.PositiveSmallIntegerField(_("shared interests"), default=25)
    place = models.PositiveSmallIntegerField(_("place and distance"), default=15)
    availability = models.PositiveSmallIntegerField(_("overlapping availability"), default=12)
    age = models.PositiveSmallIntegerField(_("age proximity"), default=8)
    min_score = models.PositiveSmallIntegerField(
        _("minimum score for batch proposals"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_("A batch proposal leaves a request unmatched rather than go below this."),
    )
    max_distance_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), default=40)
    stale_after_days = models.PositiveSmallIntegerField(
        _("stale after (days)"),
        default=21,
        validators=[MinValueValidator(1)],
        help_text=_("An active match with no held meeting for this long is flagged."),
    )

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self):
        return str(self.organisation)


class SupportRequest(models.Model):
    """A participant asks for a peer guide."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted (e-mail not confirmed)")
        WAITING = "waiting", _("Waiting")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    experience_areas = models.ManyToManyField(
        ExperienceArea,
        verbose_name=_("experiences the guide should share"),
        blank=True,
        related_name="+",
        help_text=_("Health data: stored only with consent to that purpose."),
    )
    interests = models.ManyToManyField(
        Interest, verbose_name=_("interests"), blank=True, related_name="+"
    )
    availability = models.JSONField(
        _("preferred times"), default=list, blank=True, validators=[validate_availability]
    )
    meets_in_person = models.BooleanField(_("meet in person"), default=True)
    meets_online = models.BooleanField(_("meet online"), default=False)
    gender_wish = models.CharField(
        _("wish about the guide's gender"), max_length=20, choices=GenderWish.choices, blank=True
    )
    guide_language = models.CharField(
        _("language to speak with the guide"), max_length=8, choices=SPOKEN_LANGUAGES, default="da"
    )
    help_wanted = models.TextField(_("what would you like help with"), blank=True, max_length=1000)
    source = models.CharField(
        _("came in by"),
        max_length=30,
        choices=EntrySource.choices,
        default=EntrySource.SELF,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["confirmed_at", "submitted_at"]

    def __str__(self):
        return _("Request from %(name)s") % {"name": self.participant}

    @property
    def waiting_since(self):
        return self.confirmed_at or self.submitted_at


class Match(models.Model):
    """A guide and a participant, from proposal to a deliberate ending."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined by the guide")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class ClosureReason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("Goals reached")
        PARTICIPANT_WITHDREW = "participant_withdrew", _("The participant withdrew")
        GUIDE_STOPPED = "guide_stopped", _("The guide stopped")
        MOVED = "moved", _("Moved away")
        REFERRED = "referred", _("Referred to other help")
        NO_CONTACT = "no_contact", _("No contact")
        NOT_A_GOOD_FIT = "not_a_good_fit", _("Not a good fit (re-matched)")

    OPEN = (Status.PROPOSED, Status.ACCEPTED, Status.ACTIVE, Status.PAUSED)

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="matches",
    )
    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="matches"
    )
    guide = models.ForeignKey(
        PeerGuide, verbose_name=_("peer guide"), on_delete=models.PROTECT, related_name="matches"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    score = models.FloatField(_("match score"), null=True, blank=True)
    reasons = models.JSONField(_("why this match"), default=list, blank=True)
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered by the guide"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closing_conversation_held = models.BooleanField(
        _("closing conversation held"), null=True, blank=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_at"]
        # The admin's match list: newest proposal first (the admin adds -id to the ordering).
        indexes = [
            models.Index(fields=["-proposed_at", "-id"], name="matching_match_proposed_desc")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "accepted", "active", "paused"]),
                name="matching_one_open_match_per_request",
                violation_error_message="This request already has an open match.",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(closure_reason=""),
                name="matching_ended_match_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.guide} · {self.request.participant}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class MatchStatusChange(StatusChange):
    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Match.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Match.Status.choices)

    organisation_path = "match__organisation"

    class Meta(StatusChange.Meta):
        verbose_name = _("match status change")
        verbose_name_plural = _("match status changes")


class Meeting(models.Model):
    """One meeting between a guide and a participant: planned, then held, cancelled or no-show."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not show up")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        WALK = "walk", _("Walk or activity")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")

    THEMES = [
        ("everyday", _("Everyday life")),
        ("relations", _("Relationships and network")),
        ("work", _("Work and education")),
        ("recovery", _("Recovery and hope")),
        ("coping", _("Coping strategies")),
        ("activity", _("A shared activity")),
        ("system", _("Contact with the system")),
        ("closing", _("Closing")),
    ]

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="meetings"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # Forms and services hold a meeting to within a year of today (PLAUSIBLE_WINDOW); the
    # database holds the fixed window of core.validators (years 2000-2100).
    PLAUSIBLE_WINDOW = datetime.timedelta(days=366)
    MIN_MINUTES, MAX_MINUTES = 5, 600

    starts_at = models.DateTimeField(_("date and time"), validators=[validate_sane_datetime])
    place = models.CharField(_("place"), max_length=200, blank=True)
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    duration_minutes = models.PositiveSmallIntegerField(
        _("minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    note = models.CharField(
        _("short note"),
        max_length=500,
        blank=True,
        help_text=_("Practical notes only. Do not write health details here."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    organisation_path = "match__organisation"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["match", "status", "starts_at"]),
            # The admin's meeting list: newest first (the admin adds -id to the ordering).
            models.Index(fields=["-starts_at", "-id"], name="matching_meeting_starts_desc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(duration_minutes__isnull=False),
                name="matching_held_meeting_has_minutes",
                violation_error_message=_("Write how many minutes the meeting lasted."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gte=5, duration_minutes__lte=600),
                name="matching_meeting_minutes_range",
                violation_error_message=_("A meeting lasts between 5 and 600 minutes."),
            ),
            models.CheckConstraint(
                condition=sane_datetime_q("starts_at"),
                name="matching_meeting_starts_at_range",
                violation_error_message=_("Check the year. It must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "held", "cancelled", "no_show"]),
                name="matching_meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(mode__in=["in_person", "walk", "phone", "video"]),
                name="matching_meeting_mode_valid",
            ),
        ]

    def __str__(self):
        return f"{dates.moment(self.starts_at)} · {self.get_status_display()}"


class Feedback(models.Model):
    """Short questions to both sides: the fit check after the first meeting, the exit survey."""

    class Kind(models.TextChoices):
        FIT_CHECK = "fit_check", _("Fit check")
        EXIT = "exit", _("Exit survey")

    class Respondent(models.TextChoices):
        GUIDE = "guide", _("Peer guide")
        PARTICIPANT = "participant", _("Participant")

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NOT_SURE = "not_sure", _("Not sure")
        NO = "no", _("No")

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="feedback"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    respondent = models.CharField(_("respondent"), max_length=20, choices=Respondent.choices)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    rating = models.PositiveSmallIntegerField(
        _("how helpful was it (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    organisation_path = "match__organisation"

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "kind", "respondent"], name="matching_feedback_once_per_side"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "not_sure", "no"]),
                name="matching_feedback_answer_valid",
                violation_error_message=_("Choose an answer."),
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="matching_feedback_rating_range",
                violation_error_message=_("Choose a number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="fit_check") | Q(rating__isnull=True),
                name="matching_feedback_fit_check_has_no_rating",
                violation_error_message=_("The fit check has no rating."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["fit_check", "exit"]), name="matching_feedback_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(respondent__in=["guide", "participant"]),
                name="matching_feedback_respondent_valid",
            ),
        ]

    def __str__(self):
        who = self.get_respondent_display()
        return f"{self.get_kind_display()} · {who}: {self.get_answer_display()}"


# --- Goals on a match: one to three, in the participant's own words, recorded by the guide with the
# participant in the first meetings, editable by the participant, marked at closure.

MAX_GOALS = 3
GOAL_MAX_LENGTH = 200


class MatchGoal(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        PARTLY = "partly", _("Partly reached")
        NOT_REACHED = "not_reached", _("Not reached")
        CHANGED = "changed", _("The goal changed")

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_GOALS)]
    )
    text = models.CharField(_("goal"), max_length=GOAL_MAX_LENGTH)
    outcome = models.CharField(_("at the end"), max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["match", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "position"], name="matching_goal_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_GOALS),
                name="matching_goal_position_range",
            ),
        ]

    def __str__(self):
        return self.text
