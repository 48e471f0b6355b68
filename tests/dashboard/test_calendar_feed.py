import datetime

import icalendar
from django.urls import reverse
from django.utils import timezone

from matching.models import Meeting
from tests.factories import MatchFactory, make_cohort


def test_private_feed_lists_own_meetings_and_can_be_revoked(client, org1):
    match = MatchFactory(
        request__participant__organisation=org1, request__participant__first_name="Anna"
    )
    other = MatchFactory(
        request__participant__organisation=org1, request__participant__first_name="Bent"
    )
    start = timezone.now() + datetime.timedelta(days=2)
    mine = Meeting.objects.create(match=match, starts_at=start, place="Havnen")
    Meeting.objects.create(match=other, starts_at=start)
    guide = match.guide
    url = reverse("dashboard:calendar_feed", args=[guide.calendar_token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"meeting-{mine.pk}@peerplatform"]
    assert "Anna" in str(events[0]["summary"])
    assert "Bent" not in response.content.decode()

    client.force_login(guide.user)
    client.post(reverse("dashboard:reset_calendar"))
    assert client.get(url).status_code == 404
    guide.refresh_from_db()
    assert (
        client.get(reverse("dashboard:calendar_feed", args=[guide.calendar_token])).status_code
        == 200
    )


def test_unknown_key_is_404(client, db):
    assert client.get(reverse("dashboard:calendar_feed", args=["nope"])).status_code == 404


def test_cohort_sessions_in_the_feed_use_the_neutral_title(client, org1):
    """The feed is made to be synced to calendar services outside our control: a course's name
    ("Lær at tackle angst og depression") is a health detail and never appears in it."""
    cohort = make_cohort(
        org1,
        programme_name="Lær at tackle angst og depression",
        title="Lær at tackle angst og depression – Odense",
    )
    guide = cohort.facilitators.first()
    response = client.get(reverse("dashboard:calendar_feed", args=[guide.calendar_token]))
    summaries = [
        str(e["summary"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert summaries
    assert all(s.startswith(f"{cohort.programme.email_title}, ") for s in summaries), summaries
    body = response.content.decode()
    assert "angst" not in body.lower()
    assert "tackle" not in body.lower()
