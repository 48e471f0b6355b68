"""Retention: how long personal data is kept, and the nightly job that enforces it.

- A participant with nothing open (no row any app declares open in the participant-data registry:
  a request submitted, waiting or matched, a match proposed, accepted, active or paused, a course
  sign-up pending, waitlisted or enrolled; core/registry.py) and no activity for their
  organisation's period (RetentionPolicy.months, default 24) is anonymised with the same service
  as a request for erasure (privacy.services.erase_participant).
- A declined guide application is deleted 6 months after it was declined, with the applicant's
  login when that login has no other role.

`due_for_retention` lists what the job will do within the next days, for the coordinator digest.

"Activity" is the latest of the dates the apps declare as `activity` in the registry: the
participant's creation, a consent given or withdrawn, a request submitted, confirmed or changing
status, a match changing status or ending, a meeting (planned or held), a sign-up, confirmation,
seat, withdrawal or session of a course, attendance recorded, and a WHO-5 questionnaire due or
answered.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils import timezone

from core import audit, registry
from core.models import Organisation
from notifications.services import delete_expired_short_links, scrub_recipient
from participants.models import Participant
from privacy.models import DEFAULT_RETENTION_MONTHS, RetentionPolicy
from privacy.services import erase_participant
from volunteers.models import PeerGuide

logger = logging.getLogger(__name__)

DECLINED_APPLICATION_MONTHS = 6


def retention_months(organisation_ids=None) -> dict[int, int]:
    """Organisation id → months to keep (the policy's, else the default)."""
    organisations = Organisation.objects.all()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=list(organisation_ids))
    policies = dict(RetentionPolicy.objects.values_list("organisation_id", "months"))
    return {
        pk: policies.get(pk, DEFAULT_RETENTION_MONTHS)
        for pk in organisations.values_list("pk", flat=True)
    }


def _has_open() -> Q:
    """Something the apps declare still open for the person."""
    has_open = Q(pk__in=[])
    for holding in registry.holdings():
        if holding.open is not None:
            has_open |= Q(holding.exists(holding.open))
    return has_open


def _active_after(cutoff: datetime.datetime) -> Q:
    """Any date the apps declare as the person's activity is later than `cutoff`."""
    active = Q(pk__in=[])
    for holding in registry.holdings():
        if holding.activity:
            later = Q()
            for lookup in holding.activity:
                later |= Q(**{f"{lookup}__gt": cutoff})
            active |= Q(holding.exists(later))
    return active


def participants_due(
    *, organisation_ids=None, now: datetime.datetime | None = None, within_days: int = 0
) -> QuerySet:
    """Participants the job anonymises by `now + within_days` (not yet anonymised)."""
    now = (now or timezone.now()) + datetime.timedelta(days=within_days)
    by_months: dict[int, list[int]] = {}
    for organisation_id, months in retention_months(organisation_ids).items():
        by_months.setdefault(months, []).append(organisation_id)
    if not by_months:
        return Participant.objects.none()
    due = Q(pk__in=[])
    for months, ids in by_months.items():
        cutoff = now - relativedelta(months=months)
        due |= Q(organisation_id__in=ids) & ~_active_after(cutoff)
    return (
        Participant.objects.filter(anonymised_at__isnull=True)
        .exclude(_has_open())
        .filter(due)
        .order_by("pk")
    )


def guide_applications_due(
    *, organisation_ids=None, now: datetime.datetime | None = None, within_days: int = 0
) -> QuerySet:
    """Declined guide applications the job deletes by `now + within_days`."""
    now = (now or timezone.now()) + datetime.timedelta(days=within_days)
    guides = PeerGuide.objects.filter(
        status=PeerGuide.Status.DECLINED,
        status_changed_at__lte=now - relativedelta(months=DECLINED_APPLICATION_MONTHS),
    )
    if organisation_ids is not None:
        guides = guides.filter(organisation_id__in=list(organisation_ids))
    return guides.order_by("pk")


@dataclass
class RetentionDue:
    participants: QuerySet
    guide_applications: QuerySet


def due_for_retention(
    *, organisation_ids, within_days: int = 30, now: datetime.datetime | None = None
) -> RetentionDue:
    """What the nightly job will anonymise or delete within `within_days`, for the coordinator
    digest. Name no one in the digest: use the numbers (pk) and link to the admin pages."""
    return RetentionDue(
        participants=participants_due(
            organisation_ids=organisation_ids, now=now, within_days=within_days
        ),
        guide_applications=guide_applications_due(
            organisation_ids=organisation_ids, now=now, within_days=within_days
        ),
    )


@transaction.atomic
def delete_guide_application(*, guide, now: datetime.datetime | None = None) -> bool:
    """Delete a declined application (and the login if it has no other role). Returns False when
    the guide is no longer due or is still referenced (a match, say)."""
    now = now or timezone.now()
    guide = (
        PeerGuide.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=guide.pk)
        .first()
    )
    if guide is None or not guide_applications_due(now=now).filter(pk=guide.pk).exists():
        return False
    user = guide.user
    contacts = [user.email, guide.phone]
    audit.scrub_entries(
        [guide, *guide.checks.all(), *guide.trainings.all(), *guide.qualifications.all()],
        object_repr=audit.ERASED,
    )
    pk = guide.pk
    try:
        with transaction.atomic(), disable_auditlog():
            guide.delete()
    except ProtectedError:
        logger.warning("Declined guide application %s is still referenced; kept.", pk)
        return False
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(PeerGuide),
        object_pk=str(pk),
        object_id=pk,
        object_repr=audit.ERASED,
        action=LogEntry.Action.DELETE,
        changes={},
        additional_data={"reason": "retention"},
        timestamp=now,
    )
    if not (user.is_staff or user.is_superuser or user.memberships.exists()):
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            logger.warning("The login of deleted application %s is still referenced; kept.", pk)
    for contact in contacts:
        scrub_recipient(contact)
    return True


def apply_retention(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The nightly job: anonymise participants past their period, delete old declined
    applications and short links that have expired. Each in its own transaction; safe to run
    twice."""
    now = now or timezone.now()
    anonymised = 0
    for participant in participants_due(now=now).iterator():
        erase_participant(participant=participant, actor=None, reason="retention")
        anonymised += 1
    deleted = sum(
        delete_guide_application(guide=guide, now=now)
        for guide in list(guide_applications_due(now=now))
    )
    return {
        "anonymised": anonymised,
        "deleted_applications": deleted,
        "expired_short_links": delete_expired_short_links(now=now),
    }
