"""Scheduled jobs of one-to-one support. Each writes outbox rows (idempotent: the key is
kind + object + recipient + slot), so running a job twice never sends anything twice."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from matching import selectors
from matching.models import Match, Meeting
from notifications.ics import ICS_CONTENT_TYPE, IcsEvent, build_calendar
from notifications.services import messages_for, queue_email, queue_messages
from participants.jobs import CourseOfSupport, Window, reachable

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
    """Remind guide and participant of every planned meeting in the next 24 hours.

    Each by the person's preferred channel (e-mail, text or both; the calendar file goes with
    the e-mail). Rendered and written in batches (`queue_messages`): a fixed number of queries
    per 500 messages. Returns the number of reminders due (also those already in the outbox)."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_WINDOW,
        match__status__in=[Match.Status.ACCEPTED, Match.Status.ACTIVE],
    ).select_related("match__guide__user", "match__request__participant")
    messages = []
    for meeting in meetings.iterator(chunk_size=2000):
        guide = meeting.match.guide
        participant = meeting.match.request.participant
        local = timezone.localtime(meeting.starts_at)
        common = {"when": local, "place": meeting.place, "mode": meeting.get_mode_display()}
        people = [
            (guide.contact_point, guide.user.first_name, participant.first_name, "guide"),
            (
                participant.contact_point,
                participant.first_name,
                guide.user.first_name,
                "participant",
            ),
        ]
        for contact, first_name, other, side in people:
            messages += messages_for(
                contact,
                kind=f"matching.meeting_reminder_{side}",
                template="matching/email/meeting_reminder",
                context={**common, "first_name": first_name, "other_name": other},
                about=meeting,
                slot=meeting.starts_at,
                category="reminder",
                attachments=[
                    ("moede.ics", meeting_ics(meeting, language=contact.language), ICS_CONTENT_TYPE)
                ],
            )
    queue_messages(messages)
    return len(messages)


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


def who5_courses(window: Window) -> list[CourseOfSupport]:
    """The WHO-5 source of one-to-one support (registered in MatchingConfig.ready()): matches of
    reachable participants that started, ended, or ended 3 months ago within `window`."""
    ended = Q(status=Match.Status.ENDED)
    matches = (
        Match.objects.filter(reachable("request__participant__"), started_at__isnull=False)
        .filter(
            window.touches("started_at")
            | (ended & window.touches("ended_at"))
            | (ended & window.touches("ended_at", follow_up=True))
        )
        .values("pk", "organisation_id", "request__participant_id", "started_at", "ended_at")
    )
    return [
        CourseOfSupport(
            participant_id=m["request__participant_id"],
            organisation_id=m["organisation_id"],
            source_id=m["pk"],
            start=m["started_at"],
            end=m["ended_at"],
        )
        for m in matches
    ]
