"""matching's answer to `volunteers.handover.guide_stepped_back`: the guide's proposals and
running matches that now need another guide (connected in MatchingConfig.ready)."""

from __future__ import annotations

from matching.models import Match
from matching.selectors import handover_matches
from volunteers.handover import HandoverItem, admin_link


def matches_to_hand_over(sender, guide, **kwargs) -> list[HandoverItem]:
    matches = handover_matches(Match.objects.all(), guide=guide).order_by("pk")
    return [
        HandoverItem(
            kind="proposal" if match.status == Match.Status.PROPOSED else "match",
            number=match.pk,
            link=admin_link("admin:matching_match_change", match.pk),
            status=Match.Status(match.status).label,
        )
        for match in matches.only("pk", "status")
    ]
