"""What one-to-one support holds about a participant, for export, erasure and retention
(core/registry.py). Registered from MatchingConfig.ready()."""

from __future__ import annotations

from django.db.models import Q

from core import registry
from core.registry import iso, names
from matching import goals
from matching.models import (
    Feedback,
    Match,
    MatchGoal,
    MatchStatusChange,
    Meeting,
    SupportRequest,
)
from matching.services import close_for_erased_participant

R = SupportRequest.Status
OPEN_REQUEST = (R.SUBMITTED, R.WAITING, R.MATCHED)
BY_PARTICIPANT = "request__participant"
BY_MATCH = "match__request__participant"


def _by_match(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.match_id, []).append(row)
    return grouped


def requests_section(participant) -> list[dict]:
    """The person's requests, each with its matches, their meetings, feedback and changes."""
    pid = participant.pk
    requests = (
        SupportRequest.objects.filter(participant_id=pid)
        .prefetch_related("experience_areas", "interests")
        .order_by("submitted_at", "pk")
    )
    matches: dict[int, list] = {}
    for match in (
        Match.objects.filter(request__participant_id=pid)
        .select_related("guide__user")
        .order_by("proposed_at", "pk")
    ):
        matches.setdefault(match.request_id, []).append(match)
    meetings = _by_match(
        Meeting.objects.filter(match__request__participant_id=pid).order_by("starts_at", "pk")
    )
    feedback = _by_match(Feedback.objects.filter(match__request__participant_id=pid))
    changes = _by_match(
        MatchStatusChange.objects.filter(match__request__participant_id=pid).order_by("at", "pk")
    )

    def match_data(match) -> dict:
        return {
            "number": match.pk,
            "status": match.get_status_display(),
            "peer_guide": match.guide.user.first_name,
            "proposed_at": iso(match.proposed_at),
            "started_at": iso(match.started_at),
            "ended_at": iso(match.ended_at),
            "closure_reason": match.get_closure_reason_display(),
            "decline_reason": match.decline_reason,
            "meetings": [
                {
                    "starts_at": iso(m.starts_at),
                    "status": m.get_status_display(),
                    "how": m.get_mode_display(),
                    "minutes": m.duration_minutes,
                    "place": m.place,
                    "themes": list(m.themes or []),
                    "note": m.note,
                }
                for m in meetings.get(match.pk, [])
            ],
            "feedback": [
                {
                    "kind": f.get_kind_display(),
                    "from": f.get_respondent_display(),
                    "answer": f.get_answer_display(),
                    "rating": f.rating,
                    "answered_at": iso(f.answered_at),
                }
                for f in feedback.get(match.pk, [])
            ],
            "status_changes": [
                {
                    "at": iso(c.at),
                    "from": c.get_from_status_display(),
                    "to": c.get_to_status_display(),
                    "note": c.note,
                }
                for c in changes.get(match.pk, [])
            ],
        }

    return [
        {
            "number": r.pk,
            "status": r.get_status_display(),
            "submitted_at": iso(r.submitted_at),
            "confirmed_at": iso(r.confirmed_at),
            "experiences_the_guide_should_share": names(r.experience_areas),
            "interests": names(r.interests),
            "preferred_times": list(r.availability or []),
            "meet_in_person": r.meets_in_person,
            "meet_online": r.meets_online,
            "wish_about_the_guides_gender": r.get_gender_wish_display(),
            "language_with_the_guide": r.get_guide_language_display(),
            "what_would_you_like_help_with": r.help_wanted,
            "matches": [match_data(m) for m in matches.get(r.pk, [])],
        }
        for r in requests
    ]


def register() -> None:
    registry.register(
        registry.Holding(
            model=SupportRequest,
            participant="participant",
            export="support_requests",
            scrub={"help_wanted": ""},
            clear=("experience_areas", "interests"),
            activity=("submitted_at", "confirmed_at", "status_changed_at"),
            open=Q(status__in=OPEN_REQUEST),
            # Withdrawing a request ends its match and tells the guide.
            close=close_for_erased_participant,
        ),
        registry.Holding(
            model=Match,
            participant=BY_PARTICIPANT,
            export="support_requests",
            # The reasons name what the two share ("both have experience with angst").
            scrub={"decline_reason": "", "reasons": []},
            activity=("proposed_at", "started_at", "ended_at", "status_changed_at"),
            open=Q(status__in=Match.OPEN),
            close=close_for_erased_participant,
        ),
        registry.Holding(
            model=MatchStatusChange,
            participant=BY_MATCH,
            export="support_requests",
            scrub={"note": ""},
        ),
        registry.Holding(
            model=Meeting,
            participant=BY_MATCH,
            export="support_requests",
            scrub={"note": "", "place": ""},
            activity=("starts_at", "updated_at"),
        ),
        registry.Holding(model=Feedback, participant=BY_MATCH, export="support_requests"),
        # Goals are the person's own words: erased; their outcomes stay for the figures.
        registry.Holding(
            model=MatchGoal,
            participant=BY_MATCH,
            export="match_goals",
            scrub={"text": ""},
            activity=("created_at", "updated_at"),
        ),
    )
    registry.register_export("support_requests", build=requests_section, order=30)
    registry.register_export("match_goals", build=lambda p: goals.export(p) or [], order=35)
