from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.scoping import ORGANISATION_LIST_FILTER, OrganisationScopedAdminMixin
from participants.models import Consent, Participant
from participants.onbehalf import ParticipantOnBehalfAdminMixin
from participants.privacy_admin import PrivacyAdminMixin


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["purpose", "text_version", "given_at", "given_orally", "recorded_by", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(
    ParticipantOnBehalfAdminMixin,
    PrivacyAdminMixin,
    OrganisationScopedAdminMixin,
    admin.ModelAdmin,
):
    list_display = ["__str__", "organisation", "municipality", "birth_year", "created_at"]
    list_filter = [
        ORGANISATION_LIST_FILTER,
        "source",
        ("municipality__region", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["first_name", "last_name", "email", "phone"]
    list_select_related = ["organisation", "municipality"]
    show_full_result_count = False  # one COUNT per page, not two (issue 15)
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["experience_areas", "interests"]
    readonly_fields = ["source", "created_at", "anonymised_at"]
    inlines = [ConsentInline]
    fieldsets = [
        (None, {"fields": ["organisation", "first_name", "last_name", "language"]}),
        (_("Contact"), {"fields": ["email", "phone", "contact_note"]}),
        (
            _("For matching"),
            {"fields": ["birth_year", "gender", "municipality", "experience_areas", "interests"]},
        ),
        (_("Record"), {"fields": ["source", "created_at", "anonymised_at"]}),
    ]
