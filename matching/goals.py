"""Goals on a match (matching.models.MatchGoal): the guide records one to three with the
participant in the first meetings, the participant can change them on their status page, and
each is marked when the match ends (in end_match)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import GOAL_MAX_LENGTH, MAX_GOALS, Match, MatchGoal

OPEN = (Match.Status.ACCEPTED, Match.Status.ACTIVE, Match.Status.PAUSED)


def goals_for(match: Match) -> list[MatchGoal]:
    return list(MatchGoal.objects.filter(match=match).order_by("position"))


@transaction.atomic
def set_goals(*, match: Match, texts: list[str]) -> list[MatchGoal]:
    """Replace the match's goals with these texts (blank ones dropped), in this order. By the
    guide on the match page, or by the participant on their status page."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status not in OPEN:
        raise ValidationError(_("The goals can only be changed while the match is running."))
    cleaned = [t.strip() for t in texts if t and t.strip()]
    if not cleaned:
        raise ValidationError(_("Write at least one goal."))
    if len(cleaned) > MAX_GOALS:
        raise ValidationError(_("Write at most three goals."))
    if any(len(t) > GOAL_MAX_LENGTH for t in cleaned):
        raise ValidationError(
            _("Keep each goal under %(max)s characters.") % {"max": GOAL_MAX_LENGTH}
        )
    now = timezone.now()
    existing = {g.position: g for g in MatchGoal.objects.filter(match=match)}
    for position, text in enumerate(cleaned, start=1):
        goal = existing.pop(position, None)
        if goal is None:
            MatchGoal.objects.create(
                match=match, position=position, text=text, created_at=now, updated_at=now
            )
        elif goal.text != text:
            goal.text, goal.updated_at = text, now
            goal.save(update_fields=["text", "updated_at"])
    MatchGoal.objects.filter(pk__in=[g.pk for g in existing.values()]).delete()
    return goals_for(match)


def mark_goals(*, match: Match, outcomes: dict[int, str]) -> None:
    """At closure: every goal gets an outcome (inside end_match's transaction)."""
    now = timezone.now()
    for goal in MatchGoal.objects.filter(match=match):
        outcome = outcomes.get(goal.pk, "")
        if outcome not in MatchGoal.Outcome.values:
            raise ValidationError({f"goal_{goal.pk}": _("Choose how it went with this goal.")})
        goal.outcome, goal.marked_at = outcome, now
        goal.save(update_fields=["outcome", "marked_at"])


def export(participant) -> list | None:
    """The goals of the participant's matches, for their data export."""
    goals = MatchGoal.objects.filter(match__request__participant_id=participant.pk).order_by(
        "match_id", "position"
    )
    rows = [
        {
            "match": g.match_id,
            "goal": g.text,
            "outcome": g.get_outcome_display() if g.outcome else None,
            "recorded_at": g.created_at.isoformat(),
        }
        for g in goals
    ]
    return rows or None
