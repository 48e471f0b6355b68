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


def test_host_changes_the_time_and_those_coming_are_told(
    phone_page, axe, live_server, settings, request
):
    """Through the real guide login: the host opens their activity from "My activities",
    changes the title and the start time; unchanged dates would keep who is coming, the moved
    first date is cancelled and the person who said they would come is told."""
    import datetime

    from django.utils import timezone

    from activities import services
    from activities.models import Activity, Occurrence
    from notifications.models import Notification
    from participants.services import ParticipantDetails

    settings.SITE_URL = live_server.url
    org, host, walk = _world()
    first = walk.occurrences.order_by("starts_at").first()
    dates = walk.occurrences.count()
    rsvp = services.say_coming(
        occurrence=first,
        details=ParticipantDetails(organisation=org, first_name="Bo", email="bo@example.test"),
    )
    services.confirm_rsvp(rsvp=rsvp)
    page = phone_page

    guide_login(page, host.user.email)
    page.get_by_role("link", name=re.compile("Mine aktiviteter|My activities")).first.click()
    page.wait_for_url("**/aktiviteter/mine/")
    page.get_by_role("link", name=re.compile("^(Ret|Change)")).first.click()
    page.wait_for_url(re.compile(r"/aktiviteter/mine/\d+/ret/"))
    assert_accessible(axe, page)
    title = page.get_by_label(re.compile(r"^\s*(Titel|Title)"))
    assert title.input_value() == "Gåtur ved åen"
    title.fill("Gåtur i Munke Mose")
    page.get_by_label(re.compile("Starter|Starts")).fill("13:00")
    page.get_by_label(re.compile("Slutter|Ends")).fill("15:00")
    shot(page, request, "edit")
    page.get_by_role("button", name=re.compile("Gem ændringerne|Save the changes")).click()
    page.wait_for_url("**/aktiviteter/mine/")
    assert page.get_by_text("Gåtur i Munke Mose").first.is_visible()
    assert_accessible(axe, page)
    shot(page, request, "edited")

    walk.refresh_from_db()
    assert walk.title == "Gåtur i Munke Mose"
    assert walk.start_time == datetime.time(13, 0)
    assert walk.status == Activity.Status.PUBLISHED
    assert walk.edited_by == host.user
    first.refresh_from_db()
    assert first.is_cancelled
    upcoming = Occurrence.objects.filter(
        activity=walk, cancelled_at__isnull=True, starts_at__gte=timezone.now()
    )
    assert upcoming.count() == dates
    assert all(timezone.localtime(o.starts_at).hour == 13 for o in upcoming)
    told = Notification.objects.get(kind="activities.cancelled", recipient="bo@example.test")
    assert "Munke Mose" in told.subject or "Munke Mose" in told.body_text


def test_a_person_follows_walks_and_stops_it_from_the_message(
    phone_page, axe, live_server, settings, request
):
    from activities import services
    from activities.models import Follow
    from core.models import Interest
    from notifications.models import Notification
    from tests.activities.util import make_activity

    settings.SITE_URL = live_server.url
    org, host, _walk = _world()
    walking = Interest.objects.get(slug="gature")
    page = phone_page

    page.goto("/aktiviteter/")
    page.get_by_role("link", name=re.compile("Følg en interesse|Follow an interest")).click()
    page.wait_for_url("**/aktiviteter/foelg/")
    assert_accessible(axe, page)
    page.get_by_role("button", name=re.compile("Send")).click()  # nothing filled in
    assert page.locator("#error-summary").is_visible()
    assert_accessible(axe, page)
    page.get_by_label(re.compile(r"^\s*(Interesse|Interest)")).select_option(label=walking.name)
    page.get_by_label(re.compile(r"^\s*(Kommune|Municipality)")).select_option(label="Odense")
    page.locator("#id_first_name").fill("Ea")
    page.get_by_label("E-mailadresse").fill("ea@example.test")
    page.locator("#id_consent").check()
    shot(page, request, "follow")
    page.get_by_role("button", name=re.compile("Send")).click()
    page.wait_for_url("**/aktiviteter/foelg/tjek-din-besked/")
    assert_accessible(axe, page)

    follow = Follow.objects.get()
    assert (follow.status, follow.interest, follow.municipality.name) == (
        "pending",
        walking,
        "Odense",
    )
    message = Notification.objects.get(kind="activities.follow", recipient="ea@example.test")
    page.goto(re.search(r"http\S+/aktiviteter/foelg/\S+/", message.body_text).group(0))
    assert_accessible(axe, page)
    page.get_by_role("button", name=re.compile("Ja, skriv til mig|Yes, write to me")).click()
    page.wait_for_load_state()
    assert page.get_by_role("status").first.is_visible()
    shot(page, request, "follow-confirmed")
    follow.refresh_from_db()
    assert follow.status == "active"

    # A coordinator publishes a new walk: one message, with the link that stops them.
    new = make_activity(org, hosts=[host], title="Gåtur i Hunderup Skov", publish=False)
    new.interests.set([walking])
    services.publish_activity(activity=new, actor=None)
    news = Notification.objects.get(kind="activities.news", recipient="ea@example.test")
    assert "Gåtur i Hunderup Skov" in news.body_text
    page.goto(re.search(r"http\S+/aktiviteter/f/\S+/", news.body_text).group(0))
    assert page.get_by_role("link", name="Gåtur i Hunderup Skov").is_visible()
    assert_accessible(axe, page)
    shot(page, request, "follows")
    page.get_by_role("button", name=re.compile("Stop")).click()
    page.wait_for_load_state()
    assert_accessible(axe, page)
    shot(page, request, "stopped")
    follow.refresh_from_db()
    assert follow.status == "stopped"
