"""List filters for what needs a coordinator's attention: the overview on the admin's front page
links to the match list through these, and each counts exactly what the overview counts (both
use matching.selectors)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matching import selectors
from matching.models import Match


class UnansweredFilter(admin.SimpleListFilter):
    title = _("proposal")
    parameter_name = "unanswered"

    def lookups(self, request, model_admin):
        return [("yes", _("Not answered for more than 3 days"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return selectors.unanswered_proposals(queryset)
        return queryset


class FitCheckFilter(admin.SimpleListFilter):
    title = _("fit check")
    parameter_name = "fit_check"

    def lookups(self, request, model_admin):
        return [("no", _("Someone answered no (match still running)"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return selectors.fit_check_said_no(queryset)
        return queryset


class HandoverFilter(admin.SimpleListFilter):
    title = _("hand-over")
    parameter_name = "handover"

    def lookups(self, request, model_admin):
        return [
            ("matches", _("Running, guide stepped back")),
            ("proposals", _("Proposed, guide stepped back")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "matches":
            return selectors.handover_matches(queryset).exclude(status=Match.Status.PROPOSED)
        if self.value() == "proposals":
            return selectors.handover_matches(queryset).filter(status=Match.Status.PROPOSED)
        return queryset
