"""Retention: how long personal data is kept, and the nightly job that enforces it.

- A participant with nothing open (no request submitted/waiting/matched, no match proposed/
  accepted/active/paused, no enrollment pending/waitlisted/enrolled) and no activity for their
  organisation's period (RetentionPolicy.months, default 24) is anonymised with the same service
  as a request for erasure (participants.privacy.erase_participant).
- A declined guide application is deleted 6 months after it was declined, with the applicant's
  login when that login has no other role.

`due_for_retention` lists what the job will do within the next days, for the coordinator digest.
Matching, courses and volunteers are read through the app registry (participants sits below
matching and courses, beside volunteers; DESIGN.md).

"Activity" is the latest of: the participant's creation, a consent given or withdrawn, a request
submitted, confirmed or changing status, a match changing status or ending, a meeting (planned or
held), a sign-up, confirmation, seat, withdrawal or session of a course, attendance recorded, and a
WHO-5 questionnaire due or answered.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q, QuerySet
from django.utils import timezone

from core import audit
from core.models import Organisation
from notifications.services import scrub_recipient
from participants.models import Participant
from privacy.models import DEFAULT_RETENTION_MONTHS, RetentionPolicy
from privacy.services import erase_participant

logger = logging.getLogger(__name__)

DECLINED_APPLICATION_MONTHS = 6
OPEN_REQUEST = ("submitted", "waiting", "matched")
OPEN_MATCH = ("proposed", "accepted", "active", "paused")
OPEN_ENROLLMENT = ("pending", "waitlisted", "enrolled")


def _model(label: str):
    return apps.get_model(label)


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


def _exists(label: str, path: str, **filters) -> Exists:
    return Exists(_model(label).objects.filter(**{path: OuterRef("pk")}, **filters))


def _has_open() -> Q:
    return Q(
        _exists("matching.SupportRequest", "participant", status__in=OPEN_REQUEST)
        | _exists("matching.Match", "request__participant", status__in=OPEN_MATCH)
        | _exists("courses.Enrollment", "participant", status__in=OPEN_ENROLLMENT)
    )


def _active_after(cutoff: datetime.datetime) -> Q:
    def any_of(label, path, fields):
        model = _model(label)
        when = Q()
        for field in fields:
            when |= Q(**{f"{field}__gt": cutoff})
        return Exists(model.objects.filter(when, **{path: OuterRef("pk")}))

    return (
        Q(created_at__gt=cutoff)
        | Q(any_of("participants.Consent", "participant", ["given_at", "withdrawn_at"]))
        | Q(
            any_of(
                "matching.SupportRequest",
                "participant",
                ["submitted_at", "confirmed_at", "status_changed_at"],
            )
        )
        | Q(
            any_of(
                "matching.Match",
                "request__participant",
                ["proposed_at", "started_at", "ended_at", "status_changed_at"],
            )
        )
        | Q(any_of("matching.Meeting", "match__request__participant", ["starts_at", "updated_at"]))
        | Q(
            any_of(
                "courses.Enrollment",
                "participant",
                ["created_at", "confirmed_at", "enrolled_at", "withdrawn_at"],
            )
        )
        | Q(any_of("courses.CohortSession", "cohort__enrollments__participant", ["starts_at"]))
        | Q(
            any_of(
                "courses.Attendance",
                "enrollment__participant",
                ["recorded_at"],
            )
        )
        | Q(any_of("participants.WellBeingMeasurement", "participant", ["due_at", "answered_at"]))
    )


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
    PeerGuide = _model("volunteers.PeerGuide")
    guides = PeerGuide.objects.filter(
        status="declined",
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
    PeerGuide = _model("volunteers.PeerGuide")
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
    applications. Each in its own transaction; safe to run twice."""
    now = now or timezone.now()
    anonymised = 0
    for participant in participants_due(now=now).iterator():
        erase_participant(participant=participant, actor=None, reason="retention")
        anonymised += 1
    deleted = sum(
        delete_guide_application(guide=guide, now=now)
        for guide in list(guide_applications_due(now=now))
    )
    return {"anonymised": anonymised, "deleted_applications": deleted}
