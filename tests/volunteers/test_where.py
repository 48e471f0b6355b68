"""The "Bliv peerguide" application asks where the person lives first and offers only the
organisations serving that municipality (issue 13, point 5)."""

import re

import pytest
from django.urls import reverse

from core.models import Municipality
from notifications.models import Notification
from tests.factories import OrganisationFactory
from volunteers.models import PeerGuide

pytestmark = pytest.mark.django_db

URL = reverse("volunteers:apply")


def municipality(name):
    return Municipality.objects.get(name=name)


@pytest.fixture
def two_in_odense(org1):
    other = OrganisationFactory(name="Fyns Peerstøtte", municipality=municipality("Svendborg"))
    other.municipalities_served.set([municipality("Svendborg"), municipality("Odense")])
    return org1, other


def application(organisation, where):
    return {
        "municipality": where.pk,
        "organisation": organisation.pk,
        "first_name": "Sofie",
        "last_name": "Mortensen",
        "email": "sofie@example.test",
        "phone": "",
        "availability": ["1-evening"],
        "motivation": "Jeg vil gerne give noget videre.",
        "consent": "on",
        "website": "",
    }


def test_the_application_starts_with_where_you_live_and_no_organisation(client, two_in_odense):
    page = client.get(URL)
    assert 'name="municipality"' in page.text
    assert 'name="organisation"' not in page.text
    page = client.get(URL, {"municipality": municipality("Odense").pk})
    radios = re.findall(r'<input type="radio"[^>]*name="organisation"[^>]*>', page.text)
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)


def test_only_an_organisation_serving_the_municipality_is_accepted(client, two_in_odense, org2):
    odense = municipality("Odense")
    page = client.post(URL, application(org2, odense))
    assert page.status_code == 200
    assert "organisation" in page.context["form"].errors
    assert not PeerGuide.objects.exists()
    response = client.post(URL, application(two_in_odense[1], odense))
    assert response.status_code == 302
    guide = PeerGuide.objects.get()
    assert guide.organisation == two_in_odense[1]
    assert guide.municipality == odense


def test_a_municipality_no_one_serves_is_told_so_and_nothing_is_stored(
    client, two_in_odense, settings
):
    laeso = municipality("Læsø")
    page = client.get(URL, {"municipality": laeso.pk})
    assert 'name="organisation"' not in page.text
    assert "Læsø" in page.text
    assert f'href="mailto:{settings.CONTACT_EMAIL}"' in page.text
    page = client.post(URL, application(two_in_odense[0], laeso))
    assert page.status_code == 200
    assert not PeerGuide.objects.exists()
    assert not Notification.objects.exists()
