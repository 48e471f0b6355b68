"""The "Reassign to another guide" action on the match list: a page to choose the new guide,
then matching.services.reassign_match for each ticked match."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_actions import run_for_each
from matching import selectors, services
from matching.models import Match
from volunteers.models import PeerGuide


class GuideChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, guide):
        free = max(guide.capacity - guide.open_matches, 0)
        return _("%(name)s (%(free)s of %(capacity)s places free)") % {
            "name": guide.name,
            "free": free,
            "capacity": guide.capacity,
        }


class ReassignForm(forms.Form):
    guide = GuideChoiceField(
        label=_("New peer guide"),
        queryset=PeerGuide.objects.none(),
        help_text=_("Active guides of the match's organisation with a free place."),
    )

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = (
            PeerGuide.objects.filter(
                organisation_id=organisation_id, status=PeerGuide.Status.ACTIVE
            )
            .select_related("user")
            .annotate(open_matches=Count("matches", filter=Q(matches__status__in=Match.OPEN)))
            .order_by("user__first_name", "user__last_name", "pk")
        )


@admin.action(description=_("Reassign to another guide"))
def reassign_to_another_guide(modeladmin, request, queryset):
    matches = list(
        queryset.filter(status__in=[*selectors.HANDED_OVER_STATUSES, Match.Status.PAUSED])
        .select_related("guide__user", "request")
        .order_by("pk")
    )
    if not matches:
        modeladmin.message_user(
            request, _("Only open matches and proposals can be reassigned."), messages.WARNING
        )
        return None
    organisation_ids = {m.organisation_id for m in matches}
    if len(organisation_ids) > 1:
        modeladmin.message_user(
            request,
            _("Choose matches of one organisation at a time."),
            messages.WARNING,
        )
        return None
    form = ReassignForm(
        request.POST if "apply" in request.POST else None,
        organisation_id=organisation_ids.pop(),
    )
    if form.is_valid():
        guide = form.cleaned_data["guide"]

        def reassign(match):
            suggestion = selectors.suggestion_for(match.request, guide)
            services.reassign_match(
                match=match,
                guide=guide,
                actor=request.user,
                score=suggestion.score if suggestion else None,
                reasons=suggestion.reasons if suggestion else [],
            )

        run_for_each(
            modeladmin,
            request,
            matches,
            reassign,
            success=lambda n: (
                ngettext(
                    "%(count)d match now has %(guide)s as its guide.",
                    "%(count)d matches now have %(guide)s as their guide.",
                    n,
                )
                % {"count": n, "guide": guide.name}
            ),
            label=lambda match: f"#{match.pk}",
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Reassign to another guide"),
        "form": form,
        "matches": matches,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "reassign_to_another_guide",
    }
    return TemplateResponse(request, "admin/matching/reassign.html", context)
