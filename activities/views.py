"""The public activity calendar and "Jeg kommer", and the hosts' own pages. Thin: forms parse,
services write, selectors read."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from activities import selectors, services
from activities.calendar import activity_calendar
from activities.filters import CalendarFilter
from activities.forms import (
    AttendanceForm,
    CancelForm,
    ComingForm,
    EditForm,
    FollowForm,
    ProposeForm,
)
from activities.models import Activity, Follow, Rsvp
from core.ratelimit import limit_posts, over_limit
from participants.links import signed_link
from participants.models import Participant
from participants.services import ParticipantDetails
from volunteers.decorators import guide_required


def _details(data, organisation=None) -> ParticipantDetails:
    return ParticipantDetails(
        organisation=organisation,
        first_name=data["first_name"],
        email=data["email"],
        phone=data["phone"] or "",
        language=(get_language() or "da")[:2],
    )


def calendar(request):
    filterset = CalendarFilter(request.GET or None, queryset=selectors.upcoming_occurrences())
    occurrences = list(filterset.qs) if filterset.is_valid() or not filterset.is_bound else []
    return render(
        request,
        "activities/calendar.html",
        {
            "filter": filterset,
            "weeks": selectors.by_week(occurrences),
            "count": len(occurrences),
            "filtered": filterset.is_bound,
            "follow_query": _follow_query(filterset),
        },
    )


def _follow_query(filterset) -> str:
    """The calendar's chosen interest and municipality, for the follow form to start from."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    chosen = {
        key: filterset.form.cleaned_data[key].pk
        for key in ("interest", "municipality")
        if filterset.form.cleaned_data.get(key)
    }
    return "?" + urlencode(chosen) if chosen else ""


def detail(request, pk):
    activity = selectors.public_activity(pk)
    occurrences = list(selectors.upcoming_occurrences().filter(activity=activity))
    return render(
        request,
        "activities/detail.html",
        {"activity": activity, "occurrences": occurrences},
    )


def ics(request, pk):
    activity = selectors.public_activity(pk)
    occurrences = list(selectors.upcoming_occurrences().filter(activity=activity))
    response = HttpResponse(
        activity_calendar(activity, occurrences), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="aktivitet-{activity.pk}.ics"'
    return response


@limit_posts("activities.coming")
def coming(request, pk):
    occurrence = selectors.public_occurrence(pk)
    activity = occurrence.activity
    problem = ""
    try:
        services.check_open_for_rsvp(occurrence)
        services.check_room(occurrence)
    except ValidationError as error:
        problem = " ".join(error.messages)
    form = None
    if not problem:
        form = ComingForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and not over_limit(request, form):
            if form.is_spam():
                return redirect("activities:coming_sent", pk=occurrence.pk)
            data = form.cleaned_data
            try:
                services.say_coming(
                    occurrence=occurrence,
                    details=_details(data, activity.organisation),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                sent = reverse("activities:coming_sent", args=[occurrence.pk])
                return redirect(sent if data["email"] else f"{sent}?sms=1")
    return render(
        request,
        "activities/coming.html",
        {"occurrence": occurrence, "activity": activity, "form": form, "problem": problem},
    )


def coming_sent(request, pk):
    occurrence = selectors.public_occurrence(pk)
    return render(
        request,
        "activities/coming_sent.html",
        {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "by_text": "sms" in request.GET,
        },
    )


@signed_link(
    purpose=services.CONFIRM_PURPOSE,
    max_age=services.CONFIRM_MAX_AGE,
    queryset=Rsvp.objects.select_related(
        "occurrence__activity__organisation", "participant"
    ).filter(participant__anonymised_at__isnull=True),
)
def confirm(request, rsvp, token):
    """The link in the message. GET asks, POST confirms (link scanners only GET); once coming,
    the same page lets the person say they are not coming after all."""
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw":
                rsvp = services.withdraw_rsvp(rsvp=rsvp)
                messages.success(
                    request, _("Thank you for telling us. You are no longer on the list.")
                )
            else:
                rsvp = services.confirm_rsvp(rsvp=rsvp)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("activities:confirm", token=token)
    return render(
        request,
        "activities/confirm.html",
        {
            "rsvp": rsvp,
            "occurrence": rsvp.occurrence,
            "activity": rsvp.occurrence.activity,
            "error": error,
            "started": rsvp.occurrence.starts_at <= timezone.now(),
        },
        status=409 if error else 200,
    )


# --- following an interest ----------------------------------------------------------------------


@limit_posts("activities.follow")
def follow(request):
    """ "Tell me about new activities": an interest in a municipality."""
    initial = {
        key: request.GET[key]
        for key in ("interest", "municipality")
        if request.GET.get(key, "").isdigit()
    }
    form = FollowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and not over_limit(request, form):
        sent = reverse("activities:follow_sent")
        data = form.cleaned_data
        if form.is_spam():
            return redirect(sent)
        try:
            services.follow_interest(
                interest=data["interest"],
                municipality=data["municipality"],
                details=_details(data),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(sent if data["email"] else f"{sent}?sms=1")
    return render(request, "activities/follow.html", {"form": form})


def follow_sent(request):
    return render(request, "activities/follow_sent.html", {"by_text": "sms" in request.GET})


@signed_link(
    purpose=services.FOLLOW_PURPOSE,
    max_age=services.FOLLOW_MAX_AGE,
    queryset=Follow.objects.select_related("participant", "interest", "municipality").filter(
        participant__anonymised_at__isnull=True
    ),
)
def follow_confirm(request, follow, token):
    """The link in the message: GET asks, POST confirms (link scanners only GET)."""
    if request.method == "POST":
        services.confirm_follow(follow=follow)
        return redirect("activities:follow_confirm", token=token)
    return render(request, "activities/follow_confirm.html", {"follow": follow})


@signed_link(
    purpose=services.FOLLOWS_PURPOSE,
    max_age=services.FOLLOWS_MAX_AGE,
    queryset=Participant.objects.filter(anonymised_at__isnull=True),
)
def follows(request, participant, token):
    """The link in every news message: what is new, what the person follows, and the button
    that stops the messages."""
    if request.method == "POST":
        services.stop_following(participant=participant)
        messages.success(request, _("Done. We will not write to you about new activities."))
        return redirect("activities:follows", token=token)
    return render(
        request,
        "activities/follows.html",
        {
            "participant": participant,
            "follows": selectors.follows_of(participant),
            "news": selectors.news_for(
                participant, since=timezone.now() - datetime.timedelta(weeks=4)
            ),
        },
    )


# --- hosts ---------------------------------------------------------------------------------------


@guide_required
def mine(request):
    return render(
        request,
        "activities/mine.html",
        {
            "activities": list(selectors.activities_for_host(guide=request.guide)),
            "statuses": Activity.Status,
        },
    )


@guide_required
def propose(request):
    guide = request.guide
    form = ProposeForm(request.POST or None, guide=guide)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.propose_activity(
                guide=guide,
                activity=form.save(commit=False),
                interests=form.cleaned_data["interests"],
                co_hosts=form.cleaned_data["co_hosts"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if activity.status == Activity.Status.PUBLISHED:
                messages.success(request, _("Your activity is in the calendar now."))
            else:
                messages.success(
                    request,
                    _("Thank you. A coordinator looks at your activity and publishes it."),
                )
            return redirect("activities:mine")
    return render(request, "activities/propose.html", {"form": form})


@guide_required
def edit(request, pk):
    guide = request.guide
    activity = selectors.activity_for_host(guide=guide, pk=pk)
    form = EditForm(request.POST or None, instance=activity, guide=guide)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_activity(
                activity=activity,
                guide=guide,
                changes={name: form.cleaned_data[name] for name in services.EDITABLE},
                interests=form.cleaned_data["interests"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your changes are saved. If a date moved, those coming are told.")
            )
            return redirect("activities:mine")
    return render(request, "activities/edit.html", {"form": form, "activity": activity})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@guide_required
def host_occurrence(request, pk):
    occurrence = selectors.occurrence_for_host(guide=request.guide, pk=pk)
    begun = occurrence.starts_at <= timezone.now()
    if begun and not occurrence.is_cancelled:
        return _attendance(request, occurrence)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_occurrence(
                occurrence=occurrence, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The date is cancelled. Those coming are told."))
            return redirect("activities:host_occurrence", pk=occurrence.pk)
    return render(
        request,
        "activities/host_occurrence.html",
        {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "answers": occurrence.answers,
            "form": form,
            "can_cancel": not occurrence.is_cancelled and occurrence.starts_at > timezone.now(),
        },
    )


def _attendance(request, occurrence):
    answers = occurrence.answers
    initial = {
        "count": occurrence.attendance_count,
        "came": [str(r.pk) for r in answers if r.attended],
    }
    form = AttendanceForm(request.POST or None, answers=answers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(
                occurrence=occurrence,
                count=form.cleaned_data["count"],
                came=[int(pk) for pk in form.cleaned_data["came"]],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you. It is saved."))
            return redirect("activities:host_occurrence", pk=occurrence.pk)
    return render(
        request,
        "activities/host_attendance.html",
        {"occurrence": occurrence, "activity": occurrence.activity, "form": form},
    )
