"""Admin for data protection: access events, retention policies, the audit trail (read-only), and
the participant page's export, erase and trail (`ParticipantPrivacy`, added to ParticipantAdmin
through its extension points in participants/admin.py).

Who sees what:
- a coordinator's group has `view_audit_trail`, `export_participant`, `erase_participant` and
  `view_accessevent` (granted by participants' migration 0006, under the "privacy" label since
  privacy's 0001); every page goes through ParticipantAdmin's scoped queryset, so another
  organisation's participant answers 404;
- the global list of audit-trail entries (auditlog's LogEntry) is not scoped by organisation, so it
  is shown only to superusers and users given `auditlog.view_logentry` explicitly;
- nobody adds, changes or deletes a trail entry or an access event in the admin.
"""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import audit
from core.scoping import ORGANISATION_LIST_FILTER, OrganisationScopedAdminMixin
from participants.admin import ParticipantAdminExtension, extend_participant_admin
from privacy import services as privacy
from privacy.models import AccessEvent, RetentionPolicy
from privacy.views import json_response

TRAIL_LIMIT = 300


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ParticipantPrivacy(ParticipantAdminExtension):
    """On the participant's admin page: export as JSON; erase with a
    confirmation page; the participant's audit trail (participants.admin's extension points)."""

    def has_export_permission(self, request):
        return request.user.has_perm("privacy.export_participant")

    def has_erase_permission(self, request):
        return request.user.has_perm("privacy.erase_participant")

    def has_trail_permission(self, request):
        return request.user.has_perm("privacy.view_audit_trail")

    def get_urls(self, model_admin):
        info = model_admin.model._meta.app_label, model_admin.model._meta.model_name

        def view(method):
            return model_admin.admin_site.admin_view(
                lambda request, object_id: method(model_admin, request, object_id)
            )

        return [
            path(
                "<path:object_id>/trail/",
                view(self.trail_view),
                name="{}_{}_trail".format(*info),
            ),
            path(
                "<path:object_id>/export/",
                view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "<path:object_id>/erase/",
                view(self.erase_view),
                name="{}_{}_erase".format(*info),
            ),
        ]

    def get_actions(self, model_admin, request):
        actions = []
        if self.has_export_permission(request):
            actions.append(self.export_json)
        if self.has_erase_permission(request):
            actions.append(self.erase_selected)
        return actions

    def object_tools(self, model_admin, request, obj):
        # The opening is recorded by the registry's hook (core.registry.data_opened, which
        # ParticipantAdmin calls and privacy.services.on_data_opened receives).
        tools = []
        if self.has_trail_permission(request):
            url = reverse("admin:participants_participant_trail", args=[obj.pk])
            tools.append((url, _("Audit trail")))
        if self.has_export_permission(request):
            url = reverse("admin:participants_participant_export", args=[obj.pk])
            tools.append((url, _("Export data (JSON)")))
        if self.has_erase_permission(request) and not obj.anonymised_at:
            url = reverse("admin:participants_participant_erase", args=[obj.pk])
            tools.append((url, _("Erase data")))
        return tools

    def _scoped_object(self, model_admin, request, object_id):
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    # --- export --------------------------------------------------------------------------------

    def _export(self, request, participants):
        data = []
        for participant in participants:
            privacy.record_access(
                participant=participant,
                actor=request.user,
                where=AccessEvent.Where.EXPORT,
                path=request.path,
            )
            data.append(privacy.export_participant(participant))
        return data

    def export_view(self, model_admin, request, object_id):
        if not self.has_export_permission(request):
            raise PermissionDenied
        obj = self._scoped_object(model_admin, request, object_id)
        return json_response(self._export(request, [obj])[0], obj.pk)

    @admin.action(description=gettext_lazy("Export data as JSON"))
    def export_json(self, model_admin, request, queryset):
        participants = list(queryset.order_by("pk"))
        if len(participants) == 1:
            return json_response(self._export(request, participants)[0], participants[0].pk)
        return json_response(self._export(request, participants), "selection")

    # --- erasure -------------------------------------------------------------------------------

    def _erase(self, request, participants) -> int:
        count = 0
        for participant in participants:
            if participant.anonymised_at is None:
                privacy.erase_participant(participant=participant, actor=request.user)
                count += 1
        return count

    def _confirm_page(self, model_admin, request, participants, *, action=""):
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("Erase participants' data"),
            "opts": model_admin.model._meta,
            "participants": participants,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/participants/participant/erase_confirm.html", context
        )

    def erase_view(self, model_admin, request, object_id):
        if not self.has_erase_permission(request):
            raise PermissionDenied
        obj = self._scoped_object(model_admin, request, object_id)
        if request.method == "POST" and request.POST.get("confirm") == "yes":
            self._erase(request, [obj])
            model_admin.message_user(
                request, _("The participant's data is erased."), messages.SUCCESS
            )
            return redirect(reverse("admin:participants_participant_change", args=[obj.pk]))
        return self._confirm_page(model_admin, request, [obj])

    @admin.action(description=gettext_lazy("Erase data (anonymise)"))
    def erase_selected(self, model_admin, request, queryset):
        participants = list(queryset.order_by("pk"))
        if request.POST.get("confirm") == "yes":
            count = self._erase(request, participants)
            model_admin.message_user(
                request,
                ngettext(
                    "%(count)d participant's data is erased.",
                    "%(count)d participants' data is erased.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return self._confirm_page(model_admin, request, participants, action="erase_selected")

    # --- trail ---------------------------------------------------------------------------------

    def trail_view(self, model_admin, request, object_id):
        if not self.has_trail_permission(request):
            raise PermissionDenied
        obj = self._scoped_object(model_admin, request, object_id)
        entries = list(
            audit.entries_for(privacy.related_rows(obj))
            .select_related("actor", "content_type")
            .order_by("-timestamp", "-pk")[:TRAIL_LIMIT]
        )
        events = list(
            obj.access_events.select_related("actor").order_by("-at", "-pk")[:TRAIL_LIMIT]
        )
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("Audit trail: %(participant)s") % {"participant": obj},
            "opts": model_admin.model._meta,
            "original": obj,
            "entries": entries,
            "events": events,
        }
        return TemplateResponse(request, "admin/participants/participant/trail.html", context)


extend_participant_admin(ParticipantPrivacy())


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdminMixin, OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["at", "where", "participant_number", "actor", "organisation"]
    list_filter = ["where", ORGANISATION_LIST_FILTER]
    list_select_related = ["actor", "organisation"]
    date_hierarchy = "at"
    fields = ["at", "where", "participant_number", "actor", "organisation", "path"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("participant"), ordering="participant_id")
    def participant_number(self, obj):
        return f"#{obj.participant_id}"


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "months"]
    list_filter = [ORGANISATION_LIST_FILTER]


class LockedLogEntryAdmin(LogEntryAdmin):
    """auditlog's entry list, never editable or deletable (auditlog allows cascade deletes)."""

    def has_delete_permission(self, request, obj=None):
        return False


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, LockedLogEntryAdmin)
