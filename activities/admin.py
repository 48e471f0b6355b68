"""Coordinators publish the guides' activities here, and set whether guides publish directly."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activities import services
from activities.models import Activity, ActivityPolicy, Follow, Occurrence, Rsvp
from core.admin_actions import run_for_each
from core.scoping import ORGANISATION_LIST_FILTER, OrganisationScopedAdminMixin


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    fields = ["starts_at", "ends_at", "cancelled_at", "cancel_reason", "attendance_count"]
    readonly_fields = ["starts_at", "ends_at", "cancelled_at", "cancel_reason"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity")


@admin.register(Activity)
class ActivityAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "repeat", "first_date", "municipality"]
    list_filter = ["status", ORGANISATION_LIST_FILTER, "is_online", "repeat"]
    search_fields = ["title", "place", "municipality__name"]
    autocomplete_fields = ["municipality", "hosts"]
    filter_horizontal = ["interests"]
    readonly_fields = [
        "status",
        "proposed_by",
        "published_at",
        "published_by",
        "created_at",
        "edited_at",
        "edited_by",
    ]
    inlines = [OccurrenceInline]
    actions = ["publish", "decline"]

    @admin.action(description=_("Publish (show in the calendar)"))
    def publish(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda activity: services.publish_activity(activity=activity, actor=request.user),
            label=str,
            success=lambda n: (
                ngettext("%(n)d activity published.", "%(n)d activities published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Do not publish"))
    def decline(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda activity: services.decline_activity(activity=activity, actor=request.user),
            label=str,
            success=lambda n: (
                ngettext("%(n)d activity not published.", "%(n)d activities not published.", n)
                % {"n": n}
            ),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # New dates, skipped dates or times: the coming 12 weeks follow.
        services.generate_occurrences(activity=form.instance)


class RsvpInline(admin.TabularInline):
    model = Rsvp
    fields = ["participant", "status", "confirmed_at", "attended"]
    readonly_fields = ["participant", "status", "confirmed_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("participant", "occurrence__activity")


@admin.register(Occurrence)
class OccurrenceAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["activity", "starts_at", "cancelled_at", "attendance_count"]
    list_filter = [("activity__organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["activity__title"]
    date_hierarchy = "starts_at"
    fields = [
        "activity",
        "starts_at",
        "ends_at",
        "cancelled_at",
        "cancel_reason",
        "attendance_count",
    ]
    readonly_fields = ["activity", "starts_at", "ends_at", "cancelled_at", "cancel_reason"]
    inlines = [RsvpInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity")

    def has_add_permission(self, request):
        return False


@admin.register(ActivityPolicy)
class ActivityPolicyAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "guides_publish_directly"]


@admin.register(Follow)
class FollowAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    """Who asked to hear about new activities (read only: people start and stop it themselves)."""

    list_display = ["participant", "interest", "municipality", "status", "confirmed_at"]
    list_filter = ["status", "interest"]
    list_select_related = ["participant", "interest", "municipality"]
    fields = list_display + ["created_at", "stopped_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
