"""Writes with rules in core: memberships and the role groups that follow them."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from core.models import Membership, Organisation, User
from core.roles import ROLE_GROUPS


def sync_role_groups(*, user: User) -> None:
    """Make the user's role groups and staff flag match their memberships. The membership services
    below call it; the user's admin page calls it after saving, as its groups field and superuser
    flag may have been changed by hand."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    wanted = {ROLE_GROUPS[r] for r in roles}
    role_groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
    user.groups.remove(*[g for g in role_groups if g.name not in wanted])
    user.groups.add(*[g for g in role_groups if g.name in wanted])
    is_staff = bool(roles) or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def set_membership(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give `user` `role` in `organisation` (creating or changing the membership)."""
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    sync_role_groups(user=user)
    return membership


@transaction.atomic
def save_membership(*, membership: Membership) -> Membership:
    """Save a membership made or changed in the admin (on its own page or as a row on a user's or
    an organisation's page). The role groups and staff flag of its user follow, and those of the
    user it belonged to before when the row was given to someone else."""
    before = None
    if membership.pk is not None:
        before = Membership.objects.filter(pk=membership.pk).values_list("user_id", flat=True)
        before = before.first()
    membership.save()
    for user in User.objects.filter(pk__in={membership.user_id, before} - {None}):
        sync_role_groups(user=user)
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    sync_role_groups(user=user)
