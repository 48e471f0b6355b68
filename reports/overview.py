"""The coordinator's overview: the front page of the admin (registered in ReportsConfig.ready).

What needs attention now in the organisations the viewer may see (a superuser: all), each item
a count and a link to the admin list that shows exactly the counted rows. The definitions live
with their models (matching, courses and volunteers selectors) and the admin list filters use
the same functions, so the number and the list cannot drift apart; the Monday digest
(reports.digest) uses them too.

A fixed number of queries, whatever the number of rows: one aggregate per model, each count a
`pk IN (selector)` filter, plus the two small reads `stale_matches` needs and one for the names
of the guides who stepped back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import organisation_ids_for, scope_to_user
from courses.models import Cohort
from courses.selectors import cohorts_needing_attention, handover_cohorts
from matching.models import Match, SupportRequest
from matching.selectors import (
    fit_check_said_no,
    handover_matches,
    stale_matches,
    unanswered_proposals,
    waiting_requests,
)
from volunteers.models import OnboardingCheck, PeerGuide, Qualification, WellbeingCheckIn
from volunteers.selectors import (
    STEPPED_BACK,
    expiring_soon,
    overdue_returns,
    stalled_onboarding,
)

HANDOVER_NAMES = 10  # guides named in the hand-over section; the rest are counted


@dataclass(frozen=True)
class Item:
    key: str
    count: int
    label: str
    url: str
    detail: str = ""


@dataclass
class Overview:
    items: list[Item]
    handover: list[Item]
    handover_guides: list[PeerGuide] = field(default_factory=list)

    @property
    def handover_total(self) -> int:
        return sum(item.count for item in self.handover)

    def get(self, key: str) -> Item:
        return next(item for item in [*self.items, *self.handover] if item.key == key)


def _in(queryset: QuerySet) -> Q:
    return Q(pk__in=queryset.values("pk"))


def _link(viewname: str, query: str = "") -> str:
    return reverse(viewname) + (f"?{query}" if query else "")


def _stale(user, now) -> QuerySet[Match]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return stale_matches(now=now)
    return stale_matches(organisation_ids=organisation_ids_for(user), now=now)


def coordinator_overview(*, user, now: datetime.datetime | None = None) -> Overview:
    now = now or timezone.now()
    today = timezone.localdate(now)

    def scoped(model):
        return scope_to_user(model.objects.all(), user)

    requests = scoped(SupportRequest)
    waiting = waiting_requests(requests).aggregate(
        count=Count("pk"), since=Min(Coalesce("confirmed_at", "submitted_at"))
    )
    matches = scoped(Match)
    m = matches.aggregate(
        unanswered=Count("pk", filter=_in(unanswered_proposals(matches, now=now))),
        stale=Count("pk", filter=_in(_stale(user, now))),
        fit_no=Count("pk", filter=_in(fit_check_said_no(matches))),
        handover_matches=Count(
            "pk", filter=_in(handover_matches(matches).exclude(status=Match.Status.PROPOSED))
        ),
        handover_proposals=Count(
            "pk", filter=_in(handover_matches(matches).filter(status=Match.Status.PROPOSED))
        ),
    )
    checkins = scoped(WellbeingCheckIn).filter(needs_follow_up=True).count()
    guides = scoped(PeerGuide)
    g = guides.aggregate(
        stalled=Count("pk", filter=_in(stalled_onboarding(guides, now=now))),
        overdue=Count("pk", filter=_in(overdue_returns(guides, today=today))),
    )
    expiring = (
        expiring_soon(scoped(OnboardingCheck), today=today).count()
        + expiring_soon(scoped(Qualification), today=today).count()
    )
    cohorts = scoped(Cohort)
    c = cohorts.aggregate(
        attention=Count("pk", filter=_in(cohorts_needing_attention(cohorts, today=today))),
        handover=Count("pk", filter=_in(handover_cohorts(cohorts))),
    )

    longest = (now - waiting["since"]).days if waiting["since"] else 0
    items = [
        Item(
            "waiting",
            waiting["count"],
            _("requests waiting for a guide"),
            _link("admin:matching_supportrequest_changelist", "status__exact=waiting"),
            detail=(_("longest wait: %(days)s days") % {"days": longest})
            if waiting["count"]
            else "",
        ),
        Item(
            "unanswered",
            m["unanswered"],
            _("proposals not answered for more than 3 days"),
            _link("admin:matching_match_changelist", "unanswered=yes"),
        ),
        Item(
            "stale",
            m["stale"],
            _("matches without a meeting for too long"),
            _link("admin:matching_match_changelist", "stale=yes"),
        ),
        Item(
            "fit_no",
            m["fit_no"],
            _("matches where the fit check said no"),
            _link("admin:matching_match_changelist", "fit_check=no"),
        ),
        Item(
            "checkins",
            checkins,
            _("guides' well-being check-ins that need follow-up"),
            _link("admin:volunteers_wellbeingcheckin_changelist", "follow_up=yes"),
        ),
        Item(
            "stalled",
            g["stalled"],
            _("applicants whose onboarding has not moved for 30 days"),
            _link("admin:volunteers_peerguide_changelist", "stalled=yes"),
        ),
        Item(
            "expiring",
            expiring,
            _("certificates that expire within 60 days (or have expired)"),
            _link("admin:volunteers_peerguide_expiring"),
        ),
        Item(
            "cohorts",
            c["attention"],
            _("cohorts starting within 14 days with too few participants or facilitators"),
            _link("admin:courses_cohort_changelist", "attention=yes"),
        ),
        Item(
            "overdue",
            g["overdue"],
            _("paused guides whose return date has passed"),
            _link("admin:volunteers_peerguide_changelist", "return=overdue"),
        ),
    ]
    handover = [
        Item(
            "handover_matches",
            m["handover_matches"],
            _("running matches"),
            _link("admin:matching_match_changelist", "handover=matches"),
        ),
        Item(
            "handover_proposals",
            m["handover_proposals"],
            _("unanswered proposals"),
            _link("admin:matching_match_changelist", "handover=proposals"),
        ),
        Item(
            "handover_cohorts",
            c["handover"],
            _("cohorts they facilitate"),
            _link("admin:courses_cohort_changelist", "handover=yes"),
        ),
    ]
    names = []
    if any(item.count for item in handover):
        names = list(
            guides.filter(status__in=STEPPED_BACK)
            .filter(
                Exists(handover_matches(Match.objects.filter(guide=OuterRef("pk"))))
                | Exists(handover_cohorts(Cohort.objects.filter(facilitators=OuterRef("pk"))))
            )
            .select_related("user")
            .order_by("status_changed_at", "pk")[:HANDOVER_NAMES]
        )
    return Overview(items=items, handover=handover, handover_guides=names)


def index_context(request) -> dict | None:
    """The admin front page's section (core.admin_site)."""
    if not request.user.is_active or not request.user.is_staff:
        return None
    return {"overview": coordinator_overview(user=request.user)}
