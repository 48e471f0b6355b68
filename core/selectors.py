"""Reads shared by every app: who coordinates an organisation, where to get help in a crisis,
which organisations serve a municipality, the taxonomy terms."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet

from core import versions
from core.models import (
    CrisisContact,
    Membership,
    Municipality,
    Organisation,
    TaxonomyTerm,
    User,
)


def coordinators_of(organisation_id: int) -> QuerySet[User]:
    """The active coordinators and organisation admins of an organisation (who gets its alerts)."""
    return (
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN],
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "email")
    )


def organisations_serving(municipality: Municipality | int) -> QuerySet[Organisation]:
    """The organisations that take people who live in `municipality`, by name: those that
    declared it among the municipalities they serve, and those that declared none and are based
    there (an organisation serves its own municipality until it says otherwise)."""
    municipality_id = getattr(municipality, "pk", municipality)
    served = Organisation.municipalities_served.through.objects.filter(
        organisation_id=OuterRef("pk")
    )
    return Organisation.objects.filter(
        Q(Exists(served.filter(municipality_id=municipality_id)))
        | (~Q(Exists(served)) & Q(municipality_id=municipality_id))
    ).order_by("name")


CRISIS_CACHE_SECONDS = 300
_CRISIS_VERSION_KEY = "core:crisis-contacts:version"


def crisis_version() -> int | None:
    """The crisis contacts' cache version (None when the cache is down): a change to a contact
    or an organisation gives a new one (core.signals)."""
    return versions.current(_CRISIS_VERSION_KEY)


def crisis_contacts(organisation: Organisation | None = None) -> list[CrisisContact]:
    """National contacts, then the organisation's region's and its own, in their order.

    Shown on every participant page and in every e-mail, so kept in the cache for a few minutes;
    any change to a contact or an organisation starts a new cache version (core.signals). Without
    a cache it reads the database."""
    key = None
    version = crisis_version()
    try:
        if version is not None:
            key = f"core:crisis-contacts:{version}:{organisation.pk if organisation else 0}"
        cached = cache.get(key) if key else None
    except Exception:  # noqa: BLE001 - a cache outage must not hide the crisis box
        cached = None
    if cached is not None:
        return cached
    where = Q(organisation__isnull=True, region__isnull=True)
    if organisation is not None:
        where |= Q(organisation_id=organisation.pk)
        if organisation.municipality_id:
            where |= Q(region__municipalities__id=organisation.municipality_id)
    contacts = list(CrisisContact.objects.filter(where).order_by("order", "name"))
    if key is not None:
        try:
            cache.set(key, contacts, CRISIS_CACHE_SECONDS)
        except Exception:  # noqa: BLE001, S110 - see above
            pass
    return contacts


def crisis_contacts_changed() -> None:
    versions.renew(_CRISIS_VERSION_KEY)


# --- Taxonomy terms -------------------------------------------------------------------------

TERMS_CACHE_SECONDS = 3600
_TERMS_VERSION_KEY = "core:terms:version"


def terms(model: type[TaxonomyTerm]) -> list[TaxonomyTerm]:
    """Every term of `model` (ExperienceArea or Interest), retired ones too, in their order.

    Small reference data that matching pages name several times (the reasons of a suggestion,
    the checkboxes of a form), so kept in the cache: saving or deleting a term starts a new
    version (core.signals), now and again after commit, so that terms read before the commit
    are not kept under the new one. An entry also expires after `TERMS_CACHE_SECONDS`, which
    bounds what a change that sends no signal (a bulk `update()`) can leave unseen. The names
    are kept in both languages: `term.label` is the reader's. Without a cache it reads the
    database."""
    version = versions.current(_TERMS_VERSION_KEY)
    key = f"core:terms:{version}:{model._meta.label_lower}" if version is not None else None
    try:
        kept = cache.get(key) if key else None
    except Exception:  # noqa: BLE001 - read the database
        kept = None
    if kept is not None:
        return kept
    found = list(model.objects.all())
    if key is not None:
        try:
            cache.set(key, found, TERMS_CACHE_SECONDS)
        except Exception:  # noqa: BLE001, S110 - the next view reads again
            pass
    return found


def terms_changed() -> None:
    versions.renew_now_and_after_commit(_TERMS_VERSION_KEY)
