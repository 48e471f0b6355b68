"""Public pages for participants (no login; signed, expiring links) in plain Danish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.ratelimit import limit_posts, over_limit
from core.where import choose_where
from matching import selectors, services
from matching.forms import ContactForm, FeedbackForm, GoalsForm, SupportRequestForm, wishes_from
from matching.goals import goals_for, set_goals
from matching.models import Feedback, SupportRequest
from notifications.services import opt_out
from participants import links
from participants.links import GONE, link_error, signed_link
from participants.models import Consent
from participants.services import update_contact

# What a participant's links open: their own request, unless they have been erased since.
_REQUESTS = SupportRequest.objects.select_related("participant", "organisation").filter(
    participant__anonymised_at__isnull=True
)


@limit_posts("matching.request_support")
def request_support(request):
    """Step 1 asks where the person lives; step 2 offers the organisations serving it, with
    their expected wait; with none, the page says so and stores nothing (core.where)."""
    where = choose_where(request)
    if where.municipality is None or where.unserved:
        return render(request, "matching/request_support.html", {"where": where})
    waits = selectors.expected_waits(organisation_ids=[o.pk for o in where.organisations])
    form = SupportRequestForm(
        request.POST if request.method == "POST" else None, where=where, waits=waits
    )
    if request.method == "POST" and form.is_valid() and not over_limit(request, form):
        thanks = f"{reverse('matching:request_thanks')}?by={form.sent_by()}"
        if form.is_spam():
            return redirect(thanks)
        data = form.cleaned_data
        purposes = [Consent.Purpose.SUPPORT]
        if data["consent_health"]:
            purposes.append(Consent.Purpose.HEALTH_DATA)
        if data.get("consent_evaluation"):
            purposes.append(Consent.Purpose.EVALUATION)
        services.submit_support_request(
            details=form.participant_details(
                organisation=data["organisation"],
                experience_areas=list(data["experience_areas"]),
                interests=list(data["interests"]),
            ),
            wishes=wishes_from(data),
            purposes=purposes,
        )
        return redirect(thanks)
    return render(request, "matching/request_support.html", {"where": where, "form": form})


def request_thanks(request):
    return render(request, "matching/request_thanks.html", {"by": request.GET.get("by", "email")})


@signed_link(purpose=services.CONFIRM, max_age=services.CONFIRM_MAX_AGE, queryset=_REQUESTS)
def confirm(request, support_request, token):
    if support_request.status == SupportRequest.Status.SUBMITTED:
        services.confirm_request(request=support_request)
    token = links.make_token(pk=support_request.pk, purpose=services.STATUS)
    return redirect("matching:status", token=token)


@limit_posts("matching.status", rate="30/h")
@signed_link(purpose=services.STATUS, max_age=services.STATUS_MAX_AGE, queryset=_REQUESTS)
def status(request, support_request, token):
    participant = support_request.participant
    contact_form = ContactForm(initial={"email": participant.email, "phone": participant.phone})
    match = services.open_match_for_request(support_request)
    goals = goals_for(match) if match else []
    goals_form = GoalsForm(goals=goals)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "contact":
            contact_form = ContactForm(request.POST)
            if contact_form.is_valid() and not over_limit(request, contact_form):
                try:
                    update_contact(participant=participant, **contact_form.cleaned_data)
                except ValidationError as exc:
                    contact_form.add_error(None, exc)
                else:
                    return _done(request, token, _("Your contact details are saved."))
        elif action in ("withdraw", "stop_reminders") and over_limit(request):
            pass  # the page again, with the message
        elif action == "withdraw":
            try:
                services.withdraw_request(request=support_request)
            except ValidationError:
                pass
            return _done(
                request, token, _("Your request is withdrawn. Take good care of yourself.")
            )
        elif action == "goals" and match is not None:
            goals_form = GoalsForm(request.POST, goals=goals)
            if goals_form.is_valid():
                try:
                    set_goals(match=match, texts=goals_form.texts)
                except ValidationError as exc:
                    goals_form.add_error(None, exc)
                else:
                    return _done(request, token, _("Your goals are saved."))
        elif action == "stop_reminders" and participant.email:
            opt_out(recipient=participant.email, category="reminder")
            return _done(request, token, _("We will not send you any more reminders."))
    return render(
        request,
        "matching/status.html",
        {
            "support_request": support_request,
            "match": match,
            "goals": goals,
            "goals_form": goals_form,
            "contact_form": contact_form,
            "token": token,
            "privacy_token": links.privacy_token(participant),
        },
    )


def _done(request, token, message):
    messages.success(request, message)
    return redirect("matching:status", token=token)


def _feedback(request, support_request, kind):
    match = services.open_match_for_request(support_request)
    if match is None:
        return link_error(request, GONE)
    form = FeedbackForm(request.POST or None, kind=kind)
    answered = Feedback.objects.filter(
        match=match, kind=kind, respondent=Feedback.Respondent.PARTICIPANT
    ).exists()
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.answer_feedback(
                match=match,
                kind=kind,
                respondent=Feedback.Respondent.PARTICIPANT,
                answer=form.cleaned_data["answer"],
                rating=form.cleaned_data.get("rating"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            answered = True
    return render(
        request,
        "matching/feedback.html",
        {"form": form, "kind": kind, "answered": answered, "match": match},
    )


def _feedback_page(kind):
    """The questionnaire page behind the link in the `kind` feedback e-mail."""

    def page(request, support_request, token):
        return _feedback(request, support_request, kind)

    page.__name__ = page.__qualname__ = f"feedback_{kind}"
    return signed_link(
        purpose=f"{services.FEEDBACK}.{kind}",
        max_age=services.FEEDBACK_MAX_AGE,
        queryset=_REQUESTS,
    )(page)


feedback_fit_check = _feedback_page(Feedback.Kind.FIT_CHECK)
feedback_exit = _feedback_page(Feedback.Kind.EXIT)
