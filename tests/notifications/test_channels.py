"""A notice goes by the person's preferred channel (e-mail, text, both), with one idempotency key
and one opt-out per channel; texts carry short links and end with how to stop them."""

import datetime

import pytest
from django.utils import timezone

from notifications import services, sms
from notifications.models import Notification, PreferredChannel, ShortLink, Suppression
from notifications.services import Contact, notify

EMAIL, PHONE = "ada@example.test", "+4520304050"
TEMPLATE = "notifications_test/notice"
LONG_LINK = "https://peer.example.test/trivsel/" + "x" * 90 + "/"


def notice(about, **kwargs):
    kwargs.setdefault("kind", "tests.reminder")
    kwargs.setdefault("template", TEMPLATE)
    kwargs.setdefault("context", {"name": "Ada"})
    kwargs.setdefault("category", "reminder")
    return {"about": about, **kwargs}


@pytest.mark.parametrize(
    ("preferred", "email", "phone", "expected"),
    [
        ("", EMAIL, PHONE, ["email"]),  # no preference: e-mail when there is an address
        ("", "", PHONE, ["sms"]),  # ... otherwise a text
        ("email", EMAIL, PHONE, ["email"]),
        ("sms", EMAIL, PHONE, ["sms"]),
        ("both", EMAIL, PHONE, ["email", "sms"]),
        ("both", "", PHONE, ["sms"]),  # a preference whose address is gone falls back
        ("sms", EMAIL, "", ["email"]),
        ("", "", "", []),  # nowhere to write
    ],
)
def test_channels_follow_the_preference(preferred, email, phone, expected):
    contact = Contact(email=email, phone=phone, preferred=preferred)
    assert [channel for channel, _to in contact.addresses()] == expected


@pytest.mark.parametrize(
    ("preferred", "channels"),
    [("email", {"email"}), ("sms", {"sms"}), ("both", {"email", "sms"})],
)
def test_notify_writes_one_row_per_preferred_channel_once(about, preferred, channels):
    contact = Contact(email=EMAIL, phone=PHONE, preferred=preferred, language="en")
    attachment = ("moede.ics", b"BEGIN:VCALENDAR", "text/calendar")
    rows = notify(contact, **notice(about, slot="a", attachments=[attachment]))
    assert {r.channel for r in rows} == channels
    assert {r.language for r in rows} == {"en"}
    # Running again writes nothing new: each channel has its own key.
    again = notify(contact, **notice(about, slot="a", attachments=[attachment]))
    assert {r.pk for r in again} == {r.pk for r in rows}
    assert Notification.objects.count() == len(channels)
    for row in rows:  # the calendar file goes with the e-mail only
        assert row.attachments.count() == (1 if row.channel == "email" else 0)


def test_an_opt_out_is_per_channel(about):
    Suppression.objects.create(recipient=PHONE, category="reminder")
    rows = notify(Contact(email=EMAIL, phone=PHONE, preferred="both"), **notice(about))
    statuses = {r.channel: r.status for r in rows}
    assert statuses == {"email": "pending", "sms": "cancelled"}


def test_a_transactional_text_cannot_be_stopped_and_says_nothing_about_it(about):
    Suppression.objects.create(recipient=PHONE, category="reminder")
    [row] = notify(Contact(phone=PHONE), **notice(about, category="transactional"))
    assert row.status == "pending"
    assert "Stop" not in row.body_text


def test_a_text_gets_short_links_and_ends_with_the_stop_link(client, about):
    [row] = notify(Contact(phone=PHONE), **notice(about, context={"name": LONG_LINK}))
    first_line, stop = row.body_text.split("\n")
    assert LONG_LINK[:40] not in row.body_text
    assert stop.startswith("Stop ")  # "Stop sms: ..." in Danish
    assert ": https://peer.example.test/s/" in stop
    assert sms.gsm7_length(row.body_text) <= sms.SMS_LENGTH
    # The first link opens the page it stands for, in the text's language.
    short = first_line.split(": ", 1)[1].split()[0]
    response = client.get(short.removeprefix("https://peer.example.test"))
    assert response.status_code == 302
    assert response["Location"] == LONG_LINK + "?lang=da"
    # The stop link opens the opt-out page for this number; confirming stops reminders here.
    page = client.get(stop.split(": ", 1)[1].removeprefix("https://peer.example.test"))
    assert page.status_code == 302
    client.post(page["Location"])
    assert Suppression.objects.filter(recipient=PHONE, category="reminder").exists()
    assert Notification.objects.get(pk=row.pk).status == "cancelled"


def test_an_expired_or_unknown_short_link_says_so(client, about):
    notify(Contact(phone=PHONE), **notice(about))
    link = ShortLink.objects.get()
    assert client.get(f"/s/{link.code}").status_code == 302
    ShortLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/s/{link.code}").status_code == 404
    assert client.get("/s/nosuchcode").status_code == 404


def test_the_short_link_to_a_secret_lives_an_hour(about):
    services.register_secret_kind("tests.secret")
    [row] = notify(Contact(phone=PHONE), **notice(about, kind="tests.secret", context={
        "name": LONG_LINK
    }, category="transactional"))  # fmt: skip
    assert LONG_LINK[:40] not in row.body_text
    link = ShortLink.objects.get()
    assert link.expires_at - link.created_at == datetime.timedelta(hours=1)


def test_erasure_deletes_the_short_links_of_a_number(about):
    notify(Contact(phone=PHONE), **notice(about, context={"name": LONG_LINK}))
    notify(Contact(phone="+4530405060"), **notice(about))
    assert ShortLink.objects.count() == 3
    services.scrub_recipient(PHONE)
    assert ShortLink.objects.count() == 1


def test_texts_keep_to_the_gsm_alphabet():
    assert sms.gsm7_text("Zoë “kommer” – kl. 14") == 'Zoe "kommer" - kl. 14'
    assert sms.gsm7_text("Ærø Åse ønsker") == "Ærø Åse ønsker"
    assert sms.gsm7_length("Ærø {}") == 8  # braces take two places each


def test_many_notices_by_mixed_channels_in_one_batch(about):
    people = [
        Contact(email=f"p{i}@example.test", phone=f"+452030{i:04d}", preferred=preferred)
        for i, preferred in enumerate(["", "sms", "both", "email"])
    ]
    messages = [m for c in people for m in services.messages_for(c, **notice(about))]
    assert services.queue_messages(messages) == 5
    assert services.queue_messages(messages) == 0
    by_channel = Notification.objects.values_list("channel", flat=True)
    assert sorted(by_channel) == ["email", "email", "email", "sms", "sms"]
    assert ShortLink.objects.count() == 2  # the stop link of each text


def test_preference_choices_name_the_automatic_choice():
    assert PreferredChannel.AUTOMATIC == ""
    assert "ellers sms" in str(PreferredChannel.AUTOMATIC.label)


def test_a_text_can_have_its_own_template(about):
    """What activities' cancellation uses: e-mail and text templates in their own folders."""
    contact = Contact(email=EMAIL, phone=PHONE, preferred="both")
    rows = notify(
        contact, **notice(about, sms_template="notifications_test/sms/notice", slot="own")
    )
    by_channel = {r.channel: r for r in rows}
    assert by_channel["sms"].body_text.startswith("Own text: Ada\n")
    assert "Ada" in by_channel["email"].body_text
