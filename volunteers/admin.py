import datetime

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_actions import service_action
from core.admin_change import ChangeObjectAdminMixin
from core.admin_inlines import HistoryInline, PrefetchedRowsInlineMixin
from core.choices import SPOKEN_LANGUAGES
from core.models import ExperienceArea, Interest
from core.scoping import (
    ORGANISATION_LIST_FILTER,
    OrganisationScopedAdminMixin,
    ScopedChoicesMixin,
    scope_to_user,
)
from core.widgets import (
    ADMIN_CSS,
    CHECKBOX_COLUMNS,
    AvailabilityField,
    FitColumnsMixin,
    LanguagesField,
    ReadableWhenViewOnlyMixin,
    TermsField,
    availability_display,
    labels_display,
)
from volunteers import guide_list, selectors, services
from volunteers.admin_filters import OverdueReturnFilter, StalledOnboardingFilter
from volunteers.models import (
    GuideStatusChange,
    OnboardingCheck,
    OnboardingPolicy,
    PeerGuide,
    Qualification,
    SupervisionSession,
    TrainingRecord,
    WellbeingCheckIn,
)
from volunteers.onbehalf import ApplicantOnBehalfAdminMixin


class ExpiryFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("Expired")),
            ("soon", _("Expires within 60 days")),
            ("later", _("Later or never")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=selectors.EXPIRY_WINDOW_DAYS)
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        if self.value() == "soon":
            return queryset.filter(expires_on__gte=today, expires_on__lte=soon)
        if self.value() == "later":
            return queryset.exclude(expires_on__lte=soon)
        return queryset


class OnboardingCheckInline(PrefetchedRowsInlineMixin, ScopedChoicesMixin, admin.TabularInline):
    model = OnboardingCheck
    extra = 0
    fields = ["kind", "done_on", "expires_on", "note"]


class TrainingRecordInline(PrefetchedRowsInlineMixin, admin.TabularInline):
    model = TrainingRecord
    extra = 0
    fields = ["course_name", "completed_on", "is_peer_guide_training"]


class QualificationInline(PrefetchedRowsInlineMixin, admin.TabularInline):
    model = Qualification
    extra = 0
    fields = ["kind", "issued_on", "expires_on", "note"]


class StatusHistoryInline(PrefetchedRowsInlineMixin, HistoryInline):
    model = GuideStatusChange
    verbose_name_plural = _("status history")


class PeerGuideAdminForm(forms.ModelForm):
    """Availability as a weekday × part-of-day grid and languages as checkboxes, not JSON."""

    experience_areas = TermsField(
        queryset=ExperienceArea.objects.all(), label=_("lived experience")
    )
    interests = TermsField(queryset=Interest.objects.all(), label=_("interests"))
    availability = AvailabilityField(label=_("weekly availability"))
    languages = LanguagesField(label=_("languages spoken"))

    checklist = forms.MultipleChoiceField(
        label=_("Mark as done today"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX_COLUMNS),
        help_text=_(
            "Tick what the guide has done; it is recorded with today's date. Dates, expiry "
            "dates and notes can be changed in the rows below."
        ),
    )

    class Meta:
        model = PeerGuide
        fields = ["experience_areas", "interests", "availability", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["checklist"].choices = services.onboarding_checklist(
                selectors.onboarding_loaded(self.instance)
            )


def _transition_action(service, label, success_message):
    return service_action(
        service.__name__,
        label,
        lambda guide, request: service(
            guide=selectors.guide_with_onboarding(guide), actor=request.user
        ),
        success_message,
        related=("user", "organisation"),
    )


@admin.register(PeerGuide)
class PeerGuideAdmin(
    ChangeObjectAdminMixin,
    ApplicantOnBehalfAdminMixin,
    FitColumnsMixin,
    ReadableWhenViewOnlyMixin,
    OrganisationScopedAdminMixin,
    admin.ModelAdmin,
):
    """Coordinators' list of guides. Apps above volunteers add columns to it through
    `volunteers.guide_list` (matching: matches / capacity, days since last meeting)."""

    list_display = [
        "name",
        "status",
        "organisation",
        "employment",
        "municipality",
        "capacity",
        "days_in_status",
    ]
    list_filter = [
        "status",
        "employment",
        ORGANISATION_LIST_FILTER,
        "experience_areas",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "meets_online",
        StalledOnboardingFilter,
        OverdueReturnFilter,
    ]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "phone",
        "municipality__name",
    ]
    list_select_related = ["user", "organisation", "municipality"]
    # The change page reads the guide once with what it shows: the login, the organisation and its
    # onboarding policy, the municipality, the terms and every inline's rows (the "what is
    # missing" line and the checklist are worked out from the same rows).
    change_select_related = (*selectors.ONBOARDING_SELECT_RELATED, "municipality")
    change_prefetch_related = ("experience_areas", "interests")
    # No second COUNT over every guide for the "(N total)" link when the list is filtered.
    show_full_result_count = False
    form = PeerGuideAdminForm
    readable = {"availability": "weekly_availability", "languages": "language_names"}
    autocomplete_fields = ["user", "municipality"]
    # The consent to store the application is a record of what the person agreed to, not data a
    # coordinator edits.
    readonly_fields = [
        "status",
        "status_changed_at",
        "onboarding_status",
        "created_at",
        "application_consent_at",
        "application_consent_version",
        "application_consent_recorded_by",
        "source",
    ]
    inlines = [
        OnboardingCheckInline,
        TrainingRecordInline,
        QualificationInline,
        StatusHistoryInline,
    ]
    fieldsets = [
        (None, {"fields": ["user", "organisation", "employment", "status", "status_changed_at"]}),
        (_("Onboarding"), {"fields": ["onboarding_status"]}),
        (
            _("About the guide"),
            {
                "fields": [
                    "phone",
                    "preferred_channel",
                    "municipality",
                    "birth_year",
                    "gender",
                    "languages",
                    "experience_areas",
                    "interests",
                    "presentation",
                ]
            },
        ),
        (
            _("Meetings"),
            {
                "fields": [
                    "meets_in_person",
                    "meets_online",
                    "availability",
                    "capacity",
                    "paused_until",
                ]
            },
        ),
        (
            _("Application"),
            {
                "fields": [
                    "motivation",
                    "created_at",
                    "application_consent_at",
                    "application_consent_version",
                    "application_consent_recorded_by",
                    "source",
                ]
            },
        ),
    ]
    actions = [
        _transition_action(
            services.invite_to_interview,
            _("Invite to interview"),
            lambda n: (
                ngettext("%d guide invited to interview.", "%d guides invited to interview.", n) % n
            ),
        ),
        _transition_action(
            services.start_training,
            _("Start training"),
            lambda n: ngettext("%d guide started training.", "%d guides started training.", n) % n,
        ),
        _transition_action(
            services.activate_guide,
            _("Activate"),
            lambda n: ngettext("%d guide activated.", "%d guides activated.", n) % n,
        ),
        _transition_action(
            services.pause_guide,
            _("Pause"),
            lambda n: ngettext("%d guide paused.", "%d guides paused.", n) % n,
        ),
        _transition_action(
            services.retire_guide,
            _("Retire"),
            lambda n: ngettext("%d guide retired.", "%d guides retired.", n) % n,
        ),
        _transition_action(
            services.decline_application,
            _("Decline application"),
            lambda n: ngettext("%d application declined.", "%d applications declined.", n) % n,
        ),
    ]
    change_list_template = "admin/volunteers/peerguide/change_list.html"

    class Media:
        css = ADMIN_CSS

    def get_list_display(self, request):
        return guide_list.extend_list_display(super().get_list_display(request))

    def get_queryset(self, request):
        return guide_list.annotate_guides(super().get_queryset(request))

    # A guide's login is theirs: shown on the change page, never re-chosen there. (The user
    # field's choices are scoped to the coordinator's organisations' staff, which a guide is not,
    # so the page could not be saved; issue 12.)
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "login"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        checklist = self.has_change_permission(request, obj) and obj.status in (
            PeerGuide.Status.APPLIED,
            PeerGuide.Status.SCREENING,
            PeerGuide.Status.IN_TRAINING,
        )

        def fields(names):
            names = ["login" if f == "user" else f for f in names]
            if checklist and "onboarding_status" in names:
                names.append("checklist")
            return names

        return [
            (name, {**options, "fields": fields(options["fields"])}) for name, options in fieldsets
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        items = form.cleaned_data.get("checklist")
        if change and items:
            services.record_onboarding_items(guide=form.instance, items=items, actor=request.user)

    @admin.display(description=_("weekly availability"))
    def weekly_availability(self, obj):
        return availability_display(obj.availability)

    @admin.display(description=_("languages spoken"))
    def language_names(self, obj):
        return labels_display(obj.languages, SPOKEN_LANGUAGES)

    @admin.display(description=_("login"))
    def login(self, obj):
        return (
            f"{obj.user.get_full_name()} <{obj.user.email}>"
            if obj.user.get_full_name()
            else obj.user.email
        )

    @admin.display(description=_("name"), ordering="user__first_name")
    def name(self, obj):
        return obj.name

    @admin.display(description=_("days in status"), ordering="status_changed_at")
    def days_in_status(self, obj):
        return (timezone.now() - obj.status_changed_at).days

    @admin.display(description=_("what is missing before activation"))
    def onboarding_status(self, obj):
        if obj.pk is None:
            return "–"
        missing = services.missing_onboarding(selectors.onboarding_loaded(obj))
        if not missing:
            return _("Nothing. The guide can be activated.")
        return format_html_join("", "<div>{}</div>", ((m,) for m in missing))

    def get_urls(self):
        return [
            path(
                "expiring/",
                self.admin_site.admin_view(self.expiring_view),
                name="volunteers_peerguide_expiring",
            )
        ] + super().get_urls()

    def expiring_view(self, request):
        """Certificates and qualifications that expire within 60 days, or have expired."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Expiring within %(days)s days") % {"days": selectors.EXPIRY_WINDOW_DAYS},
            "items": selectors.expiring_items(user=request.user),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/volunteers/expiring.html", context)

    # Adding: a coordinator enters an applicant on their behalf (volunteers/onbehalf.py).


@admin.register(OnboardingPolicy)
class OnboardingPolicyAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "requires_references", "requires_criminal_record"]


class _GuideChildAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_select_related = ["guide__user"]
    autocomplete_fields = ["guide"]
    search_fields = ["guide__user__first_name", "guide__user__last_name", "guide__user__email"]


@admin.register(OnboardingCheck)
class OnboardingCheckAdmin(_GuideChildAdmin):
    list_display = ["guide", "kind", "done_on", "expires_on"]
    list_filter = ["kind", ExpiryFilter]
    exclude = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(Qualification)
class QualificationAdmin(_GuideChildAdmin):
    list_display = ["guide", "kind", "issued_on", "expires_on"]
    list_filter = ["kind", ExpiryFilter]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(_GuideChildAdmin):
    list_display = ["guide", "course_name", "completed_on", "is_peer_guide_training"]
    list_filter = ["is_peer_guide_training"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "organisation", "supervisor", "attendee_count"]
    list_filter = ["kind", ORGANISATION_LIST_FILTER]
    # A search box over the organisation's guides, not a list of every guide on the page.
    autocomplete_fields = ["attendees"]
    date_hierarchy = "date"
    search_fields = ["supervisor", "attendees__user__first_name", "attendees__user__last_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attendee_count=Count("attendees"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "attendees":
            kwargs["queryset"] = scope_to_user(
                PeerGuide.objects.select_related("user"), request.user
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("attendees"), ordering="attendee_count")
    def attendee_count(self, obj):
        return obj.attendee_count

    def save_related(self, request, form, formsets, change):
        # Not form.save_m2m(): the attendees go through the service, which leaves out guides of
        # another organisation.
        left_out = []
        if "attendees" in form.cleaned_data:
            left_out = services.set_supervision_attendees(
                session=form.instance, guides=form.cleaned_data["attendees"]
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        if left_out:
            self.message_user(
                request,
                _("Guides from another organisation were removed from the attendees."),
                messages.WARNING,
            )


class NeedsFollowUpFilter(admin.SimpleListFilter):
    title = _("follow-up")
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [("yes", _("Needs follow-up")), ("no", _("Followed up or fine"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_follow_up=True)
        if self.value() == "no":
            return queryset.filter(needs_follow_up=False)
        return queryset


@admin.register(WellbeingCheckIn)
class WellbeingCheckInAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["guide", "answer", "wants_contact", "created_at", "needs_follow_up"]
    list_filter = [NeedsFollowUpFilter, "answer", "wants_contact"]
    list_select_related = ["guide__user"]
    search_fields = ["guide__user__first_name", "guide__user__last_name"]
    readonly_fields = [
        "guide",
        "answer",
        "wants_contact",
        "comment",
        "created_at",
        "needs_follow_up",
        "followed_up_at",
        "followed_up_by",
    ]
    actions = ["mark_followed_up"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as followed up"))
    def mark_followed_up(self, request, queryset):
        for checkin in queryset.filter(needs_follow_up=True):
            services.mark_checkin_followed_up(checkin=checkin, actor=request.user)
        self.message_user(request, _("Marked as followed up."), messages.SUCCESS)
