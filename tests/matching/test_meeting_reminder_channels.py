"""Meeting reminders go by each person's preferred channel, once, in a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching import jobs
from matching.models import Meeting
from notifications.models import Notification, Suppression
from tests.factories import MatchFactory


def meeting(org, *, participant_channel="", guide_channel="", hours=20, n=0):
    match = MatchFactory(
        request__participant__organisation=org,
        request__participant__first_name="Anna",
        request__participant__phone=f"+452030{n:04d}",
        request__participant__preferred_channel=participant_channel,
        guide__user__first_name="Sofie",
        guide__phone=f"+452040{n:04d}",
        guide__preferred_channel=guide_channel,
    )
    return Meeting.objects.create(
        match=match,
        starts_at=timezone.now() + datetime.timedelta(hours=hours),
        place="Café Nord, Vestergade 12",
    )


def test_a_text_to_the_participant_and_both_to_the_guide(org1):
    planned = meeting(org1, participant_channel="sms", guide_channel="both")
    assert jobs.send_meeting_reminders() == 3
    rows = Notification.objects.filter(kind__startswith="matching.meeting_reminder")
    by = {(r.kind.rsplit("_", 1)[1], r.channel): r for r in rows}
    assert set(by) == {("participant", "sms"), ("guide", "email"), ("guide", "sms")}
    text = by["participant", "sms"]
    assert text.recipient == planned.match.request.participant.phone
    assert "Sofie" in text.body_text
    assert "Café" not in text.body_text  # the place stays in the e-mail
    assert text.attachments.count() == 0
    assert by["guide", "email"].attachments.count() == 1  # the calendar file
    # Again: nothing new on any channel.
    assert jobs.send_meeting_reminders() == 3
    assert rows.count() == 3


def test_an_opt_out_from_texts_leaves_the_e_mail(org1):
    planned = meeting(org1, guide_channel="both")
    Suppression.objects.create(recipient=planned.match.guide.phone, category="reminder")
    jobs.send_meeting_reminders()
    guide_rows = Notification.objects.filter(kind="matching.meeting_reminder_guide")
    assert dict(guide_rows.values_list("channel", "status")) == {
        "email": "pending",
        "sms": "cancelled",
    }


def test_queries_do_not_grow_with_meetings_or_channels(org1, org2):
    # Warm the caches (content types, crisis contacts in the e-mail footer) first.
    meeting(org2, participant_channel="both", n=99, hours=1)
    jobs.send_meeting_reminders()
    channels = ["", "sms", "both", "email"]
    for n in range(2):
        meeting(org1, participant_channel=channels[n], guide_channel=channels[-n], n=n)
    with CaptureQueriesContext(connection) as small:
        jobs.send_meeting_reminders()
    for n in range(2, 10):
        meeting(org1, participant_channel=channels[n % 4], guide_channel=channels[n % 3], n=n)
    with CaptureQueriesContext(connection) as large:
        jobs.send_meeting_reminders()
    assert len(large) == len(small)
