"""List filters for cohorts that need a coordinator's attention; the overview on the admin's
front page links here and counts with the same selectors."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from courses import selectors


class StartingSoonProblemFilter(admin.SimpleListFilter):
    title = _("starting soon")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("Within 14 days, too few participants or facilitators"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                pk__in=selectors.cohorts_needing_attention(queryset.model.objects.all()).values(
                    "pk"
                )
            )
        return queryset


class HandoverCohortFilter(admin.SimpleListFilter):
    title = _("hand-over")
    parameter_name = "handover"

    def lookups(self, request, model_admin):
        return [("yes", _("A facilitator stepped back"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return selectors.handover_cohorts(queryset)
        return queryset
