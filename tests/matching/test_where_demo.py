"""The demo shows choosing where to get help: Odense's organisation serves Odense and its
neighbours on Funen with an expected wait, Copenhagen's København and Frederiksberg, and a
person on Læsø is told that no one serves it yet."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import Municipality, Organisation
from core.selectors import organisations_serving
from matching.selectors import expected_waits

pytestmark = pytest.mark.django_db


def test_the_demo_organisations_declare_where_they_serve(client):
    call_command("seed_demo")
    odense = Organisation.objects.get(name="Peer to Peer Odense")
    copenhagen = Organisation.objects.get(name="Københavns Kommune · Peerstøtte")
    assert set(odense.municipalities_served.values_list("name", flat=True)) == {
        "Odense",
        "Assens",
        "Faaborg-Midtfyn",
        "Kerteminde",
        "Nordfyns",
        "Nyborg",
    }
    assert set(copenhagen.municipalities_served.values_list("name", flat=True)) == {
        "København",
        "Frederiksberg",
    }
    assert list(organisations_serving(Municipality.objects.get(name="Nyborg"))) == [odense]
    laeso = Municipality.objects.get(name="Læsø")
    assert not organisations_serving(laeso).exists()
    waits = expected_waits(organisation_ids=[odense.pk, copenhagen.pk])
    assert set(waits) == {odense.pk}

    page = client.get(reverse("matching:request_support"), {"municipality": laeso.pk})
    assert 'name="organisation"' not in page.text
    assert 'href="tel:112"' in page.text
