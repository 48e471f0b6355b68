"""Organisation scoping with two organisations: the queryset helper and the admin mixin."""

import pytest
from django.urls import reverse

from core import services
from core.models import Membership, Organisation
from core.scoping import object_in_scope, scope_to_user
from tests.factories import UserFactory


@pytest.fixture
def org_admin1(org1):
    user = UserFactory(email="leder1@example.test")
    services.set_membership(user=user, organisation=org1, role=Membership.Role.ADMIN)
    return user


def test_scope_to_user_returns_only_own_organisations(coordinator1, coordinator2, org1, org2):
    assert list(scope_to_user(Organisation.objects.all(), coordinator1)) == [org1]
    assert list(scope_to_user(Organisation.objects.all(), coordinator2)) == [org2]
    memberships = scope_to_user(Membership.objects.all(), coordinator1)
    assert {m.user for m in memberships} == {coordinator1}


def test_superuser_sees_every_organisation(org1, org2):
    root = UserFactory(is_superuser=True, is_staff=True)
    assert set(scope_to_user(Organisation.objects.all(), root)) == {org1, org2}


def test_anonymous_sees_nothing(org1):
    from django.contrib.auth.models import AnonymousUser

    assert not scope_to_user(Organisation.objects.all(), AnonymousUser()).exists()


def test_object_in_scope(coordinator1, org1, org2):
    assert object_in_scope(org1, coordinator1)
    assert not object_in_scope(org2, coordinator1)
    assert not object_in_scope(Membership(organisation=org2, user=coordinator1), coordinator1)


def test_multivalued_path_gives_no_duplicates(coordinator1, org1, org2):
    from core.models import User

    services.set_membership(user=coordinator1, organisation=org2, role="coordinator")
    users = scope_to_user(User.objects.filter(pk=coordinator1.pk), coordinator1)
    assert users.count() == 1


def test_membership_gives_staff_and_group(coordinator1):
    assert coordinator1.is_staff
    assert coordinator1.groups.filter(name="Koordinatorer").exists()


def test_removing_last_membership_removes_staff(coordinator1):
    services.remove_membership(membership=coordinator1.memberships.get())
    coordinator1.refresh_from_db()
    assert not coordinator1.is_staff
    assert not coordinator1.groups.exists()


class TestAdminScoping:
    def test_list_shows_only_own_organisation(self, client, coordinator1, coordinator2):
        client.force_login(coordinator1)
        response = client.get(reverse("admin:core_organisation_changelist"))
        assert response.status_code == 200
        assert "Peer to Peer Odense" in response.text
        assert "Aarhus Peerstøtte" not in response.text

    def test_other_organisations_change_page_is_not_found(self, client, coordinator1, org2):
        client.force_login(coordinator1)
        url = reverse("admin:core_organisation_change", args=[org2.pk])
        response = client.get(url, follow=True)
        assert "Aarhus Peerstøtte" not in response.text
        assert response.redirect_chain  # admin answers "does not exist" with a redirect

    def test_membership_list_hides_other_organisations_people(
        self, client, coordinator1, coordinator2
    ):
        client.force_login(coordinator1)
        response = client.get(reverse("admin:core_membership_changelist"))
        assert str(coordinator1) in response.text
        assert str(coordinator2) not in response.text

    def test_cannot_save_a_row_into_another_organisation(self, client, org_admin1, org1, org2):
        newcomer = UserFactory(email="ny@example.test")
        services.set_membership(user=newcomer, organisation=org1, role="coordinator")
        membership = newcomer.memberships.get()
        client.force_login(org_admin1)
        url = reverse("admin:core_membership_change", args=[membership.pk])
        response = client.post(
            url, {"user": newcomer.pk, "organisation": org2.pk, "role": "coordinator"}
        )
        assert response.status_code == 200  # the form comes back with an error at the field
        assert "organisation" in response.context["adminform"].form.errors
        membership.refresh_from_db()
        assert membership.organisation == org1

    def test_add_form_offers_only_own_organisations(self, client, org_admin1, org2):
        client.force_login(org_admin1)
        response = client.get(reverse("admin:core_membership_add"))
        field = response.context["adminform"].form.fields["organisation"]
        assert list(field.queryset) == [org_admin1.memberships.get().organisation]
        assert org2 not in field.queryset

    def test_cannot_add_a_membership_for_a_user_of_another_organisation(
        self, client, org_admin1, coordinator2, org1
    ):
        client.force_login(org_admin1)
        response = client.post(
            reverse("admin:core_membership_add"),
            {"user": coordinator2.pk, "organisation": org1.pk, "role": "coordinator"},
        )
        assert response.status_code == 200
        assert "user" in response.context["adminform"].form.errors
        assert not Membership.objects.filter(user=coordinator2, organisation=org1).exists()

    def test_coordinator_cannot_add_memberships(self, client, coordinator1):
        client.force_login(coordinator1)
        response = client.get(reverse("admin:core_membership_add"))
        assert response.status_code == 403
