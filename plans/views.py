"""The participant's own plan at /min-plan/: sign in with a link, fill the sections, print,
share. Only the participant's device session opens these pages (plans.services.plan_from_session);
a guide's or a coordinator's login opens nothing here. The shared page opens with its own token."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.ratelimit import limit_posts, over_limit
from participants import links
from plans import sections, selectors, services
from plans.forms import SectionForm, ShareForm, SignInForm, apply_op


def _set_session(response, plan) -> None:
    response.set_cookie(
        services.SESSION_COOKIE,
        services.session_value(plan),
        max_age=int(services.SESSION_MAX_AGE.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        path="/min-plan/",
    )


def _end_session(response) -> None:
    response.delete_cookie(services.SESSION_COOKIE, path="/min-plan/", samesite="Lax")


def participant_required(view):
    """The page needs the participant's own session on this device; else: the sign-in page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        plan = services.plan_from_session(request.COOKIES.get(services.SESSION_COOKIE))
        if plan is None:
            response = redirect("plans:start")
            if request.COOKIES.get(services.SESSION_COOKIE):
                _end_session(response)
            return response
        request.plan = plan
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    return never_cache(wrapped)


@never_cache
@limit_posts("plans.sign_in")
def start(request):
    """Sign-in: the person gives their e-mail address or mobile number and gets a link."""
    if services.plan_from_session(request.COOKIES.get(services.SESSION_COOKIE)):
        return redirect("plans:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not over_limit(request, form):
        services.request_sign_in(contact=form.cleaned_data["contact"])
        return render(request, "plans/sign_in_sent.html", {"minutes": 15})
    return render(request, "plans/start.html", {"form": form})


# What the one link error page says about a sign-in link (participants.links.link_error).
SIGN_IN_LINK_ERRORS = {
    "explain": {
        links.EXPIRED: gettext_lazy("The link has expired. A sign-in link works for 15 minutes."),
        links.USED: gettext_lazy("The link has been used. A sign-in link works once."),
    },
    "again_url": reverse_lazy("plans:start"),
}


@never_cache
@limit_posts("plans.sign_in", rate="30/h")
@links.signed_link(
    purpose=services.SIGN_IN_PURPOSE,
    max_age=services.SIGN_IN_MAX_AGE,
    queryset=services.sign_in_participants,
    version=services.sign_in_version,
    **SIGN_IN_LINK_ERRORS,
)
def sign_in(request, participant, token):
    """The link from the message. GET shows a button (so a mail scanner that opens links does
    not use it up); the button uses the link and starts a 30-day session on this device."""
    if request.method == "POST" and not over_limit(request):
        try:
            plan = services.use_sign_in_link(
                participant=participant, version=participant.sign_in_version
            )
        except links.LinkError as error:
            return links.link_error(request, error.reason, **SIGN_IN_LINK_ERRORS)
        response = redirect("plans:home")
        _set_session(response, plan)
        return response
    return render(request, "plans/sign_in.html", {"participant": participant})


@participant_required
def home(request):
    plan = request.plan
    return render(
        request,
        "plans/home.html",
        {
            "plan": plan,
            "overview": selectors.overview(plan=plan),
            "links": selectors.share_links(plan=plan),
        },
    )


@participant_required
def section(request, key):
    section = sections.get(key)
    if section is None:
        raise Http404
    plan = request.plan
    saved = selectors.section_data(plan=plan, key=key)
    if request.method == "POST":
        form = SectionForm(section, data=request.POST)
        lists = {k: v for k, v in form.values.items() if isinstance(v, list)}
        add_to = apply_op(request.POST.get("op", ""), lists)
        if form.is_valid():
            services.save_section(plan=plan, key=key, data=form.cleaned_data)
            url = reverse("plans:section", kwargs={"key": key})
            if request.POST.get("op"):
                # A list button without JavaScript: saved, and back to the same list.
                part = request.POST["op"].split(":")[1]
                query = f"?add={add_to}" if add_to else ""
                return redirect(f"{url}{query}#part-{part}")
            messages.success(request, _("Saved. Only you can see your plan."))
            return redirect("plans:home")
        status = 200  # the form again, with its errors (as every invalid form)
    else:
        form = SectionForm(section, initial=saved)
        add_to = request.GET.get("add") if request.GET.get("add") in form.values else None
        status = 200
    return render(
        request,
        "plans/section.html",
        {
            "section": section,
            "parts": list(form.parts(add_line_to=add_to)),
            "has_errors": bool(form.errors),
            "add_to": add_to,
            "next_section": selectors.next_section(key),
        },
        status=status,
    )


@participant_required
def print_view(request, only=None):
    plan = request.plan
    keys = [sections.CRISIS] if only == "crisis" else None
    return render(
        request,
        "plans/print.html",
        {
            "plan": plan,
            "filled": selectors.filled_sections(plan=plan, keys=keys),
            "crisis_only": only == "crisis",
            "participant": plan.participant,
        },
    )


@participant_required
def share(request):
    plan = request.plan
    form = ShareForm(request.POST or None, initial={"section_keys": [sections.CRISIS]})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_share_link(plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(request, "plans/share_created.html", {"new": new})
    return render(
        request,
        "plans/share.html",
        {"form": form, "links": selectors.share_links(plan=plan)},
    )


@participant_required
@require_POST
def revoke(request, link_id):
    try:
        services.revoke_share_link(plan=request.plan, link_id=link_id)
    except ValidationError as exc:
        raise Http404 from exc
    messages.success(request, _("The link is stopped. Nobody can open it any more."))
    return redirect("plans:share")


@participant_required
@require_POST
def sign_out(request):
    if request.POST.get("everywhere"):
        services.sign_out_everywhere(plan=request.plan)
    response = render(request, "plans/signed_out.html")
    _end_session(response)
    return response


@never_cache
def shared(request, token):
    """What a participant shared, read-only, for whoever holds the link (logged for them)."""
    link, reason = services.open_share_link(token)
    if link is None:
        return render(request, "plans/shared_error.html", {"reason": reason}, status=404)
    response = render(
        request,
        "plans/shared.html",
        {
            "link": link,
            "filled": selectors.filled_sections(plan=link.plan, keys=link.section_keys),
            "first_name": link.plan.participant.first_name,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
