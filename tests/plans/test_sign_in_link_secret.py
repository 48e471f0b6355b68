"""Nobody but the participant can open their plan: not through the sign-in link in the outbox
either (issue 19 point 2). The admin never shows the link's text, and the text is emptied once the
message is sent."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import send_due
from plans import services
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_the_sign_in_link_is_never_shown_in_the_admin_and_is_gone_once_sent(
    client, org1, admin_user
):
    participant = ParticipantFactory(organisation=org1, email="frida@example.test")
    assert services.request_sign_in(contact="frida@example.test") == 1
    message = Notification.objects.get(kind="plans.sign_in")
    assert "/min-plan/log-ind/" in message.body_text  # queued with the link, to be sent

    client.force_login(admin_user)  # a superuser, who sees the whole outbox
    page = client.get(reverse("admin:notifications_notification_change", args=[message.pk]))
    assert page.status_code == 200
    assert "/min-plan/log-ind/" not in page.text
    assert "Vises ikke" in page.text

    send_due()
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.body_text == message.body_html == ""
    assert participant.first_name  # the person is untouched; only the message text is gone


def test_other_messages_keep_their_text(org1):
    from notifications.services import queue_email

    queue_email(
        kind="courses.confirm_signup",
        to="ida@example.test",
        template="courses/email/confirm_signup",
        context={"first_name": "Ida", "organisation": org1.name, "confirm_url": "x"},
    )
    send_due()
    assert Notification.objects.get().body_text
