"""A person finds a walk in the activity calendar on their phone, says "Jeg kommer", opens the
link from the message in the outbox and is on the list; a guide proposes an activity from the
dashboard, and a host cancels a date, which tells the person. Every page passes axe-core."""

import re

import pytest

from tests.journeys.conftest import PASSWORD, assert_accessible, guide_login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMING = re.compile("Jeg kommer|I'm coming")


def _world():
    from core.models import Municipality, Organisation
    from tests.activities.util import make_activity
    from tests.factories import PeerGuideFactory

    org = Organisation.objects.create(
        name="Peer to Peer Odense", municipality=Municipality.objects.get(name="Odense")
    )
    host = PeerGuideFactory(organisation=org, user__first_name="Sofie")
    host.user.set_password(PASSWORD)
    host.user.save()
    walk = make_activity(org, hosts=[host], title="Gåtur ved åen", capacity=10)
    return org, host, walk


def test_calendar_jeg_kommer_and_the_link_from_the_message(
    phone_page, axe, live_server, settings, request
):
    from activities.models import Rsvp
    from notifications.models import Notification

    settings.SITE_URL = live_server.url
    _org, _host, walk = _world()
    page = phone_page

    page.goto("/")
    page.get_by_role("link", name=re.compile("Se aktiviteterne|See the activities")).click()
    page.wait_for_url("**/aktiviteter/")
    assert_accessible(axe, page)
    shot(page, request, "calendar")
    page.get_by_role("link", name=COMING).first.click()
    page.wait_for_url(re.compile(r"/aktiviteter/dato/\d+/jeg-kommer/"))
    assert_accessible(axe, page)
    shot(page, request, "jeg-kommer")

    page.get_by_role("button", name=re.compile("Send")).click()  # nothing filled in
    assert page.locator("#error-summary").is_visible()
    assert_accessible(axe, page)
    page.locator("#id_first_name").fill("Ea")  # the consent text mentions the first name too
    page.get_by_label("E-mailadresse").fill("ea@example.test")
    page.get_by_label(re.compile("Jeg siger ja|I agree")).check()
    page.get_by_role("button", name=re.compile("Send")).click()
    page.wait_for_url(re.compile(r"/tjek-din-besked/"))
    assert_accessible(axe, page)

    rsvp = Rsvp.objects.get()
    assert rsvp.status == "pending"
    assert rsvp.occurrence.activity == walk
    message = Notification.objects.get(kind="activities.confirm", recipient="ea@example.test")
    link = re.search(r"http\S+/aktiviteter/bekraeft/\S+/", message.body_text).group(0)
    page.goto(link)
    assert_accessible(axe, page)
    page.get_by_role("button", name=re.compile("Ja, jeg kommer|Yes, I'm coming")).click()
    page.wait_for_load_state()
    assert page.get_by_role("status").first.is_visible()
    assert_accessible(axe, page)
    shot(page, request, "confirmed")
    rsvp.refresh_from_db()
    assert rsvp.status == "coming"


def test_guide_proposes_and_host_cancels_a_date(phone_page, axe, live_server, settings, request):
    from activities import services
    from activities.models import Activity, Occurrence
    from notifications.models import Notification
    from participants.services import ParticipantDetails

    settings.SITE_URL = live_server.url
    org, host, walk = _world()
    occurrence = walk.occurrences.first()
    rsvp = services.say_coming(
        occurrence=occurrence,
        details=ParticipantDetails(organisation=org, first_name="Bo", phone="+4520304050"),
    )
    services.confirm_rsvp(rsvp=rsvp)
    page = phone_page

    guide_login(page, host.user.email)
    page.get_by_role("link", name=re.compile("Foreslå en aktivitet|Propose an activity")).click()
    page.wait_for_url("**/aktiviteter/mine/ny/")
    assert_accessible(axe, page)
    page.get_by_label(re.compile("Titel|Title")).fill("Brætspil")
    page.get_by_label(re.compile("Beskrivelse|Description")).fill("Vi spiller og drikker kaffe.")
    page.get_by_label(re.compile("Hvor vi mødes|Where we meet", re.I)).fill("Cafeen, Vestergade 1")
    page.get_by_label(re.compile("Første dato|First date", re.I)).fill("2030-01-08")
    page.get_by_label(re.compile("Starter|Starts")).fill("18:00")
    page.get_by_label(re.compile("Slutter|Ends")).fill("21:00")
    shot(page, request, "propose")
    page.get_by_role("button", name=re.compile("Send forslaget|Send the proposal")).click()
    page.wait_for_url("**/aktiviteter/mine/")
    proposed = Activity.objects.get(title="Brætspil")
    assert proposed.status == "proposed"
    assert list(proposed.hosts.all()) == [host]
    assert_accessible(axe, page)
    shot(page, request, "mine")

    page.goto(f"/aktiviteter/mine/dato/{occurrence.pk}/")
    assert page.get_by_text("Bo", exact=True).is_visible()
    assert_accessible(axe, page)
    page.get_by_label(re.compile("Hvorfor|Why")).fill("Jeg er syg")
    page.get_by_role("button", name=re.compile("Aflys|Cancel the date")).click()
    page.wait_for_load_state()
    shot(page, request, "cancelled")
    assert Occurrence.objects.get(pk=occurrence.pk).cancel_reason == "Jeg er syg"
    text = Notification.objects.get(kind="activities.cancelled")
    assert text.channel == "sms"
    assert text.recipient == "+4520304050"
