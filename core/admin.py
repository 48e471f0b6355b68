from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core import services
from core.admin_inlines import PreloadedAutocompleteInlineMixin
from core.admin_input import CheckedAdminInputMixin
from core.fields import ModelMultipleChoiceField
from core.models import (
    CrisisContact,
    ExperienceArea,
    Interest,
    Membership,
    Municipality,
    Organisation,
    Region,
    User,
)
from core.scoping import (
    ORGANISATION_LIST_FILTER,
    OrganisationScopedAdminMixin,
    ScopedChoicesMixin,
    object_in_scope,
    scope_to_user,
)
from core.widgets import ADMIN_CSS, CHECKBOX_COLUMNS, MunicipalitiesField

admin.site.site_header = _("Peerplatform administration")
admin.site.site_title = _("Peerplatform")
admin.site.index_title = _("Coordination")


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipsThroughServicesMixin:
    """For the admin pages with memberships as rows (a user's, an organisation's): each row is
    saved or deleted through core.services, so the role groups follow the memberships."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.remove_membership(membership=membership)
        for membership in memberships:
            services.save_membership(membership=membership)
        return None


class MembershipInline(PreloadedAutocompleteInlineMixin, ScopedChoicesMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    row_select_related = ("user",)
    fields = ["organisation", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(User)
class UserAdmin(MembershipsThroughServicesMixin, CheckedAdminInputMixin, DjangoUserAdmin):
    """Users are managed by superusers; coordinators manage people through memberships."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        # An organisation admin sees the users of their own organisations only.
        return scope_to_user(super().get_queryset(request), request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The groups field and the superuser flag may have been changed by hand.
        services.sync_role_groups(user=form.instance)


@admin.register(Region)
class RegionAdmin(CheckedAdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "code", "municipality_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(municipality_count=Count("municipalities"))

    @admin.display(description=_("municipalities"), ordering="municipality_count")
    def municipality_count(self, obj):
        return obj.municipality_count


@admin.register(Municipality)
class MunicipalityAdmin(CheckedAdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


class TaxonomyAdmin(CheckedAdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(ExperienceArea, TaxonomyAdmin)
admin.site.register(Interest, TaxonomyAdmin)


class OrganisationMembershipInline(
    PreloadedAutocompleteInlineMixin, ScopedChoicesMixin, admin.TabularInline
):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    row_select_related = ("organisation",)


class OrganisationAdminForm(forms.ModelForm):
    """The organisation's page: the municipalities it serves as checkboxes by region, and a
    shortcut that adds whole regions (without JavaScript)."""

    municipalities_served = MunicipalitiesField(
        label=_("municipalities served"),
        queryset=Municipality.objects.all(),
        help_text=Organisation._meta.get_field("municipalities_served").help_text,
    )
    add_regions = ModelMultipleChoiceField(
        label=_("Add whole regions"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX_COLUMNS),
        help_text=_("Every municipality in the regions you tick is added when you save."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "municipality",
            "municipalities_served",
            "contact_email",
            "contact_phone",
            "peer_support_form",
            "crisis_procedure",
            "crisis_procedure_en",
        ]

    def clean(self):
        data = super().clean()
        regions = data.get("add_regions")
        if regions and "municipalities_served" in data:
            data["municipalities_served"] = Municipality.objects.filter(
                Q(pk__in=[m.pk for m in data["municipalities_served"]]) | Q(region__in=regions)
            )
        return data


@admin.register(Organisation)
class OrganisationAdmin(
    MembershipsThroughServicesMixin, OrganisationScopedAdminMixin, admin.ModelAdmin
):
    form = OrganisationAdminForm
    fields = [
        "name",
        "kind",
        "municipality",
        "municipalities_served",
        "add_regions",
        "contact_email",
        "contact_phone",
        "peer_support_form",
        ("crisis_procedure", "crisis_procedure_en"),
    ]
    list_display = ["name", "kind", "peer_support_form", "municipality", "region", "member_count"]
    list_filter = ["kind", "peer_support_form", "municipality__region"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality"]
    inlines = [OrganisationMembershipInline]

    class Media:
        css = ADMIN_CSS

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            fields = [name for name in fields if name != "add_regions"]
        return fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("municipality__region")
            .annotate(member_count=Count("memberships"))
        )

    @admin.display(description=_("region"), ordering="municipality__region__name")
    def region(self, obj):
        return obj.municipality.region if obj.municipality else "–"

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = [ORGANISATION_LIST_FILTER, "role"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        if not object_in_scope(obj, request.user):
            raise PermissionDenied("This membership belongs to an organisation you are not in.")
        services.save_membership(membership=obj)

    def delete_model(self, request, obj):
        services.remove_membership(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            services.remove_membership(membership=membership)


@admin.register(CrisisContact)
class CrisisContactAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    """Where to get help at once. National and regional contacts (no organisation) are kept by a
    superuser; coordinators add and edit their own organisation's."""

    list_display = ["name", "phone", "when", "organisation", "region", "order"]
    list_filter = [ORGANISATION_LIST_FILTER, "region"]
    search_fields = ["name", "phone"]
    list_select_related = ["organisation", "region"]
    ordering = ["organisation", "region", "order", "name"]

    def get_fields(self, request, obj=None):
        # Danish and English side by side (core.bilingual).
        fields = [
            "organisation",
            ("name", "name_en"),
            "phone",
            ("when", "when_en"),
            ("description", "description_en"),
            "order",
        ]
        if request.user.is_superuser:
            fields.insert(1, "region")
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "organisation" in form.base_fields:
            form.base_fields["organisation"].required = True
        return form
