"""An activity's coming dates as an iCalendar file (`icalendar`, through notifications.ics)."""

from __future__ import annotations

from django.conf import settings

from activities.models import Activity, Occurrence
from notifications.ics import IcsEvent, build_calendar, uid_host


def activity_calendar(activity: Activity, occurrences: list[Occurrence]) -> bytes:
    url = settings.SITE_URL.rstrip("/") + activity.get_absolute_url()
    events = [
        IcsEvent(
            uid=f"activity-{activity.pk}-{o.pk}@{uid_host()}",
            start=o.starts_at,
            end=o.ends_at,
            summary=activity.title,
            location=activity.where,
            description=activity.organisation.name,
            url=url,
        )
        for o in occurrences
        if not o.is_cancelled
    ]
    return build_calendar(events, name=activity.title)
