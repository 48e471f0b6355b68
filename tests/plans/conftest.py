import re

import pytest

from notifications.models import Notification
from plans import services
from plans.models import Plan
from tests.factories import ParticipantFactory


@pytest.fixture
def participant(org1):
    return ParticipantFactory(organisation=org1, first_name="Sofie", email="sofie@example.test")


def sign_in_link_from_outbox() -> str:
    """The path of the newest sign-in link the participant received: from the delivered e-mail
    (the outbox empties a sign-in message's text once it is sent), or from the outbox while the
    message still waits to be sent."""
    from django.core import mail

    link = re.compile(r"https?://[^/\s]+(/min-plan/log-ind/[^/\s?]+/)")
    for sent in reversed(mail.outbox):
        found = link.search(sent.body)
        if found:
            return found.group(1)
    message = Notification.objects.filter(kind="plans.sign_in").latest("created_at", "pk")
    found = link.search(message.body_text)
    assert found, message.body_text
    return found.group(1)


def signed_in(client, participant):
    """Sign the test client in as the participant, through a real sign-in link."""
    token = services.make_sign_in_token(participant)
    response = client.post(f"/min-plan/log-ind/{token}/")
    assert response.status_code == 302, response.content
    return Plan.objects.get(participant=participant)
