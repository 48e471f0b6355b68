"""Journeys: the preferred channel (issue 18, point 6). A coordinator sets a participant to text
messages in the admin (1280 px), a guide chooses texts on their profile and a person asks for a
peer guide choosing texts (390 px). Choosing texts without a phone number is a field error."""

import re

import pytest

from participants.models import Participant
from tests.factories import ParticipantFactory, PeerGuideFactory, onboarded
from tests.journeys.conftest import PASSWORD, assert_accessible, guide_login, shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT_MESSAGE = re.compile(r"^(Text message|Sms)$")
PHONE_ERROR = re.compile("Add a phone number|Skriv et telefonnummer")


def test_coordinator_sets_a_participant_to_text_messages(
    admin_page, coordinator, org1, axe, request
):
    participant = ParticipantFactory(
        organisation=org1, first_name="Emil", last_name="Holm", email="emil@example.test"
    )
    page = admin_page
    staff_login(page, coordinator.email)
    page.goto(f"/admin/participants/participant/{participant.pk}/change/")
    channel = page.locator("#id_preferred_channel")
    channel.select_option("sms")  # text message, but no phone number yet
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    page.wait_for_load_state()
    page.locator(".errorlist", has_text=PHONE_ERROR).wait_for()
    assert_accessible(axe, page)
    shot(page, request, "1-text-without-phone")
    participant.refresh_from_db()
    assert participant.preferred_channel == ""  # nothing saved

    page.locator("#id_phone").fill("20 30 40 50")
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    page.get_by_text("blev ændret").wait_for()
    assert page.locator("#id_preferred_channel").input_value() == "sms"
    shot(page, request, "2-saved")
    participant.refresh_from_db()
    assert (participant.preferred_channel, participant.phone) == ("sms", "+4520304050")
    assert participant.contact_point.addresses() == [("sms", "+4520304050")]


def test_guide_chooses_text_messages_on_their_profile(phone_page, org1, axe, request):
    guide = onboarded(PeerGuideFactory(organisation=org1, phone="", user__first_name="Sofie"))
    guide.user.set_password(PASSWORD)
    guide.user.save()
    page = phone_page
    guide_login(page, guide.user.email, start="/dashboard/profil/")
    page.get_by_role("radio", name=TEXT_MESSAGE).check()
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#error-summary").get_by_text(PHONE_ERROR).count() == 1
    assert_accessible(axe, page)
    shot(page, request, "1-text-without-phone")

    page.locator("#id_phone").fill("20 30 40 50")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("radio", name=TEXT_MESSAGE).is_checked()
    shot(page, request, "2-saved")
    guide.refresh_from_db()
    assert (guide.preferred_channel, guide.phone) == ("sms", "+4520304050")


def test_a_person_asks_for_a_guide_and_prefers_texts(phone_page, org1, axe, request):
    page = phone_page
    page.goto("/find-en-peerguide/")
    page.get_by_label("Hvilken kommune bor du i?").select_option(label="Odense")
    page.locator(".where-step button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_label(re.compile("Peer to Peer Odense")).check()
    page.get_by_label("Fornavn").fill("Anna")
    page.get_by_label("E-mailadresse").fill("anna@example.test")
    page.get_by_role("radio", name=re.compile(r"^(By text message|På sms)$")).check()
    page.get_by_label("Jeg giver lov til, at I gemmer mine oplysninger").check()
    page.get_by_role("button", name="Bed om en peerguide").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").get_by_text(PHONE_ERROR).count() == 1
    assert not Participant.objects.exists()
    assert_accessible(axe, page)
    shot(page, request, "1-text-without-phone")

    page.get_by_label("Telefonnummer").fill("20 30 40 50")
    page.get_by_label("Jeg giver lov til, at I gemmer mine oplysninger").check()
    page.get_by_role("button", name="Bed om en peerguide").click()
    page.wait_for_url("**/find-en-peerguide/tak/?by=sms")
    page.get_by_role("heading", name="Tak. Tjek nu din telefon").wait_for()
    shot(page, request, "2-sent")
    participant = Participant.objects.get()
    assert (participant.preferred_channel, participant.phone) == ("sms", "+4520304050")
    # The confirmation went by text only, with a short link and no organisation's name.
    from notifications.models import Notification

    confirm = Notification.objects.get(kind="matching.request_confirm")
    assert (confirm.channel, confirm.recipient) == ("sms", "+4520304050")
    assert "/s/" in confirm.body_text
    assert "Odense" not in confirm.body_text


def test_coordinator_sets_a_guide_to_both(admin_page, coordinator, org1, axe, request):
    guide = PeerGuideFactory(
        organisation=org1, user__first_name="Sofie", user__last_name="Berg", phone=""
    )
    page = admin_page
    staff_login(page, coordinator.email)
    page.goto("/admin/volunteers/peerguide/")
    page.get_by_role("link", name="Sofie Berg").click()
    page.locator("#id_preferred_channel").select_option("both")
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    page.locator(".errorlist", has_text=PHONE_ERROR).wait_for()
    shot(page, request, "1-both-without-phone")
    page.locator("#id_phone").fill("20 30 40 50")
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    page.get_by_text("blev ændret").wait_for()
    assert_accessible(axe, page)
    shot(page, request, "2-saved")
    guide.refresh_from_db()
    assert guide.contact_point.addresses() == [
        ("email", guide.user.email),
        ("sms", "+4520304050"),
    ]


def test_a_person_signs_up_for_a_course_and_gets_reminders_both_ways(
    phone_page, org1, axe, request, live_server, settings
):
    import datetime

    from courses import jobs
    from notifications.models import Notification
    from tests.factories import make_cohort

    settings.SITE_URL = live_server.url
    cohort = make_cohort(org1, title="WRAP i Odense", status="open")
    page = phone_page
    page.goto(f"/kurser/{cohort.pk}/")
    page.get_by_label("Fornavn").fill("Ida")
    page.get_by_label("E-mailadresse").fill("ida@example.test")
    page.get_by_label("Telefonnummer").fill("20 30 40 50")
    page.get_by_role("radio", name=re.compile(r"^(Both|Begge dele)$")).check()
    assert_accessible(axe, page)
    shot(page, request, "1-sign-up")
    page.get_by_label("Jeg giver lov til, at organisationen gemmer").check()
    page.get_by_role("button", name=re.compile("Tilmeld mig|Skriv mig på")).click()
    page.wait_for_url(f"**/kurser/{cohort.pk}/tjek-din-email/?by=both")
    page.get_by_text("Vi har sendt dig en e-mail og en sms, begge med et link.").wait_for()
    text = Notification.objects.get(kind="courses.confirm_signup", channel="sms")
    assert "WRAP" not in text.body_text
    assert "/s/" in text.body_text
    mail = Notification.objects.get(kind="courses.confirm_signup", channel="email")
    page.goto(re.search(r"https?://\S+/kurser/bekraeft/\S+/", mail.body_text).group(0))
    page.get_by_role("button", name="Bekræft min tilmelding").click()
    page.wait_for_url("**/kurser/tilmelding/**")
    shot(page, request, "2-confirmed")

    participant = Participant.objects.get()
    assert participant.preferred_channel == "both"
    session = cohort.sessions.order_by("starts_at").first()
    jobs.send_session_reminders(now=session.starts_at - datetime.timedelta(hours=10))
    reminders = Notification.objects.filter(kind="courses.session_reminder_participant")
    assert dict(reminders.values_list("channel", "recipient")) == {
        "email": "ida@example.test",
        "sms": "+4520304050",
    }
    assert "WRAP" not in reminders.get(channel="sms").body_text
