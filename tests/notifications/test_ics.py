from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from notifications.ics import ICS_CONTENT_TYPE, IcsEvent, build_calendar

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_calendar_parses_back_with_the_same_moments():
    start = datetime(2026, 3, 29, 1, 30, tzinfo=COPENHAGEN)  # the night summer time begins
    event = IcsEvent(
        uid="meeting-42@peerplatform",
        start=start,
        end=start + timedelta(hours=2),
        summary="Møde med din peerguide",
        location="Biblioteket, Odense",
        description="Vi ses; husk kaffe, æbler & ørebøffer",
        url="https://peer.example.test/dashboard/",
    )

    data = build_calendar([event], name="Peerplatform")

    assert isinstance(data, bytes)
    assert ICS_CONTENT_TYPE.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(data)
    [parsed] = calendar.walk("VEVENT")
    assert str(parsed["uid"]) == "meeting-42@peerplatform"
    assert parsed.decoded("dtstart") == start
    assert parsed.decoded("dtend") == start + timedelta(hours=2)
    assert parsed.decoded("dtstart").tzinfo is not None
    assert str(parsed["summary"]) == "Møde med din peerguide"
    assert str(parsed["location"]) == "Biblioteket, Odense"
    assert str(parsed["description"]) == "Vi ses; husk kaffe, æbler & ørebøffer"
    assert str(parsed["url"]) == "https://peer.example.test/dashboard/"
    assert str(calendar["x-wr-calname"]) == "Peerplatform"


def test_several_events_and_optional_fields():
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    events = [
        IcsEvent(
            uid=f"s{i}@p",
            start=start + timedelta(days=7 * i),
            end=start + timedelta(days=7 * i, hours=2),
            summary=f"Session {i}",
        )
        for i in range(3)
    ]

    calendar = icalendar.Calendar.from_ical(build_calendar(events))

    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == ["s0@p", "s1@p", "s2@p"]
    assert "location" not in calendar.walk("VEVENT")[0]
