"""A user's permissions come in one query, their own and their groups' together (issue 15,
point 4), and answer as Django's ModelBackend does."""

import pytest
from django.contrib.auth.models import Group, Permission

from core.models import User

pytestmark = pytest.mark.django_db


def test_own_and_group_permissions_in_one_query(django_assert_num_queries):
    user = User.objects.create_user(email="k@example.test", password="x" * 12, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_peerguide"))
    group = Group.objects.create(name="Learners")
    group.permissions.add(Permission.objects.get(codename="change_match"))
    user.groups.add(group)
    user = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert user.has_perm("volunteers.view_peerguide")
        assert user.has_perm("matching.change_match")
        assert not user.has_perm("matching.delete_match")
        assert user.get_all_permissions() == {"volunteers.view_peerguide", "matching.change_match"}
    assert user.get_user_permissions() == {"volunteers.view_peerguide"}
    assert user.get_group_permissions() == {"matching.change_match"}


def test_inactive_users_have_none_and_superusers_all():
    inactive = User.objects.create_user(email="i@example.test", password="x" * 12, is_active=False)
    inactive.user_permissions.add(Permission.objects.get(codename="view_peerguide"))
    assert User.objects.get(pk=inactive.pk).get_all_permissions() == set()
    boss = User.objects.create_superuser(email="s@example.test", password="x" * 12)
    assert boss.has_perm("matching.delete_match")
    assert len(boss.get_all_permissions()) == Permission.objects.count()
