"""Role groups follow memberships, however a membership is written: through core.services, on the
membership's own admin page, or as a row on a user's or an organisation's page."""

import pytest
from django.urls import reverse

from core import services
from core.models import Membership, User
from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP
from tests.factories import UserFactory
from tests.htmlforms import form_data

pytestmark = pytest.mark.django_db


def _groups(user) -> set[str]:
    user = User.objects.get(pk=user.pk)
    return {g.name for g in user.groups.all()} | ({"staff"} if user.is_staff else set())


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_save_membership_gives_the_roles_group_and_staff(org1):
    user = UserFactory()
    services.save_membership(
        membership=Membership(user=user, organisation=org1, role=Membership.Role.COORDINATOR)
    )
    assert _groups(user) == {COORDINATOR_GROUP, "staff"}


def test_save_membership_swaps_the_group_when_the_role_changes(coordinator1):
    membership = coordinator1.memberships.get()
    membership.role = Membership.Role.ADMIN
    services.save_membership(membership=membership)
    assert _groups(coordinator1) == {ORGANISATION_ADMIN_GROUP, "staff"}


def test_a_membership_given_to_someone_else_leaves_the_first_without_access(coordinator1):
    other = UserFactory()
    membership = coordinator1.memberships.get()
    membership.user = other
    services.save_membership(membership=membership)
    assert _groups(coordinator1) == set()
    assert _groups(other) == {COORDINATOR_GROUP, "staff"}


def test_membership_page_giving_the_row_to_someone_else(superuser_client, coordinator1, org1):
    other = UserFactory(email="ny@example.test")
    membership = coordinator1.memberships.get()
    response = superuser_client.post(
        reverse("admin:core_membership_change", args=[membership.pk]),
        {"user": other.pk, "organisation": org1.pk, "role": "coordinator"},
    )
    assert response.status_code == 302
    assert _groups(coordinator1) == set()
    assert _groups(other) == {COORDINATOR_GROUP, "staff"}


def test_organisation_page_rows_add_and_remove_people(superuser_client, coordinator1, org1):
    newcomer = UserFactory(email="ny@example.test")
    url = reverse("admin:core_organisation_change", args=[org1.pk])
    data = form_data(superuser_client.get(url).content.decode(), "organisation_form")
    # The existing row (coordinator1) is deleted, a new row adds the newcomer as admin.
    data["memberships-0-DELETE"] = ["on"]
    total = int(data["memberships-TOTAL_FORMS"][0])
    data["memberships-TOTAL_FORMS"] = [str(total + 1)]
    data[f"memberships-{total}-user"] = [str(newcomer.pk)]
    data[f"memberships-{total}-role"] = ["admin"]
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Membership.objects.filter(user=coordinator1).exists()
    assert _groups(coordinator1) == set()
    assert _groups(newcomer) == {ORGANISATION_ADMIN_GROUP, "staff"}


def test_user_page_row_changes_the_role(superuser_client, coordinator1):
    url = reverse("admin:core_user_change", args=[coordinator1.pk])
    data = form_data(superuser_client.get(url).content.decode(), "user_form")
    assert data["memberships-0-role"] == ["coordinator"]
    data["memberships-0-role"] = ["admin"]
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _groups(coordinator1) == {ORGANISATION_ADMIN_GROUP, "staff"}


def test_user_page_keeps_role_groups_even_if_unticked(superuser_client, coordinator1):
    url = reverse("admin:core_user_change", args=[coordinator1.pk])
    data = form_data(superuser_client.get(url).content.decode(), "user_form")
    data.pop("groups", None)  # a superuser unticks the coordinators' group by hand
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _groups(coordinator1) == {COORDINATOR_GROUP, "staff"}
