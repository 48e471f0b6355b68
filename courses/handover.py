"""courses' answer to `volunteers.handover.guide_stepped_back`: the cohorts (not yet over) that
the guide facilitates (connected in CoursesConfig.ready)."""

from __future__ import annotations

from courses.models import Cohort
from courses.selectors import handover_cohorts
from volunteers.handover import HandoverItem, admin_link


def cohorts_to_hand_over(sender, guide, **kwargs) -> list[HandoverItem]:
    cohorts = handover_cohorts(Cohort.objects.all(), guide=guide).select_related("programme")
    return [
        HandoverItem(
            kind="cohort",
            number=cohort.pk,
            link=admin_link("admin:courses_cohort_change", cohort.pk),
            status=Cohort.Status(cohort.status).label,
            title=cohort.programme.neutral_title,
            date=cohort.first_date,
        )
        for cohort in cohorts.order_by("pk")
    ]
