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

from core.ratelimit import limit_posts
from participants import privacy
from participants.links import LinkError, make_token, read_token
from participants.models import Consent, Participant
from participants.privacy_models import AccessEvent
from participants.services import withdraw_consent


def self_service_token(participant: Participant) -> str:
    """A fresh link to the participant's data page (made when their status page is shown)."""
    return make_token(pk=participant.pk, purpose=privacy.SELF_SERVICE_PURPOSE)


def _participant(request, token):
    try:
        pk = read_token(
            token, purpose=privacy.SELF_SERVICE_PURPOSE, max_age=privacy.SELF_SERVICE_MAX_AGE
        )
    except LinkError as error:
        return None, render(
            request, "participants/link_error.html", {"reason": error.reason}, status=400
        )
    participant = Participant.objects.filter(pk=pk, anonymised_at__isnull=True).first()
    if participant is None:
        return None, render(
            request, "participants/link_error.html", {"reason": "invalid"}, status=404
        )
    return participant, None


class WithdrawConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, erase my data. I understand that it cannot be undone."),
    )


@never_cache
def my_data(request, token):
    participant, error = _participant(request, token)
    if error:
        return error
    privacy.record_access(participant=participant, actor=None, where=AccessEvent.Where.SELF_SERVICE)
    data = privacy.export_participant(participant, by_participant=True)
    active = [c for c in data["consents"] if not c["withdrawn_at"]]
    return render(
        request,
        "participants/privacy/my_data.html",
        {"data": data, "token": token, "active_consents": active},
    )


@never_cache
def my_data_json(request, token):
    participant, error = _participant(request, token)
    if error:
        return error
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
def withdraw(request, token):
    participant, error = _participant(request, token)
    if error:
        return error
    form = WithdrawConsentForm(request.POST)
    if form.is_valid():
        try:
            withdraw_consent(participant=participant, purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Your consent is withdrawn. We have stopped using your data for that.")
            )
    else:
        messages.error(request, _("Choose which consent to withdraw."))
    return redirect("privacy:my_data", token=token)


@never_cache
@limit_posts("participants.privacy", rate="30/h")
def erase(request, token):
    participant, error = _participant(request, token)
    if error:
        return error
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        privacy.erase_participant(participant=participant, actor=None)
        return render(request, "participants/privacy/erased.html")
    return render(
        request,
        "participants/privacy/erase_confirm.html",
        {"form": form, "token": token},
        status=400 if form.errors else 200,
    )
