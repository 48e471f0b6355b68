"""Data subject rights (GDPR art. 15, 17, 20): export everything about a participant, record who
looked, and erase a participant by anonymising in place.

Matching and courses sit above participants (DESIGN.md), so their rows are read through the app
registry (`apps.get_model`), as participants/jobs.py does, and this module imports neither.

Erasure keeps every row, so the figures in reports still add up; what goes is
what identifies the person or is free text about them: name, contact, year of birth, lived
experience and interests, the request's "what would you like help with", the guide's meeting notes
and places, decline and override reasons, status-change notes; the texts and addresses of the
messages to them or about them (notifications.services.scrub_*); the values and names in the audit
trail (core.audit.scrub_entries). Active consents are withdrawn. First, `participant_erasing` lets
the apps above close what is still open for the person (a waiting request, a match, a course seat):
nobody can reach an anonymous person, and a seat held for them is someone else's. It comes first so
that everything it locks and writes, and whatever a concurrent request wrote before those locks,
is then anonymised and scrubbed with the rest.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from core import audit
from notifications.models import Notification
from notifications.services import normalise_recipient, scrub_about, scrub_recipient
from participants.models import Consent, Participant
from participants.privacy_models import AccessEvent

SELF_SERVICE_PURPOSE = "privacy"
SELF_SERVICE_MAX_AGE = datetime.timedelta(hours=12)

#: Sent inside the erasure's transaction, with the participant locked and before anything is
#: removed, with `participant` and `actor` (a user, or None for the person themself or the
#: retention job). Receivers lock and close what is still open for the person through their own
#: services (matching and courses connect in their AppConfig.ready). A receiver must not fail on
#: a row that closed meanwhile: an error here undoes the erasure. Messages it queues *about* the
#: person's rows are scrubbed afterwards like all others; a message meant to survive (the guide's
#: "your match has ended") is about something else.
participant_erasing = Signal()

#: What apps above participants hold about a person and add to the export themselves: a key of
#: the export and a function of the participant that returns JSON-safe data, or None to add
#: nothing. They register in their AppConfig.ready with `register_export` (plans: the personal
#: plan; matching: the goals of a match). A part registered `participant_only` goes only into
#: the participant's own export (their plan: nobody else reads it, a coordinator's export of the
#: person neither). Stand-in until the participant-data registry in core.
EXPORT_PARTS: dict[str, tuple[Callable, bool]] = {}


def register_export(key: str, part: Callable, *, participant_only: bool = False) -> None:
    EXPORT_PARTS[key] = (part, participant_only)


def _model(label: str):
    return apps.get_model(label)


@dataclass
class Related:
    """Every row about one participant, across the apps (read through the app registry)."""

    consents: list
    requests: list
    matches: list
    status_changes: list
    meetings: list
    feedback: list
    enrollments: list
    attendance: list
    measurements: list

    def all_objects(self) -> list:
        return [
            *self.consents,
            *self.requests,
            *self.matches,
            *self.status_changes,
            *self.meetings,
            *self.feedback,
            *self.enrollments,
            *self.attendance,
            *self.measurements,
        ]


def related_rows(participant: Participant) -> Related:
    SupportRequest = _model("matching.SupportRequest")
    Match = _model("matching.Match")
    MatchStatusChange = _model("matching.MatchStatusChange")
    Meeting = _model("matching.Meeting")
    Feedback = _model("matching.Feedback")
    Enrollment = _model("courses.Enrollment")
    Attendance = _model("courses.Attendance")
    WellBeingMeasurement = _model("participants.WellBeingMeasurement")
    pid = participant.pk
    return Related(
        consents=list(Consent.objects.filter(participant_id=pid).order_by("given_at", "pk")),
        requests=list(
            SupportRequest.objects.filter(participant_id=pid)
            .prefetch_related("experience_areas", "interests")
            .order_by("submitted_at", "pk")
        ),
        matches=list(
            Match.objects.filter(request__participant_id=pid)
            .select_related("guide__user", "request__participant")
            .order_by("proposed_at", "pk")
        ),
        status_changes=list(MatchStatusChange.objects.filter(match__request__participant_id=pid)),
        meetings=list(
            Meeting.objects.filter(match__request__participant_id=pid).order_by("starts_at", "pk")
        ),
        feedback=list(Feedback.objects.filter(match__request__participant_id=pid)),
        enrollments=list(
            Enrollment.objects.filter(participant_id=pid)
            .select_related("cohort__programme", "participant")
            .order_by("created_at", "pk")
        ),
        attendance=list(
            Attendance.objects.filter(enrollment__participant_id=pid)
            .select_related("session", "enrollment__participant")
            .order_by("session__starts_at", "pk")
        ),
        measurements=list(
            WellBeingMeasurement.objects.filter(participant_id=pid).order_by("due_at", "pk")
        ),
    )


# --- access --------------------------------------------------------------------------------------


def record_access(*, participant: Participant, actor, where: str, path: str = "") -> AccessEvent:
    """Note that someone opened a participant's data (admin page, match page, export)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AccessEvent.objects.create(
        participant=participant,
        organisation_id=participant.organisation_id,
        actor=user,
        where=where,
        path=path[:200],
    )


# --- export --------------------------------------------------------------------------------------


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _names(queryset) -> list[str]:
    return [str(item) for item in queryset.all()]


def messages_to(participant: Participant):
    recipients = {normalise_recipient(v) for v in (participant.email, participant.phone) if v}
    if not recipients:
        return Notification.objects.none()
    return Notification.objects.filter(recipient__in=recipients).order_by("created_at", "pk")


def export_participant(participant: Participant, *, by_participant: bool = False) -> dict:
    """Everything stored about a participant, as JSON-safe data (the self-service page and the
    admin's "Export as JSON" both use it; `by_participant` for the person's own export). Texts
    in the reader's active language."""
    rows = related_rows(participant)
    meetings_by_match: dict[int, list] = {}
    for meeting in rows.meetings:
        meetings_by_match.setdefault(meeting.match_id, []).append(meeting)
    feedback_by_match: dict[int, list] = {}
    for item in rows.feedback:
        feedback_by_match.setdefault(item.match_id, []).append(item)
    matches_by_request: dict[int, list] = {}
    for match in rows.matches:
        matches_by_request.setdefault(match.request_id, []).append(match)
    attendance_by_enrollment: dict[int, list] = {}
    for record in rows.attendance:
        attendance_by_enrollment.setdefault(record.enrollment_id, []).append(record)

    def match_data(match) -> dict:
        return {
            "number": match.pk,
            "status": match.get_status_display(),
            "peer_guide": match.guide.user.first_name,
            "proposed_at": _iso(match.proposed_at),
            "started_at": _iso(match.started_at),
            "ended_at": _iso(match.ended_at),
            "closure_reason": match.get_closure_reason_display(),
            "meetings": [
                {
                    "starts_at": _iso(m.starts_at),
                    "status": m.get_status_display(),
                    "how": m.get_mode_display(),
                    "minutes": m.duration_minutes,
                    "place": m.place,
                    "themes": list(m.themes or []),
                    "note": m.note,
                }
                for m in meetings_by_match.get(match.pk, [])
            ],
            "feedback": [
                {
                    "kind": f.get_kind_display(),
                    "from": f.get_respondent_display(),
                    "answer": f.get_answer_display(),
                    "rating": f.rating,
                    "answered_at": _iso(f.answered_at),
                }
                for f in feedback_by_match.get(match.pk, [])
            ],
        }

    data = {
        "exported_at": _iso(timezone.now()),
        "participant": {
            "number": participant.pk,
            "organisation": str(participant.organisation),
            "first_name": participant.first_name,
            "last_name": participant.last_name,
            "email": participant.email,
            "phone": participant.phone,
            "how_to_reach": participant.contact_note,
            "came_in_by": participant.get_source_display(),
            "year_of_birth": participant.birth_year,
            "municipality": str(participant.municipality or ""),
            "language": participant.get_language_display(),
            "lived_experience": _names(participant.experience_areas),
            "interests": _names(participant.interests),
            "created_at": _iso(participant.created_at),
            "anonymised_at": _iso(participant.anonymised_at),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "text": c.get_purpose_display(),
                "text_version": c.text_version,
                "given_at": _iso(c.given_at),
                "given_orally": c.given_orally,
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in rows.consents
        ],
        "support_requests": [
            {
                "number": r.pk,
                "status": r.get_status_display(),
                "submitted_at": _iso(r.submitted_at),
                "confirmed_at": _iso(r.confirmed_at),
                "experiences_the_guide_should_share": _names(r.experience_areas),
                "interests": _names(r.interests),
                "preferred_times": list(r.availability or []),
                "meet_in_person": r.meets_in_person,
                "meet_online": r.meets_online,
                "wish_about_the_guides_gender": r.get_gender_wish_display(),
                "language_with_the_guide": r.get_guide_language_display(),
                "what_would_you_like_help_with": r.help_wanted,
                "matches": [match_data(m) for m in matches_by_request.get(r.pk, [])],
            }
            for r in rows.requests
        ],
        "courses": [
            {
                "number": e.pk,
                "course": e.cohort.title,
                "status": e.get_status_display(),
                "signed_up_at": _iso(e.created_at),
                "confirmed_at": _iso(e.confirmed_at),
                "enrolled_at": _iso(e.enrolled_at),
                "withdrawn_at": _iso(e.withdrawn_at),
                "attendance": [
                    {
                        "session": str(a.session),
                        "starts_at": _iso(a.session.starts_at),
                        "attendance": a.get_status_display(),
                    }
                    for a in attendance_by_enrollment.get(e.pk, [])
                ],
            }
            for e in rows.enrollments
        ],
        "wellbeing_questionnaires": [
            {
                "time_point": m.get_timepoint_display(),
                "status": m.get_status_display(),
                "reference_date": _iso(m.due_at),
                "answered_at": _iso(m.answered_at),
                "answers": [m.item1, m.item2, m.item3, m.item4, m.item5],
                "raw_score": m.raw_score,
            }
            for m in rows.measurements
        ],
        "messages": [
            {
                "created_at": _iso(n.created_at),
                "sent_at": _iso(n.sent_at),
                "channel": n.get_channel_display(),
                "status": n.get_status_display(),
                "subject": n.subject,
            }
            for n in messages_to(participant)
        ],
        "who_opened_your_data": [
            {"at": _iso(e.at), "where": e.get_where_display()}
            for e in participant.access_events.order_by("at", "pk")
        ],
    }
    for key, (part, participant_only) in EXPORT_PARTS.items():
        if participant_only and not by_participant:
            continue
        value = part(participant)
        if value is not None:
            data[key] = value
    return data


# --- erasure -------------------------------------------------------------------------------------

CLEAR = {
    # label: fields set to "" (free text that may name or describe the person)
    "matching.SupportRequest": ["help_wanted"],
    "matching.Match": ["decline_reason"],
    "matching.MatchStatusChange": ["note"],
    "matching.Meeting": ["note", "place"],
    "courses.Enrollment": ["result_override_reason"],
}


def _participant_filter(label: str, pid: int) -> Q:
    path = {
        "matching.SupportRequest": "participant_id",
        "matching.Match": "request__participant_id",
        "matching.MatchStatusChange": "match__request__participant_id",
        "matching.Meeting": "match__request__participant_id",
        "courses.Enrollment": "participant_id",
    }[label]
    return Q(**{path: pid})


@transaction.atomic
def erase_participant(
    *, participant: Participant, actor=None, reason: str = "request"
) -> Participant:
    """Anonymise a participant in place (the right to erasure). Safe to run twice."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.anonymised_at:
        return participant
    participant_erasing.send(sender=Participant, participant=participant, actor=actor)
    now = timezone.now()
    contacts = [participant.email, participant.phone]
    with disable_auditlog():
        participant.first_name = ""
        participant.last_name = ""
        participant.email = ""
        participant.phone = ""
        participant.contact_note = ""
        participant.birth_year = None
        participant.anonymised_at = now
        participant.save()
        participant.experience_areas.clear()
        participant.interests.clear()
        Consent.objects.filter(participant=participant, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        for label, fields in CLEAR.items():
            _model(label).objects.filter(_participant_filter(label, participant.pk)).update(
                **dict.fromkeys(fields, "")
            )
        for request in _model("matching.SupportRequest").objects.filter(participant=participant):
            request.experience_areas.clear()
            request.interests.clear()
    rows = related_rows(participant)
    for contact in contacts:
        scrub_recipient(contact)
    scrub_about([participant, *rows.requests, *rows.matches, *rows.meetings, *rows.enrollments])
    audit.scrub_entries([participant, *rows.all_objects()])
    _log_erasure(participant, actor=actor, at=now, reason=reason)
    return participant


def _log_erasure(participant: Participant, *, actor, at, reason: str) -> None:
    """One trail entry for the erasure itself (the change was made with the trail switched off,
    so that the old values are not written into it)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Participant),
        object_pk=str(participant.pk),
        object_id=participant.pk,
        object_repr=str(participant),
        action=LogEntry.Action.UPDATE,
        changes={"anonymised_at": ["None", at.isoformat()]},
        actor=user,
        actor_email=getattr(user, "email", None),
        additional_data={"reason": reason},
        timestamp=at,
    )
