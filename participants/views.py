"""Public pages for participants reached through signed links (no login): the WHO-5."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participants import services
from participants.forms import WHO5Form
from participants.links import GONE, link_error, signed_link
from participants.models import Consent, WellBeingMeasurement

WHO5_LINK_MAX_AGE = datetime.timedelta(days=30)


# What a WHO-5 link opens: the measurement, unless its participant has been erased since.
_MEASUREMENTS = WellBeingMeasurement.objects.select_related("participant__organisation").filter(
    participant__anonymised_at__isnull=True
)


@never_cache
@signed_link(purpose=services.WHO5_LINK_PURPOSE, max_age=WHO5_LINK_MAX_AGE, queryset=_MEASUREMENTS)
def who5(request, measurement, token):
    context = {"measurement": measurement}
    if measurement.status != WellBeingMeasurement.Status.PENDING:
        return render(request, "participants/who5_done.html", context)
    ask_evaluation = not services.has_consent(measurement.participant, Consent.Purpose.EVALUATION)
    form = WHO5Form(request.POST or None, ask_evaluation=ask_evaluation)
    if request.method == "POST":
        try:
            if "decline" in request.POST:
                measurement = services.decline_who5(measurement_id=measurement.pk)
                return render(request, "participants/who5_done.html", {"measurement": measurement})
            if form.is_valid():
                measurement = services.answer_who5(
                    measurement_id=measurement.pk,
                    answers=form.answers,
                    evaluation_consent=form.cleaned_data.get("evaluation", False),
                )
                return render(
                    request,
                    "participants/who5_done.html",
                    {
                        "measurement": measurement,
                        "just_answered": True,
                        "low_result": measurement.is_low,
                        "token": token,
                    },
                )
        except ValidationError:
            measurement.refresh_from_db()
            return render(request, "participants/who5_done.html", {"measurement": measurement})
    context["form"] = form
    return render(request, "participants/who5.html", context)


@never_cache
@require_POST
@signed_link(purpose=services.WHO5_LINK_PURPOSE, max_age=WHO5_LINK_MAX_AGE, queryset=_MEASUREMENTS)
def who5_contact(request, measurement, token):
    """ "I would like someone to contact me", offered after a low WHO-5."""
    if not measurement.is_low:
        return link_error(request, GONE)
    services.ask_to_be_contacted(measurement=measurement)
    return render(
        request,
        "participants/who5_done.html",
        {"measurement": measurement, "contact_asked": True, "low_result": True, "token": token},
    )
