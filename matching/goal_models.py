"""Goals on a match: one to three, in the participant's own words, recorded by the guide with the
participant in the first meetings, editable by the participant, marked at closure. Imported at
the end of matching/models.py so Django finds it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_GOALS = 3
GOAL_MAX_LENGTH = 200


class MatchGoal(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        PARTLY = "partly", _("Partly reached")
        NOT_REACHED = "not_reached", _("Not reached")
        CHANGED = "changed", _("The goal changed")

    match = models.ForeignKey(
        "matching.Match", verbose_name=_("match"), on_delete=models.CASCADE, related_name="goals"
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
