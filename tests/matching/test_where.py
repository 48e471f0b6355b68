"""Choosing where to get help (issue 13, point 5): the public request form starts with no
organisation chosen, asks where the person lives and offers only the organisations serving that
municipality, each with its expected wait; a municipality no one serves gets a plain answer with
the crisis contacts, and nothing is stored."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Municipality
from core.selectors import organisations_serving
from matching.models import Match, SupportRequest
from matching.selectors import expected_waits
from notifications.models import Notification
from participants.models import Participant
from tests.factories import MatchFactory, OrganisationFactory, SupportRequestFactory
from tests.form_data import support_request_data

pytestmark = pytest.mark.django_db

URL = reverse("matching:request_support")


def municipality(name):
    return Municipality.objects.get(name=name)


@pytest.fixture
def odense():
    return municipality("Odense")


@pytest.fixture
def funen(org1, odense):
    """org1 (based in Odense) serves Odense and Nyborg; a second one serves Odense too."""
    org1.municipalities_served.set([odense, municipality("Nyborg")])
    other = OrganisationFactory(name="Fyns Peerstøtte", municipality=municipality("Svendborg"))
    other.municipalities_served.set([odense, municipality("Svendborg")])
    return org1, other


def request_data(organisation, where):
    return support_request_data(organisation, municipality=where.pk, help_wanted="", website="")


def nothing_stored():
    return not (
        Participant.objects.exists()
        or SupportRequest.objects.exists()
        or Notification.objects.exists()
    )


# --- who serves where ---------------------------------------------------------------------------


def test_an_organisation_serves_what_it_declares(funen, odense):
    org1, other = funen
    assert list(organisations_serving(odense)) == [other, org1]  # by name
    assert list(organisations_serving(municipality("Nyborg"))) == [org1]
    assert list(organisations_serving(municipality("Svendborg"))) == [other]
    assert not organisations_serving(municipality("Aarhus")).exists()


def test_an_organisation_that_declared_nothing_serves_its_own_municipality(org1, odense):
    org1.municipalities_served.clear()
    assert list(organisations_serving(odense)) == [org1]
    assert not organisations_serving(municipality("Nyborg")).exists()


def test_the_data_migration_gives_existing_organisations_their_own_municipality(org1, org2):
    from django.apps import apps

    from tests.migrating import migration_module

    org1.municipalities_served.clear()
    org2.municipalities_served.set([municipality("Aarhus"), municipality("Skanderborg")])
    migration = migration_module("core", "0009_organisation_municipalities_served")
    migration.serve_own_municipality(apps, None)
    assert list(org1.municipalities_served.values_list("name", flat=True)) == ["Odense"]
    assert set(org2.municipalities_served.values_list("name", flat=True)) == {
        "Aarhus",
        "Skanderborg",
    }


# --- the form -----------------------------------------------------------------------------------


def test_the_form_starts_with_where_you_live_and_no_organisation(client, funen):
    page = client.get(URL)
    assert page.status_code == 200
    assert 'name="municipality"' in page.text
    assert 'name="organisation"' not in page.text
    assert "Peer to Peer Odense" not in page.text
    assert 'method="post"' not in page.text.split('id="main"')[1]  # nothing to send yet


def test_choosing_a_municipality_offers_those_serving_it_with_none_chosen(client, funen, odense):
    org1, other = funen
    page = client.get(URL, {"municipality": odense.pk})
    assert page.status_code == 200
    radios = re.findall(r'<input type="radio"[^>]*name="organisation"[^>]*>', page.text)
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)
    assert org1.name in page.text
    assert other.name in page.text
    assert f'name="municipality" value="{odense.pk}"' in page.text  # carried on, hidden


def test_an_organisation_not_serving_the_municipality_is_not_offered(client, funen, org2):
    page = client.get(URL, {"municipality": municipality("Nyborg").pk})
    assert funen[0].name in page.text
    assert "Fyns Peerstøtte" not in page.text
    assert org2.name not in page.text


def test_the_only_organisation_serving_it_is_chosen_and_shown(client, funen):
    page = client.get(URL, {"municipality": municipality("Nyborg").pk})
    radios = re.findall(r'<input type="radio"[^>]*name="organisation"[^>]*>', page.text)
    assert len(radios) == 1
    assert "checked" in radios[0]
    assert funen[0].name in page.text


def test_a_request_is_stored_with_the_chosen_organisation(client, funen, odense):
    _org1, other = funen
    response = client.post(URL, request_data(other, odense))
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert request.organisation == other
    assert request.participant.municipality == odense


def test_an_organisation_that_does_not_serve_the_municipality_is_refused(
    client, funen, org2, odense
):
    page = client.post(URL, request_data(org2, odense))
    assert page.status_code == 200
    assert "organisation" in page.context["form"].errors
    assert nothing_stored()
    # Nyborg is served by org1 only: the other Funen organisation is refused there.
    page = client.post(URL, request_data(funen[1], municipality("Nyborg")))
    assert "organisation" in page.context["form"].errors
    assert nothing_stored()


def test_no_organisation_chosen_is_an_error_at_the_field(client, funen, odense):
    data = request_data(funen[0], odense)
    del data["organisation"]
    page = client.post(URL, data)
    assert page.status_code == 200
    assert "organisation" in page.context["form"].errors
    assert 'id="error-summary"' in page.text
    assert nothing_stored()


@pytest.mark.parametrize("value", ["", "abc", str(2**63), "999999"])
def test_a_missing_or_unknown_municipality_goes_back_to_the_first_question(client, funen, value):
    data = request_data(funen[0], municipality("Odense"))
    data["municipality"] = value
    page = client.post(URL, data)
    assert page.status_code == 200
    assert 'name="organisation"' not in page.text
    assert page.context["where"].step.errors
    assert nothing_stored()
    assert client.get(URL, {"municipality": value}).status_code == 200


def test_a_municipality_no_one_serves_is_told_so_with_help_and_nothing_is_stored(
    client, funen, settings
):
    laeso = municipality("Læsø")
    page = client.get(URL, {"municipality": laeso.pk})
    assert page.status_code == 200
    assert 'name="organisation"' not in page.text
    assert 'method="post"' not in page.text.split('id="main"')[1]
    assert "Læsø" in page.text
    assert 'href="tel:112"' in page.text
    assert 'href="tel:70201201"' in page.text
    assert f'href="mailto:{settings.CONTACT_EMAIL}"' in page.text
    assert page.text.count('id="crisis-heading"') == 1
    # A filled form posted for that municipality (an old tab, a robot) stores nothing either.
    page = client.post(URL, request_data(funen[0], laeso))
    assert page.status_code == 200
    assert 'href="tel:112"' in page.text
    assert nothing_stored()


# --- the expected wait --------------------------------------------------------------------------


def matched(organisation, *, days, ago=10, status=Match.Status.ACTIVE):
    """A request confirmed `days + ago` days ago whose first match was proposed `ago` days
    ago (so it waited `days` days)."""
    now = timezone.now()
    proposed = now - datetime.timedelta(days=ago)
    request = SupportRequestFactory(
        participant__organisation=organisation,
        status="matched",
        confirmed_at=proposed - datetime.timedelta(days=days),
    )
    return MatchFactory(request=request, status=status, proposed_at=proposed)


def wait_note(page, organisation):
    label = re.search(
        rf'<label for="id_organisation_\d+"[^>]*>\s*{re.escape(organisation.name)}(.*?)</label>',
        page.text,
        re.S,
    )
    assert label, f"{organisation.name} is not offered"
    note = re.search(r'<span class="d-block small[^"]*">(.*?)</span>', label.group(1))
    return note.group(1) if note else None


def test_the_median_wait_of_the_last_90_days_per_organisation(funen, org2):
    org1, other = funen
    for days in (2, 4, 10, 20, 30):
        matched(org1, days=days)
    # Not counted: a request matched 100 days ago, a proposal not yet accepted, a declined one.
    matched(org1, days=1, ago=100)
    matched(org1, days=1, status=Match.Status.PROPOSED)
    matched(org1, days=1, status=Match.Status.DECLINED)
    # A request declined once, then accepted: its wait ends at the accepted proposal (18 days).
    second = matched(org1, days=18, ago=5)
    Match.objects.create(
        request=second.request,
        organisation=org1,
        guide=second.guide,
        status=Match.Status.DECLINED,
        proposed_at=second.proposed_at - datetime.timedelta(days=3),
    )
    # Four matches only: too few to say.
    for days in (3, 3, 3, 3):
        matched(other, days=days)
    waits = expected_waits(organisation_ids=[org1.pk, other.pk, org2.pk])
    # org1: 2, 4, 10, 18, 20, 30 -> (10 + 18) / 2 = 14
    assert waits == {org1.pk: pytest.approx(14.0)}


def test_the_wait_is_shown_with_five_matches_and_hidden_with_fewer(client, funen, odense):
    org1, other = funen
    for days in (2, 4, 10, 20, 30):
        matched(org1, days=days)
    for days in (3, 3, 3, 3):
        matched(other, days=days)
    page = client.get(URL, {"municipality": odense.pk})
    note = wait_note(page, org1)
    assert note
    assert "10" in note
    assert wait_note(page, other) is None


def test_a_long_wait_is_said_in_weeks(client, funen, odense):
    org1, _other = funen
    for days in (14, 21, 28, 3, 35):
        matched(org1, days=days)
    note = wait_note(client.get(URL, {"municipality": odense.pk}), org1)
    assert note
    assert re.search(r"\b3\b", note)


def _queries(client, where):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"municipality": where.pk}).status_code == 200
    return len(queries)


def test_the_form_page_costs_the_same_with_2_and_20_organisations(client, odense):
    for n in range(2):
        org = OrganisationFactory(name=f"Odense {n}")
        for days in range(5):
            matched(org, days=days + 1)
    client.get(URL, {"municipality": odense.pk})  # warm the crisis-contact cache
    few = _queries(client, odense)
    for n in range(2, 20):
        org = OrganisationFactory(name=f"Odense {n}")
        org.municipalities_served.set([odense, municipality("Nyborg")])
        for days in range(5):
            matched(org, days=days + 1)
    client.get(URL, {"municipality": odense.pk})  # new organisations: a new cache version
    many = _queries(client, odense)
    assert few == many
    assert few <= 12
    page = client.get(URL, {"municipality": odense.pk})
    assert page.text.count('name="organisation"') == 20


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (0.2, "about 1 day"),
        (1.4, "about 1 day"),
        (12.6, "about 13 days"),
        (14, "about 2 weeks"),
        (24, "about 3 weeks"),
    ],
)
def test_the_wait_in_words(days, said):
    from django.utils import translation

    from matching.forms import wait_note

    with translation.override("en"):
        assert wait_note(days) == f"Expected wait: {said}"
