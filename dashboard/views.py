"""The peer guide's own pages. Composed from the selectors of volunteers (and, later, matching
and courses); every view shows only the logged-in guide's own data."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.selectors import coordinators_of
from courses import selectors as course_selectors
from matching import selectors as matching_selectors
from volunteers import selectors as guide_selectors
from volunteers import services as guide_services
from volunteers.decorators import guide_required
from volunteers.forms import CheckInForm, PauseForm, ProfileForm


def _support_context(request) -> dict:
    organisation = request.guide.organisation
    return {
        "guide": request.guide,
        "organisation": organisation,
        "coordinators": list(coordinators_of(organisation.pk)),
        "procedure": organisation.tr("crisis_procedure") or DEFAULT_CRISIS_PROCEDURE,
    }


def _home_context(guide):
    return {
        "guide": guide,
        "matches": list(matching_selectors.matches_for_guide(guide=guide)),
        "cohorts": list(course_selectors.cohorts_for_guide(guide=guide)),
    }


@guide_required
def home(request):
    guide = request.guide
    context = {**_home_context(guide), "checkin_form": CheckInForm()}
    if guide.status != guide.Status.ACTIVE:
        context["missing"] = guide_services.missing_onboarding(
            guide_selectors.guide_with_onboarding(guide)
        )
    return render(request, "dashboard/home.html", context)


@guide_required
def profile(request):
    guide = request.guide
    form = ProfileForm(request.POST or None, instance=guide)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("dashboard:profile")
    return render(
        request, "dashboard/profile.html", {"guide": guide, "form": form, "pause_form": PauseForm()}
    )


@guide_required
@require_POST
def pause(request):
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            guide_services.pause_myself(
                guide=request.guide,
                until=form.cleaned_data["until"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("You are on a break. Take good care of yourself."))
            return redirect("dashboard:home")
    profile_form = ProfileForm(instance=request.guide)
    return render(
        request,
        "dashboard/profile.html",
        {"guide": request.guide, "form": profile_form, "pause_form": form},
        status=200,  # an invalid form is the page again, with its errors
    )


@guide_required
@require_POST
def resume(request):
    guide = guide_selectors.guide_with_onboarding(request.guide)
    try:
        guide_services.resume_myself(guide=guide)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Welcome back."))
    return redirect("dashboard:home")


@guide_required
@require_POST
def checkin(request):
    form = CheckInForm(request.POST)
    if form.is_valid():
        checkin = guide_services.record_checkin(
            guide=request.guide,
            answer=form.cleaned_data["answer"],
            wants_contact=form.cleaned_data["wants_contact"],
            comment=form.cleaned_data["comment"],
        )
        if checkin.answer <= checkin.LOW_ANSWER:
            # Who to talk to, at once: not only "thank you".
            return render(request, "dashboard/checkin_support.html", _support_context(request))
        messages.success(request, _("Thank you for telling us how you are."))
        return redirect("dashboard:home")
    return render(
        request,
        "dashboard/home.html",
        {**_home_context(request.guide), "checkin_form": form},
        status=200,  # an invalid form is the page again, with its errors
    )


@guide_required
@require_POST
def reset_calendar(request):
    guide_services.reset_calendar_token(guide=request.guide)
    messages.success(request, _("You have a new calendar address. The old one no longer works."))
    return redirect("dashboard:profile")


# What a guide does when their participant is in crisis, unless the organisation wrote its own
# (Organisation.crisis_procedure, edited in the admin).
DEFAULT_CRISIS_PROCEDURE = gettext_lazy(
    "1. If there is danger to life, call 112 at once and stay with the person if you can.\n"
    "2. If the person has thoughts of suicide, you can call Livslinien together with them, or "
    "help them call their own doctor or the doctor on call.\n"
    "3. You do not have to solve it alone. Call your coordinator as soon as you can – also "
    "after a hard conversation that went well.\n"
    "4. Write down afterwards what happened and what was agreed, and talk it through at "
    "supervision. What you heard stays confidential, except where someone's life is in danger."
)


@guide_required
def crisis(request):
    """ "If your participant is in crisis": the organisation's procedure and who to call."""
    return render(request, "dashboard/crisis.html", _support_context(request))
