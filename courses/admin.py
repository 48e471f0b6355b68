"""Coordinators run cohorts in the admin: seats, waitlist, facilitators, sessions, results."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_actions import run_for_each, service_action
from core.admin_inlines import HistoryInline, LatestRowsInlineMixin, preload_autocomplete
from core.admin_input import CheckedAdminInputMixin, CheckedChangeList
from core.scoping import (
    ORGANISATION_LIST_FILTER,
    OrganisationScopedAdminMixin,
    ScopedChoicesMixin,
    object_in_scope,
    scope_to_user,
)
from courses import selectors, services
from courses.admin_filters import HandoverCohortFilter, StartingSoonProblemFilter
from courses.forms import (
    AddSessionForm,
    CancelCohortForm,
    CohortAdminForm,
    EnrollmentAdminForm,
    FinishCohortForm,
    ReopenCohortForm,
    SessionAdminForm,
    SessionAttendanceForm,
)
from courses.models import (
    Attendance,
    Cohort,
    CohortSession,
    CohortStatusChange,
    Enrollment,
    Programme,
    SessionChange,
    SessionPlanItem,
)
from courses.onbehalf import EnrollmentOnBehalfAdminMixin
from volunteers.models import PeerGuide


class SessionPlanItemInline(admin.TabularInline):
    model = SessionPlanItem
    extra = 0
    fields = ["number", "title", "title_en", "description", "description_en"]


@admin.register(Programme)
class ProgrammeAdmin(CheckedAdminInputMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "target_group",
        "default_sessions",
        "session_minutes",
        "max_participants",
        "facilitators_required",
        "completion_min_sessions",
        "peer_support_form",
        "is_active",
    ]
    list_filter = ["kind", "peer_support_form", "is_active"]
    search_fields = ["name", "name_en", "target_group"]
    inlines = [SessionPlanItemInline]
    # Each text the participants read in Danish and English side by side (core.bilingual).
    fields = [
        ("name", "name_en"),
        "kind",
        ("target_group", "target_group_en"),
        ("description", "description_en"),
        ("neutral_title", "neutral_title_en"),
        "default_sessions",
        "session_minutes",
        "min_participants",
        "max_participants",
        "facilitators_required",
        "required_qualification",
        "completion_min_sessions",
        "has_information_meeting",
        "is_active",
        "peer_support_form",
    ]


class CohortSessionInline(LatestRowsInlineMixin, admin.TabularInline):
    """The latest 20 sessions in date order; a link leads to the list of all of them."""

    model = CohortSession
    latest_ordering = ("-starts_at", "-pk")
    display_reversed = True
    extra = 0
    fields = ["number", "title", "starts_at", "ends_at", "status", "change_link", "attendance_link"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("sessions (move or cancel one with its link)")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("move or cancel"))
    def change_link(self, obj):
        url = reverse("admin:courses_cohortsession_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Move or cancel"))

    @admin.display(description=_("attendance"))
    def attendance_link(self, obj):
        if obj.is_cancelled:
            return "–"
        if obj.starts_at > timezone.now():
            return _("from %(date)s") % {"date": services.danish_date(obj.starts_at)}
        url = reverse("admin:courses_cohort_session_attendance", args=[obj.cohort_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Record attendance"))


class EnrollmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["participant", "status", "sessions_attended", "waitlisted_at", "enrolled_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            selectors.enrollments_with_attendance(super().get_queryset(request))
            .select_related("cohort")
            .order_by("status", "waitlisted_at", "pk")
        )

    @admin.display(description=_("sessions attended"))
    def sessions_attended(self, obj):
        return obj.sessions_attended


class StatusHistoryInline(HistoryInline):
    model = CohortStatusChange
    verbose_name_plural = _("status history")


def _transition_action(service, label, success):
    return service_action(
        service.__name__,
        label,
        lambda cohort, request: service(cohort=cohort, actor=request.user),
        success,
        label=str,
    )


class _CohortChangeList(CheckedChangeList):
    def get_results(self, request):
        super().get_results(request)
        names = selectors.facilitator_names(cohort_ids=[c.pk for c in self.result_list])
        for cohort in self.result_list:
            cohort.facilitator_name_list = names.get(cohort.pk, [])


@admin.register(Cohort)
class CohortAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    form = CohortAdminForm
    list_display = [
        "title",
        "programme",
        "organisation",
        "status",
        "seats",
        "waitlist",
        "facilitator_names",
        "next_session",
    ]
    list_filter = [
        "status",
        "programme",
        ORGANISATION_LIST_FILTER,
        "is_online",
        StartingSoonProblemFilter,
        HandoverCohortFilter,
    ]
    search_fields = ["title", "venue", "municipality__name"]
    show_full_result_count = False  # one COUNT per page, not two (issue 15)
    # A search box over the organisation's guides, not a list of every guide on the page.
    autocomplete_fields = ["municipality", "facilitators"]
    inlines = [CohortSessionInline, EnrollmentInline, StatusHistoryInline]
    readonly_fields = ["status", "facilitator_check", "documents", "next_steps", "skipped_days"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "programme",
                    "organisation",
                    ("title", "title_en"),
                    "status",
                    "next_steps",
                    "documents",
                ]
            },
        ),
        (_("Facilitators"), {"fields": ["facilitators", "facilitator_check"]}),
        (
            _("Place"),
            {"fields": ["is_online", "venue", "address", "municipality", "online_details"]},
        ),
        (
            _("Dates"),
            {
                "fields": [
                    "first_date",
                    "weekday",
                    "start_time",
                    "session_minutes",
                    "skip_dates_text",
                    "skipped_days",
                ]
            },
        ),
        (
            _("Sign-up"),
            {
                "fields": [
                    "capacity",
                    "signup_opens",
                    "signup_closes",
                    "language",
                    "completion_min_sessions",
                    ("description", "description_en"),
                ]
            },
        ),
    ]
    actions = [
        _transition_action(
            services.open_cohort,
            _("Open for sign-up"),
            lambda n: ngettext("%d cohort opened.", "%d cohorts opened.", n) % n,
        ),
        _transition_action(
            services.start_cohort,
            _("Start (the first session has been held)"),
            lambda n: ngettext("%d cohort started.", "%d cohorts started.", n) % n,
        ),
        "finish_cohorts",
        "cancel_cohorts",
    ]

    def get_queryset(self, request):
        # The facilitators' names come in one flat query for the list's page (_CohortChangeList).
        return (
            selectors.cohorts_for_coordinator(user=request.user)
            .select_related("municipality")
            .prefetch_related(None)
        )

    def get_changelist(self, request, **kwargs):
        return _CohortChangeList

    def get_object(self, request, object_id, from_field=None):
        # The change page lists the facilitators three times (the form's value, the widget, the
        # check): read them once, with their users.
        cohort = super().get_object(request, object_id, from_field)
        if cohort is not None:
            selectors.with_facilitators(cohort)
        return cohort

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            # The widgets name the chosen guides and municipality from the cohort as read. Only
            # its own organisation's guides: those the widget's (scoped) choices certainly offer.
            form = context["adminform"].form
            if "facilitators" in form.fields:
                preload_autocomplete(
                    form.fields["facilitators"],
                    [g for g in obj.facilitators.all() if g.organisation_id == obj.organisation_id],
                )
            if "municipality" in form.fields and obj.municipality_id:
                preload_autocomplete(form.fields["municipality"], [obj.municipality])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "facilitators":
            # The chosen guides are shown by name: fetch their users with them.
            kwargs["queryset"] = scope_to_user(
                PeerGuide.objects.select_related("user"), request.user
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk:
            # The sessions exist now: move or cancel them one at a time below.
            fields += ["programme", "first_date", "weekday", "start_time"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.pk:
            return [
                (
                    name,
                    {**options, "fields": [f for f in options["fields"] if f != "skip_dates_text"]},
                )
                for name, options in fieldsets
            ]
        return fieldsets

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def seats(self, obj):
        return f"{obj.seats_taken} / {obj.capacity}"

    @admin.display(description=_("waitlist"), ordering="waitlist_length")
    def waitlist(self, obj):
        return obj.waitlist_length

    @admin.display(description=_("facilitators"))
    def facilitator_names(self, obj):
        return ", ".join(obj.facilitator_name_list)

    @admin.display(description=_("next session"), ordering="next_start")
    def next_session(self, obj):
        return obj.next_start or "–"

    @admin.display(description=_("may the facilitators lead it?"))
    def facilitator_check(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        rows = selectors.facilitator_overview(cohort=obj)
        problems = services.facilitator_problems(
            cohort=obj, qualified=[row["guide"] for row in rows if row["qualified"]]
        )
        lines = []
        for row in rows:
            notes = []
            if not row["qualified"]:
                notes.append(str(_("not active or no current certificate")))
            if row["lapsing"]:
                notes.append(str(_("lapsing: has not led a cohort for 12 months")))
            lines.append((row["guide"].name, "; ".join(notes) or str(_("OK"))))
        html = format_html_join("", "<div>{}: {}</div>", lines)
        if problems:
            html += format_html_join("", "<div><strong>{}</strong></div>", ((p,) for p in problems))
        return html or "–"

    @admin.display(description=_("next step"))
    def next_steps(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        links = []
        if obj.status == Cohort.Status.RUNNING:
            links.append(("admin:courses_cohort_finish", _("Finish and set completion …")))
        if obj.status == Cohort.Status.FINISHED:
            links.append(("admin:courses_cohort_reopen", _("Reopen the cohort …")))
        if obj.status not in (Cohort.Status.FINISHED, Cohort.Status.CANCELLED):
            links.append(("admin:courses_cohort_add_session", _("Add a session …")))
        if not links:
            return "–"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((reverse(name, args=[obj.pk]), label) for name, label in links),
        )

    @admin.display(description=_("dates skipped"))
    def skipped_days(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        rows = [(services.danish_date(day), why) for day, why in selectors.skipped_days(cohort=obj)]
        if not rows:
            return _("None: every week has a session.")
        return format_html_join("", "<div>{}: {}</div>", rows)

    @admin.display(description=_("print"))
    def documents(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:courses_cohort_participants", args=[obj.pk]),
            _("Participant list"),
            reverse("admin:courses_cohort_attendance_sheet", args=[obj.pk]),
            _("Attendance sheet"),
            reverse("courses:calendar", args=[obj.pk]),
            _("Calendar (.ics)"),
        )

    # Saving calls the services only. Their checks ran in the form's validation
    # (CohortAdminForm._post_clean), so a refusal is an error at the field and nothing is saved;
    # the admin saves inside one transaction, under the cohort lock the check took.
    def save_model(self, request, obj, form, change):
        if not object_in_scope(obj, request.user):
            raise PermissionDenied(
                "This object belongs to an organisation you are not a member of."
            )
        if not change:
            services.save_new_cohort(cohort=obj, actor=request.user)
            return
        promoted = services.update_cohort(
            cohort=obj, changes=form.cohort_changes(), actor=request.user
        )
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%d person moved from the waitlist to a seat.",
                    "%d people moved from the waitlist to a seat.",
                    len(promoted),
                )
                % len(promoted),
                messages.SUCCESS,
            )

    def save_related(self, request, form, formsets, change):
        # Not form.save_m2m(): the facilitators go through the service, which leaves out guides
        # of another organisation.
        if "facilitators" in form.cleaned_data:
            left_out = services.set_facilitators(
                cohort=form.instance, guides=form.cleaned_data["facilitators"], actor=request.user
            )
            if left_out:
                self.message_user(
                    request,
                    _("Guides from another organisation were removed from the facilitators."),
                    messages.WARNING,
                )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Cancel (tells everyone on the cohort)"))
    def cancel_cohorts(self, request, queryset):
        if "apply" in request.POST:
            form = CancelCohortForm(request.POST)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                run_for_each(
                    self,
                    request,
                    queryset,
                    lambda cohort: services.cancel_cohort(
                        cohort=cohort, actor=request.user, reason=reason
                    ),
                    success=lambda n: (
                        ngettext("%d cohort cancelled.", "%d cohorts cancelled.", n) % n
                    ),
                    label=str,
                )
                return None
        else:
            form = CancelCohortForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cancel cohorts"),
            "cohorts": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "courses/admin/cancel_cohorts.html", context)

    def _finish_page(self, request, cohorts, *, form, action_name=""):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Finish and set completion"),
            "previews": [
                (
                    cohort,
                    services.completion_results(cohort=cohort),
                    services.is_guide_training(cohort),
                )
                for cohort in cohorts
            ],
            "form": form,
            "action_name": action_name,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "courses/admin/finish_cohorts.html", context)

    def _finish(self, request, cohorts) -> int:
        return run_for_each(
            self,
            request,
            cohorts,
            lambda cohort: services.finish_cohort(cohort=cohort, actor=request.user),
            success=lambda n: ngettext("%d cohort finished.", "%d cohorts finished.", n) % n,
        )

    def _finishable(self, request, cohorts) -> list:
        ready = []
        for cohort in cohorts:
            try:
                services.check_can_finish(cohort=cohort)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                ready.append(cohort)
        return ready

    @admin.action(description=_("Finish and set completion …"))
    def finish_cohorts(self, request, queryset):
        """First a page with each person's result by the completion rule; then finish."""
        cohorts = self._finishable(request, queryset)
        if not cohorts:
            return None
        form = FinishCohortForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._finish(request, cohorts)
            return None
        return self._finish_page(request, cohorts, form=form, action_name="finish_cohorts")

    def _own_cohort(self, request, pk) -> Cohort:
        cohort = self._cohort(request, pk)
        if not self.has_change_permission(request, cohort):
            raise PermissionDenied
        return cohort

    def _back(self, cohort):
        return redirect("admin:courses_cohort_change", cohort.pk)

    def finish_view(self, request, pk):
        cohort = self._own_cohort(request, pk)
        if not self._finishable(request, [cohort]):
            return self._back(cohort)
        form = FinishCohortForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._finish(request, [cohort])
            return self._back(cohort)
        return self._finish_page(request, [cohort], form=form)

    def reopen_view(self, request, pk):
        cohort = self._own_cohort(request, pk)
        try:
            services.check_can_reopen(cohort=cohort, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self._back(cohort)
        form = ReopenCohortForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reopen_cohort(
                    cohort=cohort, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(cohort)s is running again. Finish it when the results are right.")
                    % {"cohort": cohort.title},
                    messages.SUCCESS,
                )
                return self._back(cohort)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reopen %(cohort)s") % {"cohort": cohort.title},
            "cohort": cohort,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "courses/admin/reopen_cohort.html", context)

    def add_session_view(self, request, pk):
        cohort = self._own_cohort(request, pk)
        form = AddSessionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                session = services.add_session(
                    cohort=cohort,
                    starts_at=form.cleaned_data["starts_at"],
                    title=form.cleaned_data["title"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Session %(number)s on %(date)s is added.")
                    % {"number": session.number, "date": services.danish_date(session.starts_at)},
                    messages.SUCCESS,
                )
                return self._back(cohort)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add a session to %(cohort)s") % {"cohort": cohort.title},
            "cohort": cohort,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "courses/admin/add_session.html", context)

    def session_attendance_view(self, request, pk, session_pk):
        """Record one session's attendance from the admin, as facilitators do on the dashboard."""
        cohort = self._own_cohort(request, pk)
        session = next((s for s in cohort.sessions.all() if s.pk == session_pk), None)
        if session is None:
            raise Http404
        rows = selectors.attendance_sheet(cohort=cohort, session=session)
        problem = ""
        try:
            if session.is_cancelled:
                raise ValidationError(_("This session is cancelled."))
            if cohort.status not in (Cohort.Status.OPEN, Cohort.Status.RUNNING):
                raise ValidationError(
                    _("Attendance can only be marked while the cohort is open or running.")
                )
            services.check_session_begun(session=session)
        except ValidationError as error:
            problem = " ".join(error.messages)
        form = SessionAttendanceForm(
            request.POST if request.method == "POST" and not problem else None, rows=rows
        )
        if not problem and request.method == "POST" and form.is_valid():
            enrollments = {e.pk: e for e, _mark in rows}
            saved = 0
            for enrollment_id, status in form.marks():
                try:
                    services.record_attendance(
                        session=session,
                        enrollment=enrollments[enrollment_id],
                        status=status,
                        actor=request.user,
                    )
                except ValidationError as error:
                    self.message_user(
                        request,
                        f"{enrollments[enrollment_id].participant}: {' '.join(error.messages)}",
                        messages.ERROR,
                    )
                else:
                    saved += 1
            self.message_user(
                request,
                ngettext(
                    "Attendance saved for %d person.", "Attendance saved for %d people.", saved
                )
                % saved,
                messages.SUCCESS,
            )
            return self._back(cohort)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Attendance: %(session)s, %(date)s")
            % {"session": session, "date": services.danish_date(session.starts_at)},
            "cohort": cohort,
            "session": session,
            "form": form,
            "problem": problem,
            "statuses": Attendance.Status.choices,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "courses/admin/session_attendance.html", context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/finish/",
                self.admin_site.admin_view(self.finish_view),
                name="courses_cohort_finish",
            ),
            path(
                "<int:pk>/reopen/",
                self.admin_site.admin_view(self.reopen_view),
                name="courses_cohort_reopen",
            ),
            path(
                "<int:pk>/add-session/",
                self.admin_site.admin_view(self.add_session_view),
                name="courses_cohort_add_session",
            ),
            path(
                "<int:pk>/sessions/<int:session_pk>/attendance/",
                self.admin_site.admin_view(self.session_attendance_view),
                name="courses_cohort_session_attendance",
            ),
            path(
                "<int:pk>/participants/",
                self.admin_site.admin_view(self.participants_view),
                name="courses_cohort_participants",
            ),
            path(
                "<int:pk>/attendance-sheet/",
                self.admin_site.admin_view(self.attendance_sheet_view),
                name="courses_cohort_attendance_sheet",
            ),
        ] + super().get_urls()

    def _cohort(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            self.get_queryset(request).prefetch_related(
                Prefetch("sessions", queryset=CohortSession.objects.order_by("number"))
            ),
            pk=pk,
        )

    def participants_view(self, request, pk):
        """A printable list of the enrolled and the waitlist, with contact details."""
        cohort = self._cohort(request, pk)
        enrollments = selectors.enrollments_with_attendance(
            cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).select_related(
                "participant__municipality"
            )
        ).order_by("status", "waitlisted_at", "participant__first_name", "pk")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Participant list"),
            "cohort": cohort,
            "enrollments": enrollments,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "courses/admin/participants.html", context)

    def attendance_sheet_view(self, request, pk):
        """A printable sheet: one row per participant, one column per session."""
        cohort = self._cohort(request, pk)
        sessions = [s for s in cohort.sessions.all() if not s.is_cancelled]
        enrollments = list(
            selectors.seated(cohort)
            .select_related("participant")
            .prefetch_related("attendances")
            .order_by("participant__first_name", "pk")
        )
        rows = []
        for enrollment in enrollments:
            marks = {a.session_id: a for a in enrollment.attendances.all()}
            rows.append((enrollment, [marks.get(s.pk) for s in sessions]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Attendance sheet"),
            "cohort": cohort,
            "sessions": sessions,
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "courses/admin/attendance_sheet.html", context)


@admin.register(CohortSession)
class CohortSessionAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    """Move or cancel one session; everyone concerned is told."""

    form = SessionAdminForm
    list_display = ["cohort", "number", "title", "starts_at", "status"]
    list_filter = ["status", ("cohort__organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["cohort"]
    search_fields = ["cohort__title", "title"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The service's check ran in SessionAdminForm's validation: a refusal is a form error.
        services.change_session(
            session=obj,
            starts_at=obj.starts_at,
            status=obj.status,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )

    def response_change(self, request, obj):
        super().response_change(request, obj)  # the admin's own "changed successfully" message
        return redirect("admin:courses_cohort_change", obj.cohort_id)


@admin.register(Enrollment)
class EnrollmentAdmin(EnrollmentOnBehalfAdminMixin, OrganisationScopedAdminMixin, admin.ModelAdmin):
    """Follow one enrollment; after the cohort has finished, override its result with a reason."""

    form = EnrollmentAdminForm
    list_display = ["participant", "cohort", "status", "sessions_attended", "created_at"]
    list_filter = ["status", "cohort__programme", "source"]
    show_full_result_count = False  # one COUNT per page, not two (issue 15)
    search_fields = ["participant__first_name", "participant__last_name", "cohort__title"]
    readonly_fields = [
        "participant",
        "cohort",
        "status",
        "sessions_attended",
        "created_at",
        "confirmed_at",
        "waitlisted_at",
        "enrolled_at",
        "withdrawn_at",
        "source",
        "result_overridden_by",
    ]
    fields = readonly_fields[:-1] + ["result", "result_override_reason", "result_overridden_by"]

    def get_queryset(self, request):
        return selectors.enrollments_with_attendance(super().get_queryset(request)).select_related(
            "cohort"
        )

    @admin.display(description=_("sessions attended"), ordering="sessions_attended")
    def sessions_attended(self, obj):
        return obj.sessions_attended

    def save_model(self, request, obj, form, change):
        # The service's check ran in EnrollmentAdminForm.clean: a refusal is a form error.
        result = form.cleaned_data.get("result")
        if not result:
            return
        services.override_result(
            enrollment=obj,
            completed=result == Enrollment.Status.COMPLETED,
            reason=form.cleaned_data["result_override_reason"],
            actor=request.user,
        )


@admin.register(SessionChange)
class SessionChangeAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["session", "kind", "old_starts_at", "new_starts_at", "notified", "at", "actor"]
    list_select_related = ["session__cohort", "actor"]
    readonly_fields = [
        "session",
        "kind",
        "old_starts_at",
        "new_starts_at",
        "reason",
        "notified",
        "at",
        "actor",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
