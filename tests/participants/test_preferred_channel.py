"""The preferred channel (e-mail, text message, both) is chosen where a person's contact details
are entered, refused at the field without its address, and followed by the jobs."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import jobs as course_jobs
from matching.models import SupportRequest
from notifications.models import Notification
from participants import jobs as who5_jobs
from participants.models import Participant
from tests.factories import (
    MatchFactory,
    PeerGuideFactory,
    make_cohort,
    make_enrollment,
    onboarded,
)
from tests.form_data import course_signup_data, support_request_data

PHONE_ERROR = "Skriv et telefonnummer for at få sms, eller vælg e-mail."
EMAIL_ERROR = "Skriv en e-mailadresse for at få e-mails, eller vælg sms."


def translation_en():
    from django.utils import translation

    return translation.override("en")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize(
    ("preferred", "email", "phone", "error"),
    [
        ("sms", "a@example.test", "", PHONE_ERROR),
        ("both", "a@example.test", "", PHONE_ERROR),
        ("email", "", "+4520304050", EMAIL_ERROR),
        ("both", "", "+4520304050", EMAIL_ERROR),
        ("sms", "", "+4520304050", None),
        ("", "", "+4520304050", None),
    ],
)
def test_a_channel_needs_its_address(org1, preferred, email, phone, error):
    participant = Participant(
        organisation=org1, first_name="Ea", email=email, phone=phone, preferred_channel=preferred
    )
    with translation_en():
        if error is None:
            participant.full_clean()
            return
        with pytest.raises(ValidationError) as raised:
            participant.full_clean()
    assert raised.value.message_dict["preferred_channel"] == [error]


def test_a_guide_choosing_texts_needs_a_phone(org1):
    guide = PeerGuideFactory(organisation=org1, phone="", preferred_channel="sms")
    with translation_en(), pytest.raises(ValidationError) as raised:
        guide.full_clean()
    assert raised.value.message_dict["preferred_channel"] == [PHONE_ERROR]


def test_the_public_request_form_stores_the_choice(client, org1):
    url = reverse("matching:request_support")
    response = client.post(url, support_request_data(org1, phone="", preferred_channel="sms"))
    assert response.status_code == 200
    assert "preferred_channel" in response.context["form"].errors
    assert not Participant.objects.exists()  # nothing half-saved
    response = client.post(url, support_request_data(org1, preferred_channel="both"))
    assert response.status_code == 302
    participant = SupportRequest.objects.get().participant
    assert (participant.preferred_channel, participant.phone) == ("both", "+4520304050")


def test_the_course_sign_up_stores_the_choice(client, org1):
    cohort = make_cohort(org1, status="open")
    url = reverse("courses:detail", args=[cohort.pk])
    data = course_signup_data(phone="20 30 40 50", preferred_channel="sms")
    assert client.post(url, data).status_code == 302
    assert Participant.objects.get().preferred_channel == "sms"


def test_the_guide_chooses_on_their_profile(client, org1):
    guide = onboarded(PeerGuideFactory(organisation=org1, phone=""))
    client.force_login(guide.user)
    data = {"languages": ["da"], "meets_in_person": "on", "capacity": 2}
    url = reverse("dashboard:profile")
    response = client.post(url, {**data, "preferred_channel": "sms"})
    assert response.status_code == 200
    assert "preferred_channel" in response.context["form"].errors
    response = client.post(url, {**data, "preferred_channel": "sms", "phone": "20 30 40 50"})
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.preferred_channel, guide.phone) == ("sms", "+4520304050")


def test_who5_invites_a_phone_only_participant_by_text(client, org1):
    now = timezone.now()
    match = MatchFactory(
        request__participant__organisation=org1,
        request__participant__email="",
        request__participant__phone="+4520304050",
        started_at=now - datetime.timedelta(days=1),
    )
    assert who5_jobs.send_who5_invitations(now=now) == 1
    row = Notification.objects.get(kind="participants.who5_invitation")
    assert (row.channel, row.recipient) == ("sms", match.request.participant.phone)
    first_line = row.body_text.splitlines()[0]
    short = first_line.rsplit("/s/", 1)[1]
    target = client.get(f"/s/{short}")["Location"]
    assert "/trivsel/" in target
    parts = urlsplit(target)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200
    assert "item1" in page.text  # the questionnaire


def test_a_session_reminder_text_names_neither_course_nor_organisation(org1):
    cohort = make_cohort(org1, status="running", title="Lær at tackle angst")
    enrolled = make_enrollment(cohort, first_name="Anna")
    participant = enrolled.participant
    participant.phone, participant.preferred_channel = "+4520304050", "sms"
    participant.save()
    session = cohort.sessions.order_by("starts_at").first()
    course_jobs.send_session_reminders(now=session.starts_at - datetime.timedelta(hours=10))
    row = Notification.objects.get(kind="courses.session_reminder_participant")
    assert row.channel == "sms"
    assert "angst" not in row.body_text.lower()
    assert org1.name not in row.body_text
    assert "Anna" in row.body_text
