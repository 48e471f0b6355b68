"""The weekly coordinator digest: one e-mail per coordinator with what needs attention.

Sections: waiting requests and how long they have waited, stale matches, cohorts starting within
two weeks with free seats or below their minimum size, and guides whose onboarding has stalled.
Items name no participant and no health detail: a request and a match are named by their number,
a cohort by its neutral title (Programme.neutral_title) and number; every item links to its page
in the admin, where the coordinator sees the rest behind the login.

Idempotent: the outbox key is kind "reports.digest" + the coordinator + the ISO week, so running
the job twice in a week sends nothing twice. A coordinator with nothing to report gets no e-mail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.models import Membership, User
from courses.models import Cohort
from courses.selectors import starting_soon, with_seats
from matching.models import SupportRequest
from matching.selectors import stale_matches, waiting_requests
from notifications.services import queue_email
from privacy.retention import due_for_retention
from volunteers.models import PeerGuide
from volunteers.selectors import stalled_onboarding

LIMIT = 15  # items per section; the rest are counted


@dataclass
class Section:
    items: list[dict] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class Digest:
    waiting: Section
    stale: Section
    cohorts: Section
    stalled: Section
    retention_participants: Section = field(default_factory=Section)
    retention_applications: Section = field(default_factory=Section)

    @property
    def is_empty(self) -> bool:
        return not any(
            section.total
            for section in (
                self.waiting,
                self.stale,
                self.cohorts,
                self.stalled,
                self.retention_participants,
                self.retention_applications,
            )
        )


def _link(viewname: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(viewname, args=[pk])


def _days(now, then) -> int:
    return max((now - then).days, 0) if then else 0


def iso_week(now: datetime.datetime) -> str:
    year, week, _weekday = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


def build_digest(*, organisation_ids: list[int], now: datetime.datetime) -> Digest:
    waiting_qs = waiting_requests(
        SupportRequest.objects.filter(organisation_id__in=organisation_ids)
    ).order_by("confirmed_at", "submitted_at")
    waiting = Section(
        items=[
            {
                "number": r.pk,
                "days": _days(now, r.waiting_since),
                "link": _link("admin:matching_supportrequest_change", r.pk),
            }
            for r in waiting_qs[:LIMIT]
        ],
        total=waiting_qs.count(),
    )
    stale_qs = (
        stale_matches(organisation_ids=organisation_ids, now=now)
        .select_related("guide__user")
        .order_by("since")
    )
    stale_list = list(stale_qs)
    stale = Section(
        items=[
            {
                "number": m.pk,
                "guide": m.guide.name,
                "days": _days(now, m.since),
                "link": _link("admin:matching_match_change", m.pk),
            }
            for m in stale_list[:LIMIT]
        ],
        total=len(stale_list),
    )
    today = timezone.localtime(now).date()
    cohort_qs = (
        with_seats(
            starting_soon(Cohort.objects.filter(organisation_id__in=organisation_ids), today=today)
        )
        .filter(Q(seats_left__gt=0) | Q(seats_taken__lt=F("programme__min_participants")))
        .select_related("programme")
        .order_by("first_date", "pk")
    )
    cohort_list = list(cohort_qs)
    cohorts = Section(
        items=[
            {
                "number": c.pk,
                "title": c.email_title,
                "first_date": c.first_date,
                "seats_left": c.seats_left,
                "seats_taken": c.seats_taken,
                "minimum": c.programme.min_participants,
                "below_minimum": c.seats_taken < c.programme.min_participants,
                "link": _link("admin:courses_cohort_change", c.pk),
            }
            for c in cohort_list[:LIMIT]
        ],
        total=len(cohort_list),
    )
    stalled_qs = (
        stalled_onboarding(PeerGuide.objects.filter(organisation_id__in=organisation_ids), now=now)
        .select_related("user")
        .order_by("status_changed_at")
    )
    stalled = Section(
        items=[
            {
                "name": g.name,
                "status": g.get_status_display(),
                "days": _days(now, g.status_changed_at),
                "link": _link("admin:volunteers_peerguide_change", g.pk),
            }
            for g in stalled_qs[:LIMIT]
        ],
        total=stalled_qs.count(),
    )
    # What the nightly retention job will anonymise or delete within 30 days: numbers only.
    due = due_for_retention(organisation_ids=organisation_ids, within_days=30, now=now)
    retention_participants = Section(
        items=[
            {"number": pk, "link": _link("admin:participants_participant_change", pk)}
            for pk in due.participants.values_list("pk", flat=True)[:LIMIT]
        ],
        total=due.participants.count(),
    )
    retention_applications = Section(
        items=[
            {"number": pk, "link": _link("admin:volunteers_peerguide_change", pk)}
            for pk in due.guide_applications.values_list("pk", flat=True)[:LIMIT]
        ],
        total=due.guide_applications.count(),
    )
    return Digest(
        waiting=waiting,
        stale=stale,
        cohorts=cohorts,
        stalled=stalled,
        retention_participants=retention_participants,
        retention_applications=retention_applications,
    )


def coordinators():
    """Active users with the coordinator role in at least one organisation."""
    return User.objects.filter(
        is_active=True,
        memberships__role=Membership.Role.COORDINATOR,
    ).distinct()


def send_coordinator_digest(*, now: datetime.datetime | None = None) -> int:
    """Queue this week's digest for every coordinator. Returns the number queued (or already
    queued this week)."""
    now = now or timezone.now()
    week = iso_week(now)
    written = 0
    for user in coordinators().order_by("pk"):
        organisation_ids = list(
            Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values_list(
                "organisation_id", flat=True
            )
        )
        digest = build_digest(organisation_ids=organisation_ids, now=now)
        if digest.is_empty:
            continue
        queue_email(
            kind="reports.digest",
            to=user.email,
            template="reports/email/digest",
            context={
                "first_name": user.first_name,
                "digest": digest,
                "week": week,
                "reports_link": settings.SITE_URL.rstrip("/") + reverse("reports:overview"),
            },
            language=user.language,
            about=user,
            slot=week,
        )
        written += 1
    return written
