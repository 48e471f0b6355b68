"""Scheduled jobs of one-to-one support. Each writes outbox rows (idempotent: the key is
kind + object + recipient + slot), so running a job twice never sends anything twice."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from matching import selectors
from matching.models import Match, Meeting
from notifications.ics import ICS_CONTENT_TYPE, IcsEvent, build_calendar
from notifications.services import queue_email

REMINDER_WINDOW = datetime.timedelta(hours=24)


def meeting_ics(meeting: Meeting, *, language: str) -> bytes:
    with override(language):
        summary = _("Peer support meeting")
    end = meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes or 60)
    return build_calendar(
        [
            IcsEvent(
                uid=f"meeting-{meeting.pk}@peerplatform",
                start=meeting.starts_at,
                end=end,
                summary=summary,
                location=meeting.place,
            )
        ]
    )


def send_meeting_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind guide and participant of every planned meeting in the next 24 hours."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_WINDOW,
        match__status__in=[Match.Status.ACCEPTED, Match.Status.ACTIVE],
    ).select_related("match__guide__user", "match__request__participant")
    written = 0
    for meeting in meetings:
        guide_user = meeting.match.guide.user
        participant = meeting.match.request.participant
        local = timezone.localtime(meeting.starts_at)
        common = {"when": local, "place": meeting.place, "mode": meeting.get_mode_display()}
        queue_email(
            kind="matching.meeting_reminder_guide",
            to=guide_user.email,
            template="matching/email/meeting_reminder",
            context={
                **common,
                "first_name": guide_user.first_name,
                "other_name": participant.first_name,
            },
            language=guide_user.language,
            about=meeting,
            slot=meeting.starts_at,
            category="reminder",
            attachments=[
                ("moede.ics", meeting_ics(meeting, language=guide_user.language), ICS_CONTENT_TYPE)
            ],
        )
        written += 1
        if participant.email and not participant.anonymised_at:
            language = participant.language if participant.language in ("da", "en") else "da"
            queue_email(
                kind="matching.meeting_reminder_participant",
                to=participant.email,
                template="matching/email/meeting_reminder",
                context={
                    **common,
                    "first_name": participant.first_name,
                    "other_name": guide_user.first_name,
                },
                language=language,
                about=meeting,
                slot=meeting.starts_at,
                category="reminder",
                attachments=[
                    ("moede.ics", meeting_ics(meeting, language=language), ICS_CONTENT_TYPE)
                ],
            )
            written += 1
    return written


def nudge_stale_matches(*, now: datetime.datetime | None = None) -> int:
    """A kind nudge to the guide of every active match with no held meeting for too long.
    One nudge per quiet spell: the slot is the date the spell began."""
    now = now or timezone.now()
    written = 0
    for match in selectors.stale_matches(now=now).select_related(
        "guide__user", "request__participant"
    ):
        guide_user = match.guide.user
        queue_email(
            kind="matching.stale_nudge",
            to=guide_user.email,
            template="matching/email/stale_nudge",
            context={
                "first_name": guide_user.first_name,
                "other_name": match.request.participant.first_name,
                "link": settings.SITE_URL.rstrip("/")
                + reverse("guide_matching:detail", args=[match.pk]),
            },
            language=guide_user.language,
            about=match,
            slot=timezone.localtime(match.since).date(),
            category="reminder",
        )
        written += 1
    return written
