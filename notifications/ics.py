"""Build iCalendar (.ics) files for e-mail attachments with the `icalendar` library.

Times are written in UTC (the `Z` form), which every calendar client shows in its own zone; no
VTIMEZONE is needed then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar
from django.conf import settings
from django.utils import timezone

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def uid_host() -> str:
    """The site's host name, the right-hand part of every event's UID (RFC 5545 suggests one)."""
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "peerplatform"


def _utc(value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(UTC)


def build_calendar(events: list[IcsEvent] | tuple[IcsEvent, ...], *, name: str = "") -> bytes:
    """Return an iCalendar file (bytes) with the given events."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{getattr(settings, 'SITE_NAME', 'Peerplatform')}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    stamp = _utc(timezone.now())
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(item.start))
        event.add("dtend", _utc(item.end))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()
