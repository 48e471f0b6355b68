"""Every text message fits one SMS (160 places of the GSM alphabet) in Danish and English, with
long names, a date next year (the longest form) and the site's address as long as an operator's
usually is; texts that can be turned off end with the stop link; no text names a course, an
organisation or a health detail (it gets no such context but a first name and a time)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from notifications import services, sms
from plans.services import make_sign_in_token
from tests.factories import ParticipantFactory

SITE = "https://peerstotte.example.dk"  # 29 characters (docs/operators.md: keep it about this)
LONG_NAME = "Anne-Mette Margrethe Kristiansen"  # cut to 20 in texts
OTHER_NAME = "Christian Frederik Østergaard"


def _next_year_long_date(language):
    # September next year, on the longest weekday: "torsdag", "Wednesday".
    weekday = 3 if language == "da" else 2
    year = timezone.localdate().year + 1
    day = datetime.date(year, 9, 30)
    while day.weekday() != weekday:
        day -= datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 30)))


def sms_templates() -> list[str]:
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(
        str(path.relative_to(root)).removesuffix(".sms.txt") for path in root.rglob("*.sms.txt")
    )


# How each template is really sent: kind and category (a reminder ends with the stop link).
SENT_AS = {
    "matching/email/meeting_reminder": ("matching.meeting_reminder_participant", "reminder"),
    "courses/email/session_reminder": ("courses.session_reminder_participant", "reminder"),
    "participants/email/who5_invitation": ("participants.who5_invitation", "reminder"),
    "matching/email/request_confirm": ("matching.request_confirm", "transactional"),
    "courses/email/confirm_signup": ("courses.confirm_signup", "transactional"),
    "activities/sms/confirm": ("activities.confirm", "transactional"),
    "activities/sms/cancelled": ("activities.cancelled", "transactional"),
    "activities/sms/moved": ("activities.moved", "transactional"),
    "activities/sms/follow": ("activities.follow", "transactional"),
    # News names no activity and carries its own stop: the link opens what they follow.
    "activities/sms/news": ("activities.news", "transactional"),
    "plans/email/sign_in": ("plans.sign_in", "transactional"),
    "plans/email/invitation": ("plans.invitation", "transactional"),
}


def test_every_text_template_is_known_here():
    assert set(sms_templates()) == set(SENT_AS)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("template", sorted(SENT_AS))
def test_a_text_fits_one_sms(settings, org1, template, language):
    settings.SITE_URL = SITE
    participant = ParticipantFactory(organisation=org1, first_name=LONG_NAME)
    when = _next_year_long_date(language)
    signed = (
        SITE + "/trivsel/" + "eyJpZCI6MTIzNDUsInAiOiJwYXJ0aWNpcGFudHMud2hvNSJ9" + "x" * 50 + "/"
    )
    link = {
        "plans/email/sign_in": f"{SITE}/min-plan/log-ind/{make_sign_in_token(participant)}/",
        "plans/email/invitation": f"{SITE}/min-plan/start/",
    }.get(template, signed)
    kind, category = SENT_AS[template]
    row = services.queue_sms(
        kind=kind,
        to="+4520304050",
        template=template,
        context={
            "first_name": LONG_NAME,
            "other_name": OTHER_NAME,
            "when": when,
            "starts": when,
            "link": link,
            "minutes": 15,
            "reminder": True,
            "organisation": "Foreningen for Angst og Depression",
            "title": "Lær at tackle angst og depression",
        },
        language=language,
        about=participant,
        category=category,
    )
    text = row.body_text
    assert sms.gsm7_length(text) is not None, text
    assert sms.gsm7_length(text) <= sms.SMS_LENGTH, (len(text), text)
    assert "angst" not in text.lower()
    assert "Foreningen" not in text
    if category == "reminder":
        assert text.splitlines()[-1].startswith("Stop ")
        assert f"{SITE}/s/" in text.splitlines()[-1]
