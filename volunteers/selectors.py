"""Reads for peer guides, each limited to what the viewer may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from core.models import Organisation
from core.scoping import scope_to_user
from volunteers.models import OnboardingCheck, PeerGuide, Qualification

EXPIRY_WINDOW_DAYS = 60


def guide_for_user(user) -> PeerGuide | None:
    """The peer-guide profile of a logged-in user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        PeerGuide.objects.select_related("organisation", "municipality", "user")
        .filter(user=user)
        .first()
    )


# What missing_onboarding() and onboarding_checklist() read with a guide, besides its checks and
# trainings (the admin's change page reads these with the guide too).
ONBOARDING_SELECT_RELATED = ("organisation__onboarding_policy", "user")


def guide_with_onboarding(guide: PeerGuide) -> PeerGuide:
    """The guide with checks and trainings prefetched, for missing_onboarding()."""
    return (
        PeerGuide.objects.select_related(*ONBOARDING_SELECT_RELATED)
        .prefetch_related("checks", "trainings")
        .get(pk=guide.pk)
    )


def onboarding_loaded(guide: PeerGuide) -> PeerGuide:
    """The guide as missing_onboarding() and onboarding_checklist() read it: the guide itself when
    it was read with its checks, trainings and its organisation's policy (the admin's change page
    reads them with the guide, for its inlines), else read again by guide_with_onboarding()."""
    prefetched = getattr(guide, "_prefetched_objects_cache", {})
    if (
        {"checks", "trainings"} <= prefetched.keys()
        and PeerGuide.organisation.is_cached(guide)
        and Organisation.onboarding_policy.is_cached(guide.organisation)
    ):
        return guide
    return guide_with_onboarding(guide)


@dataclass(frozen=True)
class ExpiringItem:
    guide: PeerGuide
    label: str
    expires_on: datetime.date

    @property
    def days_left(self) -> int:
        return (self.expires_on - timezone.localdate()).days


def expiring_items(
    *, user, within_days: int = EXPIRY_WINDOW_DAYS, today=None
) -> list[ExpiringItem]:
    """Onboarding items and qualifications of active or paused guides that expire soon
    (or have expired), soonest first, for the user's organisations."""
    checks = scope_to_user(
        expiring_soon(OnboardingCheck.objects.all(), today=today, within_days=within_days), user
    ).select_related("guide__user")
    qualifications = scope_to_user(
        expiring_soon(Qualification.objects.all(), today=today, within_days=within_days), user
    ).select_related("guide__user")
    items = [ExpiringItem(c.guide, c.get_kind_display(), c.expires_on) for c in checks]
    items += [ExpiringItem(q.guide, q.get_kind_display(), q.expires_on) for q in qualifications]
    return sorted(items, key=lambda item: (item.expires_on, item.guide.pk))


def guides_by_email(*, organisation, emails) -> dict[str, PeerGuide]:
    """The organisation's guides whose login e-mail is one of `emails`, by lower-cased e-mail:
    how a trainee on the peer-guide training (a participant on the cohort) is found again."""
    wanted = {e.strip().lower() for e in emails if e}
    if not wanted:
        return {}
    guides = PeerGuide.objects.filter(organisation=organisation).select_related("user")
    return {g.user.email.lower(): g for g in guides if g.user.email.lower() in wanted}


# --- What needs a coordinator's attention (the admin overview, the Monday digest) ------------

STALLED_AFTER = datetime.timedelta(days=30)
ONBOARDING = (PeerGuide.Status.APPLIED, PeerGuide.Status.SCREENING, PeerGuide.Status.IN_TRAINING)
# A guide in one of these statuses no longer takes care of matches or cohorts: what they still
# hold must be handed over (volunteers.handover).
STEPPED_BACK = (PeerGuide.Status.PAUSED, PeerGuide.Status.RETIRED, PeerGuide.Status.DECLINED)


def stalled_onboarding(queryset: QuerySet[PeerGuide], *, now=None) -> QuerySet[PeerGuide]:
    """Applicants (applied, screening, in training) whose status has not moved for 30 days."""
    now = now or timezone.now()
    return queryset.filter(status__in=ONBOARDING, status_changed_at__lt=now - STALLED_AFTER)


def overdue_returns(queryset: QuerySet[PeerGuide], *, today=None) -> QuerySet[PeerGuide]:
    """Paused guides whose return date has passed: time to ask how they are."""
    today = today or timezone.localdate()
    return queryset.filter(status=PeerGuide.Status.PAUSED, paused_until__lt=today)


def expiring_soon(queryset: QuerySet, *, today=None, within_days: int = EXPIRY_WINDOW_DAYS):
    """Onboarding items or qualifications (either model) of current guides that expire within
    `within_days` or have expired: the rows `expiring_items` lists."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    current = [PeerGuide.Status.ACTIVE, PeerGuide.Status.PAUSED, PeerGuide.Status.IN_TRAINING]
    return queryset.filter(expires_on__lte=horizon, guide__status__in=current)
