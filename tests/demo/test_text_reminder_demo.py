from django.core.management import call_command

from notifications.models import Notification
from participants.models import Participant


def test_the_demo_has_a_participant_who_prefers_texts_with_a_text_reminder(db):
    call_command("seed_demo")
    emil = Participant.objects.get(email="emil@deltager.test")
    assert emil.preferred_channel == "sms"
    texts = Notification.objects.filter(
        kind="matching.meeting_reminder_participant", channel="sms", recipient=emil.phone
    )
    [text] = texts
    assert "Yasmin" in text.body_text
    assert "Kongens Have" not in text.body_text
    assert not Notification.objects.filter(
        kind="matching.meeting_reminder_participant", recipient=emil.email
    ).exists()
    call_command("seed_demo")
    assert texts.count() == 1
