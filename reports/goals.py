"""Goal attainment of ended one-to-one matches (matching.MatchGoal): how many goals were
reached, partly reached, not reached or changed, and the share of ended matches with at least
one goal reached. Counts under 5 are suppressed as elsewhere in reports (reports.suppression)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from matching.models import Match, MatchGoal
from reports.pages import Table
from reports.selectors import Period, Scope, _ratio
from reports.suppression import cell, column, over


def _ended(period: Period, scope: Scope):
    if not scope.one_to_one:
        return Match.objects.none()
    return Match.objects.filter(
        period.within("ended_at"),
        organisation_id__in=scope.organisation_ids,
        status=Match.Status.ENDED,
    )


def goal_attainment(period: Period, scope: Scope) -> dict:
    ended = _ended(period, scope)
    goals = MatchGoal.objects.filter(match__in=ended)
    by_outcome = dict(goals.values_list("outcome").annotate(n=Count("pk")).order_by())
    reached = MatchGoal.objects.filter(match=OuterRef("pk"), outcome=MatchGoal.Outcome.REACHED)
    matches = ended.annotate(reached=Exists(reached)).aggregate(
        with_goals=Count("pk", filter=Q(goals__isnull=False), distinct=True),
        with_reached=Count("pk", filter=Q(reached=True), distinct=True),
    )
    total = sum(by_outcome.values())
    return {
        "ended_with_goals": matches["with_goals"],
        "ended_with_goal_reached": matches["with_reached"],
        "share_with_goal_reached": _ratio(matches["with_reached"], matches["with_goals"]),
        "goals": total,
        "outcomes": [
            {
                "label": str(label),
                "n": by_outcome.get(value, 0),
                "share": _ratio(by_outcome.get(value, 0), total),
            }
            for value, label in [*MatchGoal.Outcome.choices, ("", _("Not marked"))]
        ],
    }


def goal_table(period: Period, scope: Scope) -> Table:
    """For the one-to-one support page (and its exports)."""
    g = goal_attainment(period, scope)
    counts = column([o["n"] for o in g["outcomes"]])
    rows = [
        [o["label"], n, over(o["share"], g["goals"]) if n != "<5" else "<5"]
        for o, n in zip(g["outcomes"], counts, strict=True)
    ]
    rows.append([_("Goals in all"), cell(g["goals"]), None])
    rows.append(
        [
            _("Ended matches with at least one goal reached"),
            cell(g["ended_with_goal_reached"]),
            over(g["share_with_goal_reached"], g["ended_with_goals"]),
        ]
    )
    return Table(
        "goals",
        _("Goals of ended matches"),
        [_("At the end"), _("Goals"), _("Share (%)")],
        rows,
    )


def funder_rows(year: int, scope: Scope) -> list[list]:
    g = goal_attainment(Period.year(year), scope)
    return [
        [_("Ended matches with goals"), cell(g["ended_with_goals"])],
        [
            _("Share of ended matches with at least one goal reached (%)"),
            over(g["share_with_goal_reached"], g["ended_with_goals"]),
        ],
    ]
