"""Merging two records of one person from the admin: a "Merge with another record" button on the
participant page (choose the other record) and an action for two ticked records both lead to a
preview of what moves and what conflicts, and a button that confirms (participants/merging.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.merging import merge_participants, plan_merge
from participants.models import MergeRecord


class MergeRecordInline(admin.TabularInline):
    model = MergeRecord
    fk_name = "survivor"
    extra = 0
    fields = ["merged_at", "merged_by", "duplicate_number", "moved_summary", "left_out_summary"]
    readonly_fields = fields
    can_delete = False
    verbose_name = gettext_lazy("merged duplicate")
    verbose_name_plural = gettext_lazy("merged duplicates")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("merged_by")

    @staticmethod
    def _summary(counts: dict) -> str:
        from django.apps import apps

        parts = []
        for label, count in sorted(counts.items()):
            try:
                name = apps.get_model(label)._meta.verbose_name_plural
            except (LookupError, ValueError):
                name = label
            parts.append(f"{name}: {count}")
        return ", ".join(parts) or "–"

    @admin.display(description=gettext_lazy("moved"))
    def moved_summary(self, obj):
        return self._summary(obj.moved)

    @admin.display(description=gettext_lazy("not kept (the kept record had its like)"))
    def left_out_summary(self, obj):
        return self._summary(obj.left_out)


class MergeAdminMixin:
    """For ParticipantAdmin: the merge pages and the "merge the two ticked records" action."""

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/merge/",
                self.admin_site.admin_view(self.merge_choose_view),
                name="{}_{}_merge".format(*info),
            ),
            path(
                "<path:object_id>/merge/<str:other_id>/",
                self.admin_site.admin_view(self.merge_preview_view),
                name="{}_{}_merge_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["merge_two"] = self.get_action("merge_two")
        return actions

    def _merge_object(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        return obj

    def _merge_context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            **extra,
        }

    def merge_choose_view(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        obj = self._merge_object(request, object_id)
        number = (request.GET.get("other") or "").strip().lstrip("#")
        error = ""
        if number:
            other = self.get_object(request, number) if number.isdigit() else None
            if other is None or other.pk == obj.pk:
                error = _("There is no other record with this number that you can see.")
            else:
                return redirect(
                    reverse("admin:participants_participant_merge_preview", args=[obj.pk, other.pk])
                )
        same_name = Q(first_name__iexact=obj.first_name)
        if obj.last_name:
            same_name |= Q(last_name__iexact=obj.last_name)
        candidates = (
            self.get_queryset(request)
            .filter(same_name, organisation_id=obj.organisation_id, anonymised_at__isnull=True)
            .exclude(pk=obj.pk)
            .select_related("municipality")
            .order_by("created_at", "pk")[:20]
        )
        context = self._merge_context(
            request,
            _("Merge %(participant)s with another record") % {"participant": obj},
            original=obj,
            candidates=candidates,
            number=number,
            error=error,
        )
        return TemplateResponse(
            request, "admin/participants/participant/merge_choose.html", context
        )

    def merge_preview_view(self, request, object_id, other_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        survivor = self._merge_object(request, object_id)
        duplicate = self._merge_object(request, other_id)
        try:
            plan = plan_merge(survivor=survivor, duplicate=duplicate, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:participants_participant_change", args=[survivor.pk]))
        if request.method == "POST" and request.POST.get("confirm") == "yes":
            try:
                merge_participants(survivor=survivor, duplicate=duplicate, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.log_change(
                    request, survivor, [{"changed": {"fields": [f"merged #{duplicate.pk}"]}}]
                )
                self.message_user(
                    request,
                    _("The two records are one now: record #%(number)s was merged into this one.")
                    % {"number": duplicate.pk},
                    messages.SUCCESS,
                )
            return redirect(reverse("admin:participants_participant_change", args=[survivor.pk]))
        context = self._merge_context(
            request,
            _("Merge two records of one person"),
            original=survivor,
            survivor=survivor,
            duplicate=duplicate,
            plan=plan,
        )
        return TemplateResponse(
            request, "admin/participants/participant/merge_preview.html", context
        )

    @admin.action(description=gettext_lazy("Merge the two selected records (one person)"))
    def merge_two(self, request, queryset):
        chosen = list(queryset.order_by("created_at", "pk")[:3])
        if len(chosen) != 2:
            self.message_user(
                request, _("Tick exactly two records of the same person to merge."), messages.ERROR
            )
            return None
        older, newer = chosen
        return redirect(
            reverse("admin:participants_participant_merge_preview", args=[older.pk, newer.pk])
        )
