from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_actions import run_for_each
from core.admin_change import ChangeObjectAdminMixin
from core.admin_inlines import HistoryInline, LatestRowsInlineMixin
from core.admin_paging import CappedCountPaginator
from core.models import ExperienceArea, Interest, Organisation
from core.scoping import ORGANISATION_LIST_FILTER, OrganisationScopedAdminMixin, scope_to_user
from core.widgets import (
    ADMIN_CSS,
    AvailabilityField,
    ChoicesField,
    FitColumnsMixin,
    ReadableWhenViewOnlyMixin,
    TermsField,
    availability_display,
    labels_display,
    sentences_display,
    warning_badge,
)
from matching import selectors, services
from matching.admin_filters import FitCheckFilter, HandoverFilter, UnansweredFilter
from matching.admin_reassign import reassign_to_another_guide
from matching.forms import WISH_FIELDS, BatchOrganisationForm, EndMatchForm, MeetingAdminForm
from matching.models import (
    Feedback,
    Match,
    MatchingWeights,
    MatchStatusChange,
    Meeting,
    SupportRequest,
)
from matching.onbehalf import RequestOnBehalfAdminMixin
from volunteers.models import PeerGuide


def _days(since):
    return (timezone.now() - since).days if since else None


def _missing_in_words(found: selectors.SuggestionList) -> list[str]:
    """Why the other active guides are not suggested, one short line per reason."""
    texts = {
        "full": lambda n: ngettext(
            "%(count)d is full (no capacity left).", "%(count)d are full (no capacity left).", n
        ),
        "language": lambda n: ngettext(
            "%(count)d does not speak the language asked for.",
            "%(count)d do not speak the language asked for.",
            n,
        ),
        "earlier_match": lambda n: ngettext(
            "%(count)d is excluded: matched with this person before.",
            "%(count)d are excluded: matched with this person before.",
            n,
        ),
        "gender": lambda n: ngettext(
            "%(count)d is excluded by the wish about the guide's gender.",
            "%(count)d are excluded by the wish about the guide's gender.",
            n,
        ),
        "no_common_mode": lambda n: ngettext(
            "%(count)d is excluded: no common way to meet (online or in person).",
            "%(count)d are excluded: no common way to meet (online or in person).",
            n,
        ),
        "below_min_score": lambda n: ngettext(
            "%(count)d scores below the minimum score of %(min)s.",
            "%(count)d score below the minimum score of %(min)s.",
            n,
        ),
        "not_best": lambda n: ngettext(
            "%(count)d more fits, but is not among the ten best.",
            "%(count)d more fit, but are not among the ten best.",
            n,
        ),
    }
    lines = []
    for reason, text in texts.items():
        count = found.missing.get(reason)
        if count:
            lines.append(text(count) % {"count": count, "min": f"{found.min_score:g}"})
    return lines


# The request list: waiting first (longest wait on top), then the ones still to be confirmed,
# then matched, then the closed ones.
# The batch proposal lists its pairs this many to a page (the solve is cached, see
# selectors.batch_proposal); a coordinator confirms the chosen pairs of one page at a time.
BATCH_PAGE_SIZE = 50

QUEUE_ORDER = [
    SupportRequest.Status.WAITING,
    SupportRequest.Status.SUBMITTED,
    SupportRequest.Status.MATCHED,
    SupportRequest.Status.CLOSED,
    SupportRequest.Status.WITHDRAWN,
]


class SupportRequestAdminForm(forms.ModelForm):
    experience_areas = TermsField(
        queryset=ExperienceArea.objects.all(),
        label=_("experiences the guide should share"),
        help_text=_("Health data: stored only with consent to that purpose."),
    )
    interests = TermsField(queryset=Interest.objects.all(), label=_("interests"))
    availability = AvailabilityField(label=_("preferred times"))

    class Meta:
        model = SupportRequest
        fields = ["experience_areas", "interests", "availability"]  # the admin adds the rest


@admin.register(SupportRequest)
class SupportRequestAdmin(
    ChangeObjectAdminMixin,  # read once: change_view ranks guides for it before the form
    RequestOnBehalfAdminMixin,
    FitColumnsMixin,
    ReadableWhenViewOnlyMixin,
    OrganisationScopedAdminMixin,
    admin.ModelAdmin,
):
    """Waiting requests first, longest wait on top; the change page shows ranked suggestions."""

    list_display = [
        "__str__",
        "status",
        "organisation",
        "days_waited",
        "municipality",
        "open_match",
    ]
    list_filter = [
        "status",
        ORGANISATION_LIST_FILTER,
        "source",
        "meets_online",
        "guide_language",
    ]
    search_fields = ["participant__first_name", "participant__last_name", "participant__email"]
    list_select_related = ["participant__municipality", "organisation"]
    show_full_result_count = False  # one COUNT per page, not two (issue 15)
    form = SupportRequestAdminForm
    readable = {"availability": "preferred_times"}
    readonly_fields = [
        "participant",
        "source",
        "submitted_at",
        "confirmed_at",
        "status",
        "status_changed_at",
    ]
    change_form_template = "admin/matching/supportrequest/change_form.html"
    change_list_template = "admin/matching/supportrequest/change_list.html"
    fields = [
        "organisation",
        "participant",
        "source",
        "status",
        *WISH_FIELDS,
        "help_wanted",
        "submitted_at",
        "confirmed_at",
        "status_changed_at",
    ]

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request):
        open_match = Match.objects.filter(request=OuterRef("pk"), status__in=Match.OPEN)
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_match_status=Subquery(open_match.values("status")[:1]),
                queue_rank=Case(
                    *(
                        When(status=status, then=Value(rank))
                        for rank, status in enumerate(QUEUE_ORDER)
                    ),
                    default=Value(len(QUEUE_ORDER)),
                    output_field=IntegerField(),
                ),
            )
        )

    def get_ordering(self, request):
        # Waiting first, longest wait on top (the model's own ordering would put old, closed
        # requests first).
        return [
            F("queue_rank").asc(),
            F("confirmed_at").asc(nulls_last=True),
            F("submitted_at").asc(),
        ]

    @admin.display(description=_("days waited"), ordering="confirmed_at")
    def days_waited(self, obj):
        if obj.status != SupportRequest.Status.WAITING:
            return "–"
        return _days(obj.waiting_since)

    @admin.display(description=_("preferred times"))
    def preferred_times(self, obj):
        return availability_display(obj.availability)

    @admin.display(description=_("municipality"))
    def municipality(self, obj):
        return obj.participant.municipality or "–"

    @admin.display(description=_("match"))
    def open_match(self, obj):
        return Match.Status(obj.open_match_status).label if obj.open_match_status else "–"

    def get_urls(self):
        return [
            path(
                "<int:pk>/propose/<int:guide_pk>/",
                self.admin_site.admin_view(self.propose_view),
                name="matching_supportrequest_propose",
            ),
            path(
                "batch/",
                self.admin_site.admin_view(self.batch_view),
                name="matching_supportrequest_batch",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            selectors.with_terms(obj)  # the form ticks them, the ranking takes them as read
        if obj is not None and obj.status == SupportRequest.Status.WAITING:
            found = selectors.guide_suggestions(obj, limit=10)
            extra_context["suggestions"] = found.suggestions
            extra_context["missing"] = _missing_in_words(found)
        return super().change_view(request, object_id, form_url, extra_context)

    def propose_view(self, request, pk, guide_pk):
        if request.method != "POST" or not self.has_change_permission(request):
            raise Http404
        support_request = self.get_queryset(request).filter(pk=pk).first()
        guide = scope_to_user(PeerGuide.objects.filter(pk=guide_pk), request.user).first()
        if support_request is None or guide is None:
            raise Http404
        suggestion = selectors.suggestion_for(support_request, guide)
        try:
            services.propose_match(
                request=support_request,
                guide=guide,
                actor=request.user,
                score=suggestion.score if suggestion else None,
                reasons=suggestion.reasons if suggestion else [],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:matching_supportrequest_change", args=[support_request.pk])
            )
        self.message_user(
            request,
            _("%(guide)s has been asked. The answer comes on their dashboard.") % {"guide": guide},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:matching_supportrequest_changelist"))

    def batch_view(self, request):
        """Propose guides for all waiting requests of an organisation; confirm chosen pairs."""
        if not self.has_change_permission(request):
            raise Http404
        organisations = list(scope_to_user(Organisation.objects.all(), request.user))
        form = BatchOrganisationForm(request.GET, organisations=organisations)
        if not form.is_valid():
            raise Http404  # junk, or another organisation's id: do not confirm that it exists
        organisation = form.cleaned_data["organisation"] or next(iter(organisations), None)
        if organisation is None:
            raise Http404
        if request.method == "POST":
            chosen = _chosen_pairs(request.POST.getlist("pair"))
            # The score and reasons the page showed go with each proposal, as with one made by
            # hand (a pair no longer in the proposal is scored on its own).
            shown = selectors.batch_proposal(organisation.pk).pairs_for(set(chosen))
            done = 0
            for request_pk, guide_pk in chosen:
                support_request = self.get_queryset(request).filter(pk=request_pk).first()
                guide = PeerGuide.objects.filter(pk=guide_pk, organisation=organisation).first()
                if support_request is None or guide is None:
                    continue
                fit = shown.get((request_pk, guide_pk)) or selectors.suggestion_for(
                    support_request, guide
                )
                try:
                    services.propose_match(
                        request=support_request,
                        guide=guide,
                        actor=request.user,
                        score=fit.score if fit else None,
                        reasons=fit.reasons if fit else None,
                    )
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.WARNING)
                else:
                    done += 1
            self.message_user(
                request,
                _("%(count)s proposals sent to guides.") % {"count": done},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:matching_supportrequest_changelist"))
        proposal = selectors.batch_proposal(organisation.pk)
        page = Paginator(proposal.assignments, BATCH_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Batch proposal for %(organisation)s") % {"organisation": organisation},
            "pairs": proposal.pairs(page.start_index() - 1, page.end_index()),
            "page_obj": page,
            "waiting": proposal.waiting,
            "unassigned": proposal.waiting - len(proposal.assignments),
            "organisations": organisations,
            "organisation": organisation,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/matching/batch.html", context)


def _chosen_pairs(values: list[str]) -> list[tuple[int, int]]:
    """The ticked "request:guide" pairs of the batch page, in order, once each; anything else
    (junk, an id no database column holds) is left out."""
    pairs = []
    for value in values:
        try:
            pair = tuple(int(part) for part in value.split(":"))
        except ValueError:
            continue
        if len(pair) == 2 and all(0 < n < 2**63 for n in pair) and pair not in pairs:
            pairs.append(pair)
    return pairs


class StaleFilter(admin.SimpleListFilter):
    title = _("stale")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", _("No held meeting for too long"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            stale = selectors.stale_matches(organisation_ids=queryset.values("organisation_id"))
            return queryset.filter(pk__in=stale.values("pk"))
        return queryset


class MeetingInline(LatestRowsInlineMixin, admin.TabularInline):
    """The latest 20 meetings, newest first; a link leads to the list of all of them."""

    model = Meeting
    latest_ordering = ("-starts_at", "-pk")
    extra = 0
    fields = ["starts_at", "status", "mode", "duration_minutes", "theme_names", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("themes"))
    def theme_names(self, obj):
        return labels_display(obj.themes, Meeting.THEMES)


class MatchHistoryInline(HistoryInline):
    model = MatchStatusChange


class FeedbackInline(admin.TabularInline):
    model = Feedback
    extra = 0
    fields = ["kind", "respondent", "answer", "rating", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Match)
class MatchAdmin(ChangeObjectAdminMixin, OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",  # guide · participant
        "status",
        "days_since_last_meeting",
        "meetings_held",
        "hours",
        "flags",
    ]
    list_filter = [
        "status",
        StaleFilter,
        ORGANISATION_LIST_FILTER,
        "closure_reason",
        UnansweredFilter,
        FitCheckFilter,
        HandoverFilter,
    ]
    search_fields = [
        "guide__user__first_name",
        "guide__user__last_name",
        "request__participant__first_name",
        "request__participant__last_name",
    ]
    list_select_related = ["guide__user", "request__participant", "organisation__matching_weights"]
    readonly_fields = [
        "organisation",
        "request",
        "guide",
        "status",
        "score",
        "why",
        "proposed_at",
        "proposed_by",
        "responded_at",
        "decline_reason",
        "started_at",
        "ended_at",
        "closure_reason",
        "closing_conversation_held",
        "status_changed_at",
    ]
    inlines = [MeetingInline, FeedbackInline, MatchHistoryInline]
    # The list counts only up to the page (no second COUNT over all matches) and orders by the
    # index matching_match_proposed_desc (issue 15).
    show_full_result_count = False
    actions = ["pause_matches", "resume_matches", "rematch_matches", reassign_to_another_guide]
    change_form_template = "admin/matching/match/change_form.html"
    # The change page shows the guide, the participant, the organisation and who proposed:
    # fetched with the match, not one query each.
    change_select_related = ("guide__user", "request__participant", "organisation", "proposed_by")

    class Media:
        css = ADMIN_CSS

    def get_fields(self, request, obj=None):
        return self.readonly_fields  # all read-only; reasons in words instead of the stored list

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("why this match"))
    def why(self, obj):
        return sentences_display(obj.reasons)

    def get_queryset(self, request):
        # Exists, not a join: joining feedback rows would multiply the meeting sums.
        fit_no = Feedback.objects.filter(
            match=OuterRef("pk"), kind=Feedback.Kind.FIT_CHECK, answer=Feedback.Answer.NO
        )
        return selectors.annotate_matches(super().get_queryset(request)).annotate(
            fit_no=Exists(fit_no)
        )

    @admin.display(description=_("days since last meeting"), ordering="last_meeting_at")
    def days_since_last_meeting(self, obj):
        return _days(obj.last_meeting_at) if obj.last_meeting_at else "–"

    @admin.display(description=_("meetings held"), ordering="meetings_held")
    def meetings_held(self, obj):
        return obj.meetings_held

    @admin.display(description=_("hours"), ordering="minutes_held")
    def hours(self, obj):
        return round(obj.minutes_held / 60, 1)

    @admin.display(description=_("attention"))
    def flags(self, obj):
        """Stale and a "no" in the fit check, as warning badges with words (one column, so the
        list fits 1280 px)."""
        weights = getattr(obj.organisation, "matching_weights", None)
        days = weights.stale_after_days if weights else 21
        badges = []
        if selectors.is_stale(obj, stale_after_days=days):
            badges.append(warning_badge(_("Stale: over %(days)s days") % {"days": days}))
        if obj.fit_no:
            badges.append(warning_badge(_("Fit check: no")))
        return format_html_join(" ", "{}", ((b,) for b in badges)) if badges else "–"

    def _each(self, request, queryset, service, success):
        run_for_each(
            self,
            request,
            queryset,
            lambda match: service(match=match, actor=request.user),
            success=lambda n: success % {"count": n},
            label=str,
        )

    @admin.action(description=_("Pause"))
    def pause_matches(self, request, queryset):
        self._each(request, queryset, services.pause_match, _("%(count)s matches paused."))

    @admin.action(description=_("Resume"))
    def resume_matches(self, request, queryset):
        self._each(request, queryset, services.resume_match, _("%(count)s matches resumed."))

    @admin.action(description=_("Re-match (not a good fit)"))
    def rematch_matches(self, request, queryset):
        self._each(
            request,
            queryset,
            services.rematch,
            _("%(count)s requests are back on the waiting list."),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/end/",
                self.admin_site.admin_view(self.end_view),
                name="matching_match_end",
            )
        ] + super().get_urls()

    def end_view(self, request, pk):
        match = self.get_queryset(request).filter(pk=pk).first()
        if match is None or not self.has_change_permission(request, match):
            raise Http404
        form = EndMatchForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.end_match(match=match, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The match has ended."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:matching_match_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("End the match %(match)s") % {"match": match},
            "form": form,
            "match": match,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/matching/end_match.html", context)


class MeetingAdminChangeForm(MeetingAdminForm):
    """The date rules of MeetingAdminForm, with the themes as translated checkboxes."""

    themes = ChoicesField(choices=Meeting.THEMES, label=_("themes"))


@admin.register(Meeting)
class MeetingAdmin(ReadableWhenViewOnlyMixin, OrganisationScopedAdminMixin, admin.ModelAdmin):
    form = MeetingAdminChangeForm
    readable = {"themes": "theme_names"}
    list_display = ["starts_at", "match", "status", "mode", "duration_minutes"]
    list_filter = ["status", "mode"]
    # No date hierarchy: over the meetings table it scans the range of years on every page. The
    # list orders by the index matching_meeting_starts_desc and counts at most 10,000 rows.
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_select_related = ["match__guide__user", "match__request__participant"]
    search_fields = ["match__guide__user__first_name", "match__request__participant__first_name"]
    readonly_fields = ["match", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("themes"))
    def theme_names(self, obj):
        return labels_display(obj.themes, Meeting.THEMES)


@admin.register(MatchingWeights)
class MatchingWeightsAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "organisation",
        "experience",
        "interests",
        "place",
        "availability",
        "age",
        "min_score",
        "stale_after_days",
    ]
