"""The match columns on the coordinators' guide list (volunteers' admin), registered through
`volunteers.guide_list` in `MatchingConfig.ready()`: volunteers shows them without importing
matching, and matching does not subclass or re-register volunteers' admin.

Both figures are correlated subqueries evaluated only for the rows on the page, not joins over every
match and meeting of the organisation with GROUP BY (issue 15), so the list's query count does not
grow with matches or meetings.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import Match, Meeting
from volunteers.guide_list import GuideColumn, register_guide_column


def annotate_open_matches(guides):
    """Each guide's open matches (proposed, accepted, active, paused) as `open_matches`."""
    open_matches = (
        Match.objects.filter(guide=OuterRef("pk"), status__in=Match.OPEN)
        .order_by()
        .values("guide")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return guides.annotate(
        open_matches=Coalesce(Subquery(open_matches, output_field=IntegerField()), 0)
    )


def annotate_last_meeting(guides):
    """When each guide last held a meeting, as `last_meeting_at` (None: never)."""
    # The latest of each match's last held meeting: one step backwards on the (match, status,
    # starts_at) index per match of the guide. Neither MAX over the guide's meetings (it reads
    # every held meeting of the guide) nor one ORDER BY ... LIMIT 1 over them (PostgreSQL may walk
    # the whole meetings table in starts_at order) stays flat as meetings grow.
    last_of_match = (
        Meeting.objects.filter(match=OuterRef("pk"), status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    last_held = (
        Match.objects.filter(guide=OuterRef("pk"))
        .annotate(last_of_match=Subquery(last_of_match))
        .order_by()
        .values("guide")
        .annotate(last=Max("last_of_match"))
        .values("last")
    )
    return guides.annotate(last_meeting_at=Subquery(last_held))


def _matches_vs_capacity(guide) -> str:
    return f"{guide.open_matches} / {guide.capacity}"


def _days_since_last_meeting(guide):
    if not guide.last_meeting_at:
        return "–"
    return (timezone.now() - guide.last_meeting_at).days


def register() -> None:
    register_guide_column(
        GuideColumn(
            key="matches_vs_capacity",
            description=_("matches / capacity"),
            value=_matches_vs_capacity,
            annotate=annotate_open_matches,
            ordering="open_matches",
            replaces="capacity",
        )
    )
    register_guide_column(
        GuideColumn(
            key="days_since_last_meeting",
            description=_("days since last meeting"),
            value=_days_since_last_meeting,
            annotate=annotate_last_meeting,
            ordering="last_meeting_at",
            before="days_in_status",
        )
    )
