"""The admin shows that a plan exists and when it last changed, nothing of what it says: there
is no field, inline, search or export of its content, and nobody (a superuser neither) adds,
changes or deletes a plan here. Erasure of the participant deletes it."""

from django.contrib import admin

from core.scoping import ORGANISATION_LIST_FILTER, OrganisationScopedAdminMixin
from plans.models import Plan


@admin.register(Plan)
class PlanAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "participant", "organisation", "created_at", "updated_at"]
    list_filter = [ORGANISATION_LIST_FILTER]
    list_select_related = ["participant", "organisation"]
    fields = ["participant", "organisation", "created_at", "updated_at"]
    readonly_fields = fields
    show_full_result_count = False
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
