"""Hand-over when a guide steps back: paused, retired or declined.

The guide may still hold open matches, proposals waiting for their answer and cohorts they
facilitate. This app knows nothing of those (they live in apps above it), so it announces
`guide_stepped_back` and every app that holds such things answers with its items
(`HandoverItem`s); `matching` and `courses` connect their receivers in their `ready()`.

`announce` e-mails the organisation's coordinators the list, each in their own language, through
the notifications outbox: numbers, statuses, neutral course titles and links to the admin, no
participant and no health detail. The coordinator's overview (reports.overview) keeps showing the
same items until each is reassigned, paused or ended.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.dispatch import Signal
from django.urls import reverse

from core.models import User
from core.selectors import coordinators_of
from notifications.services import queue_email
from volunteers.models import GuideStatusChange, PeerGuide

# Sent with `guide=<PeerGuide>` after the guide's status changed to paused, retired or declined.
# A receiver returns a list of HandoverItem (empty when it has nothing).
guide_stepped_back = Signal()

KIND_ORDER = {"match": 0, "proposal": 1, "cohort": 2}


@dataclass(frozen=True)
class HandoverItem:
    kind: str  # "match" (accepted, active), "proposal" (waiting for the guide) or "cohort"
    number: int
    link: str  # absolute address of the item's admin page
    status: str = ""  # the item's status, in words (lazy: rendered in the reader's language)
    title: str = ""  # a cohort's neutral title (never the programme's name)
    date: datetime.date | None = None  # a cohort's first session


def admin_link(viewname: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(viewname, args=[pk])


def handover_items(guide: PeerGuide) -> list[HandoverItem]:
    """What the guide still holds, as the apps above this one report it."""
    items: list[HandoverItem] = []
    for _receiver, response in guide_stepped_back.send(sender=PeerGuide, guide=guide):
        items.extend(response or ())
    return sorted(items, key=lambda item: (KIND_ORDER.get(item.kind, 9), item.number))


def announce(*, guide: PeerGuide, change: GuideStatusChange, actor: User | None) -> int:
    """E-mail the coordinators what the guide leaves behind. Sent when there is something to
    hand over, and always when the guide stepped back themselves (on the dashboard), so that
    a coordinator hears of it. Returns the number of e-mails queued."""
    items = handover_items(guide)
    by_guide = actor is not None and actor.pk == guide.user_id
    if not items and not by_guide:
        return 0
    counts = {kind: sum(1 for item in items if item.kind == kind) for kind in KIND_ORDER}
    sent = 0
    for coordinator in coordinators_of(guide.organisation_id):
        queue_email(
            kind="volunteers.handover",
            to=coordinator.email,
            template="volunteers/email/handover",
            context={
                "first_name": coordinator.first_name,
                "guide_name": guide.name,
                "status": PeerGuide.Status(change.to_status).label,
                "paused_until": guide.paused_until,
                "by_guide": by_guide,
                "items": items,
                "matches": counts["match"],
                "proposals": counts["proposal"],
                "cohorts": counts["cohort"],
                "guide_link": admin_link("admin:volunteers_peerguide_change", guide.pk),
                "overview_link": settings.SITE_URL.rstrip("/") + reverse("admin:index"),
            },
            language=coordinator.language,
            about=guide,
            slot=change.pk,
        )
        sent += 1
    return sent
