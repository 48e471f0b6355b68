"""An organisation declares the municipalities it serves on its admin page: checkboxes in a
fieldset per region, and a shortcut that adds whole regions (issue 13, point 5)."""

import re

import pytest
from django.urls import reverse

from core import services
from core.models import Membership, Municipality, Region
from tests.factories import UserFactory
from tests.htmlforms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_admin(org1):
    user = UserFactory(email="leder@example.test")
    services.set_membership(user=user, organisation=org1, role=Membership.Role.ADMIN)
    user.refresh_from_db()
    return user


def test_the_organisation_page_lists_municipalities_by_region(client, org_admin, org1):
    org1.municipalities_served.set([Municipality.objects.get(name="Odense")])
    client.force_login(org_admin)
    html = client.get(reverse("admin:core_organisation_change", args=[org1.pk])).text
    assert html.count('<fieldset class="checkbox-group"><legend>') == Region.objects.count()
    assert "<legend>Region Syddanmark</legend>" in html
    odense = Municipality.objects.get(name="Odense").pk
    assert re.search(rf'name="municipalities_served" value="{odense}"[^>]*checked', html)
    nyborg = Municipality.objects.get(name="Nyborg").pk
    assert not re.search(rf'name="municipalities_served" value="{nyborg}"[^>]*checked', html)


def test_ticking_municipalities_and_adding_a_region(client, org_admin, org1):
    client.force_login(org_admin)
    url = reverse("admin:core_organisation_change", args=[org1.pk])
    data = form_data(client.get(url).text, "organisation_form")
    data["municipalities_served"] = [
        Municipality.objects.get(name=name).pk for name in ("Odense", "Nyborg")
    ]
    data["add_regions"] = [Region.objects.get(name="Region Hovedstaden").pk]
    assert client.post(url, data).status_code == 302
    served = set(org1.municipalities_served.values_list("name", flat=True))
    capital = set(
        Municipality.objects.filter(region__name="Region Hovedstaden").values_list(
            "name", flat=True
        )
    )
    assert served == {"Odense", "Nyborg"} | capital
    assert len(capital) == 29


def test_a_coordinator_sees_the_municipalities_served(client, coordinator1, org1):
    org1.municipalities_served.set(Municipality.objects.filter(name__in=["Odense", "Nyborg"]))
    client.force_login(coordinator1)
    page = client.get(reverse("admin:core_organisation_change", args=[org1.pk]))
    assert page.status_code == 200
    assert "Nyborg" in page.text
    assert 'name="add_regions"' not in page.text
