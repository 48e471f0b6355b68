"""Safety signposting: where to get help at once is on every page a person in distress may be on
and in every e-mail, with tap-to-call links; a low WHO-5 and a guide's hard check-in are each met
with contacts and a way to reach a person, not a bare "thank you"."""

import pytest
from django.urls import reverse

from core.models import CrisisContact, Municipality, Region
from matching import services as matching_services
from notifications.models import Notification
from participants import links
from participants.services import WHO5_LINK_PURPOSE
from tests.factories import (
    ParticipantFactory,
    PeerGuideFactory,
    SupportRequestFactory,
    coordinator_of,
    make_cohort,
    onboarded,
    who5_measurement,
)
from volunteers.models import WellbeingCheckIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def odense(org1):
    org1.municipality = Municipality.objects.get(name="Odense")
    org1.contact_phone = "66 12 34 56"
    org1.contact_email = "kontakt@p2p-odense.test"
    org1.save()
    CrisisContact.objects.create(
        organisation=org1, name="Psykiatrisk akutmodtagelse OUH", phone="65 41 11 11", order=5
    )
    return org1


def test_national_and_regional_defaults_come_with_the_installation():
    national = CrisisContact.objects.filter(organisation=None, region=None)
    assert {c.phone for c in national} >= {"112", "70 201 201"}
    assert CrisisContact.objects.filter(region__name="Region Hovedstaden", phone="1813").exists()
    assert Region.objects.count() == CrisisContact.objects.exclude(region=None).count()


@pytest.mark.parametrize(
    "url",
    ["core:home", "matching:request_support", "courses:catalogue", "volunteers:apply"],
)
def test_every_public_page_has_the_crisis_box_with_tap_to_call(client, db, url):
    page = client.get(reverse(url))
    assert 'aria-labelledby="crisis-heading"' in page.text
    assert 'href="tel:112"' in page.text
    assert 'href="tel:70201201"' in page.text


def test_a_course_page_adds_the_region_and_the_organisation_s_own(client, odense):
    cohort = make_cohort(odense)
    page = client.get(reverse("courses:detail", args=[cohort.pk]))
    assert 'href="tel:65411111"' in page.text  # the organisation's own
    assert "70 11 07 07" in page.text  # Region Syddanmark's medical helpline
    assert "1813" not in page.text  # not the capital region's
    assert 'href="tel:66123456"' in page.text  # the organisation's own phone
    assert "kontakt@p2p-odense.test" in page.text


def test_the_request_status_page_has_the_organisation_s_contacts(client, odense):
    support_request = SupportRequestFactory(participant__organisation=odense)
    token = links.make_token(pk=support_request.pk, purpose=matching_services.STATUS)
    page = client.get(reverse("matching:status", args=[token]))
    assert page.status_code == 200
    assert 'href="tel:65411111"' in page.text


def test_every_email_ends_with_where_to_get_help(client, org1, request_data_for_email):
    client.post(reverse("matching:request_support"), request_data_for_email)
    message = Notification.objects.filter(kind__startswith="matching.").latest("pk")
    assert "Livslinien: 70 201 201" in message.body_text
    assert 'href="tel:112"' in message.body_html


@pytest.fixture
def request_data_for_email(org1):
    from core.models import ExperienceArea

    return {
        "organisation": org1.pk,
        "municipality": org1.municipality_id,
        "first_name": "Anna",
        "email": "anna@example.test",
        "experience_areas": [ExperienceArea.objects.get(slug="angst").pk],
        "guide_language": "da",
        "meets_in_person": "on",
        "consent_support": "on",
        "consent_health": "on",
    }


def _who5_url(measurement, name="participants:who5"):
    return reverse(name, args=[links.make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)])


def test_a_low_who5_shows_help_and_offers_a_call(client, odense):
    coordinator = coordinator_of(odense, email="mette@example.test", first_name="Mette")
    participant = ParticipantFactory(organisation=odense, first_name="Anna")
    measurement = who5_measurement(participant)
    answers = {f"item{i}": "0" for i in range(1, 6)}
    page = client.post(_who5_url(measurement), answers)
    assert page.status_code == 200
    assert "Tak for dine svar" in page.text
    assert "Jeg vil gerne kontaktes af nogen fra Peer to Peer Odense" in page.text
    assert 'href="tel:70201201"' in page.text
    assert 'href="tel:66123456"' in page.text
    assert not Notification.objects.filter(kind="participants.contact_wish").exists()

    done = client.post(_who5_url(measurement, "participants:who5_contact"))
    assert done.status_code == 200
    assert "Vi har givet Peer to Peer Odense besked" in done.text
    client.post(_who5_url(measurement, "participants:who5_contact"))  # a double click
    alert = Notification.objects.get(kind="participants.contact_wish")
    assert alert.recipient == coordinator.email
    assert "Anna" in alert.subject
    for text in (alert.subject, alert.body_text, alert.body_html):
        assert "WHO" not in text
        assert "0/25" not in text
        assert "trivsel" not in text.lower()


def test_a_who5_above_the_line_gets_a_plain_thank_you(client, odense):
    coordinator_of(odense)
    measurement = who5_measurement(ParticipantFactory(organisation=odense))
    page = client.post(_who5_url(measurement), {f"item{i}": "4" for i in range(1, 6)})
    assert "Jeg vil gerne kontaktes" not in page.text
    refused = client.post(_who5_url(measurement, "participants:who5_contact"))
    assert refused.status_code == 404
    assert not Notification.objects.filter(kind="participants.contact_wish").exists()


@pytest.fixture
def guide(client, odense):
    coordinator_of(odense, email="mette@example.test", first_name="Mette", last_name="Kjær")
    guide = onboarded(PeerGuideFactory(organisation=odense))
    client.force_login(guide.user)
    return guide


@pytest.mark.parametrize("answer", [1, 2])
def test_a_hard_check_in_shows_who_to_call_at_once(client, guide, answer):
    page = client.post(reverse("dashboard:checkin"), {"answer": str(answer), "comment": ""})
    assert page.status_code == 200
    assert "Mette Kjær" in page.text
    assert 'href="tel:66123456"' in page.text
    assert "supervision" in page.text
    assert WellbeingCheckIn.objects.get(guide=guide).needs_follow_up


def test_a_good_check_in_is_thanked(client, guide):
    response = client.post(reverse("dashboard:checkin"), {"answer": "4", "comment": ""})
    assert response.status_code == 302


def test_the_guide_s_crisis_page_shows_the_procedure(client, guide, odense):
    page = client.get(reverse("dashboard:crisis"))
    assert "ring 112" in page.text
    odense.crisis_procedure = "Ring altid til vagttelefonen først."
    odense.save()
    page = client.get(reverse("dashboard:crisis"))
    assert "Ring altid til vagttelefonen først." in page.text
    assert "Mette Kjær" in page.text


def test_a_changed_contact_shows_at_the_next_page_view(client, odense):
    cohort = make_cohort(odense)
    url = reverse("courses:detail", args=[cohort.pk])
    assert "99 99 99 99" not in client.get(url).text
    CrisisContact.objects.create(organisation=odense, name="Nattelefonen", phone="99 99 99 99")
    assert "99 99 99 99" in client.get(url).text


def test_the_footer_rendered_once_follows_a_changed_contact_and_a_flushed_cache(odense):
    """The crisis lines of an e-mail are rendered once per organisation and language and then
    reused (a batch of reminders would otherwise render them thousands of times); a changed
    contact, a changed organisation and an emptied cache each give fresh lines."""
    from django.core.cache import cache
    from django.template import engines

    template = engines["django"].from_string("{% load crisis %}{% crisis_lines %}")
    context = {"organisation": odense}
    assert "Psykiatrisk akutmodtagelse OUH" in template.render(context)
    contact = CrisisContact.objects.get(name="Psykiatrisk akutmodtagelse OUH")
    contact.phone = "70 20 30 40"
    contact.save()
    assert "70 20 30 40" in template.render(context)
    odense.contact_phone = "66 00 00 00"
    odense.save()
    assert "66 00 00 00" in template.render(context)
    # A change that bypasses the signals, then a flushed cache: not the old lines.
    CrisisContact.objects.filter(pk=contact.pk).update(phone="71 71 71 71")
    cache.clear()
    assert "71 71 71 71" in template.render(context)
