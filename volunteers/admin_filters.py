"""List filters for what needs a coordinator's attention among guides; the overview on the
admin's front page links here and counts with the same selectors."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from volunteers import selectors


class StalledOnboardingFilter(admin.SimpleListFilter):
    title = _("onboarding")
    parameter_name = "stalled"

    def lookups(self, request, model_admin):
        return [("yes", _("Not moved for 30 days"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return selectors.stalled_onboarding(queryset)
        return queryset


class OverdueReturnFilter(admin.SimpleListFilter):
    title = _("return from a break")
    parameter_name = "return"

    def lookups(self, request, model_admin):
        return [("overdue", _("Return date has passed"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return selectors.overdue_returns(queryset)
        return queryset
