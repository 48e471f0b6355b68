"""The guide's actions on their own matches and meetings (linked from the dashboard).
Another guide's match answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import registry
from matching import selectors, services
from matching.forms import (
    DeclineForm,
    EndMatchForm,
    FeedbackForm,
    GoalsForm,
    LogMeetingForm,
    PlanMeetingForm,
)
from matching.goals import goals_for, set_goals
from matching.models import Feedback, Match, Meeting
from volunteers.decorators import guide_required

MEETINGS_PER_PAGE = 20


def _own_match(request, pk) -> Match:
    try:
        return selectors.match_for_guide(guide=request.guide, pk=pk)
    except Match.DoesNotExist as exc:
        raise Http404 from exc


def _render_detail(request, match, status=200, **forms):
    answered = set(
        Feedback.objects.filter(match=match, respondent=Feedback.Respondent.GUIDE).values_list(
            "kind", flat=True
        )
    )
    # The meetings a page at a time, newest first: a long match does not make a long page.
    meetings = Paginator(selectors.meetings_for_match(match), MEETINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Each form its own ids (the page holds four): a label, and the error summary's link, must
    # reach the field of its own form.
    goals = goals_for(match)
    context = {
        "match": match,
        "goals": goals,
        "goals_form": forms.get("goals_form") or GoalsForm(goals=goals),
        "meetings": meetings,
        "participant": match.request.participant,
        "decline_form": forms.get("decline_form") or DeclineForm(auto_id="decline_%s"),
        "plan_form": forms.get("plan_form") or PlanMeetingForm(auto_id="plan_%s"),
        "log_form": forms.get("log_form") or LogMeetingForm(auto_id="log_%s"),
        "end_form": forms.get("end_form") or EndMatchForm(goals=goals, auto_id="end_%s"),
        "fit_form": FeedbackForm(kind=Feedback.Kind.FIT_CHECK, auto_id="fit_%s"),
        "exit_form": FeedbackForm(kind=Feedback.Kind.EXIT, auto_id="exit_%s"),
        "answered": answered,
        "now": timezone.now(),
    }
    return render(request, "matching/guide/detail.html", context, status=status)


@guide_required
def detail(request, pk):
    match = _own_match(request, pk)
    registry.data_opened(
        participant=match.request.participant,
        actor=request.user,
        where=registry.Access.DASHBOARD,
        path=request.path,
    )
    return _render_detail(request, match)


def _act(request, match, action, success, *, form=None, form_name=""):
    """Run a service. Refused: with a form, its message goes on the form and the page comes back
    with the form open on it (200, as every invalid form); without one, it shows at the top."""
    try:
        action()
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        else:
            try:
                form.add_error(None, error)
            except ValueError:  # names a field this form does not have
                form.add_error(None, error.messages)
            return _render_detail(request, match, status=200, **{form_name: form})
    else:
        messages.success(request, success)
    return redirect("guide_matching:detail", pk=match.pk)


@guide_required
@require_POST
def accept(request, pk):
    match = _own_match(request, pk)
    return _act(
        request,
        match,
        lambda: services.accept_match(match=match, guide=request.guide),
        _("Thank you for saying yes. Remember to get in touch within a week."),
    )


@guide_required
@require_POST
def decline(request, pk):
    match = _own_match(request, pk)
    form = DeclineForm(request.POST, auto_id="decline_%s")
    if not form.is_valid():
        return _render_detail(request, match, status=200, decline_form=form)
    return _act(
        request,
        match,
        lambda: services.decline_match(
            match=match, guide=request.guide, reason=form.cleaned_data["reason"]
        ),
        _("You said no. Your coordinator will find another guide."),
        form=form,
        form_name="decline_form",
    )


@guide_required
@require_POST
def plan_meeting(request, pk):
    match = _own_match(request, pk)
    form = PlanMeetingForm(request.POST, auto_id="plan_%s")
    if not form.is_valid():
        return _render_detail(request, match, status=200, plan_form=form)
    return _act(
        request,
        match,
        lambda: services.plan_meeting(match=match, guide=request.guide, **form.cleaned_data),
        _("The meeting is planned."),
        form=form,
        form_name="plan_form",
    )


@guide_required
@require_POST
def log_meeting(request, pk):
    match = _own_match(request, pk)
    form = LogMeetingForm(request.POST, match=match, auto_id="log_%s")
    if not form.is_valid():
        return _render_detail(request, match, status=200, log_form=form)
    return _act(
        request,
        match,
        lambda: services.log_meeting(match=match, guide=request.guide, **form.cleaned_data),
        _("The meeting is logged. Thank you."),
        form=form,
        form_name="log_form",
    )


@guide_required
@require_POST
def meeting_status(request, pk, meeting_pk):
    match = _own_match(request, pk)
    meeting = Meeting.objects.filter(match=match, pk=meeting_pk).first()
    if meeting is None:
        raise Http404
    return _act(
        request,
        match,
        lambda: services.set_meeting_status(
            meeting=meeting, guide=request.guide, status=request.POST.get("status", "")
        ),
        _("The meeting is updated."),
    )


@guide_required
@require_POST
def end(request, pk):
    match = _own_match(request, pk)
    form = EndMatchForm(request.POST, goals=goals_for(match), auto_id="end_%s")
    if not form.is_valid():
        return _render_detail(request, match, status=200, end_form=form)
    return _act(
        request,
        match,
        lambda: services.end_match(
            match=match,
            reason=form.cleaned_data["reason"],
            closing_conversation_held=form.cleaned_data["closing_conversation_held"],
            note=form.cleaned_data["note"],
            actor=request.user,
            goal_outcomes=form.goal_outcomes,
        ),
        _("The match has ended. Thank you for your support."),
        form=form,
        form_name="end_form",
    )


@guide_required
@require_POST
def goals(request, pk):
    """The goals the guide writes down with the participant in the first meetings."""
    match = _own_match(request, pk)
    form = GoalsForm(request.POST, goals=goals_for(match))
    if not form.is_valid():
        return _render_detail(request, match, status=200, goals_form=form)
    return _act(
        request,
        match,
        lambda: set_goals(match=match, texts=form.texts),
        _("The goals are saved. The participant can see them and change them."),
    )


@guide_required
@require_POST
def feedback(request, pk, kind):
    match = _own_match(request, pk)
    if kind not in Feedback.Kind.values:
        raise Http404
    form = FeedbackForm(request.POST, kind=kind)
    if not form.is_valid():
        messages.error(request, _("Choose an answer."))
        return redirect("guide_matching:detail", pk=match.pk)
    return _act(
        request,
        match,
        lambda: services.answer_feedback(
            match=match,
            kind=kind,
            respondent=Feedback.Respondent.GUIDE,
            answer=form.cleaned_data["answer"],
            rating=form.cleaned_data.get("rating"),
        ),
        _("Thank you for your answer."),
    )
