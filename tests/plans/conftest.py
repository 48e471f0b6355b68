import re

import pytest
from django.core import mail

from plans import services
from tests.factories import ParticipantFactory


@pytest.fixture
def participant(org1):
    return ParticipantFactory(organisation=org1, first_name="Sofie", email="sofie@example.test")


def sign_in_link_from_outbox() -> str:
    """The newest sign-in link the outbox delivered (the e-mail the participant reads)."""
    for message in reversed(mail.outbox):
        found = re.search(r"https?://\S+/min-plan/log-ind/[^/\s]+/", message.body)
        if found:
            return found.group(0)
    raise AssertionError("no sign-in link in the outbox")


def signed_in(client, participant):
    """Sign the test client in as the participant, through a real sign-in link."""
    token = services.make_sign_in_token(participant)
    response = client.post(f"/min-plan/log-ind/{token}/")
    assert response.status_code == 302, response.content
    return participant.plan
