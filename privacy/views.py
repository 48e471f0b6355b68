"""The participant's own data, behind a signed link from their status or course page (no login):
see it (HTML, with a JSON download), withdraw a consent, erase it."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.ratelimit import limit_posts, over_limit
from participants.links import signed_link
from participants.models import Consent, Participant
from participants.services import withdraw_consent
from privacy import services as privacy
from privacy.models import AccessEvent

# The participant's own data pages open with the self-service link, for a participant not erased.
_link = signed_link(
    purpose=privacy.SELF_SERVICE_PURPOSE,
    max_age=privacy.SELF_SERVICE_MAX_AGE,
    queryset=Participant.objects.filter(anonymised_at__isnull=True),
)


class WithdrawConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, erase my data. I understand that it cannot be undone."),
    )


@never_cache
@_link
def my_data(request, participant, token):
    privacy.record_access(participant=participant, actor=None, where=AccessEvent.Where.SELF_SERVICE)
    data = privacy.export_participant(participant, by_participant=True)
    active = [c for c in data["consents"] if not c["withdrawn_at"]]
    return render(
        request,
        "participants/privacy/my_data.html",
        {"data": data, "token": token, "active_consents": active},
    )


@never_cache
@_link
def my_data_json(request, participant, token):
    privacy.record_access(participant=participant, actor=None, where=AccessEvent.Where.EXPORT)
    return json_response(
        privacy.export_participant(participant, by_participant=True), participant.pk
    )


def json_response(data, number) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="mine-data-{number}.json"'
    return response


@require_POST
@limit_posts("participants.privacy", rate="30/h")
@_link
def withdraw(request, participant, token):
    form = WithdrawConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which consent to withdraw."))
    elif not over_limit(request):
        try:
            withdraw_consent(participant=participant, purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Your consent is withdrawn. We have stopped using your data for that.")
            )
    return redirect("privacy:my_data", token=token)


@never_cache
@limit_posts("participants.privacy", rate="30/h")
@_link
def erase(request, participant, token):
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not over_limit(request, form):
        privacy.erase_participant(participant=participant, actor=None)
        return render(request, "participants/privacy/erased.html")
    return render(
        request,
        "participants/privacy/erase_confirm.html",
        {"form": form, "token": token},
    )
